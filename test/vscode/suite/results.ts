/** How the extension-host suite reports to whoever launched it: one entry per mocha test, as JSON. */
export interface SuiteTestResult {
  /** Suite and test titles, as mocha's fullTitle(). */
  title: string;
  passed: boolean;
  durationMs?: number;
  /** The failure's message and stack. */
  error?: string;
}

/** Names the file the suite writes its results to; unset, it writes none. */
export const resultsFileVariable = 'PROMAGENT_SUITE_RESULTS';

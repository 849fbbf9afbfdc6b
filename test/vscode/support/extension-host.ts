// Runs the mocha suite inside code-server's extension host: the workbench URL's `payload` names the extension under
// development (this checkout) and the suite; the workbench reports the suite's end through codeAutomationExit.
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { suiteEntry } from '../../../scripts/vscode/build-suite';
import { repoRoot } from '../../../scripts/vscode/processes';
import type { SuiteTestResult } from '../suite/results';
import { testResultsDir, type EditorSession } from './session';

export interface SuiteOutcome {
  /** What the workbench passed to codeAutomationExit: 0 when every test passed. */
  exitCode: number;
  /** Absent when the suite crashed before writing any. */
  results?: SuiteTestResult[];
  /** The workbench as the suite left it, and its browser console (extension host output included). */
  screenshot: string;
  consoleLog: string;
}

export async function runExtensionHostSuite(session: EditorSession, timeoutMs: number): Promise<SuiteOutcome> {
  const { server, browser } = session;
  if (!server || !browser) throw new Error('the editor session did not start');
  const remote = (path: string) => `vscode-remote://${new URL(server.origin).host}${path}`;
  const payload = JSON.stringify([['extensionDevelopmentPath', remote(repoRoot)], ['extensionTestsPath', remote(suiteEntry)]]);
  const consoleLog = join(testResultsDir, 'extension-host-suite.console.log');
  const screenshot = join(testResultsDir, 'extension-host-suite.png');
  const page = await browser.newPage();
  const messages: string[] = [];
  page.on('console', (message) => messages.push(`[${message.type()}] ${message.text()}`));
  try {
    let reportExit: (code: number) => void = () => undefined;
    const exit = new Promise<number>((resolve) => (reportExit = resolve));
    // Registered before the page loads: the workbench looks for it when the suite's run() settles.
    await page.exposeFunction('codeAutomationExit', (code: number) => reportExit(code));
    await page.goto(server.url(session.suiteWorkspace, { payload }));
    let timer: NodeJS.Timeout | undefined;
    const timeout = new Promise<never>((_, reject) => {
      timer = setTimeout(() => reject(new Error(`the extension-host suite did not finish within ${timeoutMs / 1000} s; screenshot: ${screenshot}; browser console: ${consoleLog}`)), timeoutMs);
    });
    try {
      const exitCode = await Promise.race([exit, timeout]);
      const results = existsSync(session.resultsFile) ? (JSON.parse(readFileSync(session.resultsFile, 'utf8')) as SuiteTestResult[]) : undefined;
      return { exitCode, results, screenshot, consoleLog };
    } finally {
      clearTimeout(timer);
      await page.screenshot({ path: screenshot }).catch(() => undefined);
    }
  } finally {
    writeFileSync(consoleLog, messages.join('\n'));
    await page.close().catch(() => undefined);
  }
}

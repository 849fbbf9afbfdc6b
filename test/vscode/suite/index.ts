// Entry point the extension host loads (extensionTestsPath): runs every *.suite.js bundle next to it with mocha.
import { readdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import Mocha from 'mocha';
import { resultsFileVariable, type SuiteTestResult } from './results';

export function run(): Promise<void> {
  const mocha = new Mocha({ ui: 'tdd', timeout: 30_000, color: false });
  const files = readdirSync(__dirname).filter((name) => name.endsWith('.suite.js')).sort();
  for (const name of files) mocha.addFile(join(__dirname, name));
  const results: SuiteTestResult[] = [];
  const resultsFile = process.env[resultsFileVariable];
  return new Promise((resolve, reject) => {
    const runner = mocha.run((failures) => {
      if (resultsFile) writeFileSync(resultsFile, JSON.stringify(results, null, 2));
      if (failures > 0) reject(new Error(`${failures} of ${results.length} extension-host tests failed`));
      else if (results.length === 0) reject(new Error(`no tests ran (suite files: ${files.join(', ') || 'none'})`));
      else resolve();
    });
    runner.on('pass', (test) => results.push({ title: test.fullTitle(), passed: true, durationMs: test.duration }));
    runner.on('fail', (test, error: Error) => results.push({ title: test.fullTitle(), passed: false, error: error.stack ?? String(error) }));
  });
}

// `npm run test:electron`: the extension-host suite in desktop VS Code, downloaded by @vscode/test-electron. For
// machines that can reach update.code.visualstudio.com (and have a display, or xvfb-run); `npm test` uses code-server.
import { runTests } from '@vscode/test-electron';
import { cpSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { buildSuite, suiteEntry } from './build-suite';
import { cleanEnv, main, repoRoot, run } from './processes';

main(async () => {
  await run(process.execPath, ['esbuild.mjs'], { cwd: repoRoot, env: cleanEnv(), timeoutMs: 120_000 });
  await buildSuite();
  const scratch = mkdtempSync(join(tmpdir(), 'promagent-electron-'));
  try {
    // The suite may edit what it opens: it gets a copy of examples/.
    const workspace = join(scratch, 'workspace');
    cpSync(join(repoRoot, 'examples'), workspace, { recursive: true });
    await runTests({
      extensionDevelopmentPath: repoRoot,
      extensionTestsPath: suiteEntry,
      // --disable-extensions: only the extension under test runs, as in code-server (no Red Hat YAML).
      launchArgs: [workspace, '--disable-extensions', '--disable-workspace-trust', `--user-data-dir=${join(scratch, 'user-data')}`],
    });
  } finally {
    rmSync(scratch, { recursive: true, force: true });
  }
});

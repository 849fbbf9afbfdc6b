// One real editor for the test file: code-server with the packaged extension, and a headless Chromium to drive it.
import { copyFileSync, cpSync, existsSync, mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { constants, tmpdir } from 'node:os';
import { join } from 'node:path';
import { chromium, type BrowserContext } from 'playwright-core';
import { buildSuite } from '../../../scripts/vscode/build-suite';
import { codeServerDirs, ensureCodeServer, installExtension, startCodeServer, type RunningCodeServer } from '../../../scripts/vscode/code-server';
import { cleanEnv, freePort, repoRoot, run } from '../../../scripts/vscode/processes';
import { ensureSystemPackages } from '../../../scripts/system-packages';
import { packageVsix } from '../../../scripts/vscode/vsix';
import { fixAllKind } from '../../../shared/protocol';
import { resultsFileVariable } from '../suite/results';

export const testResultsDir = join(repoRoot, 'test-results');
const chromiumPath = '/usr/bin/chromium';
const browserCloseTimeoutMs = 10_000;
const exitSignals = ['SIGINT', 'SIGTERM', 'SIGHUP'] as const;
const exitOnSignal = (signal: NodeJS.Signals) => process.exit(128 + constants.signals[signal]);

/** Headless Debian Chromium with its profile, home and temporary files under `scratch`. */
export async function launchBrowser(scratch: string): Promise<BrowserContext> {
  const browserHome = join(scratch, 'browser-home');
  mkdirSync(browserHome);
  const browser = await chromium.launchPersistentContext(join(scratch, 'browser-profile'), {
    executablePath: chromiumPath,
    headless: true,
    viewport: { width: 1280, height: 800 },
    env: { ...cleanEnv(), HOME: browserHome, TMPDIR: browserHome },
    args: ['--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run', '--disable-background-networking', '--disable-component-update', '--disable-sync'],
    timeout: 60_000,
  });
  browser.setDefaultTimeout(20_000);
  return browser;
}

export class EditorSession {
  scratch = '';
  /** The suite and the walk each get their own copy of examples/: the walk edits files, and each window restores its own. */
  suiteWorkspace = '';
  walkWorkspace = '';
  /** Where the extension-host suite writes its results (see suite/results.ts). */
  resultsFile = '';
  codeServerLog = '';
  /** Where code-server installed the packaged extension: what the .vsix held. */
  extensionsDir = '';
  server?: RunningCodeServer;
  browser?: BrowserContext;

  async open(): Promise<void> {
    // Interrupted, exit through process.exit so the 'exit' hooks take code-server's process group and the browser along.
    for (const signal of exitSignals) process.once(signal, exitOnSignal);
    ensureSystemPackages(['chromium']);
    await ensureCodeServer();
    if (!existsSync(join(repoRoot, 'dist', 'client.js'))) await run(process.execPath, ['esbuild.mjs'], { cwd: repoRoot, env: cleanEnv(), timeoutMs: 120_000 });
    await buildSuite();
    // Screenshots of an earlier run would pass for this one's.
    rmSync(testResultsDir, { recursive: true, force: true });
    mkdirSync(testResultsDir, { recursive: true });
    this.scratch = mkdtempSync(join(tmpdir(), 'promagent-editor-'));
    this.suiteWorkspace = join(this.scratch, 'suite-workspace');
    this.walkWorkspace = join(this.scratch, 'walk-workspace');
    for (const workspace of [this.suiteWorkspace, this.walkWorkspace]) cpSync(join(repoRoot, 'examples'), workspace, { recursive: true });
    // The walk's repository asks for fix-all on save, as a team's .vscode/settings.json would.
    mkdirSync(join(this.walkWorkspace, '.vscode'));
    writeFileSync(join(this.walkWorkspace, '.vscode', 'settings.json'), `${JSON.stringify({ 'editor.codeActionsOnSave': { [fixAllKind]: 'explicit' } }, null, 2)}\n`);
    this.resultsFile = join(this.scratch, 'suite-results.json');
    this.codeServerLog = join(this.scratch, 'code-server.log');

    const dirs = codeServerDirs(join(this.scratch, 'code-server'));
    this.extensionsDir = dirs.extensionsDir;
    await installExtension(dirs, await packageVsix(join(this.scratch, 'promagent.vsix')));
    this.server = await startCodeServer({
      dirs,
      port: await freePort(),
      workspace: this.walkWorkspace,
      logFile: this.codeServerLog,
      env: { [resultsFileVariable]: this.resultsFile },
    });
    this.browser = await launchBrowser(this.scratch);
  }

  /** Stops everything `open` started, whatever state it reached; keeps code-server's log in test-results/. */
  async close(): Promise<void> {
    for (const signal of exitSignals) process.off(signal, exitOnSignal);
    if (this.browser) await Promise.race([this.browser.close(), new Promise((resolve) => setTimeout(resolve, browserCloseTimeoutMs))]);
    await this.server?.stop();
    if (this.codeServerLog && existsSync(this.codeServerLog)) copyFileSync(this.codeServerLog, join(testResultsDir, 'code-server.log'));
    if (this.scratch) rmSync(this.scratch, { recursive: true, force: true, maxRetries: 3 });
  }
}

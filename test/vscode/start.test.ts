// `npm start` as a newcomer runs it: the URL it prints, the workbench it opens (on a scratch copy of examples/, with no
// Get Started page and no toast about the git repository around it), a fix tried and saved there, and Ctrl+C.
import assert from 'node:assert/strict';
import { spawn, type ChildProcess } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, test } from 'node:test';
import type { BrowserContext, Page } from 'playwright-core';
import { ensureCodeServer } from '../../scripts/vscode/code-server';
import { cleanEnv, freePort, repoRoot, signalGroup, stopGroup } from '../../scripts/vscode/processes';
import { ensureSystemPackages } from '../../scripts/system-packages';
import { launchBrowser, testResultsDir } from './support/session';
import { chooseQuickFix, editorShowing, openFromExplorer, openLightbulb, until, untilLines, Walk } from './support/walk';

const scratchCopy = join(repoRoot, '.cache', 'start', 'examples');
const fixedFile = join('mistakes', 'agent-daemonset.yaml');

describe('npm start', () => {
  let child: ChildProcess | undefined;
  let exited: Promise<{ code: number | null; signal: NodeJS.Signals | null }>;
  let output = '';
  let url = '';
  let scratch = '';
  let browser: BrowserContext | undefined;
  let page: Page;
  let walk: Walk;

  before(async () => {
    ensureSystemPackages(['chromium']);
    await ensureCodeServer();
    mkdirSync(testResultsDir, { recursive: true });
    // Left by an earlier start: a fresh copy must not keep it.
    mkdirSync(scratchCopy, { recursive: true });
    writeFileSync(join(scratchCopy, 'left-from-before.yaml'), 'kind: ConfigMap\n');
    child = spawn('npm', ['start'], { cwd: repoRoot, env: { ...cleanEnv(), PORT: String(await freePort()) }, detached: true, stdio: ['ignore', 'pipe', 'pipe'] });
    exited = new Promise((resolve) => child!.on('exit', (code, signal) => resolve({ code, signal })));
    child.stdout!.on('data', (chunk) => (output += chunk));
    child.stderr!.on('data', (chunk) => (output += chunk));
    const deadline = Date.now() + 8 * 60_000;
    while (!/Ctrl\+C stops it/.test(output) && Date.now() < deadline && child.exitCode === null) await new Promise((resolve) => setTimeout(resolve, 250));
    url = /^ {2}(http:\/\/127\.0\.0\.1:\d+\/\?folder=\S+)$/m.exec(output)?.[1] ?? '';
    assert.ok(url, `npm start printed no URL:\n${output}`);
    scratch = mkdtempSync(join(tmpdir(), 'promagent-start-'));
    browser = await launchBrowser(scratch);
    page = await browser.newPage();
    walk = new Walk(page, 'npm-start');
  }, { timeout: 9 * 60_000 });

  after(async () => {
    await browser?.close().catch(() => undefined);
    if (child?.pid && child.exitCode === null) await stopGroup(child.pid);
    if (scratch) rmSync(scratch, { recursive: true, force: true });
  }, { timeout: 60_000 });

  test('prints the URL of a scratch copy of examples/, made fresh at this start', () => {
    assert.equal(new URL(url).searchParams.get('folder'), scratchCopy);
    assert.ok(!existsSync(join(scratchCopy, 'left-from-before.yaml')), 'the copy kept a file of an earlier start');
    assert.equal(readFileSync(join(scratchCopy, fixedFile), 'utf8'), readFileSync(join(repoRoot, 'examples', fixedFile), 'utf8'));
  });

  test('the workbench opens on the folder, with no Get Started page and no toast about a git repository', () =>
    walk.step('open the workbench', async () => {
      await page.goto(url, { timeout: 60_000 });
      await page.locator('.explorer-folders-view .monaco-list-row', { hasText: 'mistakes' }).waitFor({ timeout: 60_000 });
      // Toasts come a moment after the workbench: give them the time they take.
      await page.waitForTimeout(5_000);
      assert.deepEqual(await page.locator('.tabs-container .tab').allInnerTexts(), [], 'an editor opened with the folder');
      const toasts = await page.locator('.notifications-toasts .notification-toast').allInnerTexts();
      assert.deepEqual(toasts.filter((toast) => /git/i.test(toast)), [], `toasts: ${toasts.join(' | ')}`);
    }, 90_000));

  test('a fix tried there and saved changes the copy, not examples/', () =>
    walk.step('fix and save', async () => {
      await openFromExplorer(page, fixedFile);
      const editor = editorShowing(page, 'agent-daemonset.yaml');
      await untilLines(editor, 'a squiggle on "replicas: 3"', (lines) => lines.some((l) => l.text.includes('replicas: 3') && l.errorSquiggles > 0));
      await editor.locator('.view-line', { hasText: 'replicas: 3' }).click();
      await page.keyboard.press('Home');
      await openLightbulb(page, 'Remove replicas');
      await chooseQuickFix(page, 'Remove replicas');
      await page.keyboard.press('Control+S');
      await until('the saved copy without "replicas: 3"', async () => readFileSync(join(scratchCopy, fixedFile), 'utf8'), (text) => !/replicas: 3/.test(text));
      assert.match(readFileSync(join(repoRoot, 'examples', fixedFile), 'utf8'), /\n {2}replicas: 3 # expect: crd\/validation-rule\n/);
    }));

  test('Ctrl+C stops code-server and everything it started', async () => {
    // Ctrl+C in a terminal signals the whole foreground group: npm, tsx and the script.
    signalGroup(child!.pid!, 'SIGINT');
    const { code, signal } = await exited;
    // npm ends the way its script ended, or by the signal itself, as a shell expects of Ctrl+C.
    assert.ok(code === 0 || signal === 'SIGINT', `npm start ended with ${code ?? signal}:\n${output}`);
    assert.match(output, /SIGINT: stopping code-server/);
    await assert.rejects(fetch(new URL('/healthz', url), { signal: AbortSignal.timeout(2_000) }));
  });
});

// A user's walk through the workbench, one bounded step at a time, with a screenshot after each step, and what the
// walk looks at: explorer rows, editors and their lines, the Problems panel, the lightbulb menu, the command palette.
import { join } from 'node:path';
import type { Locator, Page } from 'playwright-core';
import { testResultsDir } from './session';

export class Walk {
  private steps = 0;
  private failedStep?: string;

  /** `name` prefixes the screenshots: test-results/<name>-NN-<step>.png. */
  constructor(readonly page: Page, private readonly name: string) {}

  /**
   * Runs `action` within `timeoutMs`, then saves the step's screenshot. A failure names the step and its screenshot;
   * the steps after a failed one fail at once instead of waiting on a broken page.
   */
  async step(title: string, action: (page: Page) => Promise<void>, timeoutMs = 30_000): Promise<void> {
    if (this.failedStep) throw new Error(`not run: the walk "${this.name}" stopped at step "${this.failedStep}"`);
    const screenshot = join(testResultsDir, `${this.name}-${String(++this.steps).padStart(2, '0')}-${title.replace(/[^a-z0-9]+/gi, '-').toLowerCase()}`);
    let timer: NodeJS.Timeout | undefined;
    try {
      await Promise.race([
        action(this.page),
        new Promise((_, reject) => (timer = setTimeout(() => reject(new Error(`timed out after ${timeoutMs / 1000} s`)), timeoutMs))),
      ]);
      // Widgets fade in.
      await this.page.waitForTimeout(500);
      await this.page.screenshot({ path: `${screenshot}.png` });
    } catch (error) {
      this.failedStep = title;
      await this.page.screenshot({ path: `${screenshot}-failed.png`, timeout: 10_000 }).catch(() => undefined);
      throw new Error(`walk "${this.name}", step "${title}" failed: ${error instanceof Error ? error.message : error}\nscreenshot: ${screenshot}-failed.png`);
    } finally {
      clearTimeout(timer);
    }
  }
}

const explorerRow = (page: Page, name: string, level: number): Locator =>
  page.locator(`.explorer-folders-view .monaco-list-row[aria-level="${level}"]`).filter({ has: page.locator('.label-name', { hasText: exactly(name) }) });

/** Opens `path` (relative to the workspace folder) by clicking through the explorer, expanding folders on the way. */
export async function openFromExplorer(page: Page, path: string): Promise<void> {
  const segments = path.split('/');
  for (const [index, folder] of segments.slice(0, -1).entries()) {
    const row = explorerRow(page, folder, index + 1);
    if ((await row.getAttribute('aria-expanded')) !== 'true') await row.click();
  }
  await explorerRow(page, segments.at(-1)!, segments.length).click();
  await editorGroupShowing(page, segments.at(-1)!).waitFor();
}

/** The editor group whose active tab is `name` (exactly: "rendered x.yaml" is not "x.yaml"). */
export const editorGroupShowing = (page: Page, name: string): Locator =>
  page.locator('.editor-group-container').filter({ has: page.locator('.tab.active .label-name', { hasText: exactly(name) }) });

export const editorShowing = (page: Page, name: string): Locator => editorGroupShowing(page, name).locator('.editor-instance .monaco-editor');

export interface EditorLine {
  /** As drawn, spaces included. */
  text: string;
  errorSquiggles: number;
  hasCursor: boolean;
}

/** The part of the DOM the snapshot below reads: the test's types have no DOM library. */
interface DomElement {
  textContent: string | null;
  getBoundingClientRect(): { top: number; bottom: number };
  querySelectorAll(selector: string): Iterable<DomElement>;
}

/**
 * The lines an editor draws (only those in view), top to bottom, each with the error squiggles and the cursor drawn
 * beside it: text, overlays and cursor are separate layers, matched by their vertical position.
 */
export function editorLines(editor: Locator): Promise<EditorLine[]> {
  // Runs in the page: no named inner functions, tsx would wrap them in a __name() the page does not have.
  return editor.evaluate((root: DomElement) => {
    const [squiggles, cursors] = ['.view-overlays .squiggly-error', '.cursors-layer .cursor'].map((selector) =>
      [...root.querySelectorAll(selector)].map((element) => (element.getBoundingClientRect().top + element.getBoundingClientRect().bottom) / 2));
    return [...root.querySelectorAll('.view-lines > .view-line')]
      .map((line) => ({ line, box: line.getBoundingClientRect() }))
      .sort((a, b) => a.box.top - b.box.top)
      .map(({ line, box }) => ({
        // The editor draws spaces as no-break spaces.
        text: (line.textContent ?? '').replaceAll('\u00a0', ' '),
        errorSquiggles: squiggles.filter((y) => y > box.top && y < box.bottom).length,
        hasCursor: cursors.some((y) => y > box.top && y < box.bottom),
      }));
  });
}

/** Polls the editor's lines until `accept` takes them; the error shows the lines as they were last drawn. */
export function untilLines(editor: Locator, wanted: string, accept: (lines: EditorLine[]) => boolean): Promise<EditorLine[]> {
  return until(wanted, () => editorLines(editor), accept, (lines) => `the editor shows:\n${lines.map(describeLine).join('\n')}`);
}

const describeLine = (line: EditorLine) =>
  `${line.hasCursor ? '>' : ' '} ${line.text}${line.errorSquiggles ? `   [${line.errorSquiggles} error squiggle(s)]` : ''}`;

/** Moves the pointer over the explorer's empty space, so no tooltip of what it last clicked covers the next screenshot. */
export const moveMouseAway = (page: Page): Promise<void> => page.mouse.move(200, 700);

/** The Problems panel's rows for the finding `code` whose message contains `message`. */
export const problemRow = (page: Page, code: string, message: string): Locator =>
  page.locator('.markers-panel .monaco-list-row', { hasText: message }).filter({ has: page.locator('.marker-code', { hasText: code }) });

const quickFixes = (page: Page): Locator => page.locator('.action-widget .monaco-list-row.action');

/** Opens the lightbulb menu at the cursor with Ctrl+. and waits for the fix titled `title`. */
export async function openLightbulb(page: Page, title: string): Promise<void> {
  await page.keyboard.press('Control+.');
  await quickFixes(page).filter({ hasText: title }).waitFor();
}

/** Picks a fix in the open lightbulb menu by keyboard (the menu blocks pointer events until the mouse moves). */
export async function chooseQuickFix(page: Page, title: string): Promise<void> {
  const wanted = quickFixes(page).filter({ hasText: title });
  const rows = await quickFixes(page).count();
  for (let moves = 0; moves < rows && !(await wanted.getAttribute('class'))?.split(' ').includes('focused'); moves++) {
    await page.keyboard.press('ArrowDown');
  }
  await page.keyboard.press('Enter');
  await quickFixes(page).first().waitFor({ state: 'detached' });
}

/** Types `>title` into the command palette (F1) and waits for the command's row; Enter runs it. */
export async function findCommand(page: Page, title: string): Promise<void> {
  await page.keyboard.press('F1');
  await page.locator('.quick-input-widget input').fill(`>${title}`);
  await page.locator('.quick-input-list .monaco-list-row', { hasText: title }).waitFor();
}

/**
 * Polls `probe` until `accept` takes its value, for at most `timeoutMs`; the error says what was wanted and what was
 * seen last (through `show`).
 */
export async function until<T>(wanted: string, probe: () => Promise<T>, accept: (value: T) => boolean, show: (value: T) => string = String, timeoutMs = 15_000): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  let value = await probe();
  while (!accept(value) && Date.now() < deadline) {
    await new Promise((resolve) => setTimeout(resolve, 200));
    value = await probe();
  }
  if (!accept(value)) throw new Error(`expected ${wanted} within ${timeoutMs / 1000} s; ${show(value)}`);
  return value;
}

const exactly = (text: string) => new RegExp(`^${text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}$`);

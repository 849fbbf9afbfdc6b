// The real editor: VS Code (code-server) with the packaged extension, driven by headless Chromium. Installs what it
// needs on first run (Debian packages as root, code-server into .cache/); screenshots go to test-results/.
import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import type { Page } from 'playwright-core';
import { runExtensionHostSuite } from './support/extension-host';
import { EditorSession } from './support/session';
import { chooseQuickFix, editorGroupShowing, editorShowing, findCommand, moveMouseAway, openFromExplorer, openLightbulb, problemRow, untilLines, Walk } from './support/walk';

const setupTimeoutMs = 8 * 60_000;
const suiteTimeoutMs = 3 * 60_000;

describe('the extension in a real VS Code', () => {
  const session = new EditorSession();
  before(() => session.open(), { timeout: setupTimeoutMs });
  after(() => session.close(), { timeout: 60_000 });

  test('extension-host suite (mocha, real vscode API)', { timeout: suiteTimeoutMs + 30_000 }, async (t) => {
    const outcome = await runExtensionHostSuite(session, suiteTimeoutMs);
    const evidence = `screenshot: ${outcome.screenshot}; browser console: ${outcome.consoleLog}`;
    assert.ok(outcome.results, `the suite ended (exit ${outcome.exitCode}) without writing results; ${evidence}`);
    for (const result of outcome.results) {
      await t.test(result.title, () => {
        if (!result.passed) assert.fail(`${result.error}\n${evidence}`);
      });
    }
    assert.equal(outcome.exitCode, 0, `the suite reported failures; ${evidence}`);
  });

  // One browser tab on a scratch copy of examples/, three stories told in it one after the other.
  describe("a user's walk in the browser", () => {
    let page: Page;

    before(async () => {
      assert.ok(session.browser && session.server, 'the editor session did not start');
      page = await session.browser.newPage();
      await new Walk(page, 'workbench').step('open the workbench on a copy of examples', async () => {
        await page.goto(session.server!.url(session.walkWorkspace), { timeout: 60_000 });
        await page.locator('.explorer-folders-view .monaco-list-row', { hasText: 'mistakes' }).waitFor({ timeout: 60_000 });
      }, 90_000);
    }, { timeout: 100_000 });

    describe('fixes a field DaemonSet mode forbids', () => {
      const flagged = 'replicas: 3';
      const message = 'replicas cannot be set when mode is DaemonSet';
      let walk: Walk;
      before(() => (walk = new Walk(page, 'daemonset')));
      const editor = () => editorShowing(page, 'agent-daemonset.yaml');

      test('opens mistakes/agent-daemonset.yaml and sees an error squiggle under replicas', () =>
        walk.step('see the squiggle', async () => {
          await openFromExplorer(page, 'mistakes/agent-daemonset.yaml');
          await untilLines(editor(), `an error squiggle on "${flagged}"`, (lines) => lines.some((l) => l.text.includes(flagged) && l.errorSquiggles > 0));
        }));

      test('sees the finding in the Problems panel', () =>
        walk.step('see it in the problems panel', async () => {
          await page.keyboard.press('Control+Shift+M');
          await problemRow(page, 'crd/validation-rule', message).waitFor();
        }));

      test('puts the cursor on it from the Problems panel', () =>
        walk.step('put the cursor on it', async () => {
          await problemRow(page, 'crd/validation-rule', message).dblclick();
          await moveMouseAway(page);
          await untilLines(editor(), `the cursor on "${flagged}"`, (lines) => lines.some((l) => l.hasCursor && l.text.includes(flagged)));
        }));

      test('opens the lightbulb with Ctrl+. and sees "Remove replicas"', () =>
        walk.step('open the lightbulb', () => openLightbulb(page, 'Remove replicas')));

      test('chooses "Remove replicas": the line is gone, mode stays', () =>
        walk.step('choose the fix', async () => {
          await chooseQuickFix(page, 'Remove replicas');
          await untilLines(editor(), `"${flagged}" gone and "mode: DaemonSet" kept`,
            (lines) => !lines.some((l) => l.text.includes(flagged)) && lines.some((l) => l.text.includes('mode: DaemonSet')));
        }));

      test('sees the squiggle and the Problems row go', () =>
        walk.step('see the squiggle go', async () => {
          await problemRow(page, 'crd/validation-rule', message).waitFor({ state: 'detached' });
          // The cursor stays where the line was; the line there now is the one after it, unflagged.
          await untilLines(editor(), 'no error squiggle on the line at the cursor', (lines) => lines.some((l) => l.hasCursor && l.errorSquiggles === 0));
        }));
    });

    describe('fixes a misspelt annotation on an annotated Deployment', () => {
      const misspelt = 'prometheus.operator.io/scrape-intervall';
      const fixed = 'prometheus.operator.io/scrape-interval: 15s';
      const fixTitle = 'Rename to prometheus.operator.io/scrape-interval';
      let walk: Walk;
      before(() => (walk = new Walk(page, 'annotation')));
      const editor = () => editorShowing(page, 'agent-sidecar.yaml');

      test('opens mistakes/agent-sidecar.yaml and finds the annotation in the Problems panel (filtered)', () =>
        walk.step('see it in the problems panel', async () => {
          await openFromExplorer(page, 'mistakes/agent-sidecar.yaml');
          await page.keyboard.press('Control+Shift+M');
          // The panel lists the problems of every open file; the filter keeps the row in view.
          await page.getByPlaceholder('Filter (e.g. text').fill('scrape-intervall');
          await problemRow(page, 'sidecar/unknown-annotation', misspelt).waitFor();
        }));

      test('goes to it from the Problems panel and sees its squiggle', () =>
        walk.step('see the squiggle', async () => {
          await problemRow(page, 'sidecar/unknown-annotation', misspelt).dblclick();
          await moveMouseAway(page);
          await untilLines(editor(), `the cursor on "${misspelt}", squiggled`, (lines) => lines.some((l) => l.hasCursor && l.text.includes(misspelt) && l.errorSquiggles > 0));
        }));

      test(`opens the lightbulb with Ctrl+. and sees "${fixTitle}"`, () =>
        walk.step('open the lightbulb', () => openLightbulb(page, fixTitle)));

      test('chooses the rename: the key is fixed and its squiggle goes', () =>
        walk.step('choose the fix', async () => {
          await chooseQuickFix(page, fixTitle);
          await problemRow(page, 'sidecar/unknown-annotation', misspelt).waitFor({ state: 'detached' });
          await untilLines(editor(), `"${fixed}" at the cursor, without a squiggle`, (lines) => lines.some((l) => l.hasCursor && l.text.includes(fixed) && l.errorSquiggles === 0));
        }));
    });

    describe('previews the rendered manifests of a PrometheusAgent', () => {
      const command = 'promagent: Preview Rendered Manifests';
      let walk: Walk;
      before(() => (walk = new Walk(page, 'preview')));
      const preview = () => editorShowing(page, 'rendered agent-statefulset.yaml');

      test('opens agent-statefulset.yaml and puts the cursor in the PrometheusAgent', () =>
        walk.step('open the agent', async () => {
          // Ctrl+J hides the panel: the preview gets the whole height.
          if (await page.locator('.part.panel').isVisible()) await page.keyboard.press('Control+J');
          await page.locator('.part.panel').waitFor({ state: 'hidden' });
          await openFromExplorer(page, 'agent-statefulset.yaml');
          await editorShowing(page, 'agent-statefulset.yaml').locator('.view-line', { hasText: 'kind: PrometheusAgent' }).click();
        }));

      test(`finds "${command}" in the command palette (F1)`, () =>
        walk.step('find the command', () => findCommand(page, command)));

      test('runs it: the preview opens beside the editor', () =>
        walk.step('run the command', async () => {
          await page.keyboard.press('Enter');
          await preview().waitFor();
          const [source, rendered] = await Promise.all([editorGroupShowing(page, 'agent-statefulset.yaml').boundingBox(), editorGroupShowing(page, 'rendered agent-statefulset.yaml').boundingBox()]);
          assert.ok(source && rendered && rendered.x >= source.x + source.width, `the preview is not to the right of the editor: ${JSON.stringify({ source, rendered })}`);
        }));

      test('finds the StatefulSet prom-agent-payments in the preview (Ctrl+F)', () =>
        walk.step('see the statefulset', async () => {
          await preview().click();
          await page.keyboard.press('Control+F');
          await preview().locator('.find-widget.visible').waitFor();
          await page.keyboard.type('kind: StatefulSet');
          await page.keyboard.press('Enter');
          await page.keyboard.press('Escape');
          await untilLines(preview(), 'kind: StatefulSet and name: prom-agent-payments in view',
            (lines) => lines.some((l) => l.text.trim() === 'kind: StatefulSet') && lines.some((l) => l.text.trim() === 'name: prom-agent-payments'));
        }));
    });
  });
});

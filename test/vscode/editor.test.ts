// The real editor: VS Code (code-server) with the packaged extension, driven by headless Chromium. Installs what it
// needs on first run (Debian packages as root, code-server into .cache/); screenshots go to test-results/.
import assert from 'node:assert/strict';
import { readdirSync, readFileSync, type Dirent } from 'node:fs';
import { join, relative } from 'node:path';
import { after, before, describe, test } from 'node:test';
import type { Page } from 'playwright-core';
import { runExtensionHostSuite } from './support/extension-host';
import { EditorSession } from './support/session';
import { chooseQuickFix, editorGroupShowing, editorShowing, findCommand, moveMouseAway, openFromExplorer, openLightbulb, problemRow, until, untilLines, Walk } from './support/walk';

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

  test('the .vsix holds only what the extension runs, and its README carries its images', () => {
    const [installed] = readdirSync(session.extensionsDir).filter((name) => name.startsWith('promagent.promagent-'));
    assert.ok(installed, `no promagent in ${session.extensionsDir}`);
    const root = join(session.extensionsDir, installed);
    const files = (readdirSync(root, { recursive: true, withFileTypes: true }) as Dirent[])
      .filter((entry) => entry.isFile()).map((entry) => relative(root, join(entry.parentPath, entry.name))).sort();
    assert.deepEqual(files, [
      '.vsixmanifest', 'LICENSE.txt', 'dist/client.js', 'dist/crd-validators/PodMonitor.js', 'dist/crd-validators/Probe.js',
      'dist/crd-validators/Prometheus.js', 'dist/crd-validators/PrometheusAgent.js', 'dist/crd-validators/ScrapeConfig.js',
      'dist/crd-validators/ServiceMonitor.js', 'dist/crd-validators/pattern.js', 'dist/server.js', 'dist/yamlLanguageService.js',
      'images/icon.png', 'package.json', 'readme.md', 'snippets/prometheus-agent.json',
    ]);
    const images = [...readFileSync(join(root, 'readme.md'), 'utf8').matchAll(/!\[([^\]]*)\]\(([a-z]+:[^;,]*)/g)].map((m) => `${m[1]}: ${m[2]}`);
    assert.deepEqual(images, ['An error squiggle and its Problems row: data:image/png', 'The rendered StatefulSet beside the editor: data:image/png']);
  });

  // One browser tab on a scratch copy of examples/, stories told in it one after the other.
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

    describe('sees the problems of the whole workspace', () => {
      let walk: Walk;
      before(() => (walk = new Walk(page, 'workspace')));

      test('opens the Problems panel before opening any file, and finds the misspelt field of mistakes/servicemonitor.yaml', () =>
        walk.step('see the problems of closed files', async () => {
          assert.equal(await page.locator('.tabs-container .tab').count(), 0, 'an editor is open');
          await page.keyboard.press('Control+Shift+M');
          const filter = page.getByPlaceholder('Filter (e.g. text');
          await filter.waitFor();
          // The panel may draw its filter box again while it opens: type until the box holds the text.
          for (let tries = 0; (await filter.inputValue()) !== 'honorLabel' && tries < 40; tries++) {
            await filter.fill('honorLabel');
            await page.waitForTimeout(250);
          }
          await problemRow(page, 'crd/unknown-field', 'unknown field "spec.endpoints[0].honorLabel"').waitFor();
          await page.locator('.markers-panel .monaco-list-row', { hasText: 'servicemonitor.yaml' }).waitFor();
        }));

      test('clears the filter and hides the panel', () =>
        walk.step('hide the panel', async () => {
          await page.getByPlaceholder('Filter (e.g. text').fill('');
          await page.keyboard.press('Control+J');
          await page.locator('.part.panel').waitFor({ state: 'hidden' });
        }));
    });

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

      test('sees the finding in the Problems panel (filtered: it lists every file\'s problems)', () =>
        walk.step('see it in the problems panel', async () => {
          await page.keyboard.press('Control+Shift+M');
          await page.getByPlaceholder('Filter (e.g. text').fill(message);
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
          // The panel lists the problems of every file of the workspace; the filter keeps the row in view.
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

    describe('converts a Prometheus CR on save, with fix-all on save in the folder\'s settings', () => {
      let walk: Walk;
      before(() => (walk = new Walk(page, 'fix-on-save')));
      const editor = () => editorShowing(page, 'prometheus-cr-agent.yaml');

      test('opens mistakes/prometheus-cr-agent.yaml: a Prometheus CR asking for agent mode', () =>
        walk.step('open the prometheus cr', async () => {
          await openFromExplorer(page, 'mistakes/prometheus-cr-agent.yaml');
          await untilLines(editor(), 'kind: Prometheus, squiggled "agent"',
            (lines) => lines.some((l) => l.text === 'kind: Prometheus') && lines.some((l) => l.text.includes('- agent') && l.errorSquiggles > 0));
        }));

      test('adds a comment on top and saves (Ctrl+S): the resource is a PrometheusAgent, the server-only fields gone, the comments kept', () =>
        walk.step('save', async () => {
          await editor().locator('.view-line').first().click();
          await page.keyboard.press('Control+Home');
          await page.keyboard.type('# The edge agent\n');
          await page.keyboard.press('Control+S');
          await untilLines(editor(), 'a PrometheusAgent without enableFeatures or retention, both comments on top', (lines) =>
            lines[0]?.text === '# The edge agent' && lines[1]?.text.startsWith('# A Prometheus resource asked to run as an agent') &&
            lines.some((l) => l.text === 'kind: PrometheusAgent') && lines.some((l) => l.text === 'apiVersion: monitoring.coreos.com/v1alpha1') &&
            !lines.some((l) => /enableFeatures|retention|- agent/.test(l.text)) && lines.every((l) => l.errorSquiggles === 0));
          await page.locator('.tab.active.dirty').waitFor({ state: 'detached' });
        }));
    });

    describe('fixes a whole file from the command palette', () => {
      const command = 'promagent: Fix All in File';
      let walk: Walk;
      before(() => (walk = new Walk(page, 'fix-all')));
      const editor = () => editorShowing(page, 'servicemonitor.yaml');

      test('opens mistakes/servicemonitor.yaml and sees honorLabel squiggled', () =>
        walk.step('open the servicemonitor', async () => {
          await openFromExplorer(page, 'mistakes/servicemonitor.yaml');
          await untilLines(editor(), '"honorLabel: true" squiggled', (lines) => lines.some((l) => l.text.includes('honorLabel: true') && l.errorSquiggles > 0));
        }));

      test(`runs "${command}" (F1): honorLabel becomes honorLabels; the interval, which has no fix, stays flagged`, () =>
        walk.step('fix all', async () => {
          await editor().locator('.view-line', { hasText: 'honorLabel' }).click();
          await findCommand(page, command);
          await page.keyboard.press('Enter');
          await untilLines(editor(), '"honorLabels: true" unsquiggled, "interval: 1.5m" still squiggled', (lines) =>
            lines.some((l) => l.text.includes('honorLabels: true') && l.errorSquiggles === 0) && lines.some((l) => l.text.includes('interval: 1.5m') && l.errorSquiggles > 0));
        }));
    });

    describe('reads what the server does in its output channel', () => {
      const command = 'promagent: Show Output';
      let walk: Walk;
      before(() => (walk = new Walk(page, 'output')));

      test(`runs "${command}" and reads the server's version, settings and index`, () =>
        walk.step('show the output', async () => {
          await findCommand(page, command);
          await page.keyboard.press('Enter');
          // The Output view's filter box (placeholder "Filter" alone) may hold what the Problems view was filtered by,
          // and may take it back from that view while the panel switches: it is emptied until the first line shows.
          const filter = page.locator('.part.panel input[placeholder="Filter"]');
          const output = page.locator('.part.panel .monaco-editor .view-lines');
          // The editor draws spaces as no-break spaces: \s matches both.
          const lines = [/promagent\slanguage\sserver\s\d+\.\d+\.\d+\s\(Node\sv20/, /Settings:\s\{"enable":true/, /Indexed\s\d+\sYAML\sfiles\sof\s1\sworkspace\sfolder\sin\s\d+\sms/];
          for (let attempt = 1; ; attempt++) {
            await filter.waitFor();
            await filter.fill('');
            const shown = await output.locator('.view-line', { hasText: lines[0] }).first().waitFor({ timeout: 4_000 }).then(() => true, () => false);
            if (shown) break;
            if (attempt === 5) throw new Error(`the output channel shows no line matching ${lines[0]} with its filter emptied (it holds ${JSON.stringify(await filter.inputValue())})`);
          }
          for (const line of lines) await output.locator('.view-line', { hasText: line }).first().waitFor();
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

      test('sees the StatefulSet prom-agent-payments on its first screen, right under the header', () =>
        walk.step('see the statefulset', async () => {
          await untilLines(preview(), 'the header, then kind: StatefulSet and name: prom-agent-payments', (lines) => {
            const body = lines.filter((l) => !l.text.startsWith('#')).map((l) => l.text);
            return body[0] === 'apiVersion: apps/v1' && body[1] === 'kind: StatefulSet' && body[3] === '  name: prom-agent-payments';
          });
        }));
    });

    describe("shows the README's images on the extension's page", () => {
      let walk: Walk;
      before(() => (walk = new Walk(page, 'extension-page')));

      test('opens promagent in the Extensions view: the README and its images show', () =>
        walk.step('open the extension page', async () => {
          await page.keyboard.press('Control+Shift+X');
          await page.locator('.extensions-viewlet .monaco-list-row', { hasText: 'Prometheus Agent Manifests' }).first().click();
          const readme = page.frameLocator('iframe.webview.ready').frameLocator('#active-frame');
          const images = readme.locator('img[src^="data:image/png"]');
          await images.first().waitFor({ timeout: 30_000 });
          await until('every README image loaded', () => images.evaluateAll((all) => all.map((img) => {
            const { naturalWidth, alt } = img as unknown as { naturalWidth: number; alt: string };
            return { naturalWidth, alt };
          })), (loaded) => loaded.length === 2 && loaded.every((image) => image.naturalWidth > 0), (loaded) => JSON.stringify(loaded));
          await images.nth(1).scrollIntoViewIfNeeded();
        }, 60_000));
    });
  });
});

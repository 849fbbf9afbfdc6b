import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import type { MarkupContent } from 'vscode-languageserver-protocol/node';
import { TestClient } from '../support/lsp';

let client: TestClient;
before(async () => {
  client = await TestClient.start();
  const warmUp = 'file:///large/warm-up.yaml';
  await client.open(warmUp, 'apiVersion: monitoring.coreos.com/v1alpha1\nkind: PrometheusAgent\nmetadata: {name: a}\nspec: {}\n');
  await client.pullDiagnostics(warmUp);
  await client.hover(warmUp, { line: 3, character: 1 });
});
after(async () => { await client.stop(); });

/** Fails when a request takes longer than a second: a stalled server takes the editor's YAML support with it. */
async function within1s<T>(what: string, request: Promise<T>): Promise<T> {
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<never>((_, reject) => { timer = setTimeout(() => reject(new Error(`${what} took over 1 s`)), 1000); });
  try {
    return await Promise.race([request, timeout]);
  } finally {
    clearTimeout(timer);
  }
}

test('hover and completion in a map of 20,000 external labels answer at once, and say why they say nothing', async () => {
  const uri = 'file:///large/labels.yaml';
  const labels = Array.from({ length: 20_000 }, (_, i) => `    l${i}: v${i}\n`).join('');
  await client.open(uri, `apiVersion: monitoring.coreos.com/v1alpha1\nkind: PrometheusAgent\nmetadata: {name: a}\nspec:\n  externalLabels:\n${labels}`);
  const hover = await within1s('hover', client.hover(uri, { line: 6, character: 5 }));
  assert.equal((hover?.contents as MarkupContent).value, 'promagent: no hover or completion from the schema in a document of more than 50,000 characters');
  assert.deepEqual(await within1s('completion', client.complete(uri, { line: 6, character: 5 })), []);
  await client.close(uri);
});

test('a keystroke in a file of 40,000 document markers is checked at once', async () => {
  const uri = 'file:///large/markers.yaml';
  await client.open(uri, '---\n'.repeat(40_000));
  await client.pullDiagnostics(uri);
  await client.edit(uri, { line: 5, character: 3 }, { line: 5, character: 3 }, ' # typed');
  assert.deepEqual(await within1s('diagnostics', client.pullDiagnostics(uri)), []);
  await client.close(uri);
});

test('typing in one document of 100,000 keys: every request is answered within a second, and its findings come', async () => {
  const uri = 'file:///large/external-labels.yaml';
  const other = 'file:///large/other.yaml';
  const labels = Array.from({ length: 100_000 }, (_, i) => `    l${i}: v${i}\n`).join('');
  const text = `apiVersion: monitoring.coreos.com/v1alpha1\nkind: PrometheusAgent\nmetadata: {name: labelled}\nspec:\n  externalLabels:\n${labels}`;
  assert.ok(text.length > 1_500_000);
  await client.open(other, 'apiVersion: v1\nkind: Service\nmetadata: {name: s}\n');
  await client.open(uri, text);
  // While the document is parsed and checked, another file's requests are answered as they come.
  const slowest = { ms: 0 };
  let probing = true;
  const probes = (async () => {
    while (probing) {
      const started = performance.now();
      await within1s('a definition request in another file', client.definition(other, { line: 2, character: 18 }));
      slowest.ms = Math.max(slowest.ms, performance.now() - started);
      await new Promise((resolve) => setTimeout(resolve, 20));
    }
  })();
  try {
    assert.deepEqual(await client.pullDiagnostics(uri), []);
    // A key typed twice: the edit's finding comes.
    await client.edit(uri, { line: 7, character: 4 }, { line: 7, character: 6 }, 'l1');
    const diagnostics = await client.pullDiagnostics(uri);
    assert.deepEqual(diagnostics.map((d) => [d.code, d.range.start.line]), [['yaml/duplicate-key', 7]]);
    await client.edit(uri, { line: 7, character: 4 }, { line: 7, character: 6 }, 'l2');
    assert.deepEqual(await client.pullDiagnostics(uri), []);
  } finally {
    probing = false;
    await probes;
  }
  assert.ok(slowest.ms < 1000, `the slowest answer took ${Math.round(slowest.ms)} ms`);
  await client.close(uri);
  await client.close(other);
});

test('fix-all and the preview of a document of 100,000 keys are not run, and say why, at once', async () => {
  const uri = 'file:///large/fix-all.yaml';
  const labels = Array.from({ length: 100_000 }, (_, i) => `    l${i}: v${i}\n`).join('');
  await client.open(uri, `apiVersion: monitoring.coreos.com/v1alpha1\nkind: PrometheusAgent\nmetadata: {name: fixed}\nspec:\n  replicas: "2"\n  externalLabels:\n${labels}`);
  await client.pullDiagnostics(uri);
  const [action] = await within1s('fix-all', client.codeActions(uri, { start: { line: 0, character: 0 }, end: { line: 0, character: 0 } }, [], ['source.fixAll.promagent']));
  assert.equal(action.edit, undefined);
  assert.match(action.disabled?.reason ?? '', /^promagent: Fix All is not run in a file with a document of more than 256 KiB \(this one has 1,\d{3} KiB\)/);
  // Nor is its preview rendered as it is typed: 100,000 labels in the generated configuration.
  const preview = await within1s('preview', client.request<{ text: string }>('promagent/renderPreview', { uri, line: 0 }));
  assert.match(preview.text, /^# promagent: a document of more than 256 KiB \(this one has 1,\d{3} KiB\) is not rendered as you type;\n# `promagent render` renders it from a terminal\n$/);
  await client.close(uri);
});

test('quick-fixes over many findings in a document of 30,000 keys: one is tried, at once', async () => {
  const uri = 'file:///large/quick-fixes.yaml';
  const labels = Array.from({ length: 30_000 }, (_, i) => `    l${i}: v${i}\n`).join('');
  await client.open(uri, `apiVersion: monitoring.coreos.com/v1alpha1\nkind: PrometheusAgent\nmetadata: {name: quick}\nspec:\n  scrapeIntervall: 30s\n  replicaz: 2\n  shardz: 2\n  externalLabels:\n${labels}`);
  const diagnostics = await client.pullDiagnostics(uri);
  assert.equal(diagnostics.filter((d) => d.code === 'crd/unknown-field').length, 3);
  const actions = await within1s('quick-fixes', client.codeActions(uri, { start: { line: 0, character: 0 }, end: { line: 8, character: 0 } }, diagnostics));
  assert.deepEqual(actions.map((a) => a.title), ['Rename to "scrapeInterval"']);
  await client.close(uri);
});

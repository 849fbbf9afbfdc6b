import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import type { MarkupContent } from 'vscode-languageserver-protocol';
import { TestClient } from '../support/lsp';
import { yaml } from '../support/engine';

const text = yaml`
  apiVersion: apps/v1
  kind: Deployment
  metadata:
    name: web
  ---
  apiVersion: monitoring.coreos.com/v1alpha1
  kind: PrometheusAgent
  metadata:
    name: agent
  spec:
    mode: 
    replicas: 1
    remoteWrite:
      - 
  `;
const uri = 'file:///work/agents.yaml';
let client: TestClient;

before(async () => {
  client = await TestClient.start();
  await client.open(uri, text);
});
after(async () => { await client.stop(); });

test('completion offers the enum values of mode, Sidecar included, in the second document of a file', async () => {
  const items = await client.complete(uri, { line: 10, character: 8 });
  assert.deepEqual(items.map((i) => i.label), ['StatefulSet', 'DaemonSet', 'Sidecar']);
});

test('completion offers the spec fields from the CRD', async () => {
  const labels = (await client.complete(uri, { line: 11, character: 2 })).map((i) => i.label);
  for (const field of ['scrapeInterval', 'serviceMonitorSelector', 'shards', 'version']) assert.ok(labels.includes(field), field);
  assert.ok(!labels.includes('ruleSelector'), 'no Prometheus-only field');
});

test('completion on the indented blank line after a document\'s last key offers the fields of the mapping it is in', async () => {
  const last = 'file:///work/last-line.yaml';
  await client.open(last, 'apiVersion: monitoring.coreos.com/v1alpha1\nkind: PrometheusAgent\nmetadata:\n  name: agent\nspec:\n  replicas: 1\n  \n---\napiVersion: v1\nkind: ConfigMap\nmetadata: {name: c}\n');
  const labels = (await client.complete(last, { line: 6, character: 2 })).map((i) => i.label);
  for (const field of ['scrapeInterval', 'remoteWrite', 'shards']) assert.ok(labels.includes(field), `${field} not offered: ${labels.join(', ')}`);
  // Under a key with nothing in it yet, at the end of the document or of the file: its fields.
  const typing = 'file:///work/typing.yaml';
  await client.open(typing, 'apiVersion: monitoring.coreos.com/v1alpha1\nkind: PrometheusAgent\nmetadata:\n  name: agent\nspec:\n  ');
  assert.ok((await client.complete(typing, { line: 5, character: 2 })).some((item) => item.label === 'remoteWrite'));
  const config = 'file:///work/edge/prometheus.yml';
  await client.open(config, 'remote_write: []\nglobal:\n  \n');
  assert.ok((await client.complete(config, { line: 2, character: 2 })).some((item) => item.label === 'scrape_interval'));
});

test('completion offers a remoteWrite snippet with basic auth from a Secret', async () => {
  const items = await client.complete(uri, { line: 13, character: 6 });
  const snippet = items.find((i) => i.label === 'remoteWrite with basic auth from a Secret');
  assert.ok(snippet, items.map((i) => i.label).join(', '));
  // VS Code indents the following lines by the current line's indentation.
  assert.match(String(snippet.insertText), /^url: \$\{1:https:\/\/metrics.example.com\/api\/v1\/write\}\n  basicAuth:\n    username:\n      name: \$\{2:remote-write-credentials\}/);
});

test('hover shows the description, type, default and the modes that forbid a field', async () => {
  const hover = await client.hover(uri, { line: 11, character: 4 });
  const value = (hover?.contents as MarkupContent).value;
  assert.match(value, /replicas defines the number of replicas of each shard/);
  assert.match(value, /\*\*Type:\*\* integer/);
  assert.match(value, /\*\*Cannot be set when mode is\*\* DaemonSet or Sidecar\./);
});

test('hover on a key the schema says nothing of (a label) answers nothing, not an empty hover', async () => {
  const labelled = 'apiVersion: monitoring.coreos.com/v1alpha1\nkind: PrometheusAgent\nmetadata:\n  name: agent\n  labels:\n    team: platform\nspec: {}\n';
  await client.open('file:///work/labelled.yaml', labelled);
  assert.equal(await client.hover('file:///work/labelled.yaml', { line: 5, character: 6 }), null);
  assert.notEqual(await client.hover('file:///work/labelled.yaml', { line: 6, character: 1 }), null);
});

test('hover and completion in a later document answer at the file\'s lines and columns', async () => {
  const hover = await client.hover(uri, { line: 11, character: 4 });
  assert.deepEqual(hover?.range, { start: { line: 11, character: 2 }, end: { line: 11, character: 10 } });
  const items = await client.complete(uri, { line: 10, character: 8 });
  const edit = items.find((i) => i.label === 'Sidecar')?.textEdit;
  assert.ok(edit && 'range' in edit, JSON.stringify(items[0]));
  assert.deepEqual(edit.range.start.line, 10);
  assert.deepEqual(edit.range.end, { line: 10, character: 8 });
});

test('a document promagent has no schema for gets no completion or hover from it', async () => {
  assert.deepEqual(await client.complete(uri, { line: 3, character: 2 }), []);
  assert.equal(await client.hover(uri, { line: 1, character: 2 }), null);
});

test('a standalone prometheus.yml gets completion and hover from promagent\'s own schema', async () => {
  const configUri = 'file:///work/prometheus.yml';
  await client.open(configUri, 'global:\n  scrape_interval: 30s\n  \nremote_write:\n  - url: https://metrics.example.com/api/v1/write\n');
  const labels = (await client.complete(configUri, { line: 2, character: 2 })).map((i) => i.label);
  for (const key of ['scrape_timeout', 'external_labels', 'evaluation_interval']) assert.ok(labels.includes(key), `${key} in ${labels.join(', ')}`);
  const hover = await client.hover(configUri, { line: 1, character: 4 });
  assert.equal((hover?.contents as MarkupContent).value,
    '#### Prometheus configuration (prometheus.yml, up to v3.14.0)\n\nHow often targets are scraped by default. Default: 1m. Used in agent mode.');
});

test('a prometheus.yml held in a ConfigMap gets the same completion and hover, at the file\'s own positions', async () => {
  const configMapUri = 'file:///work/agent-config.yaml';
  await client.open(configMapUri, yaml`
    apiVersion: v1
    kind: ConfigMap
    metadata:
      name: agent-config
    data:
      prometheus.yml: |
        global:
          evaluation_interval: 1m
          
        remote_write:
          - url: https://metrics.example.com/api/v1/write
    `);
  const hover = await client.hover(configMapUri, { line: 7, character: 8 });
  assert.match((hover?.contents as MarkupContent).value, /rule/i);
  const labels = (await client.complete(configMapUri, { line: 8, character: 6 })).map((i) => i.label);
  for (const key of ['scrape_interval', 'external_labels']) assert.ok(labels.includes(key), `${key} in ${labels.join(', ')}`);
  assert.ok(!labels.includes('apiVersion'), labels.join(', '));
  // On a fresh line after the block's last key, where the next one is typed; not on the ConfigMap's next key.
  const appended = 'apiVersion: v1\nkind: ConfigMap\nmetadata: {name: c}\ndata:\n  prometheus.yml: |\n    global:\n      scrape_interval: 1m\n    \n  other.txt: x\n';
  await client.open(configMapUri, appended);
  const atEnd = (await client.complete(configMapUri, { line: 7, character: 4 })).map((i) => i.label);
  assert.ok(atEnd.includes('remote_write'), atEnd.join(', '));
  assert.deepEqual(await client.complete(configMapUri, { line: 8, character: 0 }), []);
  assert.deepEqual(await client.complete(configMapUri, { line: 7, character: 2 }), []);
});

test('a prometheus.yml block of a ConfigMap gets completion while it is empty or half typed, not other keys\' blocks', async () => {
  const configMapUri = 'file:///work/new-agent-config.yaml';
  const labelsAt = async (line: number, character: number) => (await client.complete(configMapUri, { line, character })).map((i) => i.label);
  await client.open(configMapUri, 'apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: agent-config\ndata:\n  prometheus.yml: |\n    \n');
  const empty = await labelsAt(6, 4);
  for (const key of ['global', 'scrape_configs', 'remote_write']) assert.ok(empty.includes(key), `${key} in ${empty.join(', ')}`);
  // At the key's column, the ConfigMap's next key is typed.
  assert.ok(!(await labelsAt(6, 2)).includes('global'));
  await client.open(configMapUri, 'apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: agent-config\ndata:\n  prometheus.yml: |\n    global:\n      \n  notes.txt: |\n    \n');
  const inGlobal = await labelsAt(7, 6);
  for (const key of ['scrape_interval', 'external_labels']) assert.ok(inGlobal.includes(key), `${key} in ${inGlobal.join(', ')}`);
  assert.deepEqual(await labelsAt(9, 4), []);
  for (const key of ['agent.yaml', 'prometheus.rules.yml']) {
    await client.open(configMapUri, `apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: other\ndata:\n  ${key}: |\n    \n`);
    assert.deepEqual(await labelsAt(6, 4), [], key);
  }
});

test('an item of a List gets the hover and completion of its kind, at the file\'s own positions', async () => {
  const listUri = 'file:///work/dump.yaml';
  await client.open(listUri, [
    'apiVersion: v1', 'kind: List', 'items:', '- apiVersion: monitoring.coreos.com/v1alpha1', '  kind: PrometheusAgent',
    '  metadata: {name: a, namespace: monitoring}', '  spec:', '    replicas: 2', '    ', '    logLevel: info', '',
  ].join('\n'));
  const hover = await client.hover(listUri, { line: 7, character: 6 });
  assert.match((hover?.contents as MarkupContent).value, /replicas defines the number of replicas/);
  const labels = (await client.complete(listUri, { line: 8, character: 4 })).map((i) => i.label);
  assert.ok(labels.includes('scrapeInterval'), labels.join(', '));
  // On the List's own keys, nothing: a List has no schema here.
  assert.equal(await client.hover(listUri, { line: 1, character: 2 }), null);
  // On a fresh line after the item's last key, its next key; at column 0, a key of the List: nothing.
  await client.open(listUri, [
    'apiVersion: v1', 'kind: List', 'items:', '- apiVersion: monitoring.coreos.com/v1alpha1', '  kind: PrometheusAgent',
    '  metadata: {name: a}', '  spec:', '    replicas: 2', '    ', '',
  ].join('\n'));
  const atEnd = (await client.complete(listUri, { line: 8, character: 4 })).map((i) => i.label);
  assert.ok(atEnd.includes('scrapeInterval'), atEnd.join(', '));
  assert.deepEqual(await client.complete(listUri, { line: 9, character: 0 }), []);
});

test('hover and completion on a key left empty (`:  mode:`) answer nothing rather than fail, and the server keeps serving', async () => {
  const brokenUri = 'file:///work/broken.yaml';
  await client.open(brokenUri, yaml`
    apiVersion: monitoring.coreos.com/v1alpha1
    kind: PrometheusAgent
    metadata:
      name: agent
    spec:
    :  mode: DaemonSet
      scrapeInterval: 30s
    `);
  assert.equal(await client.hover(brokenUri, { line: 5, character: 0 }), null);
  assert.ok(Array.isArray(await client.complete(brokenUri, { line: 5, character: 0 })));
  const hover = await client.hover(uri, { line: 11, character: 4 });
  assert.match((hover?.contents as MarkupContent).value, /replicas defines the number of replicas/);
});

test('a document nested too deep to parse is reported, and hover and completion in it answer nothing', async () => {
  const deepUri = 'file:///work/deep.yaml';
  const depth = 5000;
  await client.open(deepUri, `apiVersion: monitoring.coreos.com/v1alpha1\nkind: PrometheusAgent\nmetadata:\n  name: deep\nspec:\n  x: ${'{a: ['.repeat(depth)}${']}'.repeat(depth)}\n`);
  assert.deepEqual((await client.pullDiagnostics(deepUri)).map((d) => [d.range.start.line, d.code]), [[5, 'promagent/nesting-too-deep']]);
  assert.equal(await client.hover(deepUri, { line: 5, character: 200 }), null);
  assert.deepEqual(await client.complete(deepUri, { line: 1, character: 3 }), []);
});

test('with promagent.sidecarMode off, completion and hover offer the CRD\'s modes alone', async () => {
  await client.settingsChanged({ sidecarMode: false });
  try {
    // The server asks the client for the settings it was told changed: its answer lands a turn later.
    const labels = async () => (await client.complete(uri, { line: 10, character: 8 })).map((i) => i.label);
    for (let waited = 0; (await labels()).includes('Sidecar') && waited < 5_000; waited += 50) await new Promise((resolve) => setTimeout(resolve, 50));
    assert.deepEqual(await labels(), ['StatefulSet', 'DaemonSet']);
    const hover = await client.hover(uri, { line: 10, character: 4 });
    assert.doesNotMatch((hover?.contents as MarkupContent).value, /Sidecar/);
  } finally {
    await client.settingsChanged({ sidecarMode: true });
  }
});

test('a position past the end of a line is the end of that line, as LSP says: not the start of the next', async () => {
  const commented = 'file:///work/commented.yaml';
  await client.open(commented, `# edge agent\n${text.split('---\n')[1]}`);
  // Line 0 is a comment, 12 characters long; line 1 starts the PrometheusAgent.
  assert.equal(await client.hover(commented, { line: 0, character: 12 }), null);
  assert.equal(await client.hover(commented, { line: 0, character: 40 }), null);
  assert.deepEqual((await client.complete(commented, { line: 0, character: 40 })).map((item) => item.label), []);
  await client.close(commented);
});

import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import type { DocumentDiagnosticReport } from 'vscode-languageserver-protocol';
import { TestClient } from '../support/lsp';
import { yaml } from '../support/engine';

const agent = yaml`
  apiVersion: monitoring.coreos.com/v1alpha1
  kind: PrometheusAgent
  metadata:
    name: agent
  spec:
    remoteWrites:
      - url: https://metrics.example.com/api/v1/write
  `;

let client: TestClient;
before(async () => { client = await TestClient.start(); });
after(async () => { await client.stop(); });

test('pull diagnostics carry the rule id, the source and the position', async () => {
  const uri = 'file:///work/pulled/agent.yaml';
  await client.open(uri, agent);
  const diagnostics = await client.pullDiagnostics(uri);
  assert.deepEqual(diagnostics, [{
    range: { start: { line: 5, character: 2 }, end: { line: 5, character: 14 } },
    severity: 1,
    code: 'crd/unknown-field',
    source: 'promagent',
    message: 'unknown field "spec.remoteWrites": did you mean "remoteWrite"?',
  }]);
});

test('an incremental edit changes what the next pull reports', async () => {
  const uri = 'file:///work/edited/agent.yaml';
  await client.open(uri, agent);
  assert.equal((await client.pullDiagnostics(uri)).length, 1);
  await client.edit(uri, { line: 5, character: 13 }, { line: 5, character: 14 }, '');
  assert.deepEqual(await client.pullDiagnostics(uri), []);
  await client.edit(uri, { line: 6, character: 4 }, { line: 6, character: 5 }, '');
  const broken = await client.pullDiagnostics(uri);
  assert.ok(broken.length > 0 && broken.every((d) => d.source === 'promagent'));
});

test('a pull after a keystroke that changes no problem is answered unchanged; one that changes one gets the new list', async () => {
  const uri = 'file:///work/unchanged/agent.yaml';
  await client.open(uri, agent);
  const first = await client.connection.sendRequest<DocumentDiagnosticReport>('textDocument/diagnostic', { textDocument: { uri } });
  assert.equal(first.kind, 'full');
  const resultId = (first as { resultId?: string }).resultId;
  assert.ok(resultId, 'a full report names its result');
  // A space at the end of the agent's name: no problem moves or changes.
  await client.edit(uri, { line: 3, character: 13 }, { line: 3, character: 13 }, ' ');
  assert.deepEqual(await client.connection.sendRequest('textDocument/diagnostic', { textDocument: { uri }, previousResultId: resultId }), { kind: 'unchanged', resultId });
  // A line added above the finding moves it: the whole list comes again.
  await client.edit(uri, { line: 0, character: 0 }, { line: 0, character: 0 }, '# moved\n');
  const moved = await client.connection.sendRequest<DocumentDiagnosticReport>('textDocument/diagnostic', { textDocument: { uri }, previousResultId: resultId });
  assert.equal(moved.kind, 'full');
  assert.deepEqual(moved.kind === 'full' && moved.items.map((d) => d.range.start.line), [6]);
  // A client that names no earlier result gets the whole list.
  assert.equal((await client.connection.sendRequest<DocumentDiagnosticReport>('textDocument/diagnostic', { textDocument: { uri } })).kind, 'full');
});

test('the quick-fix of a finding comes back as a code action with its edit', async () => {
  const uri = 'file:///work/fixed/agent.yaml';
  await client.open(uri, agent);
  const [diagnostic] = await client.pullDiagnostics(uri);
  const actions = await client.codeActions(uri, diagnostic.range, [diagnostic]);
  assert.deepEqual(actions.map((a) => ({ title: a.title, kind: a.kind, isPreferred: a.isPreferred, edit: a.edit })), [{
    title: 'Rename to "remoteWrite"',
    kind: 'quickfix',
    isPreferred: true,
    edit: { changes: { [uri]: [{ range: diagnostic.range, newText: 'remoteWrite' }] } },
  }]);
});

test('unrelated YAML gets no diagnostic', async () => {
  const uri = 'file:///work/compose.yaml';
  await client.open(uri, 'services:\n  web:\n    image: nginx\n    ports: [80\n');
  assert.deepEqual(await client.pullDiagnostics(uri), []);
});

test('a client without pull diagnostics gets them pushed, and cleared on close', async () => {
  const pushClient = await TestClient.start({ pullDiagnostics: false });
  try {
    const uri = 'file:///work/pushed.yaml';
    const pushed = pushClient.nextPush(uri);
    await pushClient.open(uri, agent);
    assert.deepEqual((await pushed).map((d) => d.code), ['crd/unknown-field']);
    const cleared = pushClient.nextPush(uri);
    await pushClient.close(uri);
    assert.deepEqual(await cleared, []);
  } finally {
    await pushClient.stop();
  }
});

test('promagent.enable off silences the server', async () => {
  const disabled = await TestClient.start({ settings: { enable: false } });
  try {
    const uri = 'file:///work/disabled.yaml';
    await disabled.open(uri, agent);
    assert.deepEqual(await disabled.pullDiagnostics(uri), []);
  } finally {
    await disabled.stop();
  }
});

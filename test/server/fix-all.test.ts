import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { TextDocument } from 'vscode-languageserver-textdocument';
import type { CodeAction, TextEdit } from 'vscode-languageserver-protocol';
import { fixAllKind } from '../../shared/protocol';
import { TestClient } from '../support/lsp';
import { yaml } from '../support/engine';

const broken = yaml`
  # The edge agent, one per node.
  apiVersion: monitoring.coreos.com/v1alpha1
  kind: PrometheusAgent
  metadata:
    name: edge
  spec:
    mode: daemonset   # lowercase, as in the proposal
    replicas: 2       # leftover from StatefulSet mode
    remoteWrites:
      - url: https://metrics.example.com/api/v1/write
    scrapeTimeout: 45s
  `;

/** What `promagent fix` writes for `broken`: three fixes over two passes (the mode first, then what it forbids). */
const fixed = yaml`
  # The edge agent, one per node.
  apiVersion: monitoring.coreos.com/v1alpha1
  kind: PrometheusAgent
  metadata:
    name: edge
  spec:
    mode: DaemonSet   # lowercase, as in the proposal
    remoteWrite:
      - url: https://metrics.example.com/api/v1/write
    scrapeTimeout: 45s
  `;

const whole = { start: { line: 0, character: 0 }, end: { line: 11, character: 0 } };
let client: TestClient;
// Each test's file in a folder of its own: the same agent twice in one folder is a finding of its own.
// The release is named: what the DaemonSet mode forbids is refused from v0.84.0 on.
before(async () => { client = await TestClient.start({ settings: { operatorVersion: 'v0.93.0' } }); });
after(async () => { await client.stop(); });

/** The text of `uri` after the action's edit, and the edits it is made of. */
function applied(text: string, action: CodeAction, uri: string): { text: string; edits: TextEdit[] } {
  const change = action.edit?.documentChanges?.[0];
  const edits = change && 'edits' in change ? (change.edits as TextEdit[]) : action.edit?.changes?.[uri] ?? [];
  return { text: TextDocument.applyEdits(TextDocument.create(uri, 'yaml', 1, text), edits), edits };
}

test('on save (only: source.fixAll.promagent) one action applies every preferred fix, as promagent fix does', async () => {
  const uri = 'file:///work/save/edge.yaml';
  await client.open(uri, broken);
  const actions = await client.codeActions(uri, whole, [], [fixAllKind]);
  assert.deepEqual(actions.map((a) => [a.title, a.kind]), [['Fix all promagent problems that have a fix (3)', fixAllKind]]);
  const { text, edits } = applied(broken, actions[0], uri);
  assert.equal(text, fixed);
  // One edit per run of changed lines, tied to the version it was computed for: the comment line and the rest stay untouched.
  assert.deepEqual(edits.map((e) => [e.range.start.line, e.range.end.line]), [[6, 9]]);
  assert.deepEqual(actions[0].edit?.documentChanges?.[0] && 'textDocument' in actions[0].edit.documentChanges[0] ? actions[0].edit.documentChanges[0].textDocument : undefined, { uri, version: 1 });
});

test('the fix-all leaves the editor\'s text in the workspace: the file keeps its findings until the edit comes back', async () => {
  const uri = 'file:///work/kept/edge.yaml';
  await client.open(uri, broken);
  const before = (await client.pullDiagnostics(uri)).map((d) => d.code);
  await client.codeActions(uri, whole, [], [fixAllKind]);
  assert.deepEqual((await client.pullDiagnostics(uri)).map((d) => d.code), before);
  assert.deepEqual(before, ['crd/enum', 'crd/unknown-field', 'agent/scrape-timeout']);
});

test('the Source Action menu (only: source) offers it too; the lightbulb (no only) gets the quick-fixes alone', async () => {
  const uri = 'file:///work/menu/edge.yaml';
  await client.open(uri, broken);
  assert.deepEqual((await client.codeActions(uri, whole, [], ['source'])).map((a) => a.kind), [fixAllKind]);
  const lightbulb = await client.codeActions(uri, whole, []);
  assert.ok(lightbulb.length > 0 && lightbulb.every((a) => a.kind === 'quickfix'), lightbulb.map((a) => `${a.kind} ${a.title}`).join(', '));
  assert.deepEqual((await client.codeActions(uri, whole, [], ['quickfix'])).map((a) => a.kind), lightbulb.map((a) => a.kind));
});

test('a file with nothing to fix gets no fix-all action', async () => {
  const uri = 'file:///work/clean/edge.yaml';
  await client.open(uri, fixed);
  assert.deepEqual(await client.codeActions(uri, whole, [], [fixAllKind]), []);
});

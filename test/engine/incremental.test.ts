import { test } from 'node:test';
import assert from 'node:assert/strict';
import fc from 'fast-check';
import { checkFile, defaultCheckOptions, Workspace } from '../../server/src/engine';
import { splitDocuments } from '../../server/src/engine/yaml/chunks';
import { corpus, fuzzRuns } from '../support/corpus';

const files = corpus();
/** Findings in full (ranges, fixes and their edits), to compare an incremental check with a fresh one. */
const full = (findings: ReturnType<typeof checkFile>) => findings.map((f) => JSON.stringify(f));
const fresh = (uri: string, text: string, others: Record<string, string> = {}) => {
  const workspace = new Workspace();
  for (const [other, otherText] of Object.entries(others)) workspace.set(other, otherText);
  return full(checkFile(workspace.set(uri, text), workspace, defaultCheckOptions));
};

test('a stream splits at its document markers only', () => {
  assert.deepEqual(splitDocuments('a: 1\n---\nb: 2\n--- # c\nc: |\n  ---x\n---\n'), [
    { offset: 0, text: 'a: 1\n' }, { offset: 5, text: '---\nb: 2\n' }, { offset: 14, text: '--- # c\nc: |\n  ---x\n' }, { offset: 34, text: '---\n' },
  ]);
  assert.deepEqual(splitDocuments(''), [{ offset: 0, text: '' }]);
  assert.deepEqual(splitDocuments('----\nx: ---\n'), [{ offset: 0, text: '----\nx: ---\n' }]);
  // Directives go with the document their `---` starts.
  assert.deepEqual(splitDocuments('%TAG !e! tag:example.com,2000:\n---\na: !e!x 1\n'), [{ offset: 0, text: '%TAG !e! tag:example.com,2000:\n---\na: !e!x 1\n' }]);
  assert.deepEqual(splitDocuments('a: 1\n...\n%YAML 1.1\n# c\n---\nb: 2\n'), [{ offset: 0, text: 'a: 1\n...\n' }, { offset: 9, text: '%YAML 1.1\n# c\n---\nb: 2\n' }]);
  // A `%` line inside a block scalar, or one with no `...` before it, is not a directive: the pieces stay as they are.
  assert.deepEqual(splitDocuments('run.sh: |\n  echo\n  %x\n---\nb: 2\n').map((c) => c.offset), [0, 22]);
  assert.deepEqual(splitDocuments('a: 1\n%YAML 1.1\n---\nb: 2\n').map((c) => c.offset), [0, 15]);
  assert.deepEqual(splitDocuments('\n---\nfoo: 1\n'), [{ offset: 0, text: '\n' }, { offset: 1, text: '---\nfoo: 1\n' }]);
  assert.deepEqual(splitDocuments('\uFEFF%TAG !e! tag:e.com,2000:\n---\na: !e!x 1\n').length, 1);
  // Whatever the text, the pieces join back to it, each at its offset, and splitting ends.
  const token = fc.constantFrom('---', '...', '%YAML 1.1', '%', '#', 'a: 1', ' ', '\n', '\r\n', '\r', '\uFEFF', '\u2028', '|');
  fc.assert(fc.property(fc.array(token, { maxLength: 40 }).map((t) => t.join('')), (text) => {
    const chunks = splitDocuments(text);
    assert.equal(chunks.map((c) => c.text).join(''), text);
    for (const chunk of chunks) assert.equal(text.slice(chunk.offset, chunk.offset + chunk.text.length), chunk.text);
  }), { numRuns: 5000 });
  // Neither a lone CR nor U+2028 ends a line for the parser: no document starts after one.
  assert.deepEqual(splitDocuments('a: "x\r---\r"\nb: x\u2028---\n').length, 1);
});

test('an edit re-checks the edited document; the others keep their findings, moved', () => {
  const agent = files.find((f) => f.name.endsWith('mistakes/agent-daemonset.yaml'))!.text;
  const workspace = new Workspace();
  const uri = 'file:///w/agents.yaml';
  const first = workspace.set(uri, agent);
  checkFile(first, workspace, defaultCheckOptions);
  const edited = `# a new first line\n${agent}`;
  const second = workspace.set(uri, edited);
  assert.equal(second.pieces.at(-1), first.pieces.at(-1), 'the unchanged PodMonitor document was not parsed again');
  assert.deepEqual(full(checkFile(second, workspace, defaultCheckOptions)), fresh(uri, edited));
});

test('a document that depends on another is re-checked when that one changes', () => {
  const workspace = new Workspace();
  const agent = (name: string) => `apiVersion: monitoring.coreos.com/v1alpha1\nkind: PrometheusAgent\nmetadata: {name: ${name}, namespace: monitoring}\nspec:\n  mode: Sidecar\n`;
  const pod = '---\napiVersion: v1\nkind: Pod\nmetadata:\n  name: p\n  annotations:\n    prometheus.operator.io/scrape: "true"\n' +
    '    prometheus.operator.io/agent-selector: monitoring/sidecar\nspec:\n  containers: [{name: c, ports: [{containerPort: 80}]}]\n';
  const uri = 'file:///w/both.yaml';
  assert.deepEqual(checkFile(workspace.set(uri, agent('sidecar') + pod), workspace, defaultCheckOptions).map((f) => f.code), ['agent/sidecar-mode']);
  assert.deepEqual(checkFile(workspace.set(uri, agent('renamed') + pod), workspace, defaultCheckOptions).map((f) => f.code),
    ['agent/sidecar-mode', 'sidecar/unused-agent', 'sidecar/agent-selector']);
});

test('a monitor is re-checked when a Service it selects moves to another version of the core API (wiring reads v1 Services)', () => {
  const workspace = new Workspace();
  const monitor = 'apiVersion: monitoring.coreos.com/v1\nkind: ServiceMonitor\nmetadata: {name: m, namespace: shop}\nspec:\n  selector:\n    matchLabels: {app: web}\n  endpoints:\n    - port: metrics\n';
  const service = (apiVersion: string) => `---\napiVersion: ${apiVersion}\nkind: Service\nmetadata: {name: web, namespace: shop, labels: {app: web}}\nspec:\n  selector: {app: web}\n  ports: [{name: http, port: 80}]\n`;
  const uri = 'file:///w/monitor.yaml';
  const wiring = (text: string) => checkFile(workspace.set(uri, text), workspace, defaultCheckOptions).filter((f) => f.code.startsWith('wiring/')).map((f) => f.message);
  const portMissing = wiring(monitor + service('v1'));
  assert.ok(portMissing.some((message) => message.includes('Service shop/web: http')), portMissing.join('\n'));
  assert.deepEqual(wiring(monitor + service('v2')), fresh(uri, monitor + service('v2')).map((f) => JSON.parse(f)).filter((f) => f.code.startsWith('wiring/')).map((f) => f.message));
  assert.notDeepEqual(wiring(monitor + service('v2')), portMissing);
});

test('an agent is re-checked when a pod stops or starts asking for an agent, and a monitor when a workload it names changes kind', () => {
  const findingsAfterEdit = (files: Record<string, string>, checked: string, [edited, text]: [string, string]) => {
    const workspace = new Workspace();
    for (const [uri, fileText] of Object.entries(files)) workspace.set(uri, fileText);
    checkFile(workspace.get(checked)!, workspace, defaultCheckOptions);
    workspace.set(edited, text);
    return full(checkFile(workspace.get(checked)!, workspace, defaultCheckOptions));
  };
  const agent = 'apiVersion: monitoring.coreos.com/v1alpha1\nkind: PrometheusAgent\nmetadata: {name: edge, namespace: monitoring}\nspec:\n  mode: Sidecar\n';
  const pod = (scrape: string) => `apiVersion: v1\nkind: Pod\nmetadata:\n  name: app\n  namespace: apps\n  annotations:\n    prometheus.operator.io/scrape: "${scrape}"\nspec:\n  containers: [{name: app, ports: [{containerPort: 8080}]}]\n`;
  for (const [before, after] of [['true', 'false'], ['false', 'true']]) {
    const found = findingsAfterEdit({ 'file:///w/agent.yaml': agent, 'file:///w/pod.yaml': pod(before) }, 'file:///w/agent.yaml', ['file:///w/pod.yaml', pod(after)]);
    assert.deepEqual(found, fresh('file:///w/agent.yaml', agent, { 'file:///w/pod.yaml': pod(after) }));
    assert.equal(found.some((finding) => finding.includes('sidecar/unused-agent')), after === 'false');
  }
  const monitor = 'apiVersion: monitoring.coreos.com/v1\nkind: PodMonitor\nmetadata: {name: pm, namespace: apps}\nspec:\n  selector:\n    matchLabels: {app: other}\n  podMetricsEndpoints: [{port: web}]\n';
  // A workload without a name has no object entry: its kind reaches the monitor's message through its pod template.
  const workload = (kind: string) => `apiVersion: apps/v1\nkind: ${kind}\nmetadata: {namespace: apps}\nspec:\n  template:\n    metadata:\n      labels: {app: web}\n    spec:\n      containers: [{name: web}]\n`;
  const found = findingsAfterEdit({ 'file:///w/pm.yaml': monitor, 'file:///w/wl.yaml': workload('Deployment') }, 'file:///w/pm.yaml', ['file:///w/wl.yaml', workload('StatefulSet')]);
  assert.deepEqual(found, fresh('file:///w/pm.yaml', monitor, { 'file:///w/wl.yaml': workload('StatefulSet') }));
  assert.ok(found.some((finding) => finding.includes('(StatefulSet apps/)')), found.join('\n'));
});

test('the workspace index moves only when what other documents read changes', () => {
  const workspace = new Workspace();
  const agent = (mode: string, replicas: number) =>
    `apiVersion: monitoring.coreos.com/v1alpha1\nkind: PrometheusAgent\nmetadata: {name: a, namespace: monitoring}\nspec:\n  mode: ${mode}\n  replicas: ${replicas}\n`;
  for (let i = 0; i < 50; i++) workspace.set(`file:///w/other-${i}.yaml`, `apiVersion: v1\nkind: Service\nmetadata: {name: s${i}}\n`);
  workspace.set('file:///w/agent.yaml', agent('StatefulSet', 1));
  const [digest, agents, pods] = [workspace.index.digest(), workspace.index.agents(), workspace.index.pods()];
  workspace.set('file:///w/other-7.yaml', 'apiVersion: v1\nkind: Service\nmetadata: {name: s7, annotations: {team: web}}\n');
  assert.equal(workspace.index.digest(), digest, "a Service's annotations are nothing other documents read (its name, labels, selector and ports are)");
  assert.equal(workspace.index.agents(), agents, 'the agent list is not gathered again');
  assert.equal(workspace.index.pods(), pods);
  workspace.set('file:///w/other-7.yaml', 'apiVersion: v1\nkind: Service\nmetadata: {name: renamed}\n');
  assert.notEqual(workspace.index.digest(), digest, 'a renamed object may end or start a duplicate');
  workspace.set('file:///w/agent.yaml', agent('DaemonSet', 1));
  assert.notEqual(workspace.index.digest(), digest, "the agent's mode is read by its pods' rules");
  assert.deepEqual(workspace.index.agents().map((a) => a.mode), ['DaemonSet']);
  workspace.delete('file:///w/agent.yaml');
  assert.deepEqual(workspace.index.agents(), []);
});

test('after any sequence of edits, incremental findings are exactly a fresh check\'s', () => {
  fc.assert(fc.property(
    fc.constantFrom(...files.map((f) => f.text)),
    fc.array(fc.record({ at: fc.nat(), remove: fc.nat({ max: 30 }), insert: fc.constantFrom('', 'x', '\n', '---\n', '  replicas: 2\n', 'mode: Sidecar', ': ', '- ') }), { minLength: 1, maxLength: 8 }),
    (base, edits) => {
      const workspace = new Workspace();
      const uri = 'file:///w/edited.yaml';
      for (const f of files) workspace.set(`file:///corpus/${f.name}`, f.text);
      let text = base;
      checkFile(workspace.set(uri, text), workspace, defaultCheckOptions);
      for (const [i, edit] of edits.entries()) {
        const at = edit.at % (text.length + 1);
        const base = text;
        text = text.slice(0, at) + edit.insert + text.slice(at + edit.remove);
        // Every other edit says where it changed the text, as an editor does.
        const change = i % 2 ? { base, start: at, end: at + edit.insert.length } : undefined;
        const incremental = full(checkFile(workspace.set(uri, text, change), workspace, defaultCheckOptions));
        const others = Object.fromEntries(files.map((f) => [`file:///corpus/${f.name}`, f.text]));
        assert.deepEqual(incremental, fresh(uri, text, others));
      }
    },
  ), { numRuns: Math.max(30, Math.floor(fuzzRuns / 3)) });
});

test('a text prepared a slice at a time is analysed exactly as one set at once', () => {
  const labels = (count: number, from = 0) => Array.from({ length: count }, (_, i) => `    l${from + i}: v${from + i}\n`).join('');
  const agent = (body: string) => `apiVersion: monitoring.coreos.com/v1alpha1\nkind: PrometheusAgent\nmetadata: {name: big}\nspec:\n  externalLabels:\n${body}`;
  const texts = [
    agent(labels(8_000)),
    // Two large documents, a small one between them, a YAML error and a duplicate key in the second.
    `${agent(labels(6_000))}---\nkind: ConfigMap\n---\n${agent(`${labels(6_000)}    l7: again\n  bad: [\n`)}`,
    // Nothing large: there is nothing to prepare, and set parses as it always does.
    agent(labels(10)),
    // Nesting too deep to parse, by its brackets; and a line indented between the keys, from which the parser nests
    // each following line deeper: neither is parsed, and the finding says where.
    `${agent(labels(6_000))}  x: ${'['.repeat(600)}${']'.repeat(600)}\n`,
    agent(labels(6_000).replace('    l10:', ' \n   l10:')),
  ];
  for (const text of texts) {
    const workspace = new Workspace();
    const uri = 'file:///w/large.yaml';
    workspace.set(uri, agent(labels(8_000, 1)));
    const prepared = workspace.prepare(uri, text);
    // Nothing large: nothing to prepare, set does it all.
    assert.equal(prepared === undefined, text.length < 64 * 1024);
    let slices = 1;
    while (prepared && !prepared.advance(500)) slices++;
    if (prepared) assert.ok(slices > 10, `the parse took ${slices} slices`);
    assert.deepEqual(full(checkFile(workspace.set(uri, text), workspace, defaultCheckOptions)), fresh(uri, text));
  }
});

test('a preparation of another text, unfinished or replaced, is never what set uses', () => {
  const text = `apiVersion: v1\nkind: ConfigMap\nmetadata: {name: big}\ndata:\n${Array.from({ length: 6_000 }, (_, i) => `  k${i}: v${i}\n`).join('')}`;
  const edited = text.replace('  k5: v5\n', '  k5: v5\n  k6: twice\n');
  const workspace = new Workspace();
  const uri = 'file:///w/large.yaml';
  const first = workspace.prepare(uri, text)!;
  first.advance(1_000);
  const second = workspace.prepare(uri, edited)!;
  while (!first.advance(1_000));
  assert.equal(second.advance(10), false);
  // `edited` half prepared, `text` prepared in full but replaced: set of either analyses its own text.
  assert.deepEqual(full(checkFile(workspace.set(uri, text), workspace, defaultCheckOptions)), fresh(uri, text));
  workspace.prepare(uri, edited)!.advance(1_000);
  assert.deepEqual(full(checkFile(workspace.set(uri, edited), workspace, defaultCheckOptions)), fresh(uri, edited));
});

test('told where an edit changed the text, the workspace splits it into the documents a fresh split finds, and counts its CRs', () => {
  const token = fc.constantFrom('---', '--- # c', '...', '%YAML 1.1', '%TAG ! x', '# c', 'a: 1', 'b: |', '  ---', ' ', '\n', '\r\n', '\r', '\uFEFF');
  const text = fc.array(token, { maxLength: 30 }).map((t) => t.join(''));
  fc.assert(fc.property(text, fc.array(fc.record({ at: fc.nat(), remove: fc.nat({ max: 12 }), insert: text }), { minLength: 1, maxLength: 5 }), (first, edits) => {
    const workspace = new Workspace();
    const uri = 'file:///w/split.yaml';
    let current = first;
    workspace.set(uri, current);
    for (const edit of edits) {
      const at = edit.at % (current.length + 1);
      const base = current;
      current = current.slice(0, at) + edit.insert + current.slice(at + edit.remove);
      const told = workspace.set(uri, current, { base, start: at, end: at + edit.insert.length });
      const fresh = new Workspace().set(uri, current);
      assert.deepEqual(told.pieces.map((p) => [p.source.offset, p.source.line, p.source.text]), fresh.pieces.map((p) => [p.source.offset, p.source.line, p.source.text]));
      assert.deepEqual([told.carriageReturns, [...told.documentStarts], told.documents.map((d) => d.source.offset)], [fresh.carriageReturns, [...fresh.documentStarts], fresh.documents.map((d) => d.source.offset)]);
    }
  }), { numRuns: 3000 });
});

test('a change said of another text than the workspace holds is not used', () => {
  const workspace = new Workspace();
  const uri = 'file:///w/told.yaml';
  workspace.set(uri, 'a: 1\n---\nb: 2\n');
  // Said of a text the workspace never held: the whole text is split again.
  const file = workspace.set(uri, 'a: 1\n---\nb: 2\n---\nc: 3\n', { base: 'x: 1\n', start: 0, end: 1 });
  assert.deepEqual(file.pieces.map((p) => p.source.text), ['a: 1\n', '---\nb: 2\n', '---\nc: 3\n']);
});

test('after any sequence of file changes, the index holds what an index of the final files holds, in file order', () => {
  const object = (kind: string, name: string) => `apiVersion: ${kind === 'PrometheusAgent' ? 'monitoring.coreos.com/v1alpha1' : 'v1'}\nkind: ${kind}\nmetadata: {name: ${name}}\n`;
  const document = fc.tuple(fc.constantFrom('Service', 'ConfigMap', 'PrometheusAgent'), fc.constantFrom('a', 'b')).map(([kind, name]) => object(kind, name));
  const text = fc.array(document, { maxLength: 4 }).map((documents) => documents.join('---\n'));
  const step = fc.record({ file: fc.constantFrom('one', 'two', 'three'), text: fc.option(text) });
  const view = (workspace: Workspace) => {
    const entry = (o: { uri: string; document: { source: { offset: number } } }) => `${o.uri}@${o.document.source.offset}`;
    const kinds = ['/Service', '/ConfigMap', 'monitoring.coreos.com/PrometheusAgent'];
    return {
      ofKind: kinds.map((kind) => workspace.index.objectsOf(kind).map(entry)),
      named: kinds.flatMap((kind) => ['a', 'b'].map((name) => workspace.index.objectsNamed(kind, 'default', name).map(entry))),
      agents: workspace.index.agents().map(entry),
    };
  };
  fc.assert(fc.property(fc.array(step, { minLength: 1, maxLength: 12 }), (steps) => {
    const workspace = new Workspace();
    for (const { file, text: changed } of steps) {
      const uri = `file:///w/${file}.yaml`;
      if (changed === null) workspace.delete(uri);
      else workspace.set(uri, changed);
      // Asked after each step: the index is brought up to date change by change.
      const incremental = view(workspace);
      const fresh = new Workspace();
      for (const held of workspace.all()) fresh.set(held.uri, held.text);
      assert.deepEqual(incremental, view(fresh));
    }
  }), { numRuns: 2000 });
});

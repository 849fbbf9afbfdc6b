import { test } from 'node:test';
import assert from 'node:assert/strict';
import { existsSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { gunzipSync } from 'node:zlib';
import { parse, parseAllDocuments, stringify } from 'yaml';
import { defaultCheckOptions, printConfigs, printRendering, renderAllAgents, Workspace, type KubernetesObject, type Rendering } from '../../server/src/engine';
import { structuralDiff } from '../support/structuralDiff';

/**
 * Golden tests as data: each folder of test/fixtures/render holds input.yaml (a workspace of one file), expected.yaml
 * (every object rendered for every agent, in order) and, when rendering notes something, notes.yaml. Secret data is
 * compared decoded: base64 values as text, the gzipped prometheus.yml as YAML. PROMAGENT_UPDATE_GOLDEN=1 rewrites the
 * expected files from the current renderer (review the diff before committing it).
 */
const root = join(__dirname, '..', 'fixtures', 'render');
const update = process.env.PROMAGENT_UPDATE_GOLDEN === '1';

function render(name: string): Rendering[] {
  const workspace = new Workspace();
  workspace.set(`file:///fixtures/render/${name}/input.yaml`, readFileSync(join(root, name, 'input.yaml'), 'utf8'));
  return renderAllAgents(workspace, defaultCheckOptions);
}

/** The object with its Secret data decoded, so the golden reads as what the operator stores, not as base64. */
function decoded(object: KubernetesObject): unknown {
  if (object.kind !== 'Secret') return object;
  const data = Object.fromEntries(Object.entries(object.data as Record<string, string>).map(([key, value]) => {
    const bytes = Buffer.from(value, 'base64');
    return [key, key.endsWith('.gz') ? parse(gunzipSync(bytes).toString('utf8')) : bytes.toString('utf8')];
  }));
  return { ...object, data };
}

const describeObject = (object: unknown) => {
  const { kind, metadata } = object as { kind?: string; metadata?: { name?: string } };
  return `${kind ?? '?'} ${metadata?.name ?? '?'}`;
};

for (const name of readdirSync(root).sort()) {
  test(`render ${name}`, () => {
    const renderings = render(name);
    const actual = renderings.flatMap((r) => r.objects).map(decoded);
    const notes = renderings.flatMap((r) => r.notes.map((note) => `${r.agent.namespace}/${r.agent.name}: ${note}`));
    const expectedPath = join(root, name, 'expected.yaml');
    const notesPath = join(root, name, 'notes.yaml');
    if (update) {
      writeFileSync(expectedPath, actual.map((object) => stringify(object, { indentSeq: false, lineWidth: 0, aliasDuplicateObjects: false })).join('---\n'));
      if (notes.length) writeFileSync(notesPath, stringify(notes, { lineWidth: 0 }));
      else rmSync(notesPath, { force: true });
    }
    const expected = parseAllDocuments(readFileSync(expectedPath, 'utf8')).map((document) => document.toJS());
    const differences = [
      ...(actual.length === expected.length ? [] : [`${actual.length} objects rendered (${actual.map(describeObject).join(', ')}), ${expected.length} expected`]),
      ...expected.flatMap((object, index) => structuralDiff(actual[index], object, `objects[${index}] (${describeObject(object)})`)),
    ];
    assert.deepEqual(differences, [], `${name}: the rendering differs from expected.yaml:\n${differences.join('\n')}`);
    const expectedNotes = existsSync(notesPath) ? parse(readFileSync(notesPath, 'utf8')) as string[] : [];
    assert.deepEqual(notes, expectedNotes);
  });
}

test('the readable configs are the ones stored in the config Secrets', () => {
  for (const name of readdirSync(root)) {
    for (const rendering of render(name)) {
      for (const config of rendering.configs) {
        const secret = rendering.objects.find((object) => object.kind === 'Secret' && object.metadata.name === config.name);
        assert.ok(secret, `${name}: no Secret ${config.name}`);
        const stored = gunzipSync(Buffer.from((secret.data as Record<string, string>)['prometheus.yaml.gz'], 'base64')).toString('utf8');
        assert.equal(stored, config.yaml, `${name}: Secret ${config.name}`);
      }
    }
  }
});

test('the printed streams read back, under YAML 1.1 as kubectl and Prometheus read them, as the same data', () => {
  for (const name of readdirSync(root)) {
    for (const rendering of render(name)) {
      const objects = parseAllDocuments(printRendering(rendering), { version: '1.1' }).map((document) => document.toJS());
      assert.deepEqual(objects, rendering.objects, name);
      const configs = parseAllDocuments(printConfigs(rendering), { version: '1.1' }).map((document) => document.toJS());
      assert.deepEqual(configs, rendering.configs.map((config) => parse(config.yaml, { version: '1.1' })), name);
    }
  }
  const workspace = new Workspace();
  workspace.set('file:///yes.yaml', 'apiVersion: monitoring.coreos.com/v1alpha1\nkind: PrometheusAgent\nmetadata:\n  name: a\n  labels:\n    enabled: "yes"\nspec: {}\n');
  assert.match(printRendering(renderAllAgents(workspace, defaultCheckOptions)[0]), /\n    enabled: "yes"\n/);
});

test('a document with YAML errors is rendered from what could be read, and says so', () => {
  const workspace = new Workspace();
  workspace.set('file:///broken.yaml', 'apiVersion: monitoring.coreos.com/v1alpha1\nkind: PrometheusAgent\nmetadata:\n  name: half\nspec:\n  replicas: 3\n  scrapeInterval: [15s\n');
  const [rendering] = renderAllAgents(workspace, defaultCheckOptions);
  assert.match(rendering.notes[0], /^the document has \d+ YAML errors?; rendered from what could be read$/);
  assert.deepEqual(rendering.objects.map((o) => o.kind), ['Secret', 'Secret', 'Secret', 'Service', 'StatefulSet']);
});

test('shards the API server cannot store, or too many to print: the other agents still render, and the notes say so', () => {
  const workspace = new Workspace();
  const agent = (name: string, shards: string) => `apiVersion: monitoring.coreos.com/v1alpha1\nkind: PrometheusAgent\nmetadata: {name: ${name}, namespace: m}\nspec: {shards: ${shards}}\n`;
  workspace.set('file:///agents.yaml', [agent('good', '2'), agent('huge', '5000000000'), agent('many', '2000')].join('---\n'));
  const [good, huge, many] = renderAllAgents(workspace, defaultCheckOptions);
  const statefulSets = (rendering: Rendering) => rendering.objects.filter((o) => o.kind === 'StatefulSet').length;
  assert.deepEqual([statefulSets(good), statefulSets(huge), statefulSets(many)], [2, 1, 1000]);
  assert.ok(huge.notes.some((note) => note.startsWith('spec.shards: 5000000000 does not fit the int32')), huge.notes.join('\n'));
  assert.ok(many.notes.includes('spec.shards: the first 1000 of the 2000 StatefulSets are rendered; the others differ only in their shard number'));
});

test('the structural diff names the differing paths', () => {
  assert.deepEqual(structuralDiff({ a: [1, { b: 2 }], 'x.y': true }, { a: [1, { b: 3 }, 4], c: 'd', 'x.y': true }), [
    '$.a[1].b: expected 3, got 2',
    '$.a[2]: missing, expected 4',
    '$.c: missing, expected "d"',
  ]);
  assert.deepEqual(structuralDiff({ 'app.kubernetes.io/name': 'x' }, {}), ['$["app.kubernetes.io/name"]: unexpected "x"']);
});

test('rendering is deterministic, gzip included', () => {
  assert.deepEqual(render('statefulset-v3'), render('statefulset-v3'));
});

test('strings go-yaml reads as integers (Go\'s 0o, 0X, 0B prefixes) are written quoted, as kubectl needs them', () => {
  const workspace = new Workspace();
  workspace.set('file:///w/agent.yaml', [
    'apiVersion: monitoring.coreos.com/v1alpha1', 'kind: PrometheusAgent', 'metadata: {name: a, namespace: mon}', 'spec:',
    '  podMetadata:', '    annotations: {build: "0X1F", plain: abc}', '  containers:', '    - name: prometheus',
    '      env: [{name: UMASK, value: "0o022"}, {name: MODE, value: "-0B1"}]', '',
  ].join('\n'));
  const [rendering] = renderAllAgents(workspace, defaultCheckOptions);
  const printed = printRendering(rendering);
  for (const quoted of ['build: "0X1F"', 'value: "0o022"', 'value: "-0B1"', 'plain: abc']) assert.ok(printed.includes(quoted), `${quoted} in\n${printed}`);
});

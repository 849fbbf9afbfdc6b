import { test } from 'node:test';
import assert from 'node:assert/strict';
import fc from 'fast-check';
import { parseAllDocuments } from 'yaml';
import { checkFile, defaultCheckOptions, fixFile, printConfigs, printRendering, renderAllAgents, Workspace, type Finding } from '../../server/src/engine';
import { corpus, fuzzRuns } from '../support/corpus';

const files = corpus();

/** Byte-level and line-level damage of the kinds editors produce: typing, deleting, pasting, cutting off. */
const mutated = fc.record({
  base: fc.constantFrom(...files.map((f) => f.text)),
  edits: fc.array(fc.record({
    at: fc.nat(),
    remove: fc.nat({ max: 40 }),
    insert: fc.oneof(
      fc.string({ maxLength: 12 }),
      fc.constantFrom(': ', '- ', '\n', '  ', '---\n', '----\n', '-- \n', '"', "'", '{', '[', '*a', '&a ', '|\n', '\t', '#', 'mode: Sidecar', '\uFFFD', '\u0000', '\r'),
    ),
  }), { maxLength: 6 }),
}).map(({ base, edits }) => edits.reduce((text, e) => {
  const at = text.length ? e.at % (text.length + 1) : 0;
  return text.slice(0, at) + e.insert + text.slice(at + e.remove);
}, base));

const nasty = fc.oneof(
  mutated,
  fc.string({ maxLength: 400 }),
  fc.uint8Array({ maxLength: 300 }).map((bytes) => Buffer.from(bytes).toString('utf8')),
  fc.constantFrom(...files.map((f) => f.text)).chain((text) => fc.nat({ max: text.length }).map((n) => text.slice(0, n))),
);

function checkAll(text: string, uri: string): Finding[] {
  const workspace = new Workspace();
  for (const f of files) workspace.set(`file:///corpus/${f.name}`, f.text);
  return checkFile(workspace.set(uri, text), workspace, defaultCheckOptions);
}

test('no input makes the engine throw, and every finding has a sane range', () => {
  fc.assert(fc.property(nasty, fc.constantFrom('file:///w/agent.yaml', 'file:///w/prometheus.yml'), (text, uri) => {
    const lineCount = text.split(/\r\n|\r|\n/).length;
    for (const finding of checkAll(text, uri)) {
      assert.notEqual(finding.code, 'promagent/rule-failed', finding.message);
      const { start, end } = finding.range;
      assert.ok(start.line <= end.line && end.line < lineCount + 1, JSON.stringify(finding.range));
    }
  }), { numRuns: fuzzRuns });
});

/** Valid YAML is YAML as kubectl and Prometheus (go-yaml) read it, where a lone CR breaks a line as promagent reads it. */
const asGoYamlReadsIt = (text: string) => text.replace(/\r(?!\n)/g, '\n');

test('a fix touches only the bytes of its edits, and never turns valid YAML into invalid YAML', () => {
  fc.assert(fc.property(mutated, (text) => {
    const workspace = new Workspace();
    const uri = 'file:///w/manifest.yaml';
    const before = checkAll(text, uri);
    const parsed = parseAllDocuments(asGoYamlReadsIt(text), { version: '1.1' });
    const wasValid = Array.isArray(parsed) && parsed.every((d) => d.errors.length === 0);
    const result = fixFile(uri, text, workspace, defaultCheckOptions);
    if (wasValid) {
      const docs = parseAllDocuments(asGoYamlReadsIt(result.text), { version: '1.1' }) as { errors: { message: string }[] }[];
      assert.deepEqual(docs.flatMap((d) => d.errors.map((e) => e.message)), [], `fixing broke the YAML:\n${text}\n=>\n${result.text}`);
    }
    if (before.every((f) => !f.fixes.some((x) => x.preferred))) assert.equal(result.text, text);
  }), { numRuns: fuzzRuns });
});

test('pathological shapes: deep nesting, long lines and keys, alias bombs, huge maps, repeated keys, anchors and markers', () => {
  const deep = 'apiVersion: monitoring.coreos.com/v1alpha1\nkind: PrometheusAgent\nmetadata: {name: a}\nspec:\n  podMetadata:\n    labels:\n' +
    Array.from({ length: 200 }, (_, i) => `${'  '.repeat(i + 3)}k${i}:`).join('\n') + ' x\n';
  const longLine = `apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: ${'a'.repeat(100_000)}\n`;
  const longKey = `apiVersion: monitoring.coreos.com/v1alpha1\nkind: PrometheusAgent\nmetadata: {name: a}\nspec:\n  ${'k'.repeat(50_000)}: 1\n`;
  const aliases = ['apiVersion: monitoring.coreos.com/v1alpha1', 'kind: PrometheusAgent', 'metadata: {name: a}', 'a0: &a0 [x, x, x, x, x, x, x, x, x, x]'];
  for (let i = 1; i < 30; i++) aliases.push(`a${i}: &a${i} [${Array(10).fill(`*a${i - 1}`).join(', ')}]`);
  const flowDeep = `apiVersion: monitoring.coreos.com/v1alpha1\nkind: PrometheusAgent\nmetadata: {name: a}\nspec: ${'['.repeat(200)}${']'.repeat(200)}\n`;
  // Past the nesting bound, documents are not parsed at all (see documents.test.ts).
  const flowDeeper = flowDeep.replace(/\[+\]+/, `${'{a: ['.repeat(5000)}${']}'.repeat(5000)}`);
  const hugeMap = `apiVersion: monitoring.coreos.com/v1alpha1\nkind: PrometheusAgent\nmetadata: {name: a}\nspec:\n  externalLabels:\n${
    Array.from({ length: 50_000 }, (_, i) => `    l${i}: v${i}\n`).join('')}`;
  const sameKeys = `apiVersion: v1\nkind: ConfigMap\nmetadata: {name: a}\ndata:\n${'  key: value\n'.repeat(20_000)}`;
  const manyAnchors = `apiVersion: v1\nkind: ConfigMap\nmetadata: {name: a}\ndata:\n${Array.from({ length: 5_000 }, (_, i) => `  a${i}: &a${i} v\n  b${i}: *a${i}\n`).join('')}`;
  for (const text of [deep, longLine, longKey, aliases.join('\n') + '\n', flowDeep, flowDeeper, hugeMap, sameKeys, manyAnchors, '---\n'.repeat(40_000)]) {
    const started = performance.now();
    const findings = checkAll(text, 'file:///w/shape.yaml');
    assert.ok(findings.every((f) => f.code !== 'promagent/rule-failed'), findings.map((f) => f.message).join('\n'));
    assert.ok(performance.now() - started < 5000, 'checked in bounded time');
  }
});

/** The names of Object.prototype's members: a lookup of a key read from YAML in a plain object finds them. */
const prototypeNames = ['toString', 'constructor', 'valueOf', 'hasOwnProperty', '__proto__', 'isPrototypeOf', 'toLocaleString', '__defineGetter__'];
const keyLine = /^(\s*(?:- )?)([^\s:#'"-][^:#]*?):(?=\s|$)(.*)$/;

/** The corpus with such names written as keys (renamed or added beside one) and as plain values, anywhere. */
const withPrototypeNames = fc.record({
  base: fc.constantFrom(...files.map((f) => f.text)),
  edits: fc.array(fc.record({ line: fc.nat(), name: fc.constantFrom(...prototypeNames), how: fc.constantFrom('rename', 'beside', 'value') }), { minLength: 1, maxLength: 4 }),
}).map(({ base, edits }) => edits.reduce((text, { line, name, how }) => {
  const lines = text.split('\n');
  const at = line % lines.length;
  const key = keyLine.exec(lines[at]);
  if (!key) return text;
  if (how === 'rename') lines[at] = `${key[1]}${name}:${key[3]}`;
  else if (how === 'beside') lines.splice(at + 1, 0, `${' '.repeat(key[1].length)}${name}: 1`);
  else if (/^\s+[^\s|>&*{[]/.test(key[3])) lines[at] = `${key[1]}${key[2]}: ${name}`;
  return lines.join('\n');
}, base));

test('keys and values named like members of Object.prototype are keys and values like any other', () => {
  const leaked = /native code|\[object |function \w*\(/;
  fc.assert(fc.property(withPrototypeNames, fc.constantFrom('file:///w/agent.yaml', 'file:///w/prometheus.yml'), (text, uri) => {
    for (const finding of checkAll(text, uri)) {
      assert.notEqual(finding.code, 'promagent/rule-failed', finding.message);
      assert.doesNotMatch(finding.message, leaked);
    }
    const fixed = fixFile(uri, text, new Workspace(), defaultCheckOptions).text;
    if (!text.includes('undefined')) assert.ok(!fixed.includes('undefined'), fixed);
    const workspace = new Workspace();
    workspace.set(uri, text);
    for (const rendering of renderAllAgents(workspace, defaultCheckOptions)) {
      assert.doesNotMatch(printRendering(rendering) + printConfigs(rendering), leaked);
    }
  }), { numRuns: fuzzRuns });
});

test('a document marker mistyped as ---- or -- never lets a file pass: kubectl rejects it, promagent reports it', () => {
  const streams = files.filter((f) => /^---$/m.test(f.text.trimEnd().split('\n').slice(1).join('\n')));
  assert.ok(streams.length > 0, 'the corpus holds multi-document files');
  fc.assert(fc.property(fc.constantFrom(...streams), fc.nat(), fc.constantFrom('----', '-- ', '--', '-----'), ({ text }, pick, marker) => {
    const markers = [...text.matchAll(/^---$/gm)].filter((m) => m.index > 0);
    const at = markers[pick % markers.length].index;
    const broken = text.slice(0, at) + marker + text.slice(at + 3);
    assert.ok(checkAll(broken, 'file:///w/stream.yaml').some((f) => f.severity === 'error'), broken);
  }), { numRuns: fuzzRuns });
});

test('a fix never edits a value that carries an anchor: its aliases would change with it', () => {
  const anchored = fc.record({ base: fc.constantFrom(...files.map((f) => f.text)), line: fc.nat() }).map(({ base, line }) => {
    const lines = base.split('\n');
    const at = line % lines.length;
    const key = keyLine.exec(lines[at]);
    if (!key || !/^\s+[^\s|>&*{[#]/.test(key[3])) return undefined;
    lines[at] = `${key[1]}${key[2]}: &anchored ${key[3].trim()}`;
    return { text: lines.join('\n'), value: `&anchored ${key[3].trim()}` };
  }).filter((input): input is { text: string; value: string } => input !== undefined);
  fc.assert(fc.property(anchored, ({ text, value }) => {
    const fixed = fixFile('file:///w/manifest.yaml', text, new Workspace(), defaultCheckOptions).text;
    if (fixed.includes('&anchored')) assert.ok(fixed.includes(value), `${value}\n=>\n${fixed}`);
  }), { numRuns: fuzzRuns });
});

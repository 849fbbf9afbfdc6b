import { test } from 'node:test';
import assert from 'node:assert/strict';
import { parseAllDocuments } from 'yaml';
import { defaultCheckOptions, fixFile, Workspace } from '../../server/src/engine';
import { findings } from '../support/engine';

/**
 * Shapes whose cost once grew with the square of their size (minutes for a few hundred kilobytes): each must now cost
 * a small multiple of a bare parse of the same text. The floor is measured in the same process, so a slow machine
 * slows both.
 */
function bareParse(text: string): number {
  const started = performance.now();
  parseAllDocuments(text, { version: '1.1', uniqueKeys: false });
  return performance.now() - started;
}

function assertNearParse(what: string, text: string, run: () => unknown, multiple = 8): void {
  bareParse(text);
  const floor = bareParse(text);
  const started = performance.now();
  run();
  const took = performance.now() - started;
  assert.ok(took < multiple * floor + 300, `${what}: ${Math.round(took)} ms against a bare parse of ${Math.round(floor)} ms`);
}

const configMap = 'apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: big\n';
const lines = (count: number, line: (i: number) => string) => Array.from({ length: count }, (_, i) => line(i)).join('');

test('warm-up: the first check compiles the schemas', () => {
  findings(`${configMap}data: {a: b}\n`);
  findings('apiVersion: monitoring.coreos.com/v1alpha1\nkind: PrometheusAgent\nmetadata: {name: a}\nspec: {}\n');
});

test('16,000 duplicate keys', () => {
  const text = `${configMap}data:\n${lines(16_000, () => '  key: value\n')}`;
  assertNearParse('duplicate keys', text, () => assert.equal(findings(text).length, 15_999));
});

test('4,000 anchors, each with an alias', () => {
  const text = `${configMap}data:\n${lines(4_000, (i) => `  a${i}: &a${i} value\n  b${i}: *a${i}\n`)}`;
  assertNearParse('anchors', text, () => assert.deepEqual(findings(text), []));
});

test('20,000 aliases to no anchor', () => {
  const text = `${configMap}data:\n${lines(20_000, (i) => `  b${i}: *a${i}\n`)}`;
  assertNearParse('unknown aliases', text, () => assert.equal(findings(text).length, 20_000));
});

test('40,000 document markers, checked and checked again after an edit', () => {
  const text = lines(40_000, () => '---\n');
  const workspace = new Workspace();
  const uri = 'file:///w/markers.yaml';
  assertNearParse('document markers', text, () => workspace.set(uri, text));
  assertNearParse('document markers after an edit', text, () => workspace.set(uri, `# edited\n${text}`));
});

test('fix over 20,000 labels, each quoted', () => {
  const text = `${configMap}  labels:\n${lines(20_000, (i) => `    l${i}: ${i}\n`)}`;
  // A fix checks the file once per pass and once more for what is left: three checks here, each with 20,000 findings.
  assertNearParse('fix', text, () => {
    const result = fixFile('file:///w/labels.yaml', text, new Workspace(), defaultCheckOptions);
    assert.equal(result.applied, 20_000);
  }, 16);
});

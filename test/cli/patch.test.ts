import { test } from 'node:test';
import assert from 'node:assert/strict';
import { applyPatch } from 'diff';
import { unifiedDiff } from '../../server/src/cli/patch';

const labels = (count: number, quoted: boolean) => `apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: big\n  labels:\n${
  Array.from({ length: count }, (_, i) => `    l${i}: ${quoted ? `"${i}"` : i}\n`).join('')}# end\n`;

test('fix --dry-run on 20,000 changed lines prints, quickly, a patch that applies', () => {
  const before = labels(20_000, false);
  const after = labels(20_000, true);
  const started = performance.now();
  const patch = unifiedDiff('big.yaml', before, after);
  assert.ok(performance.now() - started < 2000, `${Math.round(performance.now() - started)} ms`);
  assert.match(patch, /^Index: big.yaml\n=+\n--- big.yaml\n\+\+\+ big.yaml\n@@ -3,20004 \+3,20004 @@\n metadata:\n {3}name: big\n {3}labels:\n- {4}l0: 0\n/);
  assert.equal(applyPatch(before, patch), after);
});

test('a few changes get the smallest patch; a last line losing its line feed is a change', () => {
  const before = 'a: 1\nb: 2\nc: 3\n';
  assert.equal(unifiedDiff('f.yaml', before, 'a: 1\nb: "2"\nc: 3\n').split('\n').slice(4).join('\n'), '@@ -1,3 +1,3 @@\n a: 1\n-b: 2\n+b: "2"\n c: 3\n');
  const many = labels(3_000, false);
  const noFeed = many.replace(/\n$/, '').replace(/(l\d+): (\d+)/g, '$1: "$2"');
  assert.equal(applyPatch(many, unifiedDiff('f.yaml', many, noFeed)), noFeed);
});

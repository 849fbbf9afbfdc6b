import { test } from 'node:test';
import assert from 'node:assert/strict';
import { isMap, isSeq, parseDocument } from 'yaml';
import type { Node, Pair, YAMLMap, YAMLSeq } from 'yaml';
import { LineIndex } from '../../server/src/engine/yaml/lineIndex';
import { removeEntry } from '../../server/src/engine/yaml/removal';
import { walkPath } from '../../server/src/engine/yaml/documents';
import { yaml } from '../support/engine';

/** Removes the entry at `path` (a key or a list index) and returns the new text, or undefined when declined. */
function remove(text: string, path: (string | number)[]): string | undefined {
  const doc = parseDocument(text);
  const parentPath = path.slice(0, -1);
  const parent = (parentPath.length ? walkPath(doc.contents, parentPath).at(-1)?.node : doc.contents) as YAMLMap | YAMLSeq;
  const last = path[path.length - 1];
  const item = isMap(parent)
    ? (parent.items as Pair[]).find((p) => String((p.key as { value: unknown }).value) === last)!
    : (parent as YAMLSeq).items[last as number] as Node;
  assert.ok(isMap(parent) || isSeq(parent));
  const edit = removeEntry(text, new LineIndex(text), parent, item);
  return edit && text.slice(0, edit.start) + edit.newText + text.slice(edit.end);
}

const agent = yaml`
  spec:
    mode: DaemonSet   # one per node
    # the replica count
    replicas: 2 # two
    storage:
      volumeClaimTemplate:
        # size
        spec: {}
    shards: 1
  `;

test('a block entry goes with its own lines only; comments above and below stay', () => {
  assert.equal(remove(agent, ['spec', 'replicas']), agent.replace('  replicas: 2 # two\n', ''));
  assert.equal(remove(agent, ['spec', 'storage']), agent.replace('  storage:\n    volumeClaimTemplate:\n      # size\n      spec: {}\n', ''));
  assert.equal(remove(agent, ['spec', 'shards']), agent.replace('  shards: 1\n', ''));
});

test('the only entry of a mapping leaves {} so the parent stays a mapping', () => {
  assert.equal(remove('spec:\n  replicas: 2 # two\nx: 1\n', ['spec', 'replicas']), 'spec:\n  {} # two\nx: 1\n');
});

test('block and flow sequence items', () => {
  const text = 'features:\n  - agent # v2 flag\n  - exemplar-storage\nflow: [agent, x]\nlast: [agent]\n';
  assert.equal(remove(text, ['features', 0]), 'features:\n  - exemplar-storage\nflow: [agent, x]\nlast: [agent]\n');
  assert.equal(remove(text, ['flow', 0]), 'features:\n  - agent # v2 flag\n  - exemplar-storage\nflow: [x]\nlast: [agent]\n');
  assert.equal(remove(text, ['flow', 1]), 'features:\n  - agent # v2 flag\n  - exemplar-storage\nflow: [agent]\nlast: [agent]\n');
  assert.equal(remove(text, ['last', 0]), 'features:\n  - agent # v2 flag\n  - exemplar-storage\nflow: [agent, x]\nlast: []\n');
  assert.equal(remove('a:\n  - only\n', ['a', 0]), 'a:\n  []\n');
});

test('flow mapping entries', () => {
  assert.equal(remove('spec: {mode: DaemonSet, replicas: 2}\n', ['spec', 'replicas']), 'spec: {mode: DaemonSet}\n');
  assert.equal(remove('spec: {replicas: 2, mode: DaemonSet}\n', ['spec', 'replicas']), 'spec: {mode: DaemonSet}\n');
});

test('an entry sharing its line with a list dash is declined', () => {
  assert.equal(remove('items:\n  - name: a\n    url: b\n', ['items', 0, 'name']), undefined);
  assert.equal(remove('items:\n  - name: a\n    url: b\n', ['items', 0, 'url']), 'items:\n  - name: a\n');
});

test('the last line of a text without a final line break takes the break before it: the text still ends without one', () => {
  assert.equal(remove('a: 1\nb: 2', ['b']), 'a: 1');
  assert.equal(remove('a: 1\r\nb:\r\n  - 2', ['b']), 'a: 1');
  assert.equal(remove('a: 1\nb: 2\n', ['b']), 'a: 1\n');
});

test('the only entry with a block value', () => {
  assert.equal(remove('spec:\n  storage:\n    emptyDir: {}\nx: 1\n', ['spec', 'storage']), 'spec:\n  {}\nx: 1\n');
});

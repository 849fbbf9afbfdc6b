import { test } from 'node:test';
import assert from 'node:assert/strict';
import { check } from '../support/engine';

const configMap = (name: string) => `apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: ${name}\n  namespace: monitoring\ndata: {a: b}\n`;
const duplicates = (uri: string, text: string, workspace: Record<string, string>) =>
  check(text, { uri, workspace }).filter((line) => line.includes('metadata/duplicate-object'));

test('two objects of one kind, namespace and name in one folder: a warning on each, naming the other', () => {
  assert.deepEqual(duplicates('file:///repo/a.yaml', configMap('edge'), { 'file:///repo/b.yaml': configMap('edge') }),
    ['4:9 warning metadata/duplicate-object ConfigMap monitoring/edge is defined again at b.yaml:1: kubectl apply keeps only the last one applied']);
  assert.deepEqual(duplicates('file:///repo/a.yaml', `${configMap('edge')}---\n${configMap('edge')}`, {}).map((line) => line.split(' ')[0]), ['4:9', '11:9']);
  // Another name, another kind or another namespace is another object.
  assert.deepEqual(duplicates('file:///repo/a.yaml', configMap('edge'), { 'file:///repo/b.yaml': configMap('core') }), []);
  assert.deepEqual(duplicates('file:///repo/a.yaml', configMap('edge'), { 'file:///repo/b.yaml': configMap('edge').replace('kind: ConfigMap', 'kind: Secret') }), []);
});

test('folders apart, a kustomization\'s folder and untitled buffers repeat objects on purpose', () => {
  assert.deepEqual(duplicates('file:///repo/base/a.yaml', configMap('edge'), { 'file:///repo/overlays/prod/a.yaml': configMap('edge') }), []);
  assert.deepEqual(duplicates('file:///repo/a.yaml', configMap('edge'), {
    'file:///repo/b.yaml': configMap('edge'),
    'file:///repo/kustomization.yaml': 'resources: [a.yaml]\npatches: [{path: b.yaml}]\n',
  }), []);
  assert.deepEqual(duplicates('untitled:Untitled-1', configMap('edge'), { 'untitled:Untitled-2': configMap('edge') }), []);
});

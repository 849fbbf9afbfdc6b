import { test } from 'node:test';
import assert from 'node:assert/strict';
import { check } from '../support/engine';
import { checkFile, defaultCheckOptions, Workspace, type TextChange } from '../../server/src/engine';

const configMap = (name: string) => `apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: ${name}\n  namespace: monitoring\ndata: {a: b}\n`;
const duplicates = (uri: string, text: string, workspace: Record<string, string>) =>
  check(text, { uri, workspace }).filter((line) => line.includes('metadata/duplicate-object'));

test('two objects of one kind, namespace and name in one folder: a warning on each, naming the other', () => {
  assert.deepEqual(duplicates('file:///repo/a.yaml', configMap('edge'), { 'file:///repo/b.yaml': configMap('edge').replace('{a: b}', '{a: c}') }),
    ['4:9 warning metadata/duplicate-object ConfigMap monitoring/edge is defined again at b.yaml:1: kubectl apply keeps only the last one applied']);
  // Another file of the same text (a symbolic link to this one) applies the same object again: nothing is lost; so does
  // one holding the same data written otherwise (flow style, keys in another order, comments).
  assert.deepEqual(duplicates('file:///repo/a.yaml', configMap('edge'), { 'file:///repo/b.yaml': configMap('edge') }), []);
  const namespace = 'apiVersion: v1\nkind: Namespace\nmetadata:\n  name: shop\n  labels:\n    monitoring: enabled\n';
  assert.deepEqual(duplicates('file:///repo/a.yaml', namespace, { 'file:///repo/b.yaml': '# the shop team\napiVersion: v1\nkind: Namespace\nmetadata: {labels: {monitoring: enabled}, name: shop}\n' }), []);
  // A Namespace is in none: named without one.
  assert.deepEqual(duplicates('file:///repo/a.yaml', namespace, { 'file:///repo/b.yaml': namespace.replace('enabled', 'disabled') }),
    ['4:9 warning metadata/duplicate-object Namespace shop is defined again at b.yaml:1: kubectl apply keeps only the last one applied']);
  assert.deepEqual(duplicates('file:///repo/a.yaml', `${configMap('edge')}---\n${configMap('edge')}`, {}).map((line) => line.split(' ')[0]), ['4:9', '11:9']);
  // Another name, another kind or another namespace is another object.
  assert.deepEqual(duplicates('file:///repo/a.yaml', configMap('edge'), { 'file:///repo/b.yaml': configMap('core') }), []);
  assert.deepEqual(duplicates('file:///repo/a.yaml', configMap('edge'), { 'file:///repo/b.yaml': configMap('edge').replace('kind: ConfigMap', 'kind: Secret') }), []);
  // One of no namespace written is wherever -n puts it: only maybe the one written `default`; two unwritten are one.
  const unplaced = (data: string) => configMap('edge').replace('  namespace: monitoring\n', '').replace('{a: b}', data);
  assert.deepEqual(duplicates('file:///repo/a.yaml', unplaced('{a: b}'), { 'file:///repo/b.yaml': configMap('edge').replace('monitoring', 'default').replace('{a: b}', '{a: c}') }), []);
  assert.equal(duplicates('file:///repo/a.yaml', unplaced('{a: b}'), { 'file:///repo/b.yaml': unplaced('{a: c}') }).length, 1);
});

test('folders apart, a kustomization\'s folder and untitled buffers repeat objects on purpose', () => {
  assert.deepEqual(duplicates('file:///repo/base/a.yaml', configMap('edge'), { 'file:///repo/overlays/prod/a.yaml': configMap('edge') }), []);
  assert.deepEqual(duplicates('file:///repo/a.yaml', configMap('edge'), {
    'file:///repo/b.yaml': configMap('edge'),
    'file:///repo/kustomization.yaml': 'resources: [a.yaml]\npatches: [{path: b.yaml}]\n',
  }), []);
  assert.deepEqual(duplicates('untitled:Untitled-1', configMap('edge'), { 'untitled:Untitled-2': configMap('edge') }), []);
});

test('the line a warning names follows the other object when an edit elsewhere adds lines above it', () => {
  const workspace = new Workspace();
  const uri = 'file:///repo/a.yaml';
  const warnings = (text: string, change?: TextChange) => checkFile(workspace.set(uri, text, change), workspace, defaultCheckOptions)
    .filter((finding) => finding.code === 'metadata/duplicate-object').map((finding) => `${finding.range.start.line + 1}: ${finding.message.split(': ')[0]}`);
  const before = `${configMap('edge')}---\napiVersion: rbac.authorization.k8s.io/v1\nkind: Role\nmetadata:\n  name: web\n`;
  const text = `${before}---\n${configMap('edge')}`;
  assert.deepEqual(warnings(text), ['4: ConfigMap monitoring/edge is defined again at line 12', '16: ConfigMap monitoring/edge is defined again at line 1']);
  // Lines added in the Role: the first ConfigMap is as it was, and nothing the index holds changed.
  const moved = `${before}  labels: {app: web}\n  annotations: {note: x}\n---\n${configMap('edge')}`;
  assert.deepEqual(warnings(moved, { base: text, start: before.length, end: before.length + '  labels: {app: web}\n  annotations: {note: x}\n'.length }),
    ['4: ConfigMap monitoring/edge is defined again at line 14', '18: ConfigMap monitoring/edge is defined again at line 1']);
});

test('the warning of an object edited since follows the other object too', () => {
  const workspace = new Workspace();
  const uri = 'file:///repo/a.yaml';
  const warnings = (text: string, change?: TextChange) => checkFile(workspace.set(uri, text, change), workspace, defaultCheckOptions)
    .filter((finding) => finding.code === 'metadata/duplicate-object').map((finding) => `${finding.range.start.line + 1}: ${finding.message.split(': ')[0]}`);
  const role = (name: string) => `apiVersion: rbac.authorization.k8s.io/v1\nkind: Role\nmetadata:\n  name: ${name}\n`;
  const text = [configMap('edge'), role('a'), role('b'), role('c'), configMap('edge')].join('---\n');
  assert.deepEqual(warnings(text), ['4: ConfigMap monitoring/edge is defined again at line 22', '26: ConfigMap monitoring/edge is defined again at line 1']);
  // A comment added to the first ConfigMap: checked again, with nothing any other object reads changed.
  const commented = text.replace('data: {a: b}', 'data: {a: b} # kept');
  const commentAt = text.indexOf('data: {a: b}') + 'data: {a: b}'.length;
  assert.deepEqual(warnings(commented, { base: text, start: commentAt, end: commentAt + ' # kept'.length }),
    ['4: ConfigMap monitoring/edge is defined again at line 22', '26: ConfigMap monitoring/edge is defined again at line 1']);
  // Then a line added in the last Role, far from the first ConfigMap: its warning follows the second.
  const longer = commented.replace('  name: c\n', '  name: c\n  labels: {app: web}\n');
  const addedAt = commented.indexOf('  name: c\n') + '  name: c\n'.length;
  assert.deepEqual(warnings(longer, { base: commented, start: addedAt, end: addedAt + '  labels: {app: web}\n'.length }),
    ['4: ConfigMap monitoring/edge is defined again at line 23', '27: ConfigMap monitoring/edge is defined again at line 1']);
});

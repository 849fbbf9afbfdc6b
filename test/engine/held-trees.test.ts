import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readdirSync, readFileSync } from 'node:fs';
import { join, relative } from 'node:path';
import { checkFile, defaultCheckOptions, HeldTrees, Workspace } from '../../server/src/engine';
import { repository } from '../../scripts/bench/generate';

const root = join(__dirname, '..', '..');

/** Every YAML file of a folder and those below it, by path. */
function yamlFiles(folder: string): { path: string; text: string }[] {
  return readdirSync(folder, { withFileTypes: true, recursive: true })
    .filter((entry) => entry.isFile() && /\.ya?ml$/.test(entry.name))
    .map((entry) => join(entry.parentPath, entry.name)).sort()
    .map((path) => ({ path: relative(root, path), text: readFileSync(path, 'utf8') }));
}

/** Each file's findings (fixes included), checked in one workspace as the CLI checks a repository, trees let go or not. */
function checkAll(files: { path: string; text: string }[], held?: HeldTrees): Map<string, string> {
  const workspace = new Workspace();
  workspace.heldTrees = held;
  const uri = (path: string) => `file:///repo/${path}`;
  for (const { path, text } of files) workspace.set(uri(path), text);
  return new Map(files.map(({ path }) => {
    const findings = JSON.stringify(checkFile(workspace.get(uri(path))!, workspace, defaultCheckOptions));
    workspace.checkedOnce(uri(path));
    if (held) assert.equal(held.count, 0, `${path}: trees held after its check`);
    return [path, findings];
  }));
}

const unbuiltData = `apiVersion: v1
kind: Service
metadata:
  name: Web_Bad
  labels: !!omap
    - app: a
    - app: b
spec: {selector: {app: web}, ports: [{name: web, port: 80}]}
---
apiVersion: monitoring.coreos.com/v1
kind: ServiceMonitor
metadata:
  name: Mon_Bad
  labels: !!omap
    - team: a
    - team: b
spec: {selector: {matchLabels: {app: web}}, endpoints: [{port: web}]}
`;

const deployment = `apiVersion: apps/v1
kind: Deployment
metadata: {name: web}
spec:
  selector: {matchLabels: {app: web}}
  template:
    metadata: {labels: {app: web}}
    spec: {containers: [{name: c, image: x, ports: [{name: web, containerPort: 80}]}]}
`;

test('a repository checked with its trees let go after each file gets the findings it gets with every tree held', () => {
  const corpora = {
    examples: yamlFiles(join(root, 'examples')),
    fixtures: yamlFiles(join(root, 'test', 'fixtures')),
    generated: repository(400, 5),
    // Documents whose data cannot be built without any alias: whether they have data must not depend on the tree held.
    unbuilt: [{ path: 'mixed.yaml', text: unbuiltData }, { path: 'workload.yaml', text: deployment }],
  };
  for (const [name, files] of Object.entries(corpora)) {
    assert.ok(files.length > 10 || name === 'unbuilt', name);
    const held = checkAll(files);
    const letGo = checkAll(files, new HeldTrees());
    for (const { path } of files) assert.equal(letGo.get(path), held.get(path), `${name}: ${path}`);
    // Not a check that cannot fail: the corpora hold findings, and documents that other files' rules read.
    assert.ok([...held.values()].some((findings) => findings !== '[]'), name);
  }
});

test('a tree let go is composed again from its text when read, and let go again once the file is checked', () => {
  const held = new HeldTrees();
  const workspace = new Workspace();
  workspace.heldTrees = held;
  const text = (name: string) => `apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: ${name}\n`;
  const first = workspace.set('file:///repo/a.yaml', text('a'));
  workspace.set('file:///repo/b.yaml', text('b'));
  // Each file's trees are let go once it is indexed.
  assert.equal(held.count, 0);
  const document = first.documents[0].yaml;
  assert.equal(document.ast.toString(), text('a'));
  assert.deepEqual(document.value, { apiVersion: 'v1', kind: 'ConfigMap', metadata: { name: 'a' } });
  assert.equal(held.count, 1);
  workspace.checkedOnce('file:///repo/a.yaml');
  assert.equal(held.count, 0);
});

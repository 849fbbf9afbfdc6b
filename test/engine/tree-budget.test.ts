import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readdirSync, readFileSync } from 'node:fs';
import { join, relative } from 'node:path';
import { checkFile, defaultCheckOptions, TreeBudget, Workspace } from '../../server/src/engine';
import { repository } from '../../scripts/bench/generate';

const root = join(__dirname, '..', '..');

/** Every YAML file of a folder and those below it, by path. */
function yamlFiles(folder: string): { path: string; text: string }[] {
  return readdirSync(folder, { withFileTypes: true, recursive: true })
    .filter((entry) => entry.isFile() && /\.ya?ml$/.test(entry.name))
    .map((entry) => join(entry.parentPath, entry.name)).sort()
    .map((path) => ({ path: relative(root, path), text: readFileSync(path, 'utf8') }));
}

/** Each file's findings (fixes included), checked in one workspace as the CLI checks a repository, with or without a budget. */
function checkAll(files: { path: string; text: string }[], budget?: TreeBudget): Map<string, string> {
  const workspace = new Workspace();
  workspace.treeBudget = budget;
  const uri = (path: string) => `file:///repo/${path}`;
  for (const { path, text } of files) workspace.set(uri(path), text);
  return new Map(files.map(({ path }) => {
    const findings = JSON.stringify(checkFile(workspace.get(uri(path))!, workspace, defaultCheckOptions));
    workspace.checkedOnce(uri(path));
    if (budget) assert.equal(budget.heldChars, 0, `${path}: trees held after its check`);
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
    const letGo = checkAll(files, new TreeBudget(0));
    for (const { path } of files) assert.equal(letGo.get(path), held.get(path), `${name}: ${path}`);
    // Not a check that cannot fail: the corpora hold findings, and documents that other files' rules read.
    assert.ok([...held.values()].some((findings) => findings !== '[]'), name);
  }
});

test('a budget holds the trees composed last, up to its bound, and a tree composed again is the one let go', () => {
  const budget = new TreeBudget(60);
  const workspace = new Workspace();
  workspace.treeBudget = budget;
  const text = (name: string) => `apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: ${name}\n`;
  const first = workspace.set('file:///repo/a.yaml', text('a'));
  assert.equal(budget.heldChars, text('a').length);
  workspace.set('file:///repo/b.yaml', text('b'));
  // Two texts of 45 characters pass 60: the one composed first is let go.
  assert.equal(budget.heldChars, text('b').length);
  const document = first.documents[0].yaml;
  assert.equal(document.ast.toString(), text('a'));
  assert.deepEqual(document.value, { apiVersion: 'v1', kind: 'ConfigMap', metadata: { name: 'a' } });
  // Composed again by that read, a is held until the holder trims, which lets go of b.
  assert.equal(budget.heldChars, text('a').length + text('b').length);
  workspace.checkedOnce('file:///repo/a.yaml');
  assert.equal(budget.heldChars, text('a').length);
});

import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, relative } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { CancellationTokenSource } from 'vscode-languageserver-protocol/node';
import { TestClient } from '../support/lsp';
import { agentManifest } from '../support/engine';

// A folder whose name Node and VS Code percent-encode differently: `(` as itself, or as `%28`.
let folder: string;
let client: TestClient;
const vsCodeUri = (path: string) => pathToFileURL(join(folder, path)).href.replace(/\(/g, '%28').replace(/\)/g, '%29');

before(async () => {
  folder = mkdtempSync(join(tmpdir(), 'promagent-uris-'));
  mkdirSync(join(folder, 'team (copy)'));
  writeFileSync(join(folder, 'team (copy)', 'agent.yaml'), agentManifest('replicas: 2'));
  client = await TestClient.start({ workspaceFolder: pathToFileURL(folder).href });
});
after(async () => {
  await client.stop();
  rmSync(folder, { recursive: true, force: true });
});

test('a file open under the editor\'s URI and read from disk under Node\'s is one file, not a duplicate of itself', async () => {
  const uri = vsCodeUri('team (copy)/agent.yaml');
  assert.notEqual(uri, pathToFileURL(join(folder, 'team (copy)', 'agent.yaml')).href);
  await client.open(uri, agentManifest('replicas: 2'));
  assert.deepEqual((await client.pullDiagnostics(uri)).map((d) => d.code), []);
  // Closed, it is the disk's again, once.
  await client.close(uri);
  const report = await client.workspaceDiagnostics();
  assert.deepEqual(report.items.map((item) => item.kind === 'full' ? item.items.map((d) => d.code) : []), [[]]);
});

test('the workspace report takes the result ids the editor sends under its URIs: unchanged files are not sent again', async () => {
  writeFileSync(join(folder, 'team (copy)', 'broken.yaml'), agentManifest('replicas: two').replace('  name: agent\n', '  name: broken\n'));
  await client.filesChanged([{ uri: vsCodeUri('team (copy)/broken.yaml'), type: 1 }]);
  const first = await client.workspaceDiagnostics();
  const broken = first.items.find((item) => item.uri.endsWith('broken.yaml'))!;
  assert.equal(broken.kind, 'full');
  // VS Code names the files as it writes URIs.
  const previous = first.items.flatMap((item) => (item.resultId ? [{ uri: vsCodeUri(relative(folder, fileURLToPath(item.uri))), value: item.resultId }] : []));
  const waiting = new CancellationTokenSource();
  const next = client.workspaceDiagnostics(previous, waiting.token);
  setTimeout(() => waiting.cancel(), 1_000);
  assert.deepEqual(await next, { items: [] }, 'nothing changed: the request waits until cancelled');
});

test('a kustomization and the patch it lists are linked whichever of them an editor holds under its own URI spelling', async () => {
  const team = join(folder, 'team (copy)');
  writeFileSync(join(team, 'kustomization.yaml'), 'resources: [agent.yaml]\npatches:\n  - path: patch.yaml\n');
  // A patch holds only what it changes: alone, it would lack the selector a ServiceMonitor requires.
  const patch = 'apiVersion: monitoring.coreos.com/v1\nkind: ServiceMonitor\nmetadata: {name: sm, namespace: monitoring}\nspec:\n  endpoints: [{port: web}]\n';
  writeFileSync(join(team, 'patch.yaml'), patch);
  await client.filesChanged([{ uri: pathToFileURL(join(team, 'kustomization.yaml')).href, type: 1 }, { uri: pathToFileURL(join(team, 'patch.yaml')).href, type: 1 }]);
  const codes = async (uri: string) => (await client.pullDiagnostics(uri)).map((d) => d.code).filter((code) => code === 'crd/required');
  // The patch open, the kustomization on disk.
  await client.open(vsCodeUri('team (copy)/patch.yaml'), patch);
  assert.deepEqual(await codes(vsCodeUri('team (copy)/patch.yaml')), []);
  // Both open.
  await client.open(vsCodeUri('team (copy)/kustomization.yaml'), 'resources: [agent.yaml]\npatches:\n  - path: patch.yaml\n');
  assert.deepEqual(await codes(vsCodeUri('team (copy)/patch.yaml')), []);
  // The kustomization open, the patch on disk: its problems come in the workspace report, under the disk's URI.
  await client.close(vsCodeUri('team (copy)/patch.yaml'));
  const report = await client.workspaceDiagnostics();
  const onDisk = report.items.find((item) => item.uri.endsWith('patch.yaml'));
  assert.deepEqual(onDisk?.kind === 'full' ? onDisk.items.map((d) => d.code).filter((code) => code === 'crd/required') : 'no report', []);
  await client.close(vsCodeUri('team (copy)/kustomization.yaml'));
});

test('a file URI naming another host, or an encoded slash, is no file of this machine: the server goes on', async () => {
  for (const uri of ['file://remotehost/share/agent.yaml', `file://${join(folder, 'a%2Fb.yaml')}`]) {
    await client.open(uri, agentManifest('replicas: two'));
    assert.deepEqual((await client.pullDiagnostics(uri)).map((d) => d.code), ['crd/type'], uri);
    await client.close(uri);
  }
});

test('a URI with a malformed percent-escape (an editor that leaves `%` alone) is a name like any other: checked, the server keeps serving', async () => {
  for (const uri of ['file:///w/100%.yaml', 'file:///w/%ZZ.yaml', 'untitled:%E9']) {
    await client.open(uri, agentManifest('replicas: two'));
    assert.deepEqual((await client.pullDiagnostics(uri)).map((d) => d.code), ['crd/type'], uri);
    await client.close(uri);
  }
  const uri = vsCodeUri('team (copy)/agent.yaml');
  await client.open(uri, agentManifest('replicas: 2'));
  assert.deepEqual((await client.pullDiagnostics(uri)).map((d) => d.code), []);
  await client.close(uri);
});

test('a workspace folder whose URI is no local path (a malformed escape) is left alone: the server starts all the same', async () => {
  const other = await TestClient.start({ workspaceFolder: 'file:///w/%ZZ' });
  try {
    await other.open('file:///w/%ZZ/agent.yaml', agentManifest('replicas: two'));
    assert.deepEqual((await other.pullDiagnostics('file:///w/%ZZ/agent.yaml')).map((d) => d.code), ['crd/type']);
  } finally {
    await other.stop();
  }
});

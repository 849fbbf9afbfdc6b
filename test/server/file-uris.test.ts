import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
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

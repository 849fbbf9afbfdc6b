import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import type { MarkupContent } from 'vscode-languageserver-protocol';
import { TestClient } from '../support/lsp';
import { yaml } from '../support/engine';

const agentText = (name: string) => yaml`
  apiVersion: monitoring.coreos.com/v1alpha1
  kind: PrometheusAgent
  metadata:
    name: ${name}
    namespace: monitoring
  spec:
    mode: Sidecar
    remoteWrite:
      - url: https://metrics.example.com/api/v1/write
  `;

const deploymentText = yaml`
  apiVersion: apps/v1
  kind: Deployment
  metadata:
    name: api
    namespace: shop
  spec:
    template:
      metadata:
        annotations:
          prometheus.operator.io/scrape: "true"
          prometheus.operator.io/agent-selector: monitoring/sidecar
          
      spec:
        containers:
          - name: api
            ports: [{name: metrics, containerPort: 9102}]
  `;

let folder: string;
let client: TestClient;
let agentUri: string;
let deploymentUri: string;

before(async () => {
  folder = mkdtempSync(join(tmpdir(), 'promagent-ws-'));
  writeFileSync(join(folder, 'agent.yaml'), agentText('sidecar'));
  writeFileSync(join(folder, 'deploy.yaml'), deploymentText);
  agentUri = pathToFileURL(join(folder, 'agent.yaml')).href;
  deploymentUri = pathToFileURL(join(folder, 'deploy.yaml')).href;
  client = await TestClient.start({ workspaceFolder: pathToFileURL(folder).href });
  await client.open(deploymentUri, deploymentText);
});
after(async () => {
  await client.stop();
  rmSync(folder, { recursive: true, force: true });
});

test('an agent in another file on disk resolves: no diagnostic on the pod', async () => {
  assert.deepEqual(await client.pullDiagnostics(deploymentUri), []);
});

test('go to definition on the agent-selector value jumps to the PrometheusAgent', async () => {
  assert.deepEqual(await client.definition(deploymentUri, { line: 10, character: 50 }), {
    uri: agentUri,
    range: { start: { line: 3, character: 8 }, end: { line: 3, character: 15 } },
  });
});

test('find references on the agent lists the pod templates that select it', async () => {
  await client.open(agentUri, agentText('sidecar'));
  assert.deepEqual(await client.references(agentUri, { line: 3, character: 10 }), [{
    uri: deploymentUri,
    range: { start: { line: 10, character: 47 }, end: { line: 10, character: 65 } },
  }]);
  await client.close(agentUri);
});

test("hover on the selector shows the agent's mode and remote_write URLs", async () => {
  const hover = await client.hover(deploymentUri, { line: 10, character: 50 });
  const value = (hover?.contents as MarkupContent).value;
  assert.match(value, /\*\*PrometheusAgent\*\* `monitoring\/sidecar`/);
  assert.match(value, /Mode: Sidecar/);
  assert.match(value, /- https:\/\/metrics.example.com\/api\/v1\/write/);
});

test('completion offers the missing annotation keys, and the Sidecar agents after agent-selector', async () => {
  const keys = await client.complete(deploymentUri, { line: 11, character: 8 });
  assert.deepEqual(keys.map((k) => k.label), ['prometheus.operator.io/path', 'prometheus.operator.io/port', 'prometheus.operator.io/scrape-interval']);
  const typing = pathToFileURL(join(folder, 'typing.yaml')).href;
  await client.open(typing, deploymentText.replace('agent-selector: monitoring/sidecar', 'agent-selector: mon'));
  const agents = await client.complete(typing, { line: 10, character: 50 });
  assert.deepEqual(agents.map((a) => [a.label, a.textEdit]), [['monitoring/sidecar', {
    range: { start: { line: 10, character: 47 }, end: { line: 10, character: 50 } },
    newText: 'monitoring/sidecar',
  }]]);
  await client.close(typing);
});

test('an agent renamed on disk, then deleted, is seen by the pod that selects it', async () => {
  writeFileSync(join(folder, 'agent.yaml'), agentText('renamed'));
  await client.filesChanged([{ uri: agentUri, type: 2 }]);
  assert.deepEqual((await client.pullDiagnostics(deploymentUri)).map((d) => d.message), [
    'no PrometheusAgent monitoring/sidecar in the workspace (Sidecar agents: monitoring/renamed)',
  ]);
  rmSync(join(folder, 'agent.yaml'));
  await client.filesChanged([{ uri: agentUri, type: 3 }]);
  assert.deepEqual((await client.pullDiagnostics(deploymentUri)).map((d) => d.message), [
    'no PrometheusAgent monitoring/sidecar in the workspace',
  ]);
});

import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import type { MarkupContent } from 'vscode-languageserver-protocol';
import { TestClient } from '../support/lsp';
import { yaml } from '../support/engine';

const agent = yaml`
  apiVersion: monitoring.coreos.com/v1alpha1
  kind: PrometheusAgent
  metadata:
    name: agent
    namespace: monitoring
  spec:
    scrapeClasses: [{name: default}]
    mode: DaemonSet
    
  `;
const operator = (release: string) => yaml`
  apiVersion: apps/v1
  kind: Deployment
  metadata: {name: prometheus-operator, namespace: monitoring}
  spec:
    selector: {matchLabels: {app: prometheus-operator}}
    template:
      metadata: {labels: {app: prometheus-operator}}
      spec:
        containers: [{name: operator, image: "quay.io/prometheus-operator/prometheus-operator:${release}", args: [--feature-gates=PrometheusAgentDaemonSet=true]}]
  `;
const agentUri = 'file:///work/release/agent.yaml';
const operatorUri = 'file:///work/release/operator.yaml';

let client: TestClient;
before(async () => {
  // The setting names a release: it holds until the workspace names one.
  client = await TestClient.start({ settings: { operatorVersion: '0.70.0' } });
  await client.open(agentUri, agent);
});
after(async () => { await client.stop(); });

const messages = async () => (await client.pullDiagnostics(agentUri)).map((d) => d.message);
const specFields = async () => (await client.complete(agentUri, { line: 8, character: 2 })).map((item) => item.label);

test('the setting promagent.operatorVersion decides where the workspace names no release', async () => {
  assert.deepEqual(await messages(), [
    'unknown field "spec.scrapeClasses": added in prometheus-operator v0.72.0; the target is v0.70.0',
    'unknown field "spec.mode": added in prometheus-operator v0.75.0; the target is v0.70.0',
  ]);
  const fields = await specFields();
  assert.ok(fields.includes('reloadStrategy') && !fields.includes('scrapeProtocols') && !fields.includes('shardingStrategy'), fields.join(', '));
  const hover = await client.hover(agentUri, { line: 1, character: 8 });
  assert.match((hover?.contents as MarkupContent).value, /^\*\*PrometheusAgent\*\*, checked as prometheus-operator v0\.70\.0 \(from the settings: the setting promagent\.operatorVersion \(v0\.70\.0\); nothing in the workspace names a release\)\./);
});

test('the operator Deployment of the workspace wins over the setting, in diagnostics, completion and hover', async () => {
  await client.open(operatorUri, operator('v0.74.0'));
  assert.deepEqual(await messages(), ['unknown field "spec.mode": added in prometheus-operator v0.75.0; the target is v0.74.0']);
  const fields = await specFields();
  assert.ok(fields.includes('scrapeProtocols') && !fields.includes('serviceDiscoveryRole'), fields.join(', '));
  const hover = await client.hover(agentUri, { line: 6, character: 6 });
  assert.match((hover?.contents as MarkupContent).value, /\*\*Since\*\* prometheus-operator v0\.72\.0\./);
  const line = operator('v0.74.0').split('\n').findIndex((text) => text.includes('v0.74.0'));
  const character = operator('v0.74.0').split('\n')[line].indexOf('v0.74.0');
  await client.edit(operatorUri, { line, character }, { line, character: character + 7 }, 'v0.93.0');
  assert.deepEqual(await messages(), []);
  assert.ok((await specFields()).includes('shardingStrategy'));
});

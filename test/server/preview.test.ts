import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { parseAllDocuments } from 'yaml';
import { commandIds, renderPreviewMethod, type RenderPreviewResult } from '../../shared/protocol';
import { TestClient } from '../support/lsp';
import { yaml } from '../support/engine';

const text = yaml`
  apiVersion: monitoring.coreos.com/v1alpha1
  kind: PrometheusAgent
  metadata:
    name: edge
    namespace: monitoring
  spec:
    shards: 1
    remoteWrite:
      - url: https://metrics.example.com/api/v1/write
  ---
  apiVersion: apps/v1
  kind: Deployment
  metadata:
    name: web
  spec:
    template:
      metadata:
        annotations:
          prometheus.operator.io/scrape: "false"
      spec:
        containers: [{name: web, ports: [{containerPort: 80}]}]
  `;
const uri = 'file:///work/edge.yaml';
let client: TestClient;

before(async () => {
  client = await TestClient.start();
  await client.open(uri, text);
});
after(async () => { await client.stop(); });

const objects = (preview: RenderPreviewResult) => parseAllDocuments(preview.text, { version: '1.1' })
  .map((d) => d.toJS() as { kind?: string; metadata?: { name?: string } } | null)
  .filter((o) => o?.kind)
  .map((o) => `${o!.kind}/${o!.metadata?.name}`);

test('a CodeLens above each PrometheusAgent opens the preview', async () => {
  const lenses = await client.codeLenses(uri);
  assert.deepEqual(lenses.map((l) => [l.range.start.line, l.command?.title, l.command?.command, l.command?.arguments]), [
    [0, 'Preview rendered manifests', commandIds.previewRenderedManifests, [uri, 0]],
  ]);
});

/** The first lines after the header comments: what the preview's first screen opens on. */
const opening = (preview: RenderPreviewResult) => preview.text.split('\n').filter((line) => !line.startsWith('#')).slice(0, 4).join('\n');

test('the preview opens on the StatefulSet, then the Service and the Secrets, names the versions, and follows edits', async () => {
  const first = await client.request<RenderPreviewResult>(renderPreviewMethod, { uri, line: 3 });
  assert.match(first.text, /^# promagent render: PrometheusAgent monitoring\/edge \(StatefulSet mode\)\n# Modelled: prometheus-operator v0\.93\.0, Prometheus v3\.13\.1\./);
  assert.equal(opening(first), 'apiVersion: apps/v1\nkind: StatefulSet\nmetadata:\n  name: prom-agent-edge');
  assert.deepEqual(objects(first), [
    'StatefulSet/prom-agent-edge', 'Service/prometheus-agent-operated',
    'Secret/prom-agent-edge', 'Secret/prom-agent-edge-tls-assets-0', 'Secret/prom-agent-edge-web-config',
  ]);
  assert.match(first.text, /# The generated configuration, decoded from its Secret:\n# prom-agent-edge: prometheus.yml of PrometheusAgent monitoring\/edge\nglobal:/);
  await client.edit(uri, { line: 6, character: 10 }, { line: 6, character: 11 }, '2');
  const second = await client.request<RenderPreviewResult>(renderPreviewMethod, { uri, line: 3 });
  assert.deepEqual(objects(second).filter((o) => o.startsWith('StatefulSet/')), ['StatefulSet/prom-agent-edge', 'StatefulSet/prom-agent-edge-shard-1']);
});

test('the preview of a DaemonSet agent opens on the DaemonSet; that of an annotated workload on the workload as injected', async () => {
  const daemonSetUri = 'file:///work/node-agent.yaml';
  await client.open(daemonSetUri, 'apiVersion: monitoring.coreos.com/v1alpha1\nkind: PrometheusAgent\nmetadata: {name: node, namespace: monitoring}\nspec:\n  mode: DaemonSet\n');
  const daemonSet = await client.request<RenderPreviewResult>(renderPreviewMethod, { uri: daemonSetUri, line: 0 });
  assert.equal(opening(daemonSet), 'apiVersion: apps/v1\nkind: DaemonSet\nmetadata:\n  name: prom-agent-node');
  assert.deepEqual(objects(daemonSet).map((o) => o.split('/')[0]), ['DaemonSet', 'Secret', 'Secret', 'Secret']);

  const sidecarUri = 'file:///work/sidecar.yaml';
  await client.open(sidecarUri, yaml`
    apiVersion: monitoring.coreos.com/v1alpha1
    kind: PrometheusAgent
    metadata: {name: pods, namespace: monitoring}
    spec:
      mode: Sidecar
    ---
    apiVersion: apps/v1
    kind: Deployment
    metadata: {name: shop, namespace: monitoring}
    spec:
      template:
        metadata:
          annotations:
            prometheus.operator.io/scrape: "true"
            prometheus.operator.io/agent-selector: monitoring/pods
        spec:
          containers: [{name: shop, ports: [{name: http-metrics, containerPort: 8080}]}]
    `);
  const injected = await client.request<RenderPreviewResult>(renderPreviewMethod, { uri: sidecarUri, line: 7 });
  assert.equal(opening(injected), 'apiVersion: apps/v1\nkind: Deployment\nmetadata:\n  name: shop');
  assert.equal(objects(injected).at(-1)?.split('/')[0], 'Secret');
});

test('a line with nothing to render says so', async () => {
  const none = await client.request<RenderPreviewResult>(renderPreviewMethod, { uri: 'file:///work/none.yaml', line: 0 });
  assert.match(none.text, /^# promagent: the manifest is not open/);
});

test('the preview follows edits of another open file before that file\'s own diagnostics are asked for', async () => {
  const agentUri = 'file:///work/selecting.yaml';
  const monitorsUri = 'file:///work/monitors.yaml';
  await client.open(agentUri, 'apiVersion: monitoring.coreos.com/v1alpha1\nkind: PrometheusAgent\nmetadata: {name: selecting, namespace: monitoring}\nspec:\n  serviceMonitorSelector: {}\n');
  await client.open(monitorsUri, '');
  const job = /job_name: serviceMonitor\/monitoring\/orders\/0/;
  assert.doesNotMatch((await client.request<RenderPreviewResult>(renderPreviewMethod, { uri: agentUri, line: 0 })).text, job);
  await client.edit(monitorsUri, { line: 0, character: 0 }, { line: 0, character: 0 },
    'apiVersion: monitoring.coreos.com/v1\nkind: ServiceMonitor\nmetadata: {name: orders, namespace: monitoring}\nspec:\n  selector: {matchLabels: {app: orders}}\n  endpoints: [{port: web}]\n');
  assert.match((await client.request<RenderPreviewResult>(renderPreviewMethod, { uri: agentUri, line: 0 })).text, job);
});

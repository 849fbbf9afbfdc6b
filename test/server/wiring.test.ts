import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { commandIds, wiringMethod, type WiringMap } from '../../shared/protocol';
import { TestClient } from '../support/lsp';
import { yaml } from '../support/engine';

const agentUri = 'file:///wiring/agent.yaml';
const monitorsUri = 'file:///wiring/monitors.yaml';
const agentText = yaml`
  apiVersion: monitoring.coreos.com/v1alpha1
  kind: PrometheusAgent
  metadata:
    name: platform
    namespace: monitoring
  spec:
    serviceMonitorSelector:
      matchLabels: {release: platform}
    serviceMonitorNamespaceSelector: {}
    remoteWrite:
      - url: https://metrics.example.com/api/v1/write
  `;
const monitorsText = yaml`
  apiVersion: monitoring.coreos.com/v1
  kind: ServiceMonitor
  metadata:
    name: orders
    namespace: shop
    labels: {release: platform}
  spec:
    selector: {matchLabels: {app: orders}}
    endpoints: [{port: metrics}]
  ---
  apiVersion: monitoring.coreos.com/v1
  kind: ServiceMonitor
  metadata:
    name: billing
    namespace: shop
    labels: {release: platfrom}
  spec:
    selector: {matchLabels: {app: billing}}
    endpoints: [{port: metrics}]
  ---
  apiVersion: v1
  kind: Service
  metadata: {name: orders, namespace: shop, labels: {app: orders}}
  spec:
    selector: {app: orders}
    ports: [{name: metrics, port: 9090}]
  `;
let client: TestClient;

before(async () => {
  client = await TestClient.start();
  await client.open(agentUri, agentText);
  await client.open(monitorsUri, monitorsText);
});
after(async () => { await client.stop(); });

test('the wiring request maps agents to the monitors they select, their jobs and Services; the unselected with the nearest miss', async () => {
  const map = await client.request<WiringMap>(wiringMethod, {});
  assert.deepEqual(map.agents.map((agent) => ({ name: agent.name, monitors: agent.monitors.map((m) => [m.name, m.jobs, m.targets.map((t) => t.title)]) })), [
    { name: 'platform', monitors: [['orders', ['serviceMonitor/shop/orders/0'], ['Service shop/orders']]] },
  ]);
  assert.deepEqual(map.unselected.map((m) => [m.name, m.unselected]), [['billing', 'PrometheusAgent monitoring/platform selects release=platform; this has release=platfrom']]);
});

test('hover on the agent\'s serviceMonitorSelector lists what it selects and the job each becomes', async () => {
  const hover = await client.hover(agentUri, { line: 6, character: 6 });
  const value = hover && typeof hover.contents === 'object' && 'value' in hover.contents ? hover.contents.value : '';
  assert.equal(value, '**ServiceMonitors selected**: 1 of the workspace\n- `shop/orders` → `serviceMonitor/shop/orders/0`');
});

test('a CodeLens on each monitor says which agent scrapes it, and opens that agent\'s rendering at its job', async () => {
  const lenses = await client.codeLenses(monitorsUri);
  assert.deepEqual(lenses.map((lens) => [lens.range.start.line, lens.command?.title, lens.command?.command, lens.command?.arguments]), [
    [0, 'Scraped by PrometheusAgent monitoring/platform', commandIds.previewRenderedManifests, [agentUri, 0, 'serviceMonitor/shop/orders/0']],
    [10, 'Scraped by no agent of the workspace', '', undefined],
  ]);
});

test('diagnostics: the monitor whose label does not match is pointed at, and its selector that finds no Service', async () => {
  const diagnostics = await client.pullDiagnostics(monitorsUri);
  assert.deepEqual(diagnostics.filter((d) => String(d.code).startsWith('wiring/')).map((d) => [d.range.start.line, d.code]),
    [[13, 'wiring/unselected-monitor'], [17, 'wiring/no-targets']]);
});

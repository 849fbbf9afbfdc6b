import { test } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { cpSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

// Runs the built CLI (npm run build writes dist/cli.js) over a copy of examples/agent-statefulset.yaml.
const cli = join(__dirname, '..', '..', 'dist', 'cli.js');
const run = (args: string[], cwd: string) => spawnSync(process.execPath, [cli, ...args], { cwd, encoding: 'utf8' });

function project(): string {
  const root = mkdtempSync(join(tmpdir(), 'promagent-wiring-'));
  cpSync(join(__dirname, '..', '..', 'examples', 'agent-statefulset.yaml'), join(root, 'agent.yaml'));
  writeFileSync(join(root, 'stray.yaml'), [
    'apiVersion: monitoring.coreos.com/v1',
    'kind: ServiceMonitor',
    'metadata: {name: stray, namespace: checkout, labels: {team: payment}}',
    'spec:',
    '  selector: {matchLabels: {app: checkout-api}}',
    '  endpoints: [{port: metrics}]',
    '',
  ].join('\n'));
  return root;
}

test('promagent wiring prints each agent, the monitors it selects with their jobs and Services, and the unselected with why', () => {
  const result = run(['wiring', '.'], project());
  assert.equal(result.status, 0, result.stderr);
  assert.equal(result.stdout, [
    'PrometheusAgent monitoring/payments (StatefulSet)',
    '  ServiceMonitor checkout/checkout-api → serviceMonitor/checkout/checkout-api/0',
    '    Service checkout/checkout-api (ports http, http-metrics)',
    'Selected by no agent:',
    '  ServiceMonitor checkout/stray → serviceMonitor/checkout/stray/0',
    '    ! 6: port "metrics" names no port of the Services this ServiceMonitor selects (Service checkout/checkout-api: http, http-metrics): the operator matches Service ports by name',
    '    Service checkout/checkout-api (ports http, http-metrics)',
    '    why: PrometheusAgent monitoring/payments selects team=payments; this has team=payment',
    '',
  ].join('\n'));
});

test('promagent wiring --format json gives the same map as data', () => {
  const result = run(['wiring', '--format', 'json', '.'], project());
  const map = JSON.parse(result.stdout) as { agents: { name: string; monitors: { name: string; jobs: string[] }[] }[]; unselected: { name: string }[] };
  assert.deepEqual(map.agents.map((a) => [a.name, a.monitors.map((m) => [m.name, m.jobs])]), [['payments', [['checkout-api', ['serviceMonitor/checkout/checkout-api/0']]]]]);
  assert.deepEqual(map.unselected.map((m) => m.name), ['stray']);
  assert.equal(run(['wiring', '--format', 'sarif', '.'], project()).status, 2);
});

test('a Sidecar agent is shown with the pods it is injected into, each with its job and what breaks its request', () => {
  const root = mkdtempSync(join(tmpdir(), 'promagent-wiring-'));
  cpSync(join(__dirname, '..', '..', 'examples', 'agent-sidecar.yaml'), join(root, 'sidecar.yaml'));
  const result = run(['wiring', '.'], root);
  assert.equal(result.status, 0, result.stderr);
  assert.match(result.stdout, /^PrometheusAgent monitoring\/sidecar \(Sidecar\)\n {2}injected into Deployment checkout\/checkout-api → sidecar\/checkout\/checkout-api\n/);
  const lonely = mkdtempSync(join(tmpdir(), 'promagent-wiring-'));
  writeFileSync(join(lonely, 'agent.yaml'), 'apiVersion: monitoring.coreos.com/v1alpha1\nkind: PrometheusAgent\nmetadata: {name: lonely, namespace: monitoring}\nspec: {mode: Sidecar}\n');
  assert.equal(run(['wiring', '.'], lonely).stdout, 'PrometheusAgent monitoring/lonely (Sidecar)\n  is injected into no pod\n');
});

test('a monitor no agent selects as written, though one may (a Helm-installed stack), is listed apart with why', () => {
  const root = project();
  writeFileSync(join(root, 'agent.yaml'), [
    'apiVersion: helm.toolkit.fluxcd.io/v2',
    'kind: HelmRelease',
    'metadata: {name: kube-prometheus-stack, namespace: monitoring}',
    'spec:',
    '  chart: {spec: {chart: kube-prometheus-stack, sourceRef: {kind: HelmRepository, name: prometheus-community}}}',
    '',
  ].join('\n'));
  const result = run(['wiring', '.'], root);
  assert.equal(result.status, 0, result.stderr);
  assert.equal(result.stdout, [
    'Selected by no agent as written, though one may be:',
    '  ServiceMonitor checkout/stray → serviceMonitor/checkout/stray/0',
    '    why: a Prometheus stack the workspace installs with a Helm chart may select it',
    '',
  ].join('\n'));
  const map = JSON.parse(run(['wiring', '--format', 'json', '.'], root).stdout) as { unselected: unknown[]; undecided: { name: string; undecided: string }[] };
  assert.deepEqual([map.unselected, map.undecided.map((m) => m.name)], [[], ['stray']]);
});

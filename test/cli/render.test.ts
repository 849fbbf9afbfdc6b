import { test } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { mkdtempSync, mkdirSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { parseAllDocuments } from 'yaml';
import { agentManifest, yaml } from '../support/engine';

// Runs the built CLI (npm run build writes dist/cli.js).
const cli = join(__dirname, '..', '..', 'dist', 'cli.js');

function run(args: string[], cwd: string) {
  const result = spawnSync(process.execPath, [cli, ...args], { cwd, encoding: 'utf8' });
  return { status: result.status, stdout: result.stdout, stderr: result.stderr };
}

/** A StatefulSet agent with one ServiceMonitor, a Sidecar agent with one annotated Deployment, and a stray file. */
function project(): string {
  const root = mkdtempSync(join(tmpdir(), 'promagent-render-'));
  mkdirSync(join(root, 'deploy'));
  writeFileSync(join(root, 'deploy', 'agent.yaml'), yaml`
    apiVersion: monitoring.coreos.com/v1alpha1
    kind: PrometheusAgent
    metadata:
      name: agent
      namespace: monitoring
    spec:
      serviceMonitorSelector: {}
      remoteWrite:
        - url: https://metrics.example.com/api/v1/write
    ---
    apiVersion: monitoring.coreos.com/v1
    kind: ServiceMonitor
    metadata:
      name: api
      namespace: monitoring
    spec:
      selector:
        matchLabels:
          app: api
      endpoints:
        - port: metrics
    `);
  writeFileSync(join(root, 'deploy', 'sidecar.yaml'), yaml`
    apiVersion: monitoring.coreos.com/v1alpha1
    kind: PrometheusAgent
    metadata:
      name: sidecar
      namespace: monitoring
    spec:
      mode: Sidecar
      version: v2.55.1
    ---
    apiVersion: apps/v1
    kind: Deployment
    metadata:
      name: web
      namespace: shop
    spec:
      selector:
        matchLabels:
          app: web
      template:
        metadata:
          labels:
            app: web
          annotations:
            prometheus.operator.io/scrape: "true"
            prometheus.operator.io/port: "8080"
            prometheus.operator.io/agent-selector: monitoring/sidecar
        spec:
          containers:
            - name: web
              image: nginx
    `);
  writeFileSync(join(root, 'compose.yaml'), 'services: {web: {image: nginx}}\n');
  return root;
}

const kinds = (objects: { kind: string; metadata: { name: string } }[]) => objects.map((o) => `${o.kind} ${o.metadata.name}`);

const expectedObjects = [
  'Secret prom-agent-agent', 'Secret prom-agent-agent-tls-assets-0', 'Secret prom-agent-agent-web-config',
  'Service prometheus-agent-operated', 'StatefulSet prom-agent-agent',
  'Secret prom-agent-sidecar-deployment-web', 'Deployment web',
];

test('yaml: one multi-document stream of every agent\'s objects, each agent under its header; exit 0', () => {
  const result = run(['render', 'deploy'], project());
  assert.equal(result.status, 0, result.stderr);
  assert.equal(result.stderr, '');
  assert.match(result.stdout, /^# promagent render: PrometheusAgent monitoring\/agent \(StatefulSet mode\)\n# Modelled: prometheus-operator v0\.93\.0, Prometheus v3\.13\.1\./);
  assert.match(result.stdout, /# promagent render: PrometheusAgent monitoring\/sidecar \(Sidecar mode\)\n# Modelled: prometheus-operator v0\.93\.0, Prometheus v2\.55\.1\./);
  const documents = parseAllDocuments(result.stdout);
  assert.ok(documents.every((d) => d.errors.length === 0));
  assert.deepEqual(kinds(documents.map((d) => d.toJS())), expectedObjects);
});

test('json: one array of the objects, notes on stderr', () => {
  const root = project();
  writeFileSync(join(root, 'deploy', 'agent.yaml'), agentManifest('replicas: two'));
  const result = run(['render', '--format', 'json', 'deploy/agent.yaml'], root);
  assert.equal(result.status, 0);
  const objects = JSON.parse(result.stdout);
  assert.deepEqual(kinds(objects), expectedObjects.slice(0, 5));
  assert.equal(objects[4].spec.replicas, 1);
  assert.equal(result.stderr, 'promagent: monitoring/agent: spec.replicas: expected an integer, found "two"; not used\n');
});

test('the yaml header says what could not be used, and that nothing is rendered for an agent the operator refuses', () => {
  const root = project();
  writeFileSync(join(root, 'deploy', 'agent.yaml'), agentManifest('version: latest'));
  const result = run(['render', 'deploy/agent.yaml'], root);
  assert.equal(result.status, 0);
  assert.match(result.stdout, /\n# Could not use:\n# - spec\.version: unsupported Prometheus version "latest": the operator refuses the agent\n# - nothing is rendered: the operator creates none of the agent's objects\n$/);
});

test('--config-only: prometheus.yml per agent, and per injected pod in Sidecar mode', () => {
  const result = run(['render', '--config-only', 'deploy'], project());
  assert.equal(result.status, 0);
  const documents = parseAllDocuments(result.stdout);
  assert.equal(documents.length, 2);
  assert.match(result.stdout, /^# prom-agent-agent: prometheus\.yml of PrometheusAgent monitoring\/agent\n/);
  assert.match(result.stdout, /\n# prom-agent-sidecar-deployment-web: prometheus\.yml of PrometheusAgent monitoring\/sidecar\n/);
  const [agent, sidecar] = documents.map((d) => d.toJS());
  assert.deepEqual(agent.scrape_configs.map((job: { job_name: string }) => job.job_name), ['serviceMonitor/monitoring/api/0']);
  assert.deepEqual(sidecar.scrape_configs, [{ job_name: 'sidecar/shop/web', scrape_interval: '30s', metrics_path: '/metrics', static_configs: [{ targets: ['localhost:8080'] }] }]);
  assert.deepEqual(agent.remote_write, [{ url: 'https://metrics.example.com/api/v1/write' }]);
});

test('exit 1 when the paths hold no PrometheusAgent', () => {
  const result = run(['render', 'compose.yaml'], project());
  assert.equal(result.status, 1);
  assert.equal(result.stdout, '');
  assert.equal(result.stderr, 'promagent: no PrometheusAgent found in the paths given\n');
});

test('usage errors exit 2', () => {
  const root = project();
  for (const args of [['render'], ['render', '--format', 'sarif', 'deploy'], ['render', '--config-only', '--format', 'json', 'deploy'],
    ['render', '--dry-run', 'deploy'], ['check', '--config-only', 'deploy'], ['check', '--format', 'yaml', 'deploy']]) {
    const result = run(args, root);
    assert.equal(result.status, 2, args.join(' '));
    assert.match(result.stderr, /^promagent: /, args.join(' '));
    assert.equal(result.stdout, '');
  }
});

test('--help names the render command', () => {
  const help = run(['render', '--help'], project());
  assert.equal(help.status, 0);
  assert.match(help.stdout, /promagent render \[--format yaml\|json\] \[--config-only\] \[options\] PATH\.\.\./);
});

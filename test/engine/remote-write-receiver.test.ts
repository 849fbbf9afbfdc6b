import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { agentManifest, check } from '../support/engine';

/** The global server of examples/global-view, with `args` for its Prometheus container. */
const server = (args: string[]) => readFileSync(join(__dirname, '..', '..', 'examples', 'global-view', 'server.yaml'), 'utf8')
  .replace(/          args:\n(            - .*\n)+/, `          args:\n${args.map((arg) => `            - ${arg}\n`).join('')}`);
const service = (ports = '[{name: web, port: 9090, targetPort: web}]') =>
  `apiVersion: v1\nkind: Service\nmetadata: {name: prometheus-server, namespace: monitoring}\nspec:\n  selector: {app: prometheus-server}\n  ports: ${ports}\n`;
const serverArgs = ['--config.file=/etc/prometheus/prometheus.yml', '--storage.tsdb.path=/prometheus'];

/** The remote-write-receiver findings of an agent writing to `url`, beside the server and its Service. */
function findings(url: string, args = serverArgs, ports?: string): string[] {
  const agent = agentManifest(`remoteWrite:\n  - url: ${url}`);
  return check(agent, { uri: 'file:///repo/agent.yaml', workspace: { 'file:///repo/server.yaml': server(args), 'file:///repo/service.yaml': service(ports) } })
    .filter((line) => line.includes('wiring/remote-write-receiver'));
}

test('a remote write reaching a Prometheus server that does not accept remote writes: each write gets 404', () => {
  assert.deepEqual(findings('http://prometheus-server.monitoring.svc:9090/api/v1/write'), [
    '8:12 warning wiring/remote-write-receiver http://prometheus-server.monitoring.svc:9090/api/v1/write reaches Service monitoring/prometheus-server, whose pods run Prometheus without --web.enable-remote-write-receiver (Deployment monitoring/prometheus-server): each write is answered 404 and its samples are dropped',
  ]);
  // The Service as the sender's namespace resolves it, or with the cluster domain.
  assert.equal(findings('http://prometheus-server:9090/api/v1/write').length, 1);
  assert.equal(findings('http://prometheus-server.monitoring.svc.cluster.local:9090/api/v1/write').length, 1);
  // Accepting them, by flag or by v2's feature flag: nothing to say.
  assert.deepEqual(findings('http://prometheus-server.monitoring.svc:9090/api/v1/write', [...serverArgs, '--web.enable-remote-write-receiver']), []);
  const featureFlag = (image: string) => check(agentManifest('remoteWrite:\n  - url: http://prometheus-server.monitoring.svc:9090/api/v1/write'), {
    uri: 'file:///repo/agent.yaml',
    workspace: { 'file:///repo/server.yaml': server([...serverArgs, '--enable-feature=remote-write-receiver']).replace('quay.io/prometheus/prometheus:v3.5.0', image), 'file:///repo/service.yaml': service() },
  }).filter((line) => line.includes('wiring/remote-write-receiver')).length;
  assert.equal(featureFlag('quay.io/prometheus/prometheus:v2.55.1'), 0);
  // v3 removed the feature flag: it ignores it, as latest does.
  assert.equal(featureFlag('quay.io/prometheus/prometheus:v3.5.0'), 1);
  assert.equal(featureFlag('quay.io/prometheus/prometheus:latest'), 1);
  assert.equal(featureFlag(`quay.io/prometheus/prometheus@sha256:${'0'.repeat(64)}`), 0);
});

test('where the workspace does not tell it all, nothing is said', () => {
  // Another port of the Service, a Service the workspace lacks, a host outside the cluster.
  assert.deepEqual(findings('http://prometheus-server.monitoring.svc:8080/api/v1/write'), []);
  assert.deepEqual(findings('http://mimir.monitoring.svc:8080/api/v1/push'), []);
  assert.deepEqual(findings('https://metrics.example.com/api/v1/write'), []);
  // A port that leads to another container (an auth proxy in front of Prometheus).
  assert.deepEqual(findings('http://prometheus-server.monitoring.svc:8443/api/v1/write', serverArgs, '[{name: proxy, port: 8443, targetPort: 4180}]'), []);
  // A Prometheus in agent mode.
  assert.deepEqual(findings('http://prometheus-server.monitoring.svc:9090/api/v1/write', [...serverArgs, '--agent']), []);
  // An ExternalName Service (a name elsewhere, its selector ignored) and a headless one (no targetPort).
  const url = 'http://prometheus-server.monitoring.svc:9090/api/v1/write';
  const withService = (extra: string, files: Record<string, string> = {}) => check(agentManifest(`remoteWrite:\n  - url: ${url}`), {
    uri: 'file:///repo/agent.yaml',
    workspace: { 'file:///repo/server.yaml': server(serverArgs), 'file:///repo/service.yaml': service().replace('spec:\n', `spec:\n${extra}`), ...files },
  }).filter((line) => line.includes('wiring/remote-write-receiver'));
  assert.equal(withService('').length, 1);
  assert.deepEqual(withService('  type: ExternalName\n  externalName: mimir.example.com\n'), []);
  assert.deepEqual(withService('  clusterIP: None\n'), []);
  // Two Services of that name (one per environment of the repository): which one the agent's cluster has is not told.
  assert.deepEqual(withService('', { 'file:///repo/dev/service.yaml': service() }), []);
  // The server and its Service in another environment folder's cluster: the agent's cluster resolves the name elsewhere.
  const elsewhere = (agentUri: string) => check(agentManifest(`remoteWrite:\n  - url: ${url}`), {
    uri: agentUri,
    workspace: { 'file:///repo/clusters/hub/server.yaml': server(serverArgs), 'file:///repo/clusters/hub/service.yaml': service(), 'file:///repo/apps/app.yaml': 'apiVersion: v1\nkind: Namespace\nmetadata: {name: apps}\n' },
  }).filter((line) => line.includes('wiring/remote-write-receiver'));
  assert.deepEqual(elsewhere('file:///repo/clusters/edge/agent.yaml'), []);
  assert.equal(elsewhere('file:///repo/clusters/hub/agent.yaml').length, 1);
  // A kustomization patching the server may add the flag.
  assert.deepEqual(withService('', { 'file:///repo/kustomization.yaml': 'resources: [server.yaml, service.yaml]\npatches: [{path: receiver.yaml}]\n' }), []);
});

test('the examples\' global server accepts the edge agent\'s writes', () => {
  const root = join(__dirname, '..', '..', 'examples', 'global-view');
  const files = Object.fromEntries(['edge-agent.yaml', 'server.yaml'].map((name) => [`file:///repo/${name}`, readFileSync(join(root, name), 'utf8')]));
  assert.deepEqual(check(files['file:///repo/edge-agent.yaml'], { uri: 'file:///repo/edge-agent.yaml', workspace: files }).filter((line) => line.includes('remote-write-receiver')), []);
});

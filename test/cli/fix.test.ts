import { test } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { yaml } from '../support/engine';

const cli = join(__dirname, '..', '..', 'dist', 'cli.js');
const run = (args: string[], cwd: string) => spawnSync(process.execPath, [cli, ...args], { cwd, encoding: 'utf8' });

const broken = yaml`
  # The edge agent, one per node.
  apiVersion: monitoring.coreos.com/v1alpha1
  kind: PrometheusAgent
  metadata:
    name: edge
  spec:
    mode: daemonset   # lowercase, as in the proposal
    replicas: 2       # leftover from StatefulSet mode
    remoteWrites:
      - url: https://metrics.example.com/api/v1/write
    scrapeTimeout: 45s
  `;

function folder(): string {
  const root = mkdtempSync(join(tmpdir(), 'promagent-fix-'));
  writeFileSync(join(root, 'edge.yaml'), broken);
  writeFileSync(join(root, 'clean.yaml'), 'apiVersion: v1\nkind: ConfigMap\nmetadata: {name: x}\n');
  return root;
}

test('fix applies every preferred fix, across passes, and leaves every other byte as it was', () => {
  const root = folder();
  const before = statSync(join(root, 'clean.yaml')).mtimeMs;
  const result = run(['fix', '--operator-version', 'v0.93.0', '.'], root);
  assert.equal(readFileSync(join(root, 'edge.yaml'), 'utf8'), yaml`
    # The edge agent, one per node.
    apiVersion: monitoring.coreos.com/v1alpha1
    kind: PrometheusAgent
    metadata:
      name: edge
    spec:
      mode: DaemonSet   # lowercase, as in the proposal
      remoteWrite:
        - url: https://metrics.example.com/api/v1/write
      scrapeTimeout: 45s
    `);
  assert.equal(result.stdout, [
    '3 fixes applied in 1 file',
    'edge.yaml:10:18: error agent/scrape-timeout scrapeTimeout "45s" greater than scrapeInterval "30s": the operator does not reconcile the resource',
    '2 files checked: 1 error, 0 warnings, 0 information, 0 hints',
    '',
  ].join('\n'));
  assert.equal(result.status, 1, 'an error without a fix remains');
  assert.equal(statSync(join(root, 'clean.yaml')).mtimeMs, before, 'files without fixes are not written');
});

test('fix on the mistakes examples reads as a person would write it: a converted Prometheus CR and a DaemonSet agent lose enableFeatures, not keep `[]`', () => {
  const root = mkdtempSync(join(tmpdir(), 'promagent-fix-'));
  const examples = join(__dirname, '..', '..', 'examples', 'mistakes');
  for (const name of ['prometheus-cr-agent.yaml', 'agent-daemonset.yaml']) writeFileSync(join(root, name), readFileSync(join(examples, name)));
  run(['fix', '.'], root);
  assert.equal(readFileSync(join(root, 'prometheus-cr-agent.yaml'), 'utf8'), yaml`
    # A Prometheus resource asked to run as an agent: the operator still runs a server. The quick-fix converts it.
    apiVersion: monitoring.coreos.com/v1alpha1
    kind: PrometheusAgent
    metadata:
      name: edge
      namespace: monitoring
    spec: # expect: wiring/no-monitor-selector
      version: v2.55.1
      remoteWrite:
        - url: https://metrics.example.com/api/v1/write
    `);
  const daemonSet = readFileSync(join(root, 'agent-daemonset.yaml'), 'utf8');
  assert.doesNotMatch(daemonSet, /enableFeatures/);
  assert.match(daemonSet, /\n  scrapeTimeout: 45s # expect: agent\/scrape-timeout\n  podMonitorSelector:\n/);
});

test('a fix in one file that changes what another file means is followed there: what fix reports is what check says next', () => {
  const root = mkdtempSync(join(tmpdir(), 'promagent-fix-'));
  // Read first, the configuration is a server's; the Deployment's fix makes it an agent's, whose rule_files go.
  writeFileSync(join(root, 'a-config.yaml'), yaml`
    apiVersion: v1
    kind: ConfigMap
    metadata: {name: agent-config}
    data:
      prometheus.yml: |
        rule_files: [/etc/rules/*.yml]
        remote_write: [{url: https://metrics.example.com/api/v1/write}]
    `);
  writeFileSync(join(root, 'b-deployment.yaml'), yaml`
    apiVersion: apps/v1
    kind: Deployment
    metadata: {name: agent}
    spec:
      selector: {matchLabels: {app: agent}}
      template:
        metadata: {labels: {app: agent}}
        spec:
          containers:
            - name: prometheus
              image: prom/prometheus:v3.5.0
              args: [--enable-feature=agent, --config.file=/etc/prometheus/prometheus.yml]
              volumeMounts: [{name: config, mountPath: /etc/prometheus}]
          volumes: [{name: config, configMap: {name: agent-config}}]
    `);
  const fixed = run(['fix', '.'], root);
  assert.match(readFileSync(join(root, 'b-deployment.yaml'), 'utf8'), /args: \[--agent, /);
  assert.doesNotMatch(readFileSync(join(root, 'a-config.yaml'), 'utf8'), /rule_files/);
  const checked = run(['check', '.'], root);
  assert.equal(fixed.stdout, `2 fixes applied in 2 files\n${checked.stdout}`);
  assert.equal(fixed.status, checked.status);
});

test('fix --dry-run prints a unified diff and writes nothing', () => {
  const root = folder();
  const result = run(['fix', '--dry-run', '--operator-version', 'v0.93.0', 'edge.yaml'], root);
  assert.equal(readFileSync(join(root, 'edge.yaml'), 'utf8'), broken);
  assert.match(result.stdout, /^Index: edge.yaml\n=+\n--- edge.yaml\n\+\+\+ edge.yaml\n@@ /);
  assert.match(result.stdout, /\n-  mode: daemonset   # lowercase, as in the proposal\n/);
  assert.match(result.stdout, /\n\+  mode: DaemonSet   # lowercase, as in the proposal\n/);
  assert.match(result.stdout, /\n-  replicas: 2       # leftover from StatefulSet mode\n/);
  assert.equal(result.stderr, '3 fixes would apply in 1 file\n');
});

test('a UTF-16 file with a byte order mark is read as kubectl and Prometheus read it, and fixed in UTF-16', () => {
  const root = mkdtempSync(join(tmpdir(), 'promagent-fix-'));
  const config = 'global:\n  evaluation_interval: 1m\nremote_write:\n  - url: https://a.example/write\n';
  const fixedConfig = 'global:\n  {}\nremote_write:\n  - url: https://a.example/write\n';
  const little = Buffer.from(`\uFEFF${config}`, 'utf16le');
  const big = Buffer.from(`\uFEFF${config}`, 'utf16le').swap16();
  writeFileSync(join(root, 'prometheus-le.yml'), little);
  writeFileSync(join(root, 'prometheus-be.yml'), big);
  const check = run(['check', '--as', 'agent', '.'], root);
  assert.equal(check.stdout.split('\n').filter((line) => line.includes('agent-ignored')).length, 2, check.stdout);
  assert.doesNotMatch(check.stdout, /invalid-utf8/);
  run(['fix', '--as', 'agent', '.'], root);
  assert.deepEqual(readFileSync(join(root, 'prometheus-le.yml')), Buffer.from(`\uFEFF${fixedConfig}`, 'utf16le'));
  assert.deepEqual(readFileSync(join(root, 'prometheus-be.yml')), Buffer.from(`\uFEFF${fixedConfig}`, 'utf16le').swap16());
});

test('a manifest that is not UTF-8 is applied by kubectl with U+FFFD: a warning, not an error', () => {
  const root = mkdtempSync(join(tmpdir(), 'promagent-fix-'));
  writeFileSync(join(root, 'cm.yaml'), Buffer.concat([Buffer.from('apiVersion: v1\nkind: ConfigMap\nmetadata: {name: c}\ndata: {k: caf'), Buffer.from([0xe9]), Buffer.from('}\n')]));
  const result = run(['check', 'cm.yaml'], root);
  assert.match(result.stdout, /^cm\.yaml:4:14: warning promagent\/invalid-utf8 not valid UTF-8: byte 0xE9 here; kubectl reads it as U\+FFFD, so what it applies is not what the file holds \(save it as UTF-8\)$/m);
  assert.equal(result.status, 0);
  // kustomize reads a kustomization and its patches with go-yaml, which refuses the byte; a resource it builds is refused with -k.
  writeFileSync(join(root, 'kustomization.yaml'), Buffer.concat([Buffer.from('resources: [cm.yaml]\npatches: [{path: patch.yaml}]\n# caf'), Buffer.from([0xe9]), Buffer.from('\n')]));
  writeFileSync(join(root, 'patch.yaml'), Buffer.concat([Buffer.from('apiVersion: v1\nkind: ConfigMap\nmetadata: {name: c}\ndata: {k: caf'), Buffer.from([0xe9]), Buffer.from('}\n')]));
  const kustomized = run(['check', '.'], root).stdout;
  assert.match(kustomized, /^cm\.yaml:4:14: warning promagent\/invalid-utf8 .*, and kustomize \(kubectl apply -k\) refuses the file \(save it as UTF-8\)$/m);
  assert.match(kustomized, /^kustomization\.yaml:3:6: error promagent\/invalid-utf8 not valid UTF-8: byte 0xE9 here; kustomize refuses the file/m);
  assert.match(kustomized, /^patch\.yaml:4:14: error promagent\/invalid-utf8 not valid UTF-8: byte 0xE9 here; kustomize refuses the file/m);
});

test('--dry-run belongs to fix', () => {
  assert.equal(run(['check', '--dry-run', '.'], folder()).status, 2);
});

test('a file that is not UTF-8 is reported at its first bad byte and never rewritten; a byte order mark is kept', () => {
  const root = mkdtempSync(join(tmpdir(), 'promagent-fix-'));
  const config = 'global:\n  evaluation_interval: 1m\nremote_write:\n  - url: https://a.example/write\n';
  const latin1 = Buffer.concat([Buffer.from('# caf'), Buffer.from([0xe9]), Buffer.from(`\n${config}`)]);
  writeFileSync(join(root, 'prometheus.yml'), latin1);
  writeFileSync(join(root, 'prometheus-bom.yml'), `\uFEFF${config}`);
  const result = run(['fix', '--as', 'agent', '.', 'prometheus.yml'], root);
  assert.deepEqual(readFileSync(join(root, 'prometheus.yml')), latin1);
  assert.match(result.stdout, /^prometheus\.yml:1:6: error promagent\/invalid-utf8 not valid UTF-8: byte 0xE9 here/m);
  assert.match(result.stdout, /1 fix applied in 1 file\n/);
  assert.match(result.stdout, /2 files checked/);
  assert.equal(readFileSync(join(root, 'prometheus-bom.yml'), 'utf8'), '\uFEFFglobal:\n  {}\nremote_write:\n  - url: https://a.example/write\n');
  const check = run(['check', '--as', 'agent', 'prometheus-bom.yml'], root);
  assert.equal(check.stdout, '1 file checked: 0 errors, 0 warnings, 0 information, 0 hints\n');
});

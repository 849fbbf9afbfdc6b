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
  const result = run(['fix', '.'], root);
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

test('fix --dry-run prints a unified diff and writes nothing', () => {
  const root = folder();
  const result = run(['fix', '--dry-run', 'edge.yaml'], root);
  assert.equal(readFileSync(join(root, 'edge.yaml'), 'utf8'), broken);
  assert.match(result.stdout, /^Index: edge.yaml\n=+\n--- edge.yaml\n\+\+\+ edge.yaml\n@@ /);
  assert.match(result.stdout, /\n-  mode: daemonset   # lowercase, as in the proposal\n/);
  assert.match(result.stdout, /\n\+  mode: DaemonSet   # lowercase, as in the proposal\n/);
  assert.match(result.stdout, /\n-  replicas: 2       # leftover from StatefulSet mode\n/);
  assert.equal(result.stderr, '3 fixes would apply in 1 file\n');
});

test('--dry-run belongs to fix', () => {
  assert.equal(run(['check', '--dry-run', '.'], folder()).status, 2);
});

import { test } from 'node:test';
import assert from 'node:assert/strict';
import { analyzeFile, checkFile, defaultCheckOptions, Workspace } from '../../server/src/engine';
import { check, yaml } from '../support/engine';

const roles = (uri: string, text: string, readAs?: 'kubernetes' | 'prometheus-config') =>
  analyzeFile(uri, text, readAs).documents.map((d) => d.kind ? `${d.role}:${d.kind}` : d.role);

test('documents are classified by apiVersion and kind', () => {
  const text = yaml`
    apiVersion: monitoring.coreos.com/v1alpha1
    kind: PrometheusAgent
    ---
    apiVersion: v1
    kind: Pod
    ---
    apiVersion: apps/v1
    kind: Deployment
    ---
    apiVersion: batch/v1
    kind: CronJob
    ---
    apiVersion: v1
    kind: ConfigMap
    ---
    apiVersion: v1
    kind: Secret
    ---
    apiVersion: monitoring.coreos.com/v1
    kind: PrometheusRule
    ---
    apiVersion: serving.knative.dev/v1
    kind: Deployment
    ---
    apiVersion: v1
    kind: Service`;
  assert.deepEqual(roles('file:///w/all.yaml', text), [
    'monitoring:PrometheusAgent', 'pod:Pod', 'workload:Deployment', 'workload:CronJob', 'config-map:ConfigMap',
    'secret:Secret', 'unrelated:PrometheusRule', 'unrelated:Deployment', 'unrelated:Service',
  ]);
});

test('a Prometheus configuration is recognised by file name, top-level keys or modeline', () => {
  assert.deepEqual(roles('file:///w/prometheus.yml', 'global: {}\n'), ['prometheus-config']);
  assert.deepEqual(roles('file:///w/my-agent.yaml', 'foo: 1\n'), ['prometheus-config']);
  assert.deepEqual(roles('file:///w/config.yaml', 'scrape_configs: []\n'), ['prometheus-config']);
  assert.deepEqual(roles('file:///w/config.yaml', 'global:\n  scrape_interval: 1m\n'), ['prometheus-config']);
  assert.deepEqual(roles('file:///w/config.yaml', '# promagent: prometheus-config\nfoo: 1\n'), ['prometheus-config']);
  assert.deepEqual(roles('file:///w/values.yaml', 'global:\n  image: x\n'), ['unrelated']);
  assert.deepEqual(roles('file:///w/agent.yaml', 'apiVersion: monitoring.coreos.com/v1alpha1\nkind: PrometheusAgent\n'), ['monitoring:PrometheusAgent']);
});

test('--as forces how documents are read', () => {
  assert.deepEqual(roles('file:///w/values.yaml', 'a: 1\n', 'prometheus-config'), ['prometheus-config']);
  assert.deepEqual(roles('file:///w/prometheus.yml', 'global: {}\n', 'kubernetes'), ['untyped-manifest']);
});

test('unrelated YAML gets no finding at all, broken or not', () => {
  for (const text of [
    'services:\n  web:\n    image: nginx\n    ports: [80\n',
    'a: 1\na: 2\n',
    'apiVersion: v1\nkind: Service\nmetadata:\n  name: Not_Valid\n',
    '',
    '# only a comment\n',
    '- a\n- b\n',
    '!!binary aGVsbG8=\n',
  ]) {
    assert.deepEqual(check(text, { uri: 'file:///w/docker-compose.yaml' }), [], JSON.stringify(text));
  }
});

test('YAML syntax errors and duplicate keys are flagged where they are', () => {
  const text = yaml`
    apiVersion: monitoring.coreos.com/v1alpha1
    kind: PrometheusAgent
    metadata:
      name: agent
    spec:
      replicas: 1
      replicas: 2
      scrapeInterval: [30s`;
  assert.deepEqual(check(text).map((l) => l.split(' ').slice(0, 3).join(' ')), [
    '7:3 error yaml/duplicate-key',
    '8:3 error crd/type',
    '8:23 error yaml/syntax',
  ]);
  assert.match(check(text)[0], /key "replicas" already set in map$/);
});

test('a broken document in a file of manifests is flagged even when it cannot be classified', () => {
  const text = yaml`
    apiVersion: monitoring.coreos.com/v1alpha1
    kind: PrometheusAgent
    metadata: {name: agent}
    spec: {}
    ---
    key: [unclosed`;
  assert.deepEqual(check(text).map((l) => l.split(' ').slice(0, 3).join(' ')), ['6:15 error yaml/syntax']);
});

test('an alias bomb is refused with a finding, not expanded', () => {
  const lines = ['apiVersion: monitoring.coreos.com/v1alpha1', 'kind: PrometheusAgent', 'metadata: {name: bomb}', 'a0: &a0 [x, x, x, x, x, x, x, x, x, x]'];
  for (let i = 1; i < 12; i++) lines.push(`a${i}: &a${i} [${Array(10).fill(`*a${i - 1}`).join(', ')}]`);
  const findings = check(lines.join('\n') + '\n');
  assert.equal(findings.length, 1);
  assert.match(findings[0], /^1:1 error yaml\/alias-expansion document not checked: /);
});

test('a file above the size bound is not parsed, and one finding says so', () => {
  const workspace = new Workspace();
  workspace.maxFileSize = 1000;
  const text = `apiVersion: monitoring.coreos.com/v1alpha1\nkind: PrometheusAgent\nmetadata: {name: a}\nspec:\n  x: ${'y'.repeat(2000)}\n`;
  const file = workspace.set('file:///w/big.yaml', text);
  assert.equal(file.documents.length, 0);
  assert.deepEqual(checkFile(file, workspace, defaultCheckOptions).map((f) => `${f.severity} ${f.code} ${f.message}`), [
    'information promagent/file-too-large not checked: the file is 0.0 MB, above promagent.maxFileSize (0.0 MB)',
  ]);
});

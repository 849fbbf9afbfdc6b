import { test } from 'node:test';
import assert from 'node:assert/strict';
import { defaultCheckOptions, fixFile, Workspace } from '../../server/src/engine';
import { applyFix, check, findings, only, underlined, yaml } from '../support/engine';

const agent = (spec: string) => yaml`
  apiVersion: monitoring.coreos.com/v1alpha1
  kind: PrometheusAgent
  metadata:
    name: agent
    namespace: monitoring
  spec:
  ${spec}`;

test('a clean PrometheusAgent gets no finding', () => {
  assert.deepEqual(check(agent(`
    replicas: 2
    scrapeInterval: 30s
    remoteWrite:
      - url: https://metrics.example.com/api/v1/write
        basicAuth:
          username: {name: rw-credentials, key: username}
          password: {name: rw-credentials, key: password}`)), []);
});

test('an unknown field is flagged on its key, with did-you-mean and a rename fix', () => {
  const text = agent(`
    remoteWrites:
      - url: https://x.example.com`);
  const finding = only(findings(text), 'crd/unknown-field');
  assert.equal(finding.message, 'unknown field "spec.remoteWrites": did you mean "remoteWrite"?');
  assert.equal(underlined(text, finding), 'remoteWrites');
  assert.equal(applyFix(text, finding.fixes[0]), text.replace('remoteWrites:', 'remoteWrite:'));
});

test('fixing two misspellings of the same field renames one: the other would duplicate the key', () => {
  const text = agent(`
    remoteWrites:
      - url: https://a.example.com
    remoteWrit:
      - url: https://b.example.com`);
  const fixed = fixFile('file:///work/manifest.yaml', text, new Workspace(), defaultCheckOptions);
  assert.equal(fixed.text, text.replace('remoteWrites:', 'remoteWrite:'));
  assert.deepEqual(fixed.remaining.map((f) => [f.message, f.fixes.length]), [['unknown field "spec.remoteWrit": did you mean "remoteWrite"?', 0]]);
});

test('a wrong type, an enum and a pattern are flagged at the value in Kubernetes wording', () => {
  const text = agent(`
    replicas: two
    logLevel: verbose
    scrapeInterval: 30 s`);
  assert.deepEqual(check(text), [
    '8:13 error crd/type spec.replicas: Invalid value: "two": must be an integer',
    '9:13 error crd/enum spec.logLevel: Unsupported value: "verbose": supported values: "debug", "info", "warn", "error"',
    `10:19 error crd/invalid-value spec.scrapeInterval: Invalid value: "30 s": should match '^(0|(([0-9]+)y)?(([0-9]+)w)?(([0-9]+)d)?(([0-9]+)h)?(([0-9]+)m)?(([0-9]+)s)?(([0-9]+)ms)?)$'`,
  ]);
  assert.equal(underlined(text, only(findings(text), 'crd/type')), 'two');
});

test('an enum value with a case slip gets a fix to the canonical spelling', () => {
  const text = agent(`
    logLevel: Debug # chatty`);
  const finding = only(findings(text), 'crd/enum');
  assert.equal(applyFix(text, finding.fixes[0]), text.replace('Debug #', 'debug #'));
});

test('a missing required field is flagged on the key of the object that should hold it', () => {
  const text = agent(`
    remoteWrite:
      - name: primary`);
  const finding = only(findings(text), 'crd/required');
  assert.equal(finding.message, 'spec.remoteWrite[0].url: Required value');
  assert.equal(underlined(text, finding), 'name: primary');
});

test('a PrometheusAgent without spec is flagged', () => {
  const text = yaml`
    apiVersion: monitoring.coreos.com/v1alpha1
    kind: PrometheusAgent
    metadata:
      name: agent`;
  assert.deepEqual(check(text), ['1:1 error crd/required spec: Required value']);
});

test('an int-or-string field reports one error for the union', () => {
  const text = agent(`
    containers:
      - name: sidecar
        ports:
          - containerPort: 8080
        livenessProbe:
          httpGet:
            port: [8080]`);
  assert.deepEqual(check(text).map((l) => l.replace(/^\d+:\d+ /, '')), [
    'error crd/type spec.containers[0].livenessProbe.httpGet.port: Invalid value: "array": must be an integer or a string',
  ]);
});

test('an empty value is dropped, as the API server drops nulls', () => {
  assert.deepEqual(check(agent(`
    replicas:
    shards: 1`)), []);
});

test('status is dropped as the API server drops it: what kubectl get -o yaml printed is no error', () => {
  const text = agent(`
    replicas: 2
  status:
    availableReplicas: 2
    conditions:
      - type: Available
        status: "True"
    shards: 1
    whatever: {}`);
  assert.deepEqual(check(text), []);
  const monitor = yaml`
    apiVersion: monitoring.coreos.com/v1
    kind: ServiceMonitor
    metadata:
      name: api
    spec:
      endpoints: [{port: web}]
      selector: {}
    status:
      bindings: [{group: x}]`;
  assert.deepEqual(check(monitor), []);
});

test('duplicate entries of a list-map are flagged', () => {
  const text = agent(`
    hostAliases:
      - ip: 10.0.0.1
        hostnames: [a]
      - ip: 10.0.0.1
        hostnames: [b]`);
  assert.deepEqual(check(text), ['11:7 error crd/duplicate-entry spec.hostAliases[1]: Duplicate value: {"ip":"10.0.0.1"}']);
});

test('a misspelt kind and an unserved API version are flagged with fixes', () => {
  const kind = yaml`
    apiVersion: monitoring.coreos.com/v1alpha1
    kind: PrometheusAgnet
    metadata: {name: a}
    spec: {}`;
  const kindFinding = only(findings(kind), 'crd/unknown-kind');
  assert.equal(kindFinding.message, 'no matches for kind "PrometheusAgnet" in version "monitoring.coreos.com/v1alpha1": did you mean "PrometheusAgent"?');
  assert.equal(applyFix(kind, kindFinding.fixes[0]), kind.replace('PrometheusAgnet', 'PrometheusAgent'));

  const version = kind.replace('PrometheusAgnet', 'PrometheusAgent').replace('v1alpha1', 'v1');
  const versionFinding = only(findings(version), 'crd/api-version');
  assert.equal(underlined(version, versionFinding), 'monitoring.coreos.com/v1');
  assert.equal(applyFix(version, versionFinding.fixes[0]), kind.replace('PrometheusAgnet', 'PrometheusAgent'));
});

test('every monitoring kind is validated against its own CRD', () => {
  const text = yaml`
    apiVersion: monitoring.coreos.com/v1
    kind: ServiceMonitor
    metadata: {name: app}
    spec:
      selector: {matchLabels: {app: web}}
      endpoints:
        - port: web
          interval: 30 seconds
    ---
    apiVersion: monitoring.coreos.com/v1
    kind: PodMonitor
    metadata: {name: app}
    spec:
      selector: {}
      podMetricsEndpoint: []`;
  assert.deepEqual(check(text).map((l) => l.split(' ').slice(0, 3).join(' ')), [
    '8:17 error crd/invalid-value',
    '15:3 error crd/unknown-field',
  ]);
});

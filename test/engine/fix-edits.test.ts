import { test } from 'node:test';
import assert from 'node:assert/strict';
import { defaultCheckOptions, fixFile, Workspace } from '../../server/src/engine';
import { agentManifest, check, findings, yaml } from '../support/engine';

const fix = (text: string, workspace = new Workspace()) => fixFile('file:///w/manifest.yaml', text, workspace, defaultCheckOptions);

test('a label that carries an anchor is not quoted: its aliases would turn into strings with it', () => {
  const text = yaml`
    apiVersion: apps/v1
    kind: Deployment
    metadata:
      name: app
      labels:
        tier: &n 2
    spec:
      replicas: *n
      selector: {matchLabels: {app: app}}
      template:
        metadata: {labels: {app: app}}
        spec: {containers: [{name: app, image: nginx}]}
  `;
  assert.deepEqual(check(text), [
    '6:14 error metadata/string-value label "tier" must be a string: Kubernetes rejects the unquoted 2 (cannot unmarshal number into Go struct field ObjectMeta.metadata.labels of type string)',
  ]);
  assert.deepEqual(findings(text)[0].fixes, []);
  assert.equal(fix(text).text, text);
});

test('two removals that empty a mapping leave {} as one does, never a null', () => {
  const text = agentManifest('retention: 1d      # a Prometheus setting\nruleSelector: {}');
  assert.equal(fix(text).text, agentManifest('{}'));
});

test('a label is quoted only where the quoted value is a valid label: "-1" and ".inf" would be new errors (a null one is accepted)', () => {
  const text = 'apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: a\n  labels:\n    a: ~\n    b: -1\n    c: .inf\n    d: 1.5\n  annotations:\n    e: -1\n';
  assert.deepEqual(findings(text).map((f) => f.fixes.map((x) => x.title)), [[], [], ['Quote 1.5'], ['Quote -1']]);
  const fixed = fix(text);
  assert.equal(fixed.text, text.replace('d: 1.5', 'd: "1.5"').replace('e: -1', 'e: "-1"'));
  assert.ok(fixed.remaining.every((f) => f.code === 'metadata/string-value'), fixed.remaining.map((f) => f.message).join('\n'));
});

test('the prometheus.io fix leaves no hint of its own behind; a key set for both readers gets none', () => {
  const agent = 'apiVersion: monitoring.coreos.com/v1alpha1\nkind: PrometheusAgent\nmetadata: {name: sidecar, namespace: default}\nspec: {mode: Sidecar}\n';
  const pod = yaml`
    apiVersion: v1
    kind: Pod
    metadata:
      name: app
      annotations:
        prometheus.io/scrape: "true"
        prometheus.operator.io/scrape: "true"
        prometheus.io/port: "8080"
    spec:
      containers: [{name: app, image: nginx, ports: [{containerPort: 8080}]}]
  `;
  const workspace = { 'file:///w/agent.yaml': agent };
  assert.deepEqual(check(pod, { workspace }), [
    '8:5 hint sidecar/prometheus-io-annotation prometheus.io/port is read by a Prometheus scraping the cluster, not by the sidecar injector: with a Sidecar agent, use prometheus.operator.io/port',
  ]);
  const live = new Workspace();
  live.set('file:///w/agent.yaml', agent);
  const fixed = fix(pod, live);
  assert.equal(fixed.text, pod.replace('prometheus.io/port', 'prometheus.operator.io/port'));
  assert.deepEqual(fixed.remaining, []);
});

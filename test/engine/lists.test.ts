import { test } from 'node:test';
import assert from 'node:assert/strict';
import { agentManifest, applyFix, check, findings, yaml } from '../support/engine';

// What `kubectl get prometheusagents,deployments -o yaml` writes: a List whose items kubectl applies one by one.
const dump = yaml`
  apiVersion: v1
  kind: List
  metadata:
    resourceVersion: ""
  items:
  - apiVersion: monitoring.coreos.com/v1alpha1
    kind: PrometheusAgent
    metadata:
      name: agent
      namespace: monitoring
    spec:
      mode: StatefulSet
      replica: 2
      remoteWrite:
        - url: https://metrics.example.com/api/v1/write
  - apiVersion: apps/v1
    kind: Deployment
    metadata:
      name: api
      namespace: shop
      annotations:
        prometheus.operator.io/scrape: "true"
    spec:
      selector: {matchLabels: {app: api}}
      template:
        metadata:
          labels: {app: api}
        spec:
          containers:
            - name: api
              ports: [{name: http-metrics, containerPort: 9102}]
  `;

test('the items of a List are checked as the objects kubectl applies, each finding at its item', () => {
  const said = check(dump).filter((line) => !line.includes(' information ') && !line.includes(' hint '));
  assert.deepEqual(said, [
    '13:5 error crd/unknown-field unknown field "spec.replica": did you mean "replicas"?',
    '22:7 warning sidecar/workload-metadata prometheus.operator.io/scrape is on the Deployment\'s own metadata: only annotations of the pod template (spec.template.metadata.annotations) reach its pods',
  ]);
});

test('a fix of an item changes only what it names', () => {
  const all = findings(dump);
  const rename = all.find((f) => f.code === 'crd/unknown-field')!.fixes[0];
  assert.equal(applyFix(dump, rename), dump.replace('    replica: 2', '    replicas: 2'));
  const moved = applyFix(dump, all.find((f) => f.code === 'sidecar/workload-metadata')!.fixes[0]);
  assert.equal(moved, dump.replace('    annotations:\n      prometheus.operator.io/scrape: "true"\n', '')
    .replace('        labels: {app: api}\n', '        labels: {app: api}\n        annotations:\n          prometheus.operator.io/scrape: "true"\n'));
});

test('the YAML of a List is the List\'s: a problem in an item is said once', () => {
  const twice = dump.replace('    mode: StatefulSet\n', '    mode: StatefulSet\n    mode: DaemonSet\n');
  assert.notEqual(twice, dump);
  assert.equal(check(twice).filter((line) => line.includes('yaml/duplicate-key')).length, 1);
  const aliased = dump.replace('    mode: StatefulSet\n', '    mode: *unknown\n');
  assert.equal(check(aliased).filter((line) => line.includes('yaml/unknown-anchor')).length, 1);
});

test('an item of a List is an object of the workspace: a file defining it again defines it twice', () => {
  const again = agentManifest('replicas: 1');
  const lines = check(again, { uri: 'file:///work/agent.yaml', workspace: { 'file:///work/dump.yaml': dump } });
  assert.ok(lines.some((line) => line.includes('metadata/duplicate-object')), lines.join('\n'));
});

test('an item of a List naming no apiVersion or kind is not read: kubectl cannot apply it, and promagent says nothing of it', () => {
  const untyped = yaml`
    apiVersion: v1
    kind: List
    items:
    - metadata: {name: agent}
      spec: {replica: 2}
    - 42
    `;
  assert.deepEqual(check(untyped), []);
});

test('a List of a monitoring kind (ServiceMonitorList, as the API serves it) is no object of its own: only its items are checked', () => {
  const typed = yaml`
    apiVersion: monitoring.coreos.com/v1
    kind: ServiceMonitorList
    metadata: {resourceVersion: "1"}
    items:
    - apiVersion: monitoring.coreos.com/v1
      kind: ServiceMonitor
      metadata: {name: a, namespace: m}
      spec: {selector: {}, endpoints: [{port: web, interval: 30}]}
    `;
  assert.deepEqual(check(typed).map((line) => line.split(' ').slice(0, 3).join(' ')), ['8:58 error crd/type']);
  assert.deepEqual(check(typed.replace(/items:[\s\S]*$/, 'items: []\n')), []);
});

test('a List in a List is flattened as kubectl flattens it: its items are objects too', () => {
  const nested = yaml`
    apiVersion: v1
    kind: List
    items:
    - apiVersion: v1
      kind: List
      items:
      - apiVersion: monitoring.coreos.com/v1alpha1
        kind: PrometheusAgent
        metadata: {name: a, namespace: mon}
        spec: {replicas: two, serviceMonitorSelector: {matchLabels: {team: pay}}}
    `;
  assert.deepEqual(check(nested).map((line) => line.split(' ').slice(0, 3).join(' ')), ['10:22 error crd/type']);
  const monitor = yaml`
    apiVersion: monitoring.coreos.com/v1
    kind: ServiceMonitor
    metadata: {name: web, namespace: mon, labels: {team: pay}}
    spec: {selector: {matchLabels: {app: web}}, endpoints: [{port: web}]}
    `;
  const other = agentManifest('serviceMonitorSelector: {matchLabels: {team: other}}').replace('namespace: monitoring', 'namespace: mon');
  const lines = check(monitor, { uri: 'file:///w/sm.yaml', workspace: { 'file:///w/nested.yaml': nested.replace('replicas: two', 'replicas: 2'), 'file:///w/other.yaml': other } });
  assert.deepEqual(lines.filter((line) => line.includes('unselected-monitor')), []);
});

test('a typed List gives the items that name neither apiVersion nor kind its own, as apimachinery does: they are read', () => {
  const typed = yaml`
    apiVersion: monitoring.coreos.com/v1
    kind: ServiceMonitorList
    items:
    - metadata: {name: a, namespace: m}
      spec: {selector: {}, endpoints: [{port: web, interval: 30}]}
    - kind: ServiceMonitor
      metadata: {name: b, namespace: m}
    `;
  // The second names a kind and no apiVersion: not read (and the wiring does not judge).
  assert.deepEqual(check(typed).map((line) => line.split(' ').slice(0, 3).join(' ')), ['5:58 error crd/type']);
  assert.deepEqual(check(typed.replace('kind: ServiceMonitorList', 'kind: List')), []);
});

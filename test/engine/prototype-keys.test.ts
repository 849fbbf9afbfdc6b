import { test } from 'node:test';
import assert from 'node:assert/strict';
import { defaultCheckOptions, fixFile, printConfigs, printRendering, renderAllAgents, Workspace } from '../../server/src/engine';
import { agentManifest, check, yaml } from '../support/engine';
import { checkConfig } from '../support/promconfig';

const rw = 'remote_write:\n  - url: https://a.example.com/write\n';

test('a kind named like a member of Object.prototype is a kind promagent does not check', () => {
  assert.deepEqual(check('apiVersion: v1\nkind: toString\nmetadata: {name: a}\n'), []);
  assert.deepEqual(check('apiVersion: apps/v1\nkind: constructor\nmetadata: {name: a}\n'), []);
});

test('such keys in prometheus.yml are unknown keys, and the real errors still show', () => {
  assert.deepEqual(checkConfig(yaml`
    global:
      toString: 1
      __proto__: {scrape_interval: 1m}
      scrape_interval: 1x
    rule_files: [rules.yml]
  ` + rw), [
    '2:3 error promconfig/unknown-key field toString not found in type config.plain',
    '3:3 error promconfig/unknown-key field __proto__ not found in type config.plain',
    '4:20 error promconfig/duration unknown unit "x" in duration "1x"',
    '5:1 error promconfig/agent-forbidden field rule_files is not allowed in agent mode',
  ]);
});

test('relabel replacements and SD roles named like them reference nothing', () => {
  assert.deepEqual(checkConfig(yaml`
    scrape_configs:
      - job_name: a
        relabel_configs:
          - source_labels: [a]
            target_label: b
            replacement: \${constructor}\${toString}
        kubernetes_sd_configs:
          - role: toString
  ` + rw), [
    '8:15 error promconfig/service-discovery unknown Kubernetes SD role "toString"',
  ]);
});

test('an annotation named constructor is an annotation like any other: no finding, nothing for fix to write', () => {
  const pod = yaml`
    apiVersion: v1
    kind: Pod
    metadata:
      name: app
      annotations:
        constructor: x
        toString: "1"
    spec:
      containers: [{name: app, image: nginx}]
  `;
  assert.deepEqual(check(pod), []);
  assert.equal(fixFile('file:///w/pod.yaml', pod, new Workspace(), defaultCheckOptions).text, pod);
});

test('render keeps external labels named like them, and reads such enum values as the unknown values they are', () => {
  const workspace = new Workspace();
  workspace.set('file:///w/agent.yaml', agentManifest(`
    externalLabels: {toString: a, constructor: b, __proto__: c}
    nameEscapingScheme: toString
    remoteWrite:
      - url: https://a.example.com/write
        messageVersion: constructor
    containers:
      - name: prometheus
        __proto__: {image: evil}
  `));
  const [rendering] = renderAllAgents(workspace, defaultCheckOptions);
  const config = printConfigs(rendering);
  assert.match(config, /external_labels:\n {4}__proto__: c\n {4}constructor: b\n {4}prometheus: monitoring\/agent\n {4}prometheus_replica: \$\(POD_NAME\)\n {4}toString: a\n/);
  assert.doesNotMatch(config, /metric_name_escaping_scheme/);
  assert.match(config, /protobuf_message: prometheus.WriteRequest\n/);
  assert.doesNotMatch(printRendering(rendering), /evil|native code/);
});

import { test } from 'node:test';
import assert from 'node:assert/strict';
import { applyFix, check, findings, only, underlined, yaml } from '../support/engine';

/** The operator's Deployment running `image` with these args, one per line. */
const operator = (image: string, args: string[]) => yaml`
  apiVersion: apps/v1
  kind: Deployment
  metadata: {name: prometheus-operator, namespace: monitoring}
  spec:
    selector: {matchLabels: {app: prometheus-operator}}
    template:
      metadata: {labels: {app: prometheus-operator}}
      spec:
        containers:
          - name: prometheus-operator
            image: ${image}
            args:
${args.map((arg) => `              - ${arg}`).join('\n')}
  `;

const gateLines = (text: string) => check(text).filter((line) => line.includes('operator/feature-gates'));

test('a gate name the operator does not have stops it at start: an error on the flag, fixed where only its case differs', () => {
  const text = operator('quay.io/prometheus-operator/prometheus-operator:v0.93.0', ['--kubelet-service=kube-system/kubelet', '--feature-gates=PrometheusAgentDaemonset=true  # DaemonSet mode']);
  const finding = only(findings(text), 'operator/feature-gates');
  assert.equal(finding.severity, 'error');
  assert.match(finding.message, /^feature gate "PrometheusAgentDaemonset" is unknown to prometheus-operator v0\.93\.0 \(its gates: PrometheusAgentDaemonSet, .*\): it exits at start \("failed to update feature gates"\) and reconciles nothing$/);
  assert.equal(underlined(text, finding), '--feature-gates=PrometheusAgentDaemonset=true');
  assert.equal(applyFix(text, finding.fixes[0]), text.replace('PrometheusAgentDaemonset=true', 'PrometheusAgentDaemonSet=true'));
  // A name like no gate gets no fix; the separate form is read too and the finding goes on the value.
  const separate = operator('quay.io/prometheus-operator/prometheus-operator:v0.93.0', ['--feature-gates', '"PrometheusAgentDaemonSet=true,AgentSidecars=true"']);
  const unknown = only(findings(separate), 'operator/feature-gates');
  assert.equal(underlined(separate, unknown), '"PrometheusAgentDaemonSet=true,AgentSidecars=true"');
  assert.deepEqual(unknown.fixes, []);
});

test('the rename touches the name alone: a block scalar and its comment stay', () => {
  const text = operator('quay.io/prometheus-operator/prometheus-operator:v0.93.0', ['GATES'])
    .replace(/- GATES/, '- >-  # turn on DaemonSet mode\n                --feature-gates=prometheusAgentDaemonSet=true');
  const finding = only(findings(text), 'operator/feature-gates');
  assert.equal(applyFix(text, finding.fixes[0]), text.replace('prometheusAgentDaemonSet', 'PrometheusAgentDaemonSet'));
});

test('a value MapStringBool refuses stops every release; names are checked only for the release promagent models', () => {
  const refused = (value: string, image = 'quay.io/prometheus-operator/prometheus-operator:v0.80.0') => gateLines(operator(image, [`--feature-gates=${value}`]));
  assert.deepEqual(refused('PrometheusAgentDaemonSet'), ['13:15 error operator/feature-gates --feature-gates "PrometheusAgentDaemonSet": malformed pair "PrometheusAgentDaemonSet", expect string=bool: prometheus-operator exits at start and reconciles nothing']);
  assert.equal(refused('PrometheusAgentDaemonSet=yes').length, 1);
  // Go's ParseBool takes these; spaces around a name and a value are trimmed, and empty pairs skipped; a blank one is not.
  assert.deepEqual(refused('PrometheusAgentDaemonSet=T,, StatusForConfigurationResources = 0', 'quay.io/prometheus-operator/prometheus-operator:v0.93.0'), []);
  assert.match(gateLines(operator('quay.io/prometheus-operator/prometheus-operator:v0.80.0', ['"--feature-gates=PrometheusAgentDaemonSet=true, "']))[0], /malformed pair " ", expect string=bool/);
  // A build of its own (`v0.93.0-fork`) may carry gates of its own.
  assert.deepEqual(refused('MyForkGate=true', 'quay.io/prometheus-operator/prometheus-operator:v0.93.0-fork'), []);
  // Another release's gates promagent does not know: its names are not judged.
  assert.deepEqual(refused('SomeOlderGate=true'), []);
  assert.deepEqual(refused('SomeOlderGate=true', 'quay.io/prometheus-operator/prometheus-operator:latest'), []);
  // What the operator may not read as a flag (after a word Go's flag package may stop at), or a shell script, is not said.
  assert.deepEqual(gateLines(operator('quay.io/prometheus-operator/prometheus-operator:v0.93.0', ['start', '--feature-gates=Nope=true'])), []);
  const fromConfigMap = operator('quay.io/prometheus-operator/prometheus-operator:v0.93.0', ['--feature-gates=$(GATES)'])
    .replace(/( +)args:/, '$1env: [{name: GATES, valueFrom: {configMapKeyRef: {name: gates, key: gates}}}]\n$1args:');
  assert.deepEqual(gateLines(fromConfigMap), []);
  // A name the container does not define stays as written (the kubelet's rule): the operator reads "$(GATES)".
  assert.equal(gateLines(operator('quay.io/prometheus-operator/prometheus-operator:v0.93.0', ['--feature-gates=$(GATES)'])).length, 1);
});

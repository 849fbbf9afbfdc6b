import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import {
  checkFile, defaultCheckOptions, editorSchemaText, operatorHover, printRendering, renderAllAgents, schemaInUse, withOperatorTarget, Workspace, type CheckOptions,
} from '../../server/src/engine';
import { operatorRelease } from '../../server/src/engine/model/operator';
import { knownReleases, newestSchema, releaseSchema } from '../../server/src/engine/model/operatorReleases';
import { agentManifest, check, findings, yaml } from '../support/engine';

const cli = (version: string): Partial<CheckOptions> => ({ operatorVersion: { version, from: 'cli' } });
/** Findings of a PrometheusAgent with `spec` under prometheus-operator `version` (as --operator-version says). */
const agentAt = (version: string, spec: string) => check(agentManifest(spec), { options: cli(version) });

const operatorDeployment = (image: string, gates = '') => yaml`
  apiVersion: apps/v1
  kind: Deployment
  metadata:
    name: prometheus-operator
    namespace: monitoring
  spec:
    selector: {matchLabels: {app: prometheus-operator}}
    template:
      metadata: {labels: {app: prometheus-operator}}
      spec:
        containers:
          - name: prometheus-operator
            image: ${image}
            args: [--prometheus-config-reloader=quay.io/prometheus-operator/prometheus-config-reloader:v0.74.0${gates ? `, --feature-gates=${gates}` : ''}]
  `;

/** A PrometheusAgent CRD as a workspace may hold one: its annotation and the spec fields its schema declares. */
const agentCrd = (version: string | undefined, specProperties: string) => yaml`
  apiVersion: apiextensions.k8s.io/v1
  kind: CustomResourceDefinition
  metadata:
    name: prometheusagents.monitoring.coreos.com
    ${version ? `annotations: {operator.prometheus.io/version: ${version}}` : 'labels: {app: crds}'}
  spec:
    group: monitoring.coreos.com
    names: {kind: PrometheusAgent, plural: prometheusagents}
    scope: Namespaced
    versions:
      - name: v1alpha1
        served: true
        storage: true
        schema:
          openAPIV3Schema:
            type: object
            properties:
              apiVersion: {type: string}
              kind: {type: string}
              metadata: {type: object}
              spec: {type: object, properties: ${specProperties}}
  `;

const daemonSetAgent = agentManifest('mode: DaemonSet\nremoteWrite:\n  - url: https://metrics.example.com/api/v1/write');

test('mode: DaemonSet is an unknown field naming v0.75.0 where the operator Deployment runs v0.74.0, and clean on v0.93.0', () => {
  assert.deepEqual(check(daemonSetAgent, { workspace: { 'file:///work/operator.yaml': operatorDeployment('quay.io/prometheus-operator/prometheus-operator:v0.74.0') } }), [
    '7:3 error crd/unknown-field unknown field "spec.mode": added in prometheus-operator v0.75.0; the target is v0.74.0',
  ]);
  // Rancher's mirror of the operator's image names its release too.
  const mirrored = operatorDeployment('rancher/mirrored-prometheus-operator-prometheus-operator:v0.74.0');
  assert.deepEqual(check(daemonSetAgent, { workspace: { 'file:///work/operator.yaml': mirrored } }).map((line) => line.split(' ')[2]), ['crd/unknown-field']);
  const v093 = (gates?: string) => check(daemonSetAgent, { workspace: { 'file:///work/operator.yaml': operatorDeployment('quay.io/prometheus-operator/prometheus-operator:v0.93.0', gates) } });
  assert.deepEqual(v093('PrometheusAgentDaemonSet=true'), []);
  assert.deepEqual(v093().map((line) => line.split(' ')[2]), ['agent/daemonset-feature-gate']);
  assert.deepEqual(check(daemonSetAgent), [], 'nothing names a release: v0.93.0');
});

test('scrapeClasses is an error naming v0.72.0 under --operator-version v0.70.0, with a remove fix that is not preferred', () => {
  const text = agentManifest('scrapeClasses:\n  - name: default\n    default: true');
  const [finding] = findings(text, { options: cli('v0.70.0') });
  assert.equal(finding.message, 'unknown field "spec.scrapeClasses": added in prometheus-operator v0.72.0; the target is v0.70.0');
  assert.deepEqual(finding.fixes.map((fix) => [fix.title, fix.preferred]), [['Remove scrapeClasses', undefined]]);
  assert.deepEqual(check(text, { options: cli('v0.72.0') }), []);
});

test('a field from each era is refused before the release that added it and accepted from it on', () => {
  const eras: [string, string, string][] = [
    ['scrapeConfigSelector: {}', 'v0.64.0', 'v0.65.0'],
    ['tracingConfig: {endpoint: otel:4317}', 'v0.65.0', 'v0.66.0'],
    ['keepDroppedTargets: 5', 'v0.67.0', 'v0.68.0'],
    ['reloadStrategy: ProcessSignal', 'v0.69.0', 'v0.70.0'],
    ['scrapeProtocols: [PrometheusProto]', 'v0.71.0', 'v0.72.0'],
    ['serviceDiscoveryRole: EndpointSlice', 'v0.75.0', 'v0.76.0'],
    ['otlp: {promoteResourceAttributes: [service.name]}', 'v0.76.0', 'v0.77.0'],
    ['dnsPolicy: ClusterFirst', 'v0.77.0', 'v0.78.0'],
    ['serviceName: agents', 'v0.79.0', 'v0.80.0'],
    ['hostUsers: false', 'v0.84.0', 'v0.85.0'],
    ['scrapeNativeHistograms: true', 'v0.87.0', 'v0.88.0'],
    ['schedulerName: custom', 'v0.89.0', 'v0.90.0'],
    ['shardingStrategy: {mode: Address}', 'v0.90.0', 'v0.91.0'],
  ];
  for (const [spec, before, since] of eras) {
    const field = spec.slice(0, spec.indexOf(':'));
    assert.deepEqual(agentAt(before, spec), [`7:3 error crd/unknown-field unknown field "spec.${field}": added in prometheus-operator ${since}; the target is ${before}`], spec);
    assert.deepEqual(agentAt(since, spec), [], spec);
  }
});

test('scrapeFallbackProtocol lived in v0.79.0 only: added and removed, each said', () => {
  const spec = 'scrapeFallbackProtocol: PrometheusText0.0.4';
  assert.deepEqual(agentAt('v0.78.0', spec), ['7:3 error crd/unknown-field unknown field "spec.scrapeFallbackProtocol": added in prometheus-operator v0.79.0 and removed in v0.80.0; the target is v0.78.0']);
  assert.deepEqual(agentAt('v0.79.0', spec), []);
  assert.deepEqual(agentAt('v0.85.0', spec), ['7:3 error crd/unknown-field unknown field "spec.scrapeFallbackProtocol": removed in prometheus-operator v0.80.0; the target is v0.85.0']);
  assert.deepEqual(agentAt('v0.79.0', 'scrapeFallbackProtocol: Text'), [
    '7:27 error crd/enum spec.scrapeFallbackProtocol: Unsupported value: "Text": supported values: "PrometheusProto", "OpenMetricsText0.0.1", "OpenMetricsText1.0.0", "PrometheusText0.0.4", "PrometheusText1.0.0"',
  ], "v0.79.0's own enum");
});

test('a misspelt field no release has still gets its did-you-mean', () => {
  assert.deepEqual(agentAt('v0.70.0', 'replica: 2'), ['7:3 error crd/unknown-field unknown field "spec.replica": did you mean "replicas"?']);
});

test('enums, required fields and kinds are each release\'s', () => {
  const serviceMonitor = (endpoints: string) => yaml`
    apiVersion: monitoring.coreos.com/v1
    kind: ServiceMonitor
    metadata: {name: web, namespace: shop}
    spec:
      selector: {matchLabels: {app: web}}
    ${endpoints}`;
  const https = serviceMonitor('  endpoints: [{port: web, scheme: HTTPS}]');
  assert.deepEqual(check(https, { options: cli('v0.86.0') }), [
    '6:35 error crd/enum spec.endpoints[0].scheme: Unsupported value: "HTTPS": supported values: "http", "https" ("HTTPS": added in prometheus-operator v0.87.0; the target is v0.86.0)',
  ]);
  assert.deepEqual(check(https, { options: cli('v0.87.0') }), []);
  // endpoints were optional from v0.70.0 to v0.75.0.
  assert.deepEqual(check(serviceMonitor(''), { options: cli('v0.72.0') }), []);
  assert.deepEqual(check(serviceMonitor(''), { options: cli('v0.76.0') }), ['4:1 error crd/required spec.endpoints: Required value']);

  const scrapeConfig = yaml`
    apiVersion: monitoring.coreos.com/v1alpha1
    kind: ScrapeConfig
    metadata: {name: static}
    spec:
      staticConfigs: [{targets: [a:9100]}]
    `;
  assert.deepEqual(check(scrapeConfig, { options: cli('v0.64.0') }), [
    '2:7 error crd/unknown-kind no matches for kind "ScrapeConfig" in version "monitoring.coreos.com/v1alpha1": added in prometheus-operator v0.65.0; the target is v0.64.0',
  ]);
  assert.deepEqual(check(scrapeConfig, { options: cli('v0.65.0') }), []);
});

test('CEL rules run from v0.84.0, each from the release that added it', () => {
  const replicas = 'mode: DaemonSet\nreplicas: 2';
  assert.deepEqual(agentAt('v0.83.0', replicas), []);
  assert.deepEqual(agentAt('v0.84.0', replicas), ['8:3 error crd/validation-rule replicas cannot be set when mode is DaemonSet']);
  const probes = 'mode: DaemonSet\nprobeSelector: {}';
  assert.deepEqual(agentAt('v0.84.0', probes), []);
  assert.deepEqual(agentAt('v0.85.0', probes), ['8:3 error crd/validation-rule probeSelector cannot be set when mode is DaemonSet']);
  const additional = 'mode: DaemonSet\nadditionalScrapeConfigs: {name: extra, key: jobs.yaml}';
  assert.deepEqual(agentAt('v0.87.0', additional), []);
  assert.deepEqual(agentAt('v0.88.0', additional), ['8:3 error crd/validation-rule additionalScrapeConfigs cannot be set when mode is DaemonSet']);
});

test('Sidecar mode is the proposal\'s whatever the release: before v0.75.0 it is the only mode there is', () => {
  const sidecar = 'mode: Sidecar\nreplicas: 2\nnodeSelector: {disk: ssd}';
  assert.deepEqual(agentAt('v0.70.0', sidecar), [
    '7:9 hint agent/sidecar-mode mode Sidecar follows the sidecar-injection proposal: prometheus-operator v0.70.0 does not inject agents yet, and its CRD has no mode field',
    '7:9 information sidecar/unused-agent no Pod or workload in the workspace asks for PrometheusAgent monitoring/agent (prometheus.operator.io/scrape: "true" with prometheus.operator.io/agent-selector: monitoring/agent)',
    '8:3 error crd/validation-rule replicas cannot be set when mode is Sidecar',
    '9:3 warning crd/validation-rule nodeSelector is ignored when mode is Sidecar: the pod belongs to its own workload',
  ]);
  // A field the release lacks is said once, as unknown, not again by a Sidecar rule.
  assert.deepEqual(agentAt('v0.70.0', 'mode: Sidecar\nshardingStrategy: {mode: Address}').filter((f) => f.includes('error')), [
    '8:3 error crd/unknown-field unknown field "spec.shardingStrategy": added in prometheus-operator v0.91.0; the target is v0.70.0',
  ]);
  assert.deepEqual(check(agentManifest('mode: Sidecar'), { options: { ...cli('v0.70.0'), sidecarMode: false } }), [
    '7:3 error agent/sidecar-mode unknown field "spec.mode": added in prometheus-operator v0.75.0; the target is v0.70.0',
  ]);
});

test('the operator\'s own behaviour is gated by release: the v3 agent flag, DaemonSet mode, PodMonitors in DaemonSet mode', () => {
  assert.deepEqual(agentAt('v0.76.0', 'version: v3.5.0'), [
    '7:12 error agent/v3-agent-flag prometheus-operator v0.76.0 runs Prometheus v3.5.0 with --enable-feature=agent, which v3 does not know: it starts as a server and exits (The following flag(s) can only be used in agent mode: ["--storage.agent.path"]); an agent on Prometheus v3 needs prometheus-operator v0.77.0 or newer',
  ]);
  assert.deepEqual(agentAt('v0.77.0', 'version: v3.5.0'), []);
  // Its workaround, --agent in additionalArgs, runs the agent; before v0.77.0 `agent` is no argument of the operator's.
  assert.deepEqual(agentAt('v0.70.0', 'version: v3.1.0\nadditionalArgs: [{name: agent}]'), []);
  // It set --enable-feature=agent itself, on every Prometheus version: enable-feature was its own.
  assert.deepEqual(agentAt('v0.70.0', 'version: v3.1.0\nadditionalArgs: [{name: enable-feature, value: exemplar-storage}]').filter((f) => f.includes('managed-argument')), [
    "8:27 error agent/managed-argument can't set arguments which are already managed by the operator: enable-feature",
  ]);
  assert.deepEqual(agentAt('v0.77.0', 'version: v3.1.0\nadditionalArgs: [{name: enable-feature, value: exemplar-storage}]'), []);
  assert.deepEqual(agentAt('v0.77.0', 'version: v3.1.0\nadditionalArgs: [{name: agent}]'), [
    "8:27 error agent/managed-argument can't set arguments which are already managed by the operator: agent",
  ]);
  assert.deepEqual(agentAt('v0.76.0', 'version: v2.53.0'), []);
  assert.deepEqual(agentAt('v0.75.0', 'mode: DaemonSet'), [
    '7:9 warning agent/daemonset-release prometheus-operator v0.75.0 has the mode field but ignores it: it deploys a StatefulSet (DaemonSet mode came in v0.76.0)',
  ]);
  assert.deepEqual(agentAt('v0.76.0', 'mode: DaemonSet\npodMonitorSelector: {}'), [
    '8:3 warning agent/daemonset-release in DaemonSet mode prometheus-operator v0.76.0 generates no scrape job from PodMonitors (v0.77.0 does): the agent scrapes nothing they select',
  ]);
  assert.deepEqual(agentAt('v0.77.0', 'mode: DaemonSet\npodMonitorSelector: {}'), []);
  assert.deepEqual(agentAt('v0.74.0', 'version: v2.53.0\nenableFeatures: [agent]'), [
    '8:20 warning agent/agent-feature-flag "agent" in enableFeatures is redundant: the operator already runs the agent with --enable-feature=agent, and the flag is passed twice',
  ]);
});

test('without spec.version, an operator release promagent does not model runs a Prometheus it does not know: nothing is said on v0.93.0\'s default', () => {
  const text = agentManifest('additionalScrapeConfigs: {name: extra, key: scrape.yaml}') + yaml`
    ---
    apiVersion: v1
    kind: Secret
    metadata: {name: extra, namespace: monitoring}
    stringData:
      scrape.yaml: |
        - job_name: a
          scrape_classic_histograms: true
          static_configs: [{targets: ["a:9090"]}]
  `;
  const keyVersion = (options: Partial<CheckOptions>) => check(text, { options }).filter((line) => line.includes('promconfig/key-version'));
  assert.deepEqual(keyVersion(cli('v0.70.0')), []);
  // v0.93.0 runs its default, v3: the v2 key is refused.
  assert.equal(keyVersion(cli('v0.93.0')).length, 1);
  assert.equal(keyVersion({}).length, 1);
});

test('the release comes from the operator Deployment, then the CRDs\' annotation, then a release bundle, each with why', () => {
  const target = (files: Record<string, string>, options: Partial<CheckOptions> = {}) => {
    const workspace = new Workspace();
    for (const [uri, text] of Object.entries(files)) workspace.set(uri, text);
    const { operator } = withOperatorTarget({ ...defaultCheckOptions, ...options }, workspace);
    return `${operator!.version} ${operator!.from}: ${operator!.reason}`;
  };
  const deployment = { 'file:///work/deploy/operator.yaml': operatorDeployment('registry.example.com/mirror/prometheus-operator:v0.74.0') };
  const crds = { 'file:///work/crds/agent.yaml': agentCrd('0.80.0', '{replicas: {type: integer}}') };
  const kustomization = {
    'file:///work/kustomization.yaml': yaml`
      resources:
        - https://github.com/prometheus-operator/prometheus-operator/releases/download/v0.78.0/bundle.yaml
        - agent.yaml
      `,
  };
  assert.equal(target(deployment), 'v0.74.0 workspace: the image of Deployment monitoring/prometheus-operator (registry.example.com/mirror/prometheus-operator:v0.74.0, operator.yaml)');
  assert.equal(target(crds), 'v0.80.0 workspace: the operator.prometheus.io/version annotation of CustomResourceDefinition prometheusagents.monitoring.coreos.com (agent.yaml)');
  assert.equal(target(kustomization), 'v0.78.0 workspace: kustomization.yaml, which names https://github.com/prometheus-operator/prometheus-operator/releases/download/v0.78.0/bundle.yaml');
  assert.equal(target({ ...kustomization, ...crds }).split(':')[0], 'v0.80.0 workspace');
  assert.equal(target({ ...kustomization, ...crds, ...deployment }).split(':')[0], 'v0.74.0 workspace');
  const setting: Partial<CheckOptions> = { operatorVersion: { version: 'v0.70.0', from: 'setting' } };
  assert.equal(target({}, setting), 'v0.70.0 setting: the setting promagent.operatorVersion (v0.70.0); nothing in the workspace names a release');
  assert.equal(target(deployment, setting), 'v0.74.0 workspace: the image of Deployment monitoring/prometheus-operator (registry.example.com/mirror/prometheus-operator:v0.74.0, operator.yaml) (over the setting promagent.operatorVersion, v0.70.0)');
  assert.equal(target(deployment, cli('v0.70.0')), 'v0.70.0 cli: --operator-version v0.70.0');
  assert.equal(target({}), 'v0.93.0 default: nothing in the workspace names a release: promagent\'s newest, v0.93.0');
  // An operator whose image names no release (a digest, main) is said to be one.
  const digest = { 'file:///work/deploy/operator.yaml': operatorDeployment(`quay.io/prometheus-operator/prometheus-operator@sha256:${'0'.repeat(64)}`) };
  assert.equal(target(digest), `v0.93.0 default: the image of Deployment monitoring/prometheus-operator (quay.io/prometheus-operator/prometheus-operator@sha256:${'0'.repeat(64)}, operator.yaml) names no release: promagent's newest, v0.93.0`);
  assert.equal(target({ ...digest, ...crds }).split(':')[0], 'v0.80.0 workspace');
  const twoOperators = { ...deployment, 'file:///work/deploy/other.yaml': operatorDeployment('quay.io/prometheus-operator/prometheus-operator:v0.76.0') };
  assert.match(target(twoOperators), /^v0\.76\.0 workspace: the workspace names 2 releases: v0\.76\.0: the image of .*other\.yaml\); v0\.74\.0: the image of .*operator\.yaml\)$/);
  // The setting says which of them.
  assert.match(target(twoOperators, setting), /^v0\.70\.0 setting: the setting promagent\.operatorVersion \(v0\.70\.0\); the workspace names 2 releases/);
  const remoteBase = { 'file:///work/kustomization.yaml': 'resources:\n  - github.com/prometheus-operator/prometheus-operator?ref=v0.71.0\n' };
  assert.equal(target(remoteBase).split(':')[0], 'v0.71.0 workspace');
  // The config reloader's image, and a comment, name no operator.
  assert.equal(target({ 'file:///work/notes.yaml': '# bundle: https://github.com/prometheus-operator/prometheus-operator/releases/download/v0.70.0/bundle.yaml\na: 1\n' }).split(':')[0], 'v0.93.0 default');
});

test('operators that name different releases: an object is checked for what each refuses, and told how to name one', () => {
  // scrapeFallbackProtocol lived in v0.79.0 only; no release takes 30x.
  const agent = agentManifest('scrapeFallbackProtocol: PrometheusText0.0.4\nscrapeInterval: 30x');
  const operators = {
    'file:///work/staging/operator.yaml': operatorDeployment('quay.io/prometheus-operator/prometheus-operator:v0.79.0'),
    'file:///work/production/operator.yaml': operatorDeployment('quay.io/prometheus-operator/prometheus-operator:v0.85.0'),
  };
  const found = check(agent, { workspace: operators, options: { operatorVersion: undefined } });
  assert.deepEqual(found.map((line) => line.split(' ').slice(0, 3).join(' ')), ['1:1 information crd/release-unknown', '8:19 error crd/invalid-value']);
  assert.match(found[0], /checked for what every prometheus-operator release the workspace names refuses \(v0\.79\.0, v0\.85\.0\), not v0\.85\.0 alone: the workspace names 2 releases: .*; name the one that reconciles it with promagent\.operatorVersion/);
  // Named by the setting, that release's verdict stands.
  assert.deepEqual(check(agent, { workspace: operators, options: { operatorVersion: { version: 'v0.85.0', from: 'setting' } } }).map((line) => line.split(' ').slice(0, 3).join(' ')), [
    '7:3 error crd/unknown-field', '8:19 error crd/invalid-value',
  ]);
  // One operator: its release's verdict.
  assert.deepEqual(check(agent, { workspace: { 'file:///work/production/operator.yaml': operators['file:///work/production/operator.yaml'] }, options: { operatorVersion: undefined } }).map((line) => line.split(' ')[2]), ['crd/unknown-field', 'crd/invalid-value']);
});

test('an operator older than v0.64.0 has no PrometheusAgent: the kind is unknown to it', () => {
  const operator = { 'file:///work/operator.yaml': operatorDeployment('quay.io/prometheus-operator/prometheus-operator:v0.60.0') };
  assert.deepEqual(check(agentManifest('replicas: 1'), { workspace: operator, options: { operatorVersion: undefined } }), [
    '2:7 error crd/unknown-kind no matches for kind "PrometheusAgent" in version "monitoring.coreos.com/v1alpha1": added in prometheus-operator v0.64.0; the target is v0.60.0',
  ]);
  // Its other kinds are checked as the oldest release promagent holds.
  const monitor = 'apiVersion: monitoring.coreos.com/v1\nkind: ServiceMonitor\nmetadata: {name: web, namespace: default}\nspec:\n  selector: {matchLabels: {app: web}}\n  endpoints: [{port: http}]\n';
  assert.deepEqual(check(monitor, { workspace: operator, options: { operatorVersion: undefined } }).filter((line) => line.includes(' crd/')), []);
});

test('CRDs of one kind that differ (one per environment): an object is checked for what each of them refuses', () => {
  const agent = agentManifest('scrapeFallbackProtocol: PrometheusText0.0.4\nfutureField: soon');
  const crds = {
    'file:///work/staging/crd.yaml': agentCrd('0.79.0', '{scrapeFallbackProtocol: {type: string}}'),
    'file:///work/production/crd.yaml': agentCrd('0.85.0', '{replicas: {type: integer}}'),
  };
  // Neither has futureField; only the production CRD lacks scrapeFallbackProtocol. An agent in no environment folder
  // may meet either.
  const found = check(agent, { uri: 'file:///work/agent.yaml', workspace: crds, options: { operatorVersion: undefined } });
  assert.deepEqual(found.map((line) => line.split(' ').slice(0, 4).join(' ')), ['1:1 information crd/release-unknown checked', '8:3 error crd/unknown-field unknown']);
  assert.match(found[1], /"spec\.futureField"/);
  // One of staging meets staging's CRD alone.
  const staging = check(agent, { uri: 'file:///work/staging/agent.yaml', workspace: crds, options: { operatorVersion: undefined } });
  assert.deepEqual(staging.map((line) => line.split(' ').slice(0, 4).join(' ')), ['8:3 error crd/unknown-field unknown']);
  // One CRD: it is the truth.
  assert.deepEqual(check(agent, { workspace: { 'file:///work/production/crd.yaml': crds['file:///work/production/crd.yaml'] }, options: { operatorVersion: undefined } })
    .map((line) => line.split(' ')[2]), ['crd/unknown-field', 'crd/unknown-field']);
  // Their CEL rules too: one only the production CRD has fails where the staging CRD holds.
  const withRule = (crd: string) => crd.replace('spec: {type: object, properties:', 'spec: {type: object, x-kubernetes-validations: [{rule: "!has(self.replicas)", message: "replicas cannot be set"}], properties:');
  const ruled = {
    'file:///work/staging/crd.yaml': agentCrd('0.87.0', '{replicas: {type: integer}}'),
    'file:///work/production/crd.yaml': withRule(agentCrd('0.88.0', '{replicas: {type: integer}}')),
  };
  const replicas = agentManifest('replicas: 2');
  assert.deepEqual(check(replicas, { workspace: ruled, options: { operatorVersion: undefined } }).map((line) => line.split(' ')[2]), ['crd/release-unknown']);
  assert.deepEqual(check(replicas, { workspace: { ...ruled, 'file:///work/staging/crd.yaml': withRule(ruled['file:///work/staging/crd.yaml']) }, options: { operatorVersion: undefined } })
    .map((line) => line.split(' ').slice(2).join(' ')), ['crd/validation-rule replicas cannot be set']);
});

test('a kustomization that sets the operator\'s image tag names that release too, beside the one written', () => {
  const target = (files: Record<string, string>) => {
    const workspace = new Workspace();
    for (const [uri, text] of Object.entries(files)) workspace.set(uri, text);
    const { operator } = withOperatorTarget({ ...defaultCheckOptions, operatorVersion: undefined }, workspace);
    return { version: operator!.version, from: operator!.from, named: operator!.named, reason: operator!.reason };
  };
  const base = {
    'file:///work/base/operator.yaml': operatorDeployment('quay.io/prometheus-operator/prometheus-operator:v0.74.0'),
    'file:///work/base/kustomization.yaml': 'resources: [operator.yaml]\n',
  };
  const overlay = (images: string) => ({ ...base, 'file:///work/overlays/prod/kustomization.yaml': `resources: [../../base]\nimages:\n${images}` });
  const retagged = target(overlay('  - name: quay.io/prometheus-operator/prometheus-operator\n    newTag: v0.85.0\n'));
  assert.equal(retagged.version, 'v0.85.0');
  assert.deepEqual(retagged.named, ['v0.74.0', 'v0.85.0']);
  assert.match(retagged.reason, /v0\.85\.0: the image of Deployment monitoring\/prometheus-operator \(.*\), as prod\/kustomization\.yaml sets it \(quay\.io\/prometheus-operator\/prometheus-operator:v0\.85\.0\)/);
  // The same tag as written, another image's, or a name kustomize does not match as written: one release.
  assert.deepEqual(target(overlay('  - name: quay.io/prometheus-operator/prometheus-operator\n    newTag: v0.74.0\n')).named, undefined);
  assert.deepEqual(target(overlay('  - name: quay.io/prometheus-operator/prometheus-config-reloader\n    newTag: v0.85.0\n')).named, undefined);
  assert.deepEqual(target(overlay('  - name: prometheus-operator/prometheus-operator\n    newTag: v0.85.0\n')).named, undefined);
  // A digest set alone names no release: the overlay's operator may be any.
  const pinned = target(overlay(`  - name: quay.io/prometheus-operator/prometheus-operator\n    digest: sha256:${'0'.repeat(64)}\n`));
  assert.deepEqual([pinned.version, pinned.from, pinned.named], ['v0.93.0', 'default', undefined]);
  assert.match(pinned.reason, /names no release; also named: v0\.74\.0: the image of Deployment/);
  // A tag beside the digest is written before it (`name:tag@digest`): it names the release.
  assert.deepEqual(target(overlay(`  - name: quay.io/prometheus-operator/prometheus-operator\n    newTag: v0.85.0\n    digest: sha256:${'0'.repeat(64)}\n`)).named, ['v0.74.0', 'v0.85.0']);
  // An overlay's strategic-merge patch of the operator Deployment that sets its image names that release too.
  const patch = 'apiVersion: apps/v1\nkind: Deployment\nmetadata: {name: prometheus-operator, namespace: monitoring}\nspec:\n  template:\n    spec:\n      containers:\n        - name: prometheus-operator\n          image: quay.io/prometheus-operator/prometheus-operator:v0.85.0\n';
  const patched = target({ ...base, 'file:///work/overlays/prod/kustomization.yaml': 'resources: [../../base]\npatches:\n  - path: operator-patch.yaml\n', 'file:///work/overlays/prod/operator-patch.yaml': patch });
  assert.deepEqual(patched.named, ['v0.74.0', 'v0.85.0']);
  // Another operator whose image names no release (latest) may be any release.
  const latest = target({ ...base, 'file:///work/other/operator.yaml': operatorDeployment('quay.io/prometheus-operator/prometheus-operator:latest') });
  assert.deepEqual([latest.version, latest.from], ['v0.93.0', 'default']);
  // An inline or JSON 6902 patch that may set the operator's image names no release promagent reads: it may run any.
  const patchedBy = (patches: string) => target({ ...base, 'file:///work/overlays/prod/kustomization.yaml': `resources: [../../base]\n${patches}` });
  const json6902 = 'patches:\n  - target: {kind: Deployment, name: prometheus-operator}\n    patch: |-\n      - op: replace\n        path: /spec/template/spec/containers/0/image\n        value: quay.io/prometheus-operator/prometheus-operator:v0.85.0\n';
  const inline = 'patches:\n  - patch: |-\n      apiVersion: apps/v1\n      kind: Deployment\n      metadata: {name: prometheus-operator}\n      spec: {template: {spec: {containers: [{name: prometheus-operator, image: "quay.io/prometheus-operator/prometheus-operator:v0.85.0"}]}}}\n';
  const oneLine = 'patchesJson6902:\n  - target: {group: apps, version: v1, kind: Deployment, name: prometheus-.*}\n    patch: \'[{"op": "replace", "path": "/spec/template/spec/containers/0/image", "value": "x"}]\'\n';
  const opsFile = 'patchesJson6902:\n  - target: {kind: Deployment, name: prometheus-operator}\n    path: operator-ops.yaml\n';
  for (const patches of [json6902, inline, oneLine, opsFile]) {
    const any = patchedBy(patches);
    assert.deepEqual([any.version, any.from, any.named], ['v0.93.0', 'default', undefined], patches);
    assert.match(any.reason, /the image of Deployment monitoring\/prometheus-operator \(.*\), whose image prod\/kustomization\.yaml may patch names no release/);
  }
  // A patch of another object, or one that sets no image, leaves the release written.
  for (const patches of [json6902.replace('name: prometheus-operator}', 'name: checkout}'), json6902.replace('kind: Deployment', 'kind: StatefulSet'), json6902.replace('/image', '/args/0')]) {
    assert.deepEqual([patchedBy(patches).version, patchedBy(patches).from], ['v0.74.0', 'workspace'], patches);
  }
});

test('a CRD in the workspace is the truth for its kind, whatever its release, and gets no finding of its own', () => {
  const agent = agentManifest('mode: DaemonSet\nreplicas: 2\nfutureField: soon');
  const withCrd = (crd: string, options: Partial<CheckOptions> = {}) => {
    const workspace = new Workspace();
    const crdFile = workspace.set('file:///work/crds/agent.yaml', crd);
    const agentFile = workspace.set('file:///work/agent.yaml', agent);
    const all = { ...defaultCheckOptions, ...options };
    assert.deepEqual(checkFile(crdFile, workspace, all), [], 'the CRD itself');
    return checkFile(agentFile, workspace, all).map((f) => `${f.code} ${f.message}`);
  };
  assert.deepEqual(withCrd(agentCrd('0.74.0', '{replicas: {type: integer}, futureField: {type: string}}')), [
    'crd/unknown-field unknown field "spec.mode": added in prometheus-operator v0.75.0; the workspace\'s CRD prometheusagents.monitoring.coreos.com is v0.74.0',
  ]);
  // Newer than promagent knows: its fields are accepted, and the other kinds are checked as the newest release known.
  assert.deepEqual(withCrd(agentCrd('0.95.0', '{mode: {type: string, enum: [StatefulSet, DaemonSet]}, replicas: {type: integer}, futureField: {type: string}}')), []);
  assert.deepEqual(withCrd(agentCrd(undefined, '{replicas: {type: integer}}')), [
    'crd/unknown-field unknown field "spec.mode": prometheus-operator has it from v0.75.0; the workspace\'s CRD prometheusagents.monitoring.coreos.com does not declare it',
    'crd/unknown-field unknown field "spec.futureField"',
  ]);
  // Even under --operator-version, the workspace's CRD decides its kind; the operator's behaviour is the flag's release.
  assert.deepEqual(withCrd(agentCrd('0.95.0', '{mode: {type: string}, replicas: {type: integer}, futureField: {type: string}}'), cli('v0.70.0')), [
    'agent/daemonset-release prometheus-operator v0.70.0 does not know the mode field: it deploys a StatefulSet (DaemonSet mode came in v0.76.0)',
  ]);
});

test('a v0.74.0 CRD decides like the operator Deployment, with no flag; an operator older than its CRDs ignores mode', () => {
  const bundled = readFileSync(join(__dirname, '..', '..', 'schemas', 'crds', 'monitoring.coreos.com_prometheusagents.yaml'), 'utf8');
  const v074 = agentCrd('0.74.0', '{replicas: {type: integer}, remoteWrite: {type: array, items: {type: object}}}');
  assert.deepEqual(check(daemonSetAgent, { workspace: { 'file:///work/crds/agent.yaml': v074 } }), [
    '7:3 error crd/unknown-field unknown field "spec.mode": added in prometheus-operator v0.75.0; the workspace\'s CRD prometheusagents.monitoring.coreos.com is v0.74.0',
  ]);
  assert.deepEqual(check(daemonSetAgent, {
    workspace: { 'file:///work/crds/agent.yaml': bundled, 'file:///work/operator.yaml': operatorDeployment('quay.io/prometheus-operator/prometheus-operator:v0.74.0') },
  }), ['7:9 warning agent/daemonset-release prometheus-operator v0.74.0 does not know the mode field: it deploys a StatefulSet (DaemonSet mode came in v0.76.0)']);
});

test('an edit to the operator Deployment re-checks the agents it decides for', () => {
  const workspace = new Workspace();
  workspace.set('file:///work/operator.yaml', operatorDeployment('quay.io/prometheus-operator/prometheus-operator:v0.74.0'));
  const agent = workspace.set('file:///work/agent.yaml', daemonSetAgent);
  assert.equal(checkFile(agent, workspace, defaultCheckOptions).length, 1);
  workspace.set('file:///work/operator.yaml', operatorDeployment('quay.io/prometheus-operator/prometheus-operator:v0.75.0'));
  assert.deepEqual(checkFile(agent, workspace, defaultCheckOptions).map((f) => f.code), ['agent/daemonset-release']);
  workspace.delete('file:///work/operator.yaml');
  assert.deepEqual(checkFile(agent, workspace, defaultCheckOptions), []);
});

test('render keeps modelling v0.93.0 and lists what it knows differs on the target', () => {
  const workspace = new Workspace();
  workspace.set('file:///work/agent.yaml', agentManifest('scrapeClasses: [{name: default}]\nremoteWrite:\n  - url: https://metrics.example.com/api/v1/write'));
  const header = (options: CheckOptions) => printRendering(renderAllAgents(workspace, options)[0]).split('\n').filter((line) => line.startsWith('#')).join('\n');
  assert.match(header(defaultCheckOptions), /\n# Target: prometheus-operator v0\.93\.0 \(by default: nothing in the workspace names a release: promagent's newest, v0\.93\.0\)\.$/);
  assert.equal(header({ ...defaultCheckOptions, ...cli('v0.70.0') }).split('\n').slice(1).join('\n'), [
    '# Modelled: prometheus-operator v0.93.0, Prometheus v3.13.1.',
    '# Left out: ownerReferences (they need the agent\'s uid) and the prometheus-operator-input-hash annotation.',
    '# Target: prometheus-operator v0.70.0 (from the command line: --operator-version v0.70.0); rendered as v0.93.0 renders it. Differences promagent knows of:',
    '# - from v0.75.0 on (not in v0.70.0): spec.mode exists but has no effect: the agent is a StatefulSet whatever it says',
    '# - from v0.76.0 on (not in v0.70.0): mode: DaemonSet deploys a DaemonSet (behind the PrometheusAgentDaemonSet feature gate)',
    '# - from v0.77.0 on (not in v0.70.0): Prometheus v3 agents run with --agent (before: --enable-feature=agent, which v3 does not know)',
    '# - from v0.77.0 on (not in v0.70.0): DaemonSet mode generates scrape jobs from PodMonitors',
    '# - the config reloader\'s image is quay.io/prometheus-operator/prometheus-config-reloader:v0.70.0',
    '# - spec.scrapeClasses: v0.70.0\'s CRD has no such field (added in v0.72.0); the API server rejects or drops it',
  ].join('\n'));
});

test('the committed release data: v0.64.0 to v0.93.0, the newest being the modelled release and schemas/*.json', () => {
  const releases = knownReleases();
  assert.equal(releases.length, 30);
  assert.deepEqual([releases[0], releases[releases.length - 1]], ['v0.64.0', operatorRelease.version]);
  assert.equal(releaseSchema('PrometheusAgent', operatorRelease.version), newestSchema('PrometheusAgent'));
  assert.equal(releaseSchema('ScrapeConfig', 'v0.64.0'), undefined);
  const fields = (release: string) => Object.entries(releaseSchema('PrometheusAgent', release)!.properties!.spec.properties!).filter(([, field]) => !field['x-promagent-added-field']);
  assert.deepEqual([fields('v0.64.0').length, fields('v0.93.0').length], [64, 104]);
});

test('completion and hover serve the release in use: its fields only, each said since the release that added it', () => {
  const workspace = new Workspace();
  const editorSpec = (options: Partial<CheckOptions>) => {
    const resolved = withOperatorTarget({ ...defaultCheckOptions, ...options }, workspace);
    const text = editorSchemaText(schemaInUse('PrometheusAgent', 'monitoring.coreos.com/v1alpha1', resolved, workspace))!;
    return (JSON.parse(text) as { properties: { spec: { properties: Record<string, { markdownDescription: string }> } } }).properties.spec.properties;
  };
  const v070 = editorSpec(cli('v0.70.0'));
  assert.ok(!('scrapeClasses' in v070) && 'reloadStrategy' in v070);
  assert.match(v070.reloadStrategy.markdownDescription, /\*\*Since\*\* prometheus-operator v0\.70\.0\.$/);
  const newest = editorSpec({});
  assert.match(newest.scrapeClasses.markdownDescription, /\*\*Since\*\* prometheus-operator v0\.72\.0\.$/);
  assert.doesNotMatch(newest.replicas.markdownDescription, /Since/, 'a field of the first release');
  assert.match(editorSpec(cli('v0.79.0')).scrapeFallbackProtocol.markdownDescription, /\*\*Since\*\* prometheus-operator v0\.79\.0, \*\*removed in\*\* v0\.80\.0\.$/);
});

test('hover on a monitoring resource\'s kind says the release it is checked as, why, and against which CRD', () => {
  const workspace = new Workspace();
  workspace.set('file:///work/operator.yaml', operatorDeployment('quay.io/prometheus-operator/prometheus-operator:v0.74.1'));
  const file = workspace.set('file:///work/agent.yaml', daemonSetAgent);
  const hover = operatorHover(file, daemonSetAgent.indexOf('PrometheusAgent'), workspace, defaultCheckOptions);
  assert.equal(hover?.markdown, [
    '**PrometheusAgent**, checked as prometheus-operator v0.74.1 (from the workspace: the image of Deployment monitoring/prometheus-operator (quay.io/prometheus-operator/prometheus-operator:v0.74.1, operator.yaml)).',
    'PrometheusAgent is checked against the CRD of prometheus-operator v0.74.0, the nearest release promagent holds.',
  ].join('\n\n'));
  assert.equal(operatorHover(file, daemonSetAgent.indexOf('mode'), workspace, defaultCheckOptions), undefined);
});

test('a monitor is held only to the refusals its operator release makes: checks v0.93.0 makes and older releases did not are left out there', () => {
  const agent = agentManifest([
    'version: v2.55.1', 'serviceMonitorSelector: {}', 'serviceMonitorNamespaceSelector: {}', 'podMonitorSelector: {}', 'podMonitorNamespaceSelector: {}',
    'probeSelector: {}', 'probeNamespaceSelector: {}',
  ].join('\n'));
  const rejected = (monitor: string, version: string) => check(monitor, { uri: 'file:///w/monitor.yaml', workspace: { 'file:///w/agent.yaml': agent }, options: cli(version) })
    .filter((line) => line.includes('wiring/monitor-rejected')).length;
  // basicAuth beside an empty bearerTokenSecret, as older Go clients write it: refused once the endpoint's Validate came.
  const serviceMonitor = yaml`
    apiVersion: monitoring.coreos.com/v1
    kind: ServiceMonitor
    metadata: {name: search, namespace: monitoring}
    spec:
      selector: {matchLabels: {app: search}}
      endpoints:
        - port: http
          basicAuth: {username: {name: admin, key: username}, password: {name: admin, key: password}}
          bearerTokenSecret: {key: ""}
    `;
  assert.deepEqual(['v0.87.0', 'v0.88.0', 'v0.93.0'].map((version) => rejected(serviceMonitor, version)), [0, 1, 1]);
  const podMonitor = (endpoint: string) => yaml`
    apiVersion: monitoring.coreos.com/v1
    kind: PodMonitor
    metadata: {name: app, namespace: monitoring}
    spec:
      selector: {matchLabels: {app: web}}
      podMetricsEndpoints:
        - ${endpoint}
    `;
  const clash = podMonitor('{port: metrics, basicAuth: {username: {name: a, key: u}}, authorization: {credentials: {name: a, key: t}}}');
  assert.deepEqual(['v0.85.0', 'v0.86.0'].map((version) => rejected(clash, version)), [0, 1]);
  // A target label made of references: a legacy name to v0.86.0 and later on Prometheus v2, a name pattern before.
  const references = podMonitor('{port: metrics, relabelings: [{sourceLabels: [a, b], regex: "(.+);(.+)", targetLabel: "${1}", replacement: "${2}"}]}');
  assert.deepEqual(['v0.85.0', 'v0.86.0'].map((version) => rejected(references, version)), [0, 1]);
  const probe = yaml`
    apiVersion: monitoring.coreos.com/v1
    kind: Probe
    metadata: {name: sites, namespace: monitoring}
    spec:
      prober: {url: "blackbox:9115"}
      targets: {staticConfig: {static: [example.com], labels: {site-name: shop}}}
    `;
  assert.deepEqual(['v0.91.0', 'v0.92.0'].map((version) => rejected(probe, version)), [0, 1]);
});

test('a kind the release does not have yet is said unknown once: the operator reads none of it, so rejects none of it', () => {
  const scrapeConfig = yaml`
    apiVersion: monitoring.coreos.com/v1alpha1
    kind: ScrapeConfig
    metadata: {name: sd, namespace: monitoring}
    spec:
      staticConfigs: [{targets: ["a:1"]}]
      relabelings: [{sourceLabels: [a], regex: "(", targetLabel: x}]
    `;
  assert.deepEqual(check(scrapeConfig, { options: cli('v0.64.0') }).map((line) => line.split(' ').slice(0, 3).join(' ')), ['2:7 error crd/unknown-kind']);
  assert.deepEqual(check(scrapeConfig, { options: cli('v0.93.0') }).map((line) => line.split(' ').slice(0, 3).join(' ')), ['6:44 error wiring/monitor-rejected']);
});

test('nothing names the release: only what every release with the fields it uses refuses is raised, and that is said once', () => {
  const unnamed = (text: string) => check(text, { options: { operatorVersion: undefined } });
  const agent = agentManifest('scrapeFallbackProtocol: PrometheusText0.0.4\nscrapeInterval: 30x\nremoteWrite:\n  - url: victoria:8428/api/v1/write');
  // The field v0.80.0 removed and the URL pattern of v0.90.0 are what some release takes; no release takes 30x, and
  // none sends to a URL without an http(s) scheme (before the pattern, Prometheus reads "victoria" as its scheme).
  assert.deepEqual(unnamed(agent).map((line) => line.split(' ').slice(0, 3).join(' ')), ['1:1 information crd/release-unknown', '8:19 error crd/invalid-value', '10:12 error agent/remote-write-url']);
  // scrapeFallbackProtocol dates it: v0.79.0 alone has it.
  assert.match(unnamed(agent)[0], /checked for what prometheus-operator v0\.79\.0, the one release with every field it uses, refuses, not v0\.93\.0 alone \(nothing in the workspace names a release/);
  // An upper-case scheme sends (Go lowercases it); the pattern of v0.90.0 on refuses it.
  assert.match(unnamed(agentManifest('remoteWrite: [{url: "HTTPS://metrics.example.com/api/v1/write"}]'))[0], /every prometheus-operator release from v0\.64\.0 to v0\.93\.0 that has each field it uses refuses/);
  // Named, each is said.
  assert.deepEqual(check(agent).map((line) => line.split(' ').slice(0, 3).join(' ')), ['7:3 error crd/unknown-field', '8:19 error crd/invalid-value', '10:12 error agent/remote-write-url']);
  // What the operator refuses from one release on (a web key missing, from v0.77.0) is a finding of that release.
  const web = agentManifest('web:\n  tlsConfig: {}');
  assert.deepEqual(unnamed(web).map((line) => line.split(' ')[2]), ['crd/release-unknown']);
  assert.deepEqual(check(web).map((line) => line.split(' ')[2]), ['agent/web-tls-refused']);
  // Its fields date it: a DaemonSet agent is of a release with mode; replicas beside it, refused from v0.84.0, is not said.
  const daemonSet = agentManifest('mode: DaemonSet\nreplicas: 3\nremoteWrite: [{url: "https://x/api/v1/write"}]');
  assert.deepEqual(unnamed(daemonSet).map((line) => line.split(' ')[2]), ['crd/release-unknown']);
  assert.doesNotMatch(unnamed(daemonSet)[0], /from v0\.64\.0/);
  // An object with nothing wrong in any release says nothing.
  assert.deepEqual(unnamed(agentManifest('remoteWrite: [{url: "https://x/api/v1/write"}]')), []);
  // v0.64.0 had no enum on an endpoint's scheme: it took any value.
  const monitor = 'apiVersion: monitoring.coreos.com/v1\nkind: ServiceMonitor\nmetadata: {name: web, namespace: default}\nspec:\n  selector: {matchLabels: {app: web}}\n  endpoints:\n    - port: http\n      scheme: Https\n';
  assert.deepEqual(unnamed(monitor).map((line) => line.split(' ')[2]), ['crd/release-unknown']);
  assert.deepEqual(check(monitor).map((line) => line.split(' ')[2]), ['crd/enum']);
  // No release has both fields (one v0.79.0's, one gone in v0.72.0): each refuses one, and both are said.
  const both = agentManifest('scrapeFallbackProtocol: PrometheusText0.0.4\nstorage:\n  volumeClaimTemplate:\n    spec:\n      resources:\n        claims: [{name: a}]');
  assert.deepEqual(unnamed(both).map((line) => line.split(' ')[2]), ['crd/unknown-field', 'crd/unknown-field']);
  // The Prometheus an agent without spec.version runs is the operator's default: not known either.
  const pulledIn = `${agentManifest('remoteWrite: [{url: "https://x/api/v1/write"}]\nadditionalScrapeConfigs: {name: extra, key: jobs.yaml}')}---\napiVersion: v1\nkind: Secret\nmetadata: {name: extra, namespace: monitoring}\nstringData:\n  jobs.yaml: |\n    - job_name: old\n      scrape_classic_histograms: true\n      static_configs: [{targets: ["a:9100"]}]\n`;
  assert.deepEqual(unnamed(pulledIn).filter((line) => line.includes('key-version')), []);
  assert.equal(check(pulledIn).filter((line) => line.includes('key-version')).length, 1);
});

test('a patch release promagent has no CRDs of is checked as its minor and the next: v0.79.1 renamed a field v0.80.0 has', () => {
  const monitor = yaml`
    apiVersion: monitoring.coreos.com/v1
    kind: ServiceMonitor
    metadata: {name: api, namespace: monitoring}
    spec:
      selector: {matchLabels: {app: api}}
      fallbackScrapeProtocol: PrometheusText0.0.4
      endpoints: [{port: web, interval: 1.5m}]
  `;
  const at = (version: string) => check(monitor, { options: cli(version) }).map((line) => line.split(' ').slice(0, 3).join(' '));
  assert.deepEqual(at('v0.79.0'), ['6:3 error crd/unknown-field', '7:37 error crd/invalid-value']);
  assert.deepEqual(at('v0.79.2'), ['1:1 information crd/release-unknown', '7:37 error crd/invalid-value']);
  assert.match(check(monitor, { options: cli('v0.79.2') })[0], /what both prometheus-operator v0\.79\.0 and v0\.80\.0 refuse: promagent has no CRDs of v0\.79\.2/);
  assert.deepEqual(at('v0.80.0'), ['7:37 error crd/invalid-value']);
});

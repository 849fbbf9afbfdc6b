import { test } from 'node:test';
import assert from 'node:assert/strict';
import { checkFile, defaultCheckOptions, Workspace } from '../../server/src/engine';
import { agentManifest, applyFix, check, describe, findings, underlined, yaml } from '../support/engine';

const flagged = (spec: string, options = {}, kind = 'PrometheusAgent') => {
  const text = kind === 'Prometheus' ? agentManifest(spec, kind, 'monitoring.coreos.com/v1') : agentManifest(spec);
  return findings(text, { options }).map((f) => `${f.severity} ${f.code} [${underlined(text, f)}] ${f.message}`);
};

test('scrapeTimeout longer than scrapeInterval (or its 30s default) stops reconciliation', () => {
  assert.deepEqual(flagged('scrapeInterval: 15s\nscrapeTimeout: 20s'), [
    'error agent/scrape-timeout [20s] scrapeTimeout "20s" greater than scrapeInterval "15s": the operator does not reconcile the resource',
  ]);
  assert.deepEqual(flagged('scrapeTimeout: 1m'), [
    'error agent/scrape-timeout [1m] scrapeTimeout "1m" greater than scrapeInterval "30s": the operator does not reconcile the resource',
  ]);
  assert.deepEqual(flagged('scrapeInterval: 1m\nscrapeTimeout: 1m'), []);
});

test('an otlp section the operator refuses: a strategy its Prometheus lacks or that clashes, resource attributes promoted both ways', () => {
  const otlp = (version: string, section: string, extra = '') => flagged(`version: ${version}\n${extra}otlp: ${section}`).filter((line) => line.includes('agent/otlp-refused'));
  assert.deepEqual(otlp('v3.6.0', '{translationStrategy: NoUTF8EscapingWithSuffixes}', 'nameValidationScheme: Legacy\n'), [
    'error agent/otlp-refused [translationStrategy] nameValidationScheme "Legacy" is not compatible with OTLP translation strategy "NoUTF8EscapingWithSuffixes": the operator does not reconcile the resource',
  ]);
  assert.deepEqual(otlp('v3.3.0', '{translationStrategy: NoTranslation}').length, 1);
  assert.deepEqual(otlp('v3.4.0', '{translationStrategy: NoTranslation}'), []);
  assert.deepEqual(otlp('v3.5.0', '{translationStrategy: UnderscoreEscapingWithoutSuffixes}').length, 1);
  assert.deepEqual(otlp('v3.6.0', '{promoteAllResourceAttributes: true, promoteResourceAttributes: [service.name]}'), [
    "error agent/otlp-refused [promoteAllResourceAttributes] 'promoteAllResourceAttributes' cannot be set to 'true' simultaneously with 'promoteResourceAttributes': the operator does not reconcile the resource",
  ]);
  assert.deepEqual(otlp('v3.6.0', '{ignoreResourceAttributes: [host.name]}').length, 1);
  // Before 3.5 the operator does not validate the attributes (and drops the fields that need 3.5).
  assert.deepEqual(otlp('v3.4.0', '{ignoreResourceAttributes: [host.name]}'), []);
  assert.deepEqual(otlp('v2.54.1', '{promoteResourceAttributes: [service.name]}'), [
    'error agent/otlp-refused [otlp] OTLP configuration is only supported from Prometheus version 2.55.0: the operator does not reconcile the resource',
  ]);
});

test('fields newer than spec.version are flagged with the version they need', () => {
  assert.deepEqual(flagged(`
    version: v2.45.0
    runtime: {goGC: 75}
    keepDroppedTargets: 10
    sampleLimit: 1000
    remoteWrite:
      - url: https://metrics.example.com/api/v1/write
        messageVersion: V2.0
        roundRobinDNS: true`), [
    'warning agent/version-gated-field [runtime] spec.runtime needs Prometheus v2.53.0 or newer; with v2.45.0 the operator drops it (log: ignoring "runtime" not supported by Prometheus)',
    'warning agent/version-gated-field [keepDroppedTargets] spec.keepDroppedTargets needs Prometheus v2.47.0 or newer; with v2.45.0 the operator drops it (log: ignoring "keep_dropped_targets" not supported by Prometheus)',
    'warning agent/version-gated-field [messageVersion] spec.remoteWrite[0].messageVersion needs Prometheus v2.54.0 or newer; with v2.45.0 the operator drops it (log: ignoring "protobuf_message" not supported by Prometheus)',
    'warning agent/version-gated-field [roundRobinDNS] spec.remoteWrite[0].roundRobinDNS needs Prometheus v3.1.0 or newer; with v2.45.0 the operator drops it (log: ignoring "round_robin_dns" not supported by Prometheus)',
  ]);
  assert.deepEqual(flagged('version: v3.10.0\nremoteWrite: [{url: "https://a.example.com", sigv4: {roleArn: r, externalId: e}}]'), [
    'warning agent/version-gated-field [externalId] spec.remoteWrite[0].sigv4.externalId needs Prometheus v3.11.0 or newer; with v3.10.0 the operator drops it (log: ignoring "external_id" not supported by Prometheus)',
  ]);
  assert.deepEqual(flagged('tsdb: {chunkEncoding: {floats: Xor2}}'), []);
  assert.deepEqual(flagged('tsdb: {chunkEncoding: {floats: Xor2}}', { prometheusVersion: 'v3.12.0' }).map((l) => l.split(' ').slice(0, 3).join(' ')), [
    'warning agent/version-gated-field [floats]',
  ]);
  // The operator writes a limit only when it is above 0: a 0 is dropped without a word, whatever the version.
  assert.deepEqual(flagged('version: v2.40.0\nsampleLimit: 0\nkeepDroppedTargets: 0'), []);
  assert.deepEqual(flagged('version: v2.40.0\nsampleLimit: 10').map((l) => l.split('(log: ')[1]), ['ignoring "sample_limit" not supported by Prometheus)']);
  assert.deepEqual(flagged('version: latest'), ['error agent/unsupported-version [latest] unsupported Prometheus version "latest"']);
  assert.deepEqual(flagged('version: v4.0.0'), ['error agent/unsupported-version [v4.0.0] unsupported Prometheus version "v4.0.0"']);
  // The operator reads a version as blang/semver's ParseTolerant does: no `v`, a missing minor or patch, are fine.
  for (const version of ['"3"', 'v3.1', '2.46.0', 'v3.0.0-rc.0']) assert.deepEqual(flagged(`version: ${version}`), [], version);
  // A release candidate comes before its release: 3.10.0-rc.0 has no stale series compaction yet.
  assert.deepEqual(flagged('version: v3.10.0-rc.0\ntsdb: {staleSeriesCompactionThreshold: "0.5"}').map((l) => l.split(' ').slice(0, 3).join(' ')), [
    'warning agent/version-gated-field [staleSeriesCompactionThreshold]',
  ]);
});

test('"agent" in enableFeatures is redundant, and an unknown option on v3; the fix removes it', () => {
  const text = agentManifest('enableFeatures:\n  - agent # needed?\n  - exemplar-storage');
  const [finding] = findings(text);
  assert.equal(finding.code, 'agent/agent-feature-flag');
  assert.equal(finding.message, '"agent" in enableFeatures is redundant: the operator already runs the agent with --agent, and Prometheus v3.13.1 logs "Unknown option for --enable-feature: agent"');
  assert.equal(applyFix(text, finding.fixes[0]), text.replace('    - agent # needed?\n', ''));
  assert.match(flagged('version: v2.55.1\nenableFeatures: [agent]')[0], /already runs the agent with --enable-feature=agent, and the flag is passed twice$/);
});

test('removing the only feature removes enableFeatures with it, rather than leaving an empty list', () => {
  const text = agentManifest('mode: DaemonSet\nenableFeatures: [agent] # why?\nscrapeInterval: 30s');
  const [finding] = findings(text);
  assert.equal(finding.code, 'agent/agent-feature-flag');
  assert.equal(applyFix(text, finding.fixes[0]), agentManifest('mode: DaemonSet\nscrapeInterval: 30s'));
});

test("additionalArgs may not name an argument the operator sets, nor its no- form: the message names the operator's", () => {
  assert.deepEqual(flagged(`
    walCompression: true
    additionalArgs:
      - name: storage.agent.path
        value: /data
      - name: web.enable-lifecycle
      - name: no-storage.agent.wal-compression
      - name: --config.file
      - name: scrape.adjust-timestamps
        value: "false"`), [
    "error agent/managed-argument [storage.agent.path] can't set arguments which are already managed by the operator: storage.agent.path",
    "error agent/managed-argument [web.enable-lifecycle] can't set arguments which are already managed by the operator: web.enable-lifecycle",
    "error agent/managed-argument [no-storage.agent.wal-compression] can't set arguments which are already managed by the operator: storage.agent.wal-compression",
  ]);
  // Only what this spec makes the operator set: no lifecycle flag with signal reloads, no web config below 2.24 in
  // StatefulSet mode (DaemonSet mode always mounts it), the OTLP receiver as soon as spec.otlp is set.
  assert.deepEqual(flagged('reloadStrategy: ProcessSignal\nadditionalArgs: [{name: web.enable-lifecycle}]'), []);
  assert.deepEqual(flagged('version: v2.23.0\nadditionalArgs: [{name: web.config.file, value: /w.yaml}]'), []);
  assert.deepEqual(flagged('version: v2.23.0\nmode: DaemonSet\nadditionalArgs: [{name: web.config.file, value: /w.yaml}]', { sidecarMode: true }), [
    "error agent/managed-argument [web.config.file] can't set arguments which are already managed by the operator: web.config.file",
  ]);
  assert.deepEqual(flagged('otlp: {}\nadditionalArgs: [{name: web.enable-otlp-receiver}]'), [
    "error agent/managed-argument [web.enable-otlp-receiver] can't set arguments which are already managed by the operator: web.enable-otlp-receiver",
  ]);
});

test('a staleSeriesCompactionThreshold outside [0, 1], or Xor chunks with st-storage, make the operator refuse the agent', () => {
  assert.deepEqual(flagged('tsdb: {staleSeriesCompactionThreshold: "1.5"}'), [
    'error agent/stale-series-compaction-threshold ["1.5"] staleSeriesCompactionThreshold must be between 0 and 1, not 1.5: the operator does not reconcile the resource',
  ]);
  assert.deepEqual(flagged('tsdb: {staleSeriesCompactionThreshold: -1}'), [
    'error agent/stale-series-compaction-threshold [-1] staleSeriesCompactionThreshold must be between 0 and 1, not -1: the operator does not reconcile the resource',
  ]);
  for (const threshold of ['0', '1', '"0.25"', '500m', '"1e-1"']) assert.deepEqual(flagged(`tsdb: {staleSeriesCompactionThreshold: ${threshold}}`), [], threshold);
  assert.deepEqual(flagged('enableFeatures: [st-storage]\ntsdb: {chunkEncoding: {floats: Xor}}'), [
    'error agent/xor-chunk-encoding [Xor] chunk encoding "Xor" is incompatible with --enable-feature=st-storage (XOR chunks do not store start timestamps): the operator does not reconcile the resource',
  ]);
  assert.deepEqual(flagged('enableFeatures: [st-storage]\ntsdb: {chunkEncoding: {floats: Xor2}}'), []);
  assert.deepEqual(flagged('tsdb: {chunkEncoding: {floats: Xor}}'), []);
});

test('spec.volumes in DaemonSet mode: the volumes and the mounts naming them are flagged (#7813)', () => {
  assert.deepEqual(flagged(`
    mode: DaemonSet
    volumes:
      - name: certs
        secret: {secretName: certs}
    volumeMounts:
      - name: certs
        mountPath: /etc/certs
      - name: config-out
        mountPath: /x`), [
    'warning agent/daemonset-volumes [volumes] spec.volumes is dropped in DaemonSet mode (prometheus-operator #7813): the DaemonSet the operator creates has none of these volumes',
    'warning agent/daemonset-volumes [certs] volume mount "certs" names a volume the DaemonSet will not have: Kubernetes rejects it (volumeMounts[0].name: Not found: "certs")',
  ]);
});

test('external labels the operator sets, and remote-write URLs that are not http(s)', () => {
  assert.deepEqual(flagged(`
    replicaExternalLabelName: replica
    externalLabels:
      prometheus: mine
      replica: a
      prometheus_replica: kept
      cluster: eu
    remoteWrite:
      - url: https://metrics example.com/write
      - url: https://:9090/write
      - url: "http://[fe80::1%25eth0]:9090/api/v1/write"
      - url: https://metrics.example.com`), [
    'warning agent/external-label-collision [prometheus] external label "prometheus" is set by the operator (prometheus: monitoring/agent); this value is ignored',
    'warning agent/external-label-collision [replica] external label "replica" is set by the operator (replica: $(POD_NAME)); this value is ignored',
    'warning agent/remote-write-url [https://metrics example.com/write] remoteWrite url "https://metrics example.com/write" is not an absolute http or https URL',
    'warning agent/remote-write-url [https://:9090/write] remoteWrite url "https://:9090/write" is not an absolute http or https URL',
  ]);
  // In Sidecar mode each pod is its own agent: the injection sets namespace and pod, and no replica label.
  assert.deepEqual(flagged('mode: Sidecar\nexternalLabels: {prometheus_replica: kept, pod: mine, namespace: here}').filter((line) => line.includes('external-label-collision')), [
    'warning agent/external-label-collision [pod] external label "pod" is set by the sidecar injection (pod: $(POD_NAME)); this value is ignored',
    'warning agent/external-label-collision [namespace] external label "namespace" is set by the sidecar injection (namespace: <the pod\'s namespace>); this value is ignored',
  ]);
});

test('label selectors: operators and values as Kubernetes requires them, with a case fix', () => {
  const text = agentManifest(`
    podMonitorSelector:
      matchExpressions:
        - {key: team, operator: in, values: [a]}
        - {key: team, operator: NotIn}
        - {key: tier, operator: Exists, values: [x]}
        - {key: env, operator: DoesNotExist}`);
  const all = findings(text);
  assert.deepEqual(all.map((f) => `${f.range.start.line + 1} [${underlined(text, f)}] ${f.message}`), [
    '9 [in] spec.podMonitorSelector.matchExpressions[0].operator: Invalid value: "in": not a valid selector operator',
    "10 [{key: team, operator: NotIn}] spec.podMonitorSelector.matchExpressions[1].values: Required value: must be specified when `operator` is 'In' or 'NotIn'",
    "11 [values] spec.podMonitorSelector.matchExpressions[2].values: Forbidden: may not be specified when `operator` is 'Exists' or 'DoesNotExist'",
  ]);
  assert.equal(applyFix(text, all[0].fixes[0]), text.replace('operator: in,', 'operator: In,'));
});

test('a Prometheus-only field on a PrometheusAgent gets a specific error and a remove fix', () => {
  const text = agentManifest('ruleSelector: {}\nretention: 15d # two weeks\nthanos:\n  image: thanos\nreplicas: 1');
  const all = findings(text);
  assert.deepEqual(all.map((f) => `${f.code} ${f.message}`), [
    'agent/server-only-field PrometheusAgent has no `ruleSelector`: an agent does not evaluate rules',
    'agent/server-only-field PrometheusAgent has no `retention`: an agent keeps no TSDB blocks, only a write-ahead log until samples are sent',
    'agent/server-only-field PrometheusAgent has no `thanos`: an agent runs no Thanos sidecar: it has no blocks to upload and answers no queries',
  ]);
  assert.equal(applyFix(text, all[1].fixes[0]), text.replace('  retention: 15d # two weeks\n', ''));
  assert.equal(applyFix(text, all[2].fixes[0]), text.replace('  thanos:\n    image: thanos\n', ''));
});

test('a Prometheus CR asking for agent mode is converted to a PrometheusAgent, comments and order kept', () => {
  const text = yaml`
    # Edge agent
    apiVersion: monitoring.coreos.com/v1
    kind: Prometheus
    metadata:
      name: edge # one per cluster
      namespace: monitoring
    spec:
      baseImage: quay.io/prometheus/prometheus
      tag: v2.55.1
      version: v2.55.1
      enableFeatures:
        - agent # run as agent
        - exemplar-storage
      retention: 2d
      ruleSelector: {}
      scrapeInterval: 30s
      remoteWrite:
        - url: https://metrics.example.com/api/v1/write
    `;
  const [finding] = findings(text);
  assert.equal(finding.code, 'agent/prometheus-cr-agent-mode');
  assert.equal(finding.message, 'a Prometheus resource cannot run in agent mode: the operator still passes --storage.tsdb.path and --storage.tsdb.retention.time, so Prometheus v2.55.1 exits with "The following flag(s) can not be used in agent mode: [\\"--storage.tsdb.path\\" \\"--storage.tsdb.retention.time\\"]". Use a PrometheusAgent (its objects are named prom-agent-edge-*)');
  assert.equal(underlined(text, finding), 'agent');
  const converted = applyFix(text, finding.fixes[0]);
  assert.equal(converted, yaml`
    # Edge agent
    apiVersion: monitoring.coreos.com/v1alpha1
    kind: PrometheusAgent
    metadata:
      name: edge # one per cluster
      namespace: monitoring
    spec:
      image: quay.io/prometheus/prometheus:v2.55.1
      version: v2.55.1
      enableFeatures:
        - exemplar-storage
      scrapeInterval: 30s
      remoteWrite:
        - url: https://metrics.example.com/api/v1/write
    `);
  assert.deepEqual(check(converted), []);
});

test('no conversion is offered where it would clash: a PrometheusAgent of its name, a governing Service of its own', () => {
  const server = (extra = '') => agentManifest(`version: v3.5.0\nenableFeatures: [agent]\nserviceMonitorSelector: {}\n${extra}remoteWrite: [{url: "https://m.example.com/api/v1/write"}]`, 'Prometheus', 'monitoring.coreos.com/v1');
  const conversions = (text: string, workspace: Record<string, string> = {}) => findings(text, { uri: 'file:///repo/p.yaml', workspace })
    .filter((f) => f.code === 'agent/prometheus-cr-agent-mode').map((f) => f.fixes.length);
  assert.deepEqual(conversions(server()), [1]);
  assert.deepEqual(conversions(server(), { 'file:///repo/agent.yaml': agentManifest('remoteWrite: [{url: "https://m.example.com/api/v1/write"}]') }), [0]);
  assert.deepEqual(conversions(server('serviceName: prometheus-governing\n')), [0]);
});

test('converting for an operator release whose PrometheusAgent lacks a field of the Prometheus CR leaves that field out', () => {
  const text = agentManifest('version: v2.55.1\nenableFeatures: [agent]\ntsdb: {outOfOrderTimeWindow: 10m}\nremoteWrite: [{url: "https://m.example.com/api/v1/write"}]', 'Prometheus', 'monitoring.coreos.com/v1');
  const converted = (release: string) => {
    const options = { operatorVersion: { version: release, from: 'cli' as const } };
    const [finding] = findings(text, { options }).filter((f) => f.code === 'agent/prometheus-cr-agent-mode');
    const fixed = applyFix(text, finding.fixes[0]);
    return { fixed, left: check(fixed, { options }) };
  };
  // v0.76.0's PrometheusAgent has no tsdb: the API server would drop it, and the conversion does.
  const old = converted('v0.76.0');
  assert.doesNotMatch(old.fixed, /tsdb/);
  assert.deepEqual(old.left, []);
  assert.match(converted('v0.77.0').fixed, /tsdb: \{outOfOrderTimeWindow: 10m\}/);
  // A field neither kind has (a typo) is the author's to rename: the conversion keeps it.
  const typo = agentManifest('version: v2.55.1\nenableFeatures: [agent]\nreplicaz: 2\nremoteWrite: [{url: "https://m.example.com/api/v1/write"}]', 'Prometheus', 'monitoring.coreos.com/v1');
  const [conversion] = findings(typo).filter((f) => f.code === 'agent/prometheus-cr-agent-mode');
  assert.match(applyFix(typo, conversion.fixes[0]), /replicaz: 2/);
});

test('converting a Prometheus CR whose only feature is agent removes enableFeatures, not leaves `[]` under it', () => {
  const text = yaml`
    apiVersion: monitoring.coreos.com/v1
    kind: Prometheus
    metadata:
      name: edge
      namespace: monitoring
    spec:
      version: v2.55.1
      enableFeatures:
        - agent # run as agent
      retention: 2d
      remoteWrite:
        - url: https://metrics.example.com/api/v1/write
    `;
  const [finding] = findings(text);
  assert.equal(applyFix(text, finding.fixes[0]), yaml`
    apiVersion: monitoring.coreos.com/v1alpha1
    kind: PrometheusAgent
    metadata:
      name: edge
      namespace: monitoring
    spec:
      version: v2.55.1
      remoteWrite:
        - url: https://metrics.example.com/api/v1/write
    `);
});

test('a Prometheus CR asks for agent mode with the flag its version knows or not', () => {
  const message = (args: string, version = 'v3.13.1') =>
    findings(agentManifest(`version: ${version}\nadditionalArgs:\n${args}`, 'Prometheus', 'monitoring.coreos.com/v1'))[0].message;
  assert.match(message('  - name: agent'), /so Prometheus v3.13.1 exits with "The following flag\(s\) can not be used in agent mode: \[\\"--storage.tsdb.path\\"\]"/);
  assert.match(message('  - name: agent', 'v3.5.0'), /--storage.tsdb.path and --storage.tsdb.retention.time, so Prometheus v3.5.0 exits/);
  assert.match(message('  - name: agent', 'v2.55.1'), /Prometheus v2.55.1 has no --agent flag \(v3 added it\), so it does not start/);
  assert.match(message('  - name: enable-feature\n    value: agent'), /Prometheus v3.13.1 ignores the unknown feature "agent" \(v3 switches with --agent\) and runs as a full server/);
  assert.match(message('  - name: enable-feature\n    value: agent', 'v2.55.1'), /Prometheus v2.55.1 exits with/);
});

test("a Prometheus CR whose prometheus container gets args of its own runs those alone (kube-prometheus' agent): nothing said", () => {
  const prometheus = (containers: string) => agentManifest(`version: v2.46.0\nenableFeatures: [agent]\ncontainers:\n${containers}`, 'Prometheus', 'monitoring.coreos.com/v1');
  const codes = (text: string) => findings(text).map((finding) => finding.code).filter((code) => code === 'agent/prometheus-cr-agent-mode');
  assert.deepEqual(codes(prometheus('  - name: prometheus\n    args: [--config.file=/etc/prometheus/config_out/prometheus.env.yaml, --storage.agent.path=/prometheus, --enable-feature=agent]')), []);
  // Another container's args, or the prometheus container's resources alone, leave the operator's flags.
  assert.deepEqual(codes(prometheus('  - name: config-reloader\n    args: [--log-level=debug]')), ['agent/prometheus-cr-agent-mode']);
  assert.deepEqual(codes(prometheus('  - name: prometheus\n    resources: {limits: {memory: 1Gi}}')), ['agent/prometheus-cr-agent-mode']);
});

test('converting keeps the other features of an enable-feature flag', () => {
  const text = agentManifest('additionalArgs:\n  - name: enable-feature\n    value: "agent,exemplar-storage" # both\n  - name: agent', 'Prometheus', 'monitoring.coreos.com/v1');
  const [finding] = findings(text);
  const converted = applyFix(text, finding.fixes[0]);
  assert.equal(converted, agentManifest('additionalArgs:\n  - name: enable-feature\n    value: "exemplar-storage" # both'));
  assert.deepEqual(check(converted), []);
});

test('two tsdb settings of an agent are two storage sections of its prometheus.yml, which Prometheus refuses', () => {
  const tsdb = 'tsdb:\n  outOfOrderTimeWindow: 10m\n  staleSeriesCompactionThreshold: "0.5"';
  assert.deepEqual(flagged(`version: v3.13.0\n${tsdb}`), [
    'error agent/storage-sections [tsdb] the operator writes a storage section of prometheus.yml for each of spec.tsdb.outOfOrderTimeWindow and spec.tsdb.staleSeriesCompactionThreshold, and Prometheus refuses the second ("field storage already set in type config.plain"): the agent does not start; keep one',
  ]);
  // One setting, or a second the operator drops on that version, is one section.
  assert.deepEqual(flagged('version: v3.13.0\ntsdb: {outOfOrderTimeWindow: 10m}'), []);
  assert.deepEqual(flagged(`version: v3.5.0\n${tsdb}`).map((line) => line.split(' ')[1]), ['agent/version-gated-field']);
});

test('what the operator refuses in a remoteWrite entry, at the field, in its words', () => {
  const write = (settings: string, version = 'v3.13.0') => flagged(`version: ${version}\nremoteWrite:\n  - url: https://metrics.example.com/api/v1/write\n${settings.split('\n').map((line) => `    ${line}`).join('\n')}`)
    .filter((line) => line.includes('remote-write-refused'));
  assert.deepEqual(write('basicAuth: {username: {name: s, key: u}, password: {name: s, key: p}}\nauthorization: {credentials: {name: s, key: t}}'), [
    'error agent/remote-write-refused [authorization] remoteWrite[0]: "basicAuth" and "authorization" can\'t be set at the same time, at most one of them must be defined: the operator does not reconcile the resource',
  ]);
  assert.deepEqual(write('azureAd: {cloud: AzurePublic}'), [
    'error agent/remote-write-refused [azureAd] remoteWrite[0]: must provide Azure Managed Identity, Azure OAuth, Azure SDK, or Azure Workload Identity in the Azure AD config: the operator does not reconcile the resource',
  ]);
  assert.deepEqual(write('azureAd: {managedIdentity: {}}', 'v3.4.0').map((line) => line.split('remoteWrite[0]: ')[1]), [
    'managedIdentidy: clientId is required with Prometheus < 3.5.0, current = 3.4.0: the operator does not reconcile the resource',
  ]);
  assert.deepEqual(write('azureAd: {managedIdentity: {}}'), []);
  assert.deepEqual(write('azureAd: {oauth: {clientId: my-app, clientSecret: {name: s, key: k}, tenantId: t}}').map((line) => line.split(' ')[2]), ['[clientId]']);
  assert.deepEqual(write('azureAd: {oauth: {clientId: 00000000-0000-0000-0000-000000000000, clientSecret: {name: s, key: k}, tenantId: t}}'), []);
  assert.deepEqual(write('tlsConfig: {certFile: /etc/tls/tls.crt}').map((line) => line.split('remoteWrite[0]: ')[1]), [
    'failed to validate TLS configuration: cannot specify client cert without client key: the operator does not reconcile the resource',
  ]);
  assert.deepEqual(write('sigv4: {region: eu-west-1, accessKey: {name: s, key: a}}').map((line) => line.split('remoteWrite[0]: ')[1]), [
    'both accessKey and secretKey should be provided: the operator does not reconcile the resource',
  ]);
  assert.deepEqual(write('noProxy: localhost').map((line) => line.split('remoteWrite[0]: ')[1]), [
    'if noProxy is configured, proxyUrl must also be configured: the operator does not reconcile the resource',
  ]);
  // A Prometheus selecting no monitors has a configuration the operator leaves alone: its remote write is not loaded.
  const server = (selectors: string) => flagged(`${selectors}remoteWrite:\n  - url: https://metrics.example.com/api/v1/write\n    sigv4: {region: eu-west-1}\n    azureAd: {sdk: {}}`, {}, 'Prometheus')
    .filter((line) => line.includes('remote-write-refused'));
  assert.deepEqual(server(''), []);
  assert.equal(server('serviceMonitorSelector: {}\n').length, 1);
  // Each setting alone, complete, is fine.
  for (const settings of ['basicAuth: {username: {name: s, key: u}, password: {name: s, key: p}}', 'sigv4: {region: eu-west-1}', 'tlsConfig: {certFile: /c, keyFile: /k}', 'proxyUrl: http://proxy:3128\nnoProxy: localhost']) {
    assert.deepEqual(write(settings), [], settings);
  }
});

test('a web.tlsConfig the operator refuses: a certificate, key or client CA from two sources, or none at all', () => {
  const web = (tls: string, options = {}, kind = 'PrometheusAgent', extra = '') => flagged(`${extra}web:\n  tlsConfig: ${tls}`, options, kind)
    .filter((line) => line.includes('web-tls-refused'));
  const keySecret = 'keySecret: {name: tls, key: tls.key}';
  assert.deepEqual(web('{}'), [
    'error agent/web-tls-refused [tlsConfig] failed to initialize web config: TLS private key must be defined: the operator does not reconcile the resource',
  ]);
  assert.deepEqual(web(`{${keySecret}}`), [
    'error agent/web-tls-refused [tlsConfig] failed to initialize web config: TLS certificate must be defined: the operator does not reconcile the resource',
  ]);
  assert.deepEqual(web(`{${keySecret}, certFile: /tls/tls.crt, cert: {secret: {name: tls, key: tls.crt}}}`), [
    'error agent/web-tls-refused [certFile] failed to initialize web config: cannot specify both cert and certFile: the operator does not reconcile the resource',
  ]);
  assert.deepEqual(web(`{${keySecret}, cert: {secret: {name: tls, key: tls.crt}, configMap: {name: tls, key: tls.crt}}}`), [
    'error agent/web-tls-refused [cert] failed to initialize web config: invalid TLS certificate: cannot specify both Secret and ConfigMap: the operator does not reconcile the resource',
  ]);
  assert.deepEqual(web(`{${keySecret}, keyFile: /tls/tls.key, certFile: /tls/tls.crt}`), [
    'error agent/web-tls-refused [keyFile] failed to initialize web config: cannot specify both keyFile and keySecret: the operator does not reconcile the resource',
  ]);
  // The client CA is checked first.
  assert.deepEqual(web('{clientCAFile: /tls/ca.crt, client_ca: {configMap: {name: ca, key: ca.crt}}}'), [
    'error agent/web-tls-refused [clientCAFile] failed to initialize web config: cannot specify both clientCAFile and clientCA: the operator does not reconcile the resource',
  ]);
  assert.deepEqual(web('{client_ca: {secret: {name: ca, key: ca.crt}, configMap: {name: ca, key: ca.crt}}}'), [
    'error agent/web-tls-refused [client_ca] failed to initialize web config: invalid client CA: cannot specify both Secret and ConfigMap: the operator does not reconcile the resource',
  ]);
  // A source naming neither a Secret nor a ConfigMap is Go's zero value: as if absent.
  assert.deepEqual(web('{certFile: /tls/tls.crt, keyFile: /tls/tls.key, cert: {}, client_ca: {}, clientCAFile: /tls/ca.crt}'), []);
  assert.deepEqual(web(`{${keySecret}, cert: {configMap: {name: tls, key: tls.crt}}, client_ca: {secret: {name: ca, key: ca.crt}}}`), []);
  assert.deepEqual(flagged('web: {tlsConfig: null}').filter((line) => line.includes('web-tls-refused')), []);
  // A Prometheus is refused alike; an injected agent takes no web settings; before v0.77.0 the CRD required cert and keySecret.
  assert.equal(web('{}', {}, 'Prometheus').length, 1);
  assert.deepEqual(web('{}', {}, 'PrometheusAgent', 'mode: Sidecar\n'), []);
  assert.deepEqual(web(`{${keySecret}}`, { operatorVersion: { version: 'v0.76.0', from: 'cli' } }), []);
  assert.equal(web(`{${keySecret}}`, { operatorVersion: { version: 'v0.77.0', from: 'cli' } }).length, 1);
});

test('a web key given as keyFile alone: the operator still mounts keySecret, as a Secret volume the API server refuses', () => {
  const web = (tls: string, options = {}, kind = 'PrometheusAgent', extra = '') => flagged(`${extra}web:\n  tlsConfig: ${tls}`, options, kind)
    .filter((line) => line.includes('web-tls-key-file'));
  const refused = (workload: string) => [
    `error agent/web-tls-key-file [keyFile] the operator mounts web.tlsConfig.keySecret even when keyFile gives the key, here as a Secret volume with no name (secret.secretName: Required value): the API server refuses the ${workload} and no pod starts; give the key as keySecret`,
  ];
  assert.deepEqual(web('{certFile: /tls/tls.crt, keyFile: /tls/tls.key}'), refused('StatefulSet'));
  assert.deepEqual(web('{certFile: /tls/tls.crt, keyFile: /tls/tls.key}', {}, 'PrometheusAgent', 'mode: DaemonSet\n'), refused('DaemonSet'));
  assert.deepEqual(web('{certFile: /tls/tls.crt, keyFile: /tls/tls.key}', {}, 'Prometheus'), refused('StatefulSet'));
  // A key from a Secret is mounted by its name; settings the operator refuses stop it before (agent/web-tls-refused).
  assert.deepEqual(web('{certFile: /tls/tls.crt, keySecret: {name: tls, key: tls.key}}'), []);
  assert.deepEqual(web('{keyFile: /tls/tls.key}'), []);
  // A Prometheus before 2.24 gets no web config, and an injected agent takes no web settings; said from v0.93.0.
  assert.deepEqual(web('{certFile: /tls/tls.crt, keyFile: /tls/tls.key}', {}, 'Prometheus', 'version: v2.23.0\n'), []);
  assert.deepEqual(web('{certFile: /tls/tls.crt, keyFile: /tls/tls.key}', {}, 'PrometheusAgent', 'mode: Sidecar\n'), []);
  assert.deepEqual(web('{certFile: /tls/tls.crt, keyFile: /tls/tls.key}', { operatorVersion: { version: 'v0.92.0', from: 'cli' } }), []);
});

test('storage.emptyDir beside a volumeClaimTemplate that names itself: the mounts name a volume the pod does not have', () => {
  const storage = (spec: string, options = {}, kind = 'PrometheusAgent') => flagged(spec, options, kind).filter((line) => line.includes('storage-volume-name'));
  assert.deepEqual(storage('storage:\n  emptyDir: {sizeLimit: 1Gi}\n  volumeClaimTemplate: {metadata: {name: data}}'), [
    'error agent/storage-volume-name [data] with storage.emptyDir, the operator names the data volume after the resource but mounts it by this name: the containers\' volumeMounts name a volume "data" the pod does not have (volumeMounts[].name: Not found): the API server refuses the StatefulSet and no pod starts',
  ]);
  assert.equal(storage('storage:\n  ephemeral: {volumeClaimTemplate: {spec: {}}}\n  volumeClaimTemplate: {metadata: {name: data}}', {}, 'Prometheus').length, 1);
  // A claim template alone names its volume and its mounts; an emptyDir with an unnamed template is named after the resource.
  assert.deepEqual(storage('storage:\n  volumeClaimTemplate: {metadata: {name: data}}'), []);
  assert.deepEqual(storage('storage:\n  emptyDir: {}\n  volumeClaimTemplate: {spec: {}}'), []);
  // A template named as the volume is, or as a volume of spec.volumes: the mounts find it.
  assert.deepEqual(storage('storage:\n  emptyDir: {}\n  volumeClaimTemplate: {metadata: {name: prom-agent-agent-db}}'), []);
  assert.deepEqual(storage('storage:\n  emptyDir: {}\n  volumeClaimTemplate: {metadata: {name: data}}\nvolumes: [{name: data, emptyDir: {}}]'), []);
  assert.deepEqual(storage('storage:\n  emptyDir: {}\n  volumeClaimTemplate: {metadata: {name: prometheus-agent-db}}', {}, 'Prometheus'), []);
  assert.deepEqual(storage('storage:\n  emptyDir: {}\n  volumeClaimTemplate: {metadata: {name: data}}', { operatorVersion: { version: 'v0.92.0', from: 'cli' } }), []);
});

test('a Secret name so long that its volume name, cut to 63 characters, ends in a dash: the operator fails to make the workload', () => {
  const named = (spec: string, options = {}) => flagged(spec, options).filter((line) => line.includes('agent/volume-name'));
  const long = `${'a'.repeat(55)}.example`;
  assert.deepEqual(named(`secrets: [tls, ${long}]`), [
    `error agent/volume-name [${long}] the operator names its volume "secret-${'a'.repeat(55)}-", cut to 63 characters, which is no DNS-1123 label (it must end with a letter or digit): the operator fails to make the StatefulSet and no pod starts`,
  ]);
  assert.equal(named(`mode: DaemonSet\nconfigMaps: [${'b'.repeat(52)}.example]`).length, 1);
  // Cut elsewhere, the name ends with a letter; short names are whole.
  assert.deepEqual(named(`secrets: [${'a'.repeat(56)}.example, tls]`), []);
  assert.deepEqual(named(`secrets: [${long}]`, { operatorVersion: { version: 'v0.92.0', from: 'cli' } }), []);
});

test('a scrape class the operator refuses: each class\'s first problem, at the field, in its words', () => {
  const classes = (list: string, options = {}, kind = 'PrometheusAgent', version = 'v3.13.0') => flagged(`version: ${version}\nscrapeClasses:\n${list}`, options, kind)
    .filter((line) => line.includes('scrape-class-refused'));
  const suffix = ': the operator does not reconcile the resource';
  assert.deepEqual(classes('  - {name: a, default: true}\n  - {name: b}\n  - {name: c, default: true}'), [
    `error agent/scrape-class-refused [default] failed to parse scrape classes: multiple default scrape classes defined${suffix}`,
  ]);
  assert.deepEqual(classes('  - {name: a, relabelings: [{action: hashmod, targetLabel: shard}]}'), [
    `error agent/scrape-class-refused [action] failed to parse scrape classes: invalid relabelings for scrapeClass a: [0]: relabel configuration for hashmod requires non-zero modulus${suffix}`,
  ]);
  // The relabel actions a Prometheus lacks are its version's.
  const lowercase = '  - {name: lower, metricRelabelings: [{action: replace, targetLabel: x}, {action: Lowercase, sourceLabels: [job], targetLabel: job}]}';
  assert.deepEqual(classes(lowercase, {}, 'PrometheusAgent', 'v2.35.0'), [
    `error agent/scrape-class-refused [action] failed to parse scrape classes: invalid metric relabelings for scrapeClass lower: [1]: Lowercase relabel action is only supported from Prometheus version 2.36.0${suffix}`,
  ]);
  assert.deepEqual(classes(lowercase), []);
  assert.deepEqual(classes('  - {name: tls, tlsConfig: {certFile: /etc/tls/tls.crt}}'), [
    `error agent/scrape-class-refused [tlsConfig] failed to parse scrape classes: invalid TLS config for scrapeClass tls: cannot specify client cert without client key${suffix}`,
  ]);
  // Every class's first problem: the operator says the first, then the next once it is fixed.
  assert.deepEqual(classes('  - {name: a, authorization: {credentials: {name: s, key: t}, credentialsFile: /t, type: basic}}\n  - {name: b, authorization: {type: " Basic"}}'), [
    `error agent/scrape-class-refused [credentialsFile] failed to parse scrape classes: invalid authorization for scrapeClass a: authorization can not specify both "credentials" and "credentialsFile"${suffix}`,
    `error agent/scrape-class-refused [type] failed to parse scrape classes: invalid authorization for scrapeClass b: authorization type cannot be set to "basic", use "basicAuth" instead${suffix}`,
  ]);
  // Unlike a remote write's, a scrape class's authorization is checked without credentials.
  assert.deepEqual(flagged('remoteWrite:\n  - url: https://metrics.example.com/api/v1/write\n    authorization: {type: Basic}').filter((line) => line.includes('refused')), []);
  // A Prometheus is refused whoever manages its configuration; a version the operator cannot read is another rule's.
  assert.equal(classes('  - {name: a, default: true}\n  - {name: b, default: true}', {}, 'Prometheus').length, 1);
  assert.deepEqual(classes('  - {name: a, default: true}\n  - {name: b, default: true}', {}, 'PrometheusAgent', 'latest'), []);
  // When the operator started checking relabelings, TLS and authorization is not pinned down: said from v0.93.0.
  const both = '  - {name: a, default: true, tlsConfig: {keyFile: /k}}\n  - {name: b, default: true}';
  const at = (release: string) => classes(both, { operatorVersion: { version: release, from: 'cli' } }).map((line) => line.split(' ')[2]);
  assert.deepEqual(at('v0.93.0'), ['[tlsConfig]', '[default]']);
  assert.deepEqual(at('v0.92.0'), ['[default]']);
  assert.deepEqual(at('v0.71.0'), []);
});

test('a tracingConfig the operator refuses: a samplingFraction outside 0 to 1, TLS settings that clash', () => {
  const tracing = (config: string, options = {}, kind = 'PrometheusAgent', extra = '') => flagged(`${extra}tracingConfig: ${config}`, options, kind)
    .filter((line) => line.includes('tracing-refused'));
  const suffix = ': the operator does not reconcile the resource';
  assert.deepEqual(tracing('{endpoint: tempo:4317, samplingFraction: "2"}'), [
    `error agent/tracing-refused [samplingFraction] failed to generate tracing configuration: \`samplingFraction\` must be between 0 and 1${suffix}`,
  ]);
  assert.equal(tracing('{endpoint: tempo:4317, samplingFraction: 1k}').length, 1);
  assert.equal(tracing('{endpoint: tempo:4317, samplingFraction: "-0.1"}').length, 1);
  for (const fraction of ['"0"', '"1"', '500m', '"0.25"', '1']) assert.deepEqual(tracing(`{endpoint: tempo:4317, samplingFraction: ${fraction}}`), [], fraction);
  // Its TLS settings first, in TLSConfig.Validate's words.
  assert.deepEqual(tracing('{endpoint: tempo:4317, samplingFraction: "2", tlsConfig: {certFile: /tls/tls.crt}}'), [
    `error agent/tracing-refused [tlsConfig] failed to generate tracing configuration: cannot specify client cert without client key${suffix}`,
  ]);
  assert.deepEqual(tracing('{endpoint: tempo:4317, tlsConfig: {certFile: /tls/tls.crt, keyFile: /tls/tls.key, caFile: /tls/ca.crt}}'), []);
  // A Prometheus selecting monitors is refused alike; one with a configuration of its own has no tracing section of the operator's.
  assert.equal(tracing('{endpoint: tempo:4317, samplingFraction: "2"}', {}, 'Prometheus', 'serviceMonitorSelector: {}\n').length, 1);
  assert.deepEqual(tracing('{endpoint: tempo:4317, samplingFraction: "2"}', {}, 'Prometheus'), []);
  // When the operator started checking is not pinned down: said from v0.93.0. Prometheus takes any fraction.
  assert.deepEqual(tracing('{endpoint: tempo:4317, samplingFraction: "2"}', { operatorVersion: { version: 'v0.92.0', from: 'cli' } }), []);
});

test('an apiserverConfig the operator refuses as it loads its credentials: an authorization two ways or "basic", TLS settings that clash', () => {
  const apiserver = (config: string, options = {}, kind = 'PrometheusAgent', extra = '') => flagged(`${extra}apiserverConfig:\n  host: https://kubernetes.default.svc\n${config}`, options, kind)
    .filter((line) => line.includes('apiserver-config-refused'));
  const suffix = ': the operator does not reconcile the resource';
  assert.deepEqual(apiserver('  authorization: {credentials: {name: token, key: token}, credentialsFile: /var/run/token}'), [
    `error agent/apiserver-config-refused [credentialsFile] apiserver config: authorization can not specify both "credentials" and "credentialsFile"${suffix}`,
  ]);
  assert.deepEqual(apiserver('  authorization: {type: " Basic", credentials: {name: token, key: token}}'), [
    `error agent/apiserver-config-refused [type] apiserver config: authorization type cannot be set to "basic", use "basicAuth" instead${suffix}`,
  ]);
  // Without credentials, the operator loads nothing and checks nothing of the authorization.
  assert.deepEqual(apiserver('  authorization: {type: Basic, credentialsFile: /var/run/token}'), []);
  assert.deepEqual(apiserver('  tlsConfig: {ca: {secret: {name: ca, key: ca.crt}}, caFile: /etc/ca.crt}'), [
    `error agent/apiserver-config-refused [tlsConfig] apiserver config: failed to validate TLS configuration: cannot specify both 'caFile' and 'ca'${suffix}`,
  ]);
  assert.deepEqual(apiserver('  bearerTokenFile: /var/run/secrets/kubernetes.io/serviceaccount/token\n  tlsConfig: {caFile: /var/run/secrets/kubernetes.io/serviceaccount/ca.crt}'), []);
  assert.equal(apiserver('  tlsConfig: {keyFile: /k}', {}, 'Prometheus', 'podMonitorSelector: {}\n').length, 1);
  assert.deepEqual(apiserver('  tlsConfig: {keyFile: /k}', { operatorVersion: { version: 'v0.92.0', from: 'cli' } }), []);
});

test('a serviceName whose Service does not select the pods by the operator\'s labels stops the StatefulSet', () => {
  const service = (selector: string, namespace = 'monitoring') => `apiVersion: v1\nkind: Service\nmetadata: {name: agent-governing, namespace: ${namespace}}\nspec:\n  clusterIP: None\n  selector: ${selector}\n`;
  const governed = (selector: string, { kind = 'PrometheusAgent', extra = '', options = {}, files = {} as Record<string, string> } = {}) => {
    const text = kind === 'Prometheus' ? agentManifest(`serviceName: agent-governing\nserviceMonitorSelector: {}\n${extra}`, kind, 'monitoring.coreos.com/v1') : agentManifest(`serviceName: agent-governing\n${extra}`);
    return findings(text, { uri: 'file:///repo/agent.yaml', options, workspace: { 'file:///repo/service.yaml': service(selector), ...files } })
      .filter((f) => f.code === 'agent/governing-service-selector').map((f) => `${underlined(text, f)} ${f.message}`);
  };
  assert.deepEqual(governed('{app.kubernetes.io/name: prometheus-agent, app: agent}'), [
    'agent-governing custom governing service monitoring/agent-governing with selector "app=agent,app.kubernetes.io/name=prometheus-agent" does not select pods with labels "app.kubernetes.io/instance=agent,app.kubernetes.io/managed-by=prometheus-operator,app.kubernetes.io/name=prometheus-agent,operator.prometheus.io/name=agent": the operator does not reconcile the resource',
  ]);
  // Labels the pods carry besides the operator's (a shard, podMetadata) are not what it checks.
  assert.equal(governed('{operator.prometheus.io/shard: "0"}').length, 1);
  // Any of the operator's labels, or none at all, selects them.
  for (const selector of ['{app.kubernetes.io/name: prometheus-agent}', '{operator.prometheus.io/name: agent, app.kubernetes.io/instance: agent}', '{}', 'null']) {
    assert.deepEqual(governed(selector), [], selector);
  }
  // A server's pods carry its own: prometheus=<name>, app.kubernetes.io/name=prometheus.
  assert.deepEqual(governed('{prometheus: agent}', { kind: 'Prometheus' }), []);
  assert.equal(governed('{app.kubernetes.io/name: prometheus-agent}', { kind: 'Prometheus' }).length, 1);
  // Not said: a DaemonSet has no governing Service; before v0.80.0 there was no serviceName; a Service in another
  // namespace or written twice; a kustomization that may change the selector.
  const wrong = '{app: agent}';
  assert.deepEqual(governed(wrong, { extra: 'mode: DaemonSet\n' }), []);
  assert.deepEqual(governed(wrong, { options: { operatorVersion: { version: 'v0.79.0', from: 'cli' } } }), []);
  assert.equal(governed(wrong, { options: { operatorVersion: { version: 'v0.80.0', from: 'cli' } } }).length, 1);
  assert.deepEqual(governed(wrong, { files: { 'file:///repo/other/service.yaml': service(wrong) } }), []);
  assert.deepEqual(governed(wrong, { files: { 'file:///repo/kustomization.yaml': 'resources: [agent.yaml, service.yaml]\ncommonLabels: {team: a}\n' } }), []);
  assert.deepEqual(findings(agentManifest('serviceName: agent-governing'), { uri: 'file:///repo/agent.yaml', workspace: { 'file:///repo/service.yaml': service(wrong, 'other') } })
    .filter((f) => f.code === 'agent/governing-service-selector'), []);
});

test('additionalScrapeConfigs naming a key its Secret of the workspace lacks stops the operator, unless optional', () => {
  const secret = (data: string, namespace = 'monitoring') => `apiVersion: v1\nkind: Secret\nmetadata: {name: extra, namespace: ${namespace}}\n${data}\n`;
  const loaded = (reference: string, data: string, { kind = 'PrometheusAgent', files = {} as Record<string, string> } = {}) => {
    const text = kind === 'Prometheus' ? agentManifest(`additionalScrapeConfigs: ${reference}\nserviceMonitorSelector: {}`, kind, 'monitoring.coreos.com/v1') : agentManifest(`additionalScrapeConfigs: ${reference}`);
    return findings(text, { uri: 'file:///repo/agent.yaml', workspace: { 'file:///repo/secret.yaml': secret(data), ...files } })
      .filter((f) => f.code === 'agent/additional-scrape-configs-key').map((f) => `${underlined(text, f)} ${f.message}`);
  };
  const jobs = 'stringData:\n  scrape.yaml: |\n    - job_name: a\n      static_configs: [{targets: ["a:80"]}]';
  assert.deepEqual(loaded('{name: extra, key: jobs.yaml}', jobs), [
    'jobs.yaml loading additional scrape configs from Secret failed: key jobs.yaml could not be found in secret extra: the operator does not reconcile the resource',
  ]);
  assert.deepEqual(loaded('{name: extra, key: scrape.yaml}', jobs), []);
  assert.deepEqual(loaded('{name: extra, key: scrape.yaml}', 'data: {scrape.yaml: LSBqb2JfbmFtZTogYQo=}'), []);
  assert.deepEqual(loaded('{name: extra, key: jobs.yaml, optional: true}', jobs), []);
  assert.equal(loaded('{name: extra, key: jobs.yaml}', jobs, { kind: 'Prometheus' }).length, 1);
  // Not said where the workspace cannot tell: the Secret written twice, or a kustomization that may add keys.
  assert.deepEqual(loaded('{name: extra, key: jobs.yaml}', jobs, { files: { 'file:///repo/prod/secret.yaml': secret(jobs) } }), []);
  assert.deepEqual(loaded('{name: extra, key: jobs.yaml}', jobs, { files: { 'file:///repo/kustomization.yaml': 'resources: [agent.yaml, secret.yaml]\n' } }), []);
  // A kustomization elsewhere that builds both and merges the key in with a generator.
  const generated = { 'file:///kustomization.yaml': 'resources: [repo/agent.yaml, repo/secret.yaml]\nsecretGenerator:\n  - {name: extra, namespace: monitoring, behavior: merge, files: [jobs.yaml]}\n' };
  assert.deepEqual(loaded('{name: extra, key: jobs.yaml}', jobs, { files: generated }), []);
  // A List's items are objects promagent reads; one naming no kind may be another Secret of that name.
  assert.equal(loaded('{name: extra, key: jobs.yaml}', jobs, { files: { 'file:///repo/list.yaml': 'apiVersion: v1\nkind: List\nitems: [{apiVersion: v1, kind: ConfigMap, metadata: {name: x}}]\n' } }).length, 1);
  assert.deepEqual(loaded('{name: extra, key: jobs.yaml}', jobs, { files: { 'file:///repo/list.yaml': 'apiVersion: v1\nkind: List\nitems: [{metadata: {name: extra}}]\n' } }), []);
});

test('a topologySpreadConstraint with additionalLabelSelectors and a labelSelector without matchLabels panics the operator', () => {
  const spread = (labelSelector: string, extra = 'additionalLabelSelectors: OnResource') => flagged(
    `topologySpreadConstraints:\n  - maxSkew: 1\n    topologyKey: topology.kubernetes.io/zone\n    whenUnsatisfiable: ScheduleAnyway\n    ${extra}\n${labelSelector ? `    labelSelector: ${labelSelector}\n` : ''}`,
  ).filter((line) => line.includes('topology-spread-panic'));
  const panic = 'error agent/topology-spread-panic [labelSelector] labelSelector without matchLabels beside additionalLabelSelectors: the operator panics adding the selector labels to it (assignment to entry in nil map) and restarts, reconciling no resource; give it matchLabels, or leave labelSelector out';
  assert.deepEqual(spread('{matchExpressions: [{key: app.kubernetes.io/name, operator: In, values: [prometheus-agent]}]}'), [panic]);
  assert.deepEqual(spread('{}'), [panic]);
  // The operator makes one when there is none; matchLabels it adds to; without additionalLabelSelectors it copies as written.
  assert.deepEqual(spread(''), []);
  assert.deepEqual(spread('{matchLabels: {app: agent}}'), []);
  assert.deepEqual(spread('{matchExpressions: [{key: app, operator: Exists}]}', 'nodeAffinityPolicy: Honor'), []);
  // Before v0.71.0 the CRD had no additionalLabelSelectors.
  const text = agentManifest('topologySpreadConstraints:\n  - {maxSkew: 1, topologyKey: zone, whenUnsatisfiable: ScheduleAnyway, additionalLabelSelectors: OnShard, labelSelector: {}}');
  assert.deepEqual(findings(text, { options: { operatorVersion: { version: 'v0.70.0', from: 'cli' } } }).filter((f) => f.code === 'agent/topology-spread-panic'), []);
});

test('scrapeInterval "" passes the CRD but not Prometheus: removing it gives the default', () => {
  const text = agentManifest('scrapeInterval: ""\nserviceMonitorSelector: {}');
  const [finding] = findings(text).filter((f) => f.code === 'agent/empty-scrape-interval');
  assert.equal(describe(finding), '7:19 error agent/empty-scrape-interval scrapeInterval "" becomes scrape_interval: "" in prometheus.yml, which Prometheus refuses (empty duration string); the operator rejects every monitor with a scrapeTimeout and no interval of its own (invalid scrapeInterval "")');
  assert.equal(applyFix(text, finding.fixes[0]), agentManifest('serviceMonitorSelector: {}'));
  assert.deepEqual(check(agentManifest('scrapeInterval: "0"\nserviceMonitorSelector: {}')).filter((line) => line.includes('empty-scrape-interval')), []);
});

test('a selector key or value that is no label\'s: the operator cannot make it a selector and rejects the monitor, or selects nothing', () => {
  const monitor = yaml`
    apiVersion: monitoring.coreos.com/v1
    kind: ServiceMonitor
    metadata: {name: m, namespace: monitoring}
    spec:
      selector:
        matchLabels: {app: "a b", "bad key": x, ok: "", null-value: }
        matchExpressions: [{key: "-bad", operator: Exists}, {key: app, operator: In, values: [fine, "-x-"]}]
      endpoints: [{port: web}]
    `;
  assert.deepEqual(findings(monitor).filter((f) => f.code === 'agent/label-selector').map((f) => `${underlined(monitor, f)} | ${f.message.slice(0, f.message.indexOf(': Invalid value'))}`), [
    '"a b" | spec.selector.matchLabels.app',
    '"bad key" | spec.selector.matchLabels',
    '"-bad" | spec.selector.matchExpressions[0].key',
    '"-x-" | spec.selector.matchExpressions[1].values[1]',
  ]);
  const agent = agentManifest('serviceMonitorSelector: {matchLabels: {"example.com/Team": a}}\nserviceMonitorNamespaceSelector: {matchExpressions: [{key: "Example.com/env", operator: Exists}]}');
  assert.deepEqual(check(agent).filter((line) => line.includes('agent/label-selector')).map((line) => line.slice(0, line.indexOf(': Invalid value'))), [
    '8:62 error agent/label-selector spec.serviceMonitorNamespaceSelector.matchExpressions[0].key',
  ]);
  // A Probe's ingress selector becomes relabelings, not a selector: the operator does not reject it so.
  const probe = yaml`
    apiVersion: monitoring.coreos.com/v1
    kind: Probe
    metadata: {name: p, namespace: monitoring}
    spec:
      prober: {url: "blackbox:9115"}
      targets: {ingress: {selector: {matchLabels: {"bad key": x}}}}
    `;
  assert.deepEqual(check(probe).filter((line) => line.includes('agent/label-selector')), []);
});

test('DaemonSet mode where the operator beside the agent runs without its feature gate: it does not reconcile the agent', () => {
  const agent = agentManifest('mode: DaemonSet\nremoteWrite: [{url: "https://x/api/v1/write"}]');
  const operator = (args: string) => yaml`
    apiVersion: apps/v1
    kind: Deployment
    metadata: {name: prometheus-operator, namespace: monitoring}
    spec:
      selector: {matchLabels: {app: po}}
      template:
        metadata: {labels: {app: po}}
        spec:
          containers:
            - name: operator
              image: quay.io/prometheus-operator/prometheus-operator:v0.93.0
              args: [${args}]
              env: [{name: GATES, valueFrom: {fieldRef: {fieldPath: metadata.name}}}]
  `;
  const gate = (args: string, uri = 'file:///repo/operator.yaml') => check(agent, { uri: 'file:///repo/agent.yaml', workspace: { [uri]: operator(args) } })
    .filter((line) => line.includes('daemonset-feature-gate'));
  assert.deepEqual(gate(''), [
    '7:9 error agent/daemonset-feature-gate feature gate for Prometheus Agent\'s DaemonSet mode is not enabled: Deployment monitoring/prometheus-operator runs without --feature-gates=PrometheusAgentDaemonSet=true, and the operator does not reconcile the resource',
  ]);
  assert.equal(gate('"--feature-gates=PrometheusTopologySharding=true, PrometheusAgentDaemonSet=false"').length, 1);
  // On, in either form, repeated flags merged; or not readable: nothing said.
  for (const args of ['--feature-gates=PrometheusAgentDaemonSet=true', '"-feature-gates", "PrometheusAgentDaemonSet=T"',
    '"--feature-gates=PrometheusAgentDaemonSet=false", "--feature-gates=PrometheusAgentDaemonSet=1"', '"--feature-gates=$(GATES)"', '"--feature-gates=PrometheusAgentDaemonSet=yes"']) {
    assert.deepEqual(gate(args), [], args);
  }
  // Started by a shell, or with a word Go's flag package may stop at before the gate: not read.
  assert.deepEqual(gate('"--namespaces", "monitoring", "--feature-gates=PrometheusAgentDaemonSet=false"'), []);
  const scripted = operator('').replace('args: []', 'command: [sh, -c, "exec /bin/operator --feature-gates=PrometheusAgentDaemonSet=true"]');
  assert.deepEqual(check(agent, { uri: 'file:///repo/agent.yaml', workspace: { 'file:///repo/operator.yaml': scripted } }).filter((line) => line.includes('daemonset-feature-gate')), []);
  // No operator in the workspace: nothing known. One beside the agent wins over one elsewhere.
  assert.deepEqual(check(agent, { uri: 'file:///repo/agent.yaml' }).filter((line) => line.includes('daemonset-feature-gate')), []);
  const both = { 'file:///repo/operator.yaml': operator('--feature-gates=PrometheusAgentDaemonSet=true'), 'file:///other/operator.yaml': operator('') };
  assert.deepEqual(check(agent, { uri: 'file:///repo/agent.yaml', workspace: both }).filter((line) => line.includes('daemonset-feature-gate')), []);
  assert.equal(check(agent, { uri: 'file:///other/agent.yaml', workspace: both }).filter((line) => line.includes('daemonset-feature-gate')).length, 1);
  // An overlay that patches the operator may turn the gate on (a patch file, or inline): the base's flags do not decide.
  const gateOn = 'apiVersion: apps/v1\nkind: Deployment\nmetadata: {name: prometheus-operator, namespace: monitoring}\nspec:\n  template:\n    spec:\n      containers:\n        - name: operator\n          args: [--feature-gates=PrometheusAgentDaemonSet=true]\n';
  const overlays = {
    'file:///repo/base/operator.yaml': operator(''),
    'file:///repo/base/kustomization.yaml': 'resources: [operator.yaml]\n',
    'file:///repo/overlays/prod/kustomization.yaml': 'resources: [../../base, agent.yaml]\npatches:\n  - path: gate.yaml\n',
    'file:///repo/overlays/prod/gate.yaml': gateOn,
  };
  assert.deepEqual(check(agent, { uri: 'file:///repo/overlays/prod/agent.yaml', workspace: overlays }).filter((line) => line.includes('daemonset-feature-gate')), []);
  const inline = { ...overlays, 'file:///repo/overlays/prod/kustomization.yaml': 'resources: [../../base, agent.yaml]\npatches:\n  - target: {kind: Deployment, name: prometheus-operator}\n    patch: |-\n      - {op: add, path: /spec/template/spec/containers/0/args/-, value: --feature-gates=PrometheusAgentDaemonSet=true}\n' };
  assert.deepEqual(check(agent, { uri: 'file:///repo/overlays/prod/agent.yaml', workspace: inline }).filter((line) => line.includes('daemonset-feature-gate')), []);
  // One that only renames it, or patches another Deployment, leaves its flags as written.
  const renamed = { ...overlays, 'file:///repo/overlays/prod/kustomization.yaml': 'resources: [../../base, agent.yaml]\nnamePrefix: platform-\n' };
  assert.equal(check(agent, { uri: 'file:///repo/overlays/prod/agent.yaml', workspace: renamed }).filter((line) => line.includes('daemonset-feature-gate')).length, 1);
  const other = { ...overlays, 'file:///repo/overlays/prod/gate.yaml': gateOn.replace('name: prometheus-operator', 'name: checkout') };
  assert.equal(check(agent, { uri: 'file:///repo/overlays/prod/agent.yaml', workspace: other }).filter((line) => line.includes('daemonset-feature-gate')).length, 1);
  // An edit of the operator's flags is seen.
  const workspace = new Workspace();
  workspace.set('file:///repo/operator.yaml', operator(''));
  workspace.set('file:///repo/agent.yaml', agent);
  const codes = () => checkFile(workspace.get('file:///repo/agent.yaml')!, workspace, defaultCheckOptions).map((finding) => finding.code).filter((code) => code.includes('feature-gate'));
  assert.deepEqual(codes(), ['agent/daemonset-feature-gate']);
  workspace.set('file:///repo/operator.yaml', operator('--feature-gates=PrometheusAgentDaemonSet=true'));
  assert.deepEqual(codes(), []);
});

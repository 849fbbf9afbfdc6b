import { test } from 'node:test';
import assert from 'node:assert/strict';
import { gunzipSync } from 'node:zlib';
import { parse } from 'yaml';
import { defaultCheckOptions, renderAllAgents, Workspace, type CheckOptions, type KubernetesObject, type Rendering } from '../../server/src/engine';
import { agentManifest, check, findings, underlined } from '../support/engine';

/**
 * What prometheus-operator v0.93.0 creates for a PrometheusAgent, field by field: a PrometheusAgent (and the objects
 * of its workspace) in, the fields of the rendered objects or the generated prometheus.yml out.
 */

/** The rendering of the one PrometheusAgent in `text` (a workspace of one file). */
function renderText(text: string, options: Partial<CheckOptions> = {}): Rendering {
  const workspace = new Workspace();
  workspace.set('file:///w/agent.yaml', text);
  const renderings = renderAllAgents(workspace, { ...defaultCheckOptions, ...options });
  assert.equal(renderings.length, 1);
  return renderings[0];
}

/** PrometheusAgent monitoring/agent with `spec`, beside the `others` objects of its workspace. */
const render = (spec: string, others: string[] = [], options: Partial<CheckOptions> = {}) =>
  renderText([agentManifest(spec), ...others].join('---\n'), options);

/** The generated prometheus.yml, read back from the config Secret as the config-reloader reads it. */
function config(rendering: Rendering): Record<string, any> {
  const secret = rendering.objects.find((object) => object.kind === 'Secret' && object.metadata.name === 'prom-agent-agent');
  assert.ok(secret, 'no config Secret');
  return parse(gunzipSync(Buffer.from((secret.data as Record<string, string>)['prometheus.yaml.gz'], 'base64')).toString('utf8'));
}

/** The prometheus container of the first workload. */
function prometheusContainer(rendering: Rendering): Record<string, any> {
  const workload = rendering.objects.find((object) => object.kind === 'StatefulSet' || object.kind === 'DaemonSet') as any;
  return workload.spec.template.spec.containers.find((container: { name: string }) => container.name === 'prometheus');
}

const podMonitor = (spec: string) => `apiVersion: monitoring.coreos.com/v1
kind: PodMonitor
metadata:
  name: web
  namespace: monitoring
  labels: {app: web}
spec:
${spec.trim().split('\n').map((line) => `  ${line}`).join('\n')}
`;

const objectsOf = (rendering: Rendering, kind: string) => rendering.objects.filter((object) => object.kind === kind);
const labels = (object: KubernetesObject) => (object.metadata.labels ?? {}) as Record<string, string>;

test('every object the operator creates carries both managed-by labels', () => {
  for (const spec of ['shards: 2', 'mode: DaemonSet']) {
    const rendering = render(spec);
    assert.ok(rendering.objects.length >= 4);
    for (const object of rendering.objects) {
      assert.equal(labels(object)['managed-by'], 'prometheus-operator', `${spec}: ${object.kind} ${object.metadata.name}`);
      assert.equal(labels(object)['app.kubernetes.io/managed-by'], 'prometheus-operator', `${spec}: ${object.kind} ${object.metadata.name}`);
    }
  }
  // The agent's own labels come over them on its workload; the mode and the selector labels come over the agent's.
  const labelled = agentManifest('{}').replace('  namespace: monitoring\n', '  namespace: monitoring\n  labels:\n    managed-by: helm\n    app.kubernetes.io/managed-by: helm\n    team: payments\n');
  const [statefulSet] = objectsOf(renderText(labelled), 'StatefulSet');
  assert.deepEqual(labels(statefulSet), {
    'app.kubernetes.io/instance': 'agent',
    'app.kubernetes.io/managed-by': 'prometheus-operator',
    'app.kubernetes.io/name': 'prometheus-agent',
    'managed-by': 'helm',
    'operator.prometheus.io/mode': 'agent',
    'operator.prometheus.io/name': 'agent',
    'operator.prometheus.io/shard': '0',
    team: 'payments',
  });
});

test('the image is tagged v + the version as the operator parses it; the pods carry it without the v', () => {
  for (const [version, tag] of [['2.46.0', 'v2.46.0'], ['v3.1', 'v3.1.0'], ['"3"', 'v3.0.0'], ['v3.0.0-rc.0', 'v3.0.0-rc.0']]) {
    const rendering = render(`version: ${version}`);
    assert.equal(prometheusContainer(rendering).image, `quay.io/prometheus/prometheus:${tag}`, version);
    const [statefulSet] = objectsOf(rendering, 'StatefulSet') as any[];
    assert.equal(statefulSet.spec.template.metadata.labels['app.kubernetes.io/version'], tag.slice(1), version);
  }
});

test('a release candidate is Prometheus 3 for its flags, and comes before its release for version gates', () => {
  const rendering = render(`
    version: v3.0.0-rc.0
    podMonitorSelector: {matchLabels: {app: web}}`, [podMonitor(`
selector: {matchLabels: {app: web}}
podMetricsEndpoints: [{port: metrics}]
convertClassicHistogramsToNHCB: true
scrapeProtocols: [PrometheusText1.0.0]`)]);
  const args: string[] = prometheusContainer(rendering).args;
  assert.ok(args.includes('--agent') && !args.some((arg) => arg.startsWith('--web.console')));
  const [job] = config(rendering).scrape_configs;
  assert.equal(job.convert_classic_histograms_to_nhcb, undefined);
  assert.deepEqual(job.scrape_protocols, ['PrometheusText1.0.0']);
  assert.ok(rendering.notes.includes('PodMonitor monitoring/web spec.convertClassicHistogramsToNHCB: needs Prometheus v3.0.0 or newer; the operator drops it with v3.0.0-rc.0'));
});

test('what the API server and Go add to a remote write: a relabeling\'s default action, OAuth2 endpoint params in key order', () => {
  const rendering = render('remoteWrite:\n  - url: https://a.example.com/write\n    writeRelabelConfigs: [{sourceLabels: [a], targetLabel: b}, {}]\n    oauth2: {clientId: {secret: {name: o, key: id}}, clientSecret: {name: o, key: secret}, tokenUrl: "https://t.example.com", endpointParams: {z: "1", a: "2"}}');
  const [write] = config(rendering).remote_write;
  assert.deepEqual(write.write_relabel_configs, [{ source_labels: ['a'], target_label: 'b', action: 'replace' }, { action: 'replace' }]);
  assert.deepEqual(Object.keys(write.oauth2.endpoint_params), ['a', 'z']);
});

test('what the operator refuses while generating the configuration leaves nothing rendered, and the notes say why', () => {
  for (const [spec, reason] of [
    ['tsdb: {staleSeriesCompactionThreshold: "1.5"}', 'spec.tsdb.staleSeriesCompactionThreshold: 1.5 is not between 0 and 1: the operator refuses the agent'],
    ['enableFeatures: [st-storage]\ntsdb: {chunkEncoding: {floats: Xor}}', 'spec.tsdb.chunkEncoding.floats: chunk encoding "Xor" is incompatible with --enable-feature=st-storage (XOR chunks do not store start timestamps): the operator refuses the agent'],
    ['scrapeTimeout: 1m', 'spec.scrapeTimeout: scrapeTimeout "1m" greater than scrapeInterval "30s": the operator refuses the agent'],
    ['version: latest', 'spec.version: unsupported Prometheus version "latest": the operator refuses the agent'],
    ['scrapeClasses: [{name: a, default: true}, {name: b, default: true}]', 'spec.scrapeClasses[1].default: failed to parse scrape classes: multiple default scrape classes defined: the operator refuses the agent'],
    ['scrapeClasses: [{name: a, default: true, authorization: {type: Basic}}, {name: b, default: true}]', 'spec.scrapeClasses[0].authorization.type: failed to parse scrape classes: invalid authorization for scrapeClass a: authorization type cannot be set to "basic", use "basicAuth" instead: the operator refuses the agent'],
    ['remoteWrite: [{url: "https://a.example.com", sigv4: {region: eu-west-1}, azureAd: {sdk: {}}}]', 'spec.remoteWrite[0]: "sigv4" and "azureAd" can\'t be set at the same time, at most one of them must be defined: the operator refuses the agent'],
    ['version: v3.3.0\notlp: {translationStrategy: NoTranslation}', 'spec.otlp.translationStrategy: nameValidationScheme "NoTranslation" is only supported from Prometheus version 3.4.0: the operator refuses the agent'],
    ['tracingConfig: {endpoint: "tempo:4317", samplingFraction: "2"}', 'spec.tracingConfig.samplingFraction: failed to generate tracing configuration: `samplingFraction` must be between 0 and 1: the operator refuses the agent'],
    ['apiserverConfig: {host: "https://kubernetes.default.svc", authorization: {type: Basic, credentials: {name: t, key: t}}}', 'spec.apiserverConfig.authorization.type: apiserver config: authorization type cannot be set to "basic", use "basicAuth" instead: the operator refuses the agent'],
  ]) {
    const rendering = render(spec);
    assert.deepEqual(rendering.objects, [], spec);
    assert.deepEqual(rendering.notes, [reason, "nothing is rendered: the operator creates none of the agent's objects"], spec);
  }
  // A Secret of the workspace without the key named.
  const withoutKey = render('additionalScrapeConfigs: {name: extra, key: jobs.yaml}', ['apiVersion: v1\nkind: Secret\nmetadata: {name: extra, namespace: monitoring}\nstringData: {other.yaml: "[]"}\n']);
  assert.deepEqual(withoutKey.objects, []);
  assert.equal(withoutKey.notes[0], 'spec.additionalScrapeConfigs.key: loading additional scrape configs from Secret failed: key jobs.yaml could not be found in secret extra: the operator refuses the agent');
  // Several refusals: the first note is the operator's first error (remote write, API server, then the Secret's key).
  const several = render('additionalScrapeConfigs: {name: extra, key: jobs.yaml}\napiserverConfig: {host: "https://k", tlsConfig: {keyFile: /k}}\nremoteWrite: [{url: "https://a.example.com", sigv4: {region: eu-west-1}, azureAd: {sdk: {}}}]',
    ['apiVersion: v1\nkind: Secret\nmetadata: {name: extra, namespace: monitoring}\nstringData: {other.yaml: "[]"}\n']);
  assert.deepEqual(several.notes.map((note) => note.split(':')[0]), ['spec.remoteWrite[0]', 'spec.apiserverConfig.tlsConfig', 'spec.additionalScrapeConfigs.key', 'nothing is rendered']);
  // In range, the threshold is written as the number the quantity means.
  assert.equal(config(render('tsdb: {staleSeriesCompactionThreshold: 500m}')).storage.tsdb.stale_series_compaction_threshold, 0.5);
});

test('a custom governing Service that does not select the agent\'s pods: the Secrets are created, the StatefulSet is not', () => {
  const service = (selector: string) => `apiVersion: v1\nkind: Service\nmetadata: {name: governing, namespace: monitoring}\nspec: {clusterIP: None, selector: ${selector}}\n`;
  const refused = render('serviceName: governing', [service('{app: agent}')]);
  assert.deepEqual(refused.objects.map((object) => `${object.kind} ${object.metadata.name}`), ['Secret prom-agent-agent', 'Secret prom-agent-agent-tls-assets-0', 'Secret prom-agent-agent-web-config']);
  assert.deepEqual(refused.notes, [
    'spec.serviceName: custom governing service monitoring/governing with selector "app=agent" does not select pods with labels "app.kubernetes.io/instance=agent,app.kubernetes.io/managed-by=prometheus-operator,app.kubernetes.io/name=prometheus-agent,operator.prometheus.io/name=agent": the operator refuses the agent',
    'no StatefulSet is rendered: the operator creates the Secrets, then stops',
  ]);
  const selected = render('serviceName: governing', [service('{operator.prometheus.io/name: agent}')]);
  assert.deepEqual(selected.objects.map((object) => object.kind), ['Secret', 'Secret', 'Secret', 'StatefulSet']);
  assert.equal((selected.objects[3].spec as { serviceName?: string }).serviceName, 'governing');
});

test('a web.tlsConfig the operator refuses: the config and TLS assets Secrets are created, the web config Secret is not', () => {
  const rendering = render('web: {tlsConfig: {keySecret: {name: tls, key: tls.key}, certFile: /tls/tls.crt, cert: {secret: {name: tls, key: tls.crt}}}}');
  assert.deepEqual(rendering.objects.map((object) => `${object.kind} ${object.metadata.name}`), ['Secret prom-agent-agent', 'Secret prom-agent-agent-tls-assets-0']);
  assert.deepEqual(rendering.notes, [
    'spec.web.tlsConfig.certFile: failed to initialize web config: cannot specify both cert and certFile: the operator refuses the agent',
    'no web config Secret, Service or StatefulSet is rendered: the operator creates the config and TLS assets Secrets, then stops',
  ]);
  assert.deepEqual(render('mode: DaemonSet\nweb: {tlsConfig: {}}').notes, [
    'spec.web.tlsConfig: failed to initialize web config: TLS private key must be defined: the operator refuses the agent',
    'no web config Secret or DaemonSet is rendered: the operator creates the config and TLS assets Secrets, then stops',
  ]);
  assert.ok(render('web: {tlsConfig: {keySecret: {name: tls, key: tls.key}, cert: {secret: {name: tls, key: tls.crt}}}}').objects.some((object) => object.kind === 'StatefulSet'));
});

test('a web key given as keyFile alone: the Secrets and the Service are created, the API server refuses the workload', () => {
  const rendering = render('web: {tlsConfig: {certFile: /tls/tls.crt, keyFile: /tls/tls.key}}');
  assert.deepEqual(rendering.objects.map((object) => `${object.kind} ${object.metadata.name}`),
    ['Secret prom-agent-agent', 'Secret prom-agent-agent-tls-assets-0', 'Secret prom-agent-agent-web-config', 'Service prometheus-agent-operated']);
  assert.deepEqual(rendering.notes, [
    'spec.web.tlsConfig.keyFile: the operator mounts web.tlsConfig.keySecret even when keyFile gives the key, here as a Secret volume with no name (secret.secretName: Required value): the API server refuses the StatefulSet',
    'no StatefulSet is rendered: the operator creates the Secrets and the Service, then stops',
  ]);
});

test('storage.emptyDir beside a named claim template: the Secrets and the Service are created, the API server refuses the StatefulSet', () => {
  const rendering = render('storage:\n  emptyDir: {sizeLimit: 1Gi}\n  volumeClaimTemplate: {metadata: {name: data}}');
  assert.deepEqual(rendering.objects.map((object) => object.kind), ['Secret', 'Secret', 'Secret', 'Service']);
  assert.match(rendering.notes[0], /^spec\.storage\.volumeClaimTemplate\.metadata\.name: with storage\.emptyDir, the operator names the data volume after the resource .*: the API server refuses the StatefulSet$/);
  // A claim template alone: the volume and the mounts take its name.
  const statefulSet = objectsOf(render('storage:\n  volumeClaimTemplate: {metadata: {name: data}}'), 'StatefulSet')[0] as any;
  assert.equal(statefulSet.spec.volumeClaimTemplates[0].metadata.name, 'data');
  assert.ok(statefulSet.spec.template.spec.containers[0].volumeMounts.some((mount: { name: string }) => mount.name === 'data'));
});

test('a Secret whose volume name, cut, ends in a dash: the Secrets and the Service are created, the operator fails to make the workload', () => {
  const rendering = render(`secrets: [${'a'.repeat(55)}.example]`);
  assert.deepEqual(rendering.objects.map((object) => object.kind), ['Secret', 'Secret', 'Secret', 'Service']);
  assert.equal(rendering.notes[0], `spec.secrets[0]: the operator names its volume "secret-${'a'.repeat(55)}-", cut to 63 characters, which is no DNS-1123 label (it must end with a letter or digit): the operator fails to make the StatefulSet`);
});

test('an additional argument the operator sets itself: the Secrets and the Service are created, the workload is not', () => {
  const rendering = render(`
    walCompression: true
    additionalArgs:
      - name: no-storage.agent.wal-compression
      - name: web.enable-lifecycle`);
  assert.deepEqual(rendering.objects.map((object) => `${object.kind} ${object.metadata.name}`), [
    'Secret prom-agent-agent', 'Secret prom-agent-agent-tls-assets-0', 'Secret prom-agent-agent-web-config', 'Service prometheus-agent-operated',
  ]);
  assert.deepEqual(rendering.notes, [
    "spec.additionalArgs: can't set arguments which are already managed by the operator: storage.agent.wal-compression,web.enable-lifecycle: the operator refuses the agent",
    'no StatefulSet is rendered: the operator creates the Secrets and the Service, then stops',
  ]);
  assert.ok(render('additionalArgs: [{name: --config.file, value: /x.yaml}]').objects.some((object) => object.kind === 'StatefulSet'));
});

test('remote write follows the version gates: max_retries up to 2.11, external_id from 3.11, no metadata sending with 2.0', () => {
  const spec = (version: string) => `
    version: ${version}
    remoteWrite:
      - url: https://metrics.example.com/api/v1/write
        queueConfig: {maxRetries: 5, capacity: 100}
        sigv4: {region: eu-west-1, roleArn: "arn:aws:iam::1:role/w", externalId: ext}
        metadataConfig: {send: true, sendInterval: 1m}
      - url: https://metrics.example.com/api/v2/write
        messageVersion: V2.0
        metadataConfig: {send: true}`;
  const old = config(render(spec('v2.10.0'))).remote_write;
  assert.deepEqual(old[0].queue_config, { capacity: 100, max_retries: 5 });
  assert.equal(old[0].sigv4, undefined);
  const [v1, v2] = config(render(spec('v3.11.0'))).remote_write;
  assert.deepEqual(v1.queue_config, { capacity: 100 });
  assert.deepEqual(v1.sigv4, { region: 'eu-west-1', role_arn: 'arn:aws:iam::1:role/w', external_id: 'ext' });
  assert.deepEqual(v1.metadata_config, { send: true, send_interval: '1m' });
  assert.deepEqual(v2.metadata_config, { send: false });
  assert.equal(config(render(spec('v3.10.0'))).remote_write[0].sigv4.external_id, undefined);
});

test('an agent named e1 is named "e1", as kubectl reads it: no finding, and its objects are prom-agent-e1', () => {
  const text = agentManifest('{}').replace('name: agent', 'name: e1');
  assert.deepEqual(check(text), []);
  assert.deepEqual(renderText(text).objects.map((object) => object.metadata.name), [
    'prom-agent-e1', 'prom-agent-e1-tls-assets-0', 'prom-agent-e1-web-config', 'prometheus-agent-operated', 'prom-agent-e1',
  ]);
});

test('TLS files are named as the operator names them, 0_ for a Secret and 1_ for a ConfigMap, in the config and in tls-assets', () => {
  const secret = (name: string, data: Record<string, string>) => `apiVersion: v1
kind: Secret
metadata: {name: ${name}, namespace: monitoring}
stringData: ${JSON.stringify(data)}
`;
  const rendering = render(`
    remoteWrite:
      - url: https://a.example.com/write
        tlsConfig:
          ca: {configMap: {name: ca-bundle, key: ca.crt}}
          cert: {secret: {name: client, key: tls.crt}}
          keySecret: {name: client, key: tls.key}`, [
    'apiVersion: v1\nkind: ConfigMap\nmetadata: {name: ca-bundle, namespace: monitoring}\ndata: {ca.crt: CA}\n',
    secret('client', { 'tls.crt': 'CERT', 'tls.key': 'KEY' }),
  ]);
  const [a] = config(rendering).remote_write;
  assert.deepEqual(a.tls_config, {
    ca_file: '/etc/prometheus/certs/1_monitoring_ca-bundle_ca.crt',
    cert_file: '/etc/prometheus/certs/0_monitoring_client_tls.crt',
    key_file: '/etc/prometheus/certs/0_monitoring_client_tls.key',
  });
  const assets = rendering.objects.find((object) => object.metadata.name === 'prom-agent-agent-tls-assets-0')!;
  assert.deepEqual(Object.keys(assets.data as object), ['0_monitoring_client_tls.crt', '0_monitoring_client_tls.key', '1_monitoring_ca-bundle_ca.crt']);
});

test('tls-assets holds what the operator copies: every scrape class\'s files under the agent\'s namespace, used or not, and no tracing file', () => {
  const secret = (name: string, namespace: string) => `apiVersion: v1\nkind: Secret\nmetadata: {name: ${name}, namespace: ${namespace}}\nstringData: {ca.crt: CA}\n`;
  const monitorElsewhere = podMonitor('selector: {matchLabels: {app: web}}\npodMetricsEndpoints: [{port: http}]').replace('namespace: monitoring', 'namespace: apps');
  const rendering = render(`
    podMonitorSelector: {}
    podMonitorNamespaceSelector: {}
    scrapeClasses:
      - {name: internal, default: true, tlsConfig: {ca: {secret: {name: class-ca, key: ca.crt}}}}
      - {name: unused, tlsConfig: {ca: {secret: {name: spare-ca, key: ca.crt}}}}
    tracingConfig: {endpoint: "tempo:4317", tlsConfig: {ca: {secret: {name: tracing-ca, key: ca.crt}}}}`,
  [monitorElsewhere, secret('class-ca', 'monitoring'), secret('spare-ca', 'monitoring'), secret('tracing-ca', 'monitoring')]);
  const assets = rendering.objects.find((object) => object.metadata.name === 'prom-agent-agent-tls-assets-0')!;
  assert.deepEqual(Object.keys(assets.data as object), ['0_monitoring_class-ca_ca.crt', '0_monitoring_spare-ca_ca.crt']);
  // The job's path names the monitor's namespace, as the operator writes it; the tracing path is written all the same.
  assert.equal(config(rendering).scrape_configs[0].tls_config.ca_file, '/etc/prometheus/certs/0_apps_class-ca_ca.crt');
  assert.equal(config(rendering).tracing.tls_config.ca_file, '/etc/prometheus/certs/0_monitoring_tracing-ca_ca.crt');
  assert.deepEqual(rendering.notes.filter((note) => note.includes('class-ca')), []);
});

test('a container patch merges as a strategic merge patch orders it: new list items before the operator\'s, a null says nothing', () => {
  const rendering = render(`
    containers:
      - name: prometheus
        livenessProbe: null
        ports: [{name: pprof, containerPort: 6060}, {name: web, containerPort: 9090, protocol: TCP}]
        volumeMounts: [{name: extra, mountPath: /extra}]`);
  const container = prometheusContainer(rendering);
  assert.ok(container.livenessProbe?.httpGet, 'the operator\'s liveness probe stays');
  assert.deepEqual(container.ports.map((port: { name: string }) => port.name), ['pprof', 'web']);
  assert.equal(container.volumeMounts[0].mountPath, '/extra');
  const reloader = (render(`
    initContainers:
      - name: init-config-reloader
        env: [{name: FOO, value: bar}]`).objects.find((object) => object.kind === 'StatefulSet') as any).spec.template.spec.initContainers[0];
  assert.deepEqual(reloader.env.map((variable: { name: string }) => variable.name)[0], 'FOO');
});

test('a container patch is the typed Container the operator decodes: an empty value says nothing, the last of one name is the patch', () => {
  const rendering = render(`
    containers:
      - name: prometheus
        env: [{name: A, value: "1"}]
      - name: prometheus
        image: ""
        args: []
        env: [{name: B, value: "2"}]
      - name: config-reloader
        command: []
      - name: debug
        image: busybox
      - name: debug
        image: busybox:1.36`);
  const containers = (objectsOf(rendering, 'StatefulSet')[0] as any).spec.template.spec.containers;
  const prometheus = containers.find((container: { name: string }) => container.name === 'prometheus');
  assert.match(prometheus.image, /^quay\.io\/prometheus\/prometheus:v/);
  assert.ok(prometheus.args.some((arg: string) => arg.startsWith('--config.file=')), prometheus.args.join(' '));
  assert.deepEqual(prometheus.env?.map((variable: { name: string }) => variable.name), ['B']);
  assert.deepEqual(containers.find((container: { name: string }) => container.name === 'config-reloader').command, ['/bin/prometheus-config-reloader']);
  // A new name written twice is appended twice, each time as written last (MergePatchContainers).
  assert.deepEqual(containers.filter((container: { name: string }) => container.name === 'debug').map((container: { image: string }) => container.image), ['busybox:1.36', 'busybox:1.36']);
  // An env var's empty value and a false tty go (omitempty); a key selector's empty key and a header's empty value stay.
  const sidecar = (objectsOf(render(`
    containers:
      - name: shell
        image: busybox
        tty: false
        env: [{name: EMPTY, value: ""}, {name: KEY, valueFrom: {secretKeyRef: {name: s, key: ""}}}]
        readinessProbe: {httpGet: {port: 8080, path: "", httpHeaders: [{name: X-Empty, value: ""}]}}`), 'StatefulSet')[0] as any).spec.template.spec.containers.find((container: { name: string }) => container.name === 'shell');
  assert.deepEqual(sidecar, {
    name: 'shell', image: 'busybox', env: [{ name: 'EMPTY' }, { name: 'KEY', valueFrom: { secretKeyRef: { name: 's', key: '' } } }],
    readinessProbe: { httpGet: { port: 8080, httpHeaders: [{ name: 'X-Empty', value: '' }] } },
  });
  // An empty value leaves the operator's: the reloader's SHARD stays "0".
  const reloader = (objectsOf(render('containers: [{name: config-reloader, env: [{name: SHARD, value: ""}]}]'), 'StatefulSet')[0] as any).spec.template.spec.containers
    .find((container: { name: string }) => container.name === 'config-reloader');
  assert.deepEqual(reloader.env.find((variable: { name: string }) => variable.name === 'SHARD'), { name: 'SHARD', value: '0' });
});

test('updateStrategy is what the operator converts: its type and maxUnavailable, no partition', () => {
  const strategy = (spec: string) => (objectsOf(render(spec), 'StatefulSet')[0] as any).spec.updateStrategy;
  assert.deepEqual(strategy('updateStrategy: {type: RollingUpdate, rollingUpdate: {partition: 1, maxUnavailable: 2}}'), { type: 'RollingUpdate', rollingUpdate: { maxUnavailable: 2 } });
  assert.deepEqual(strategy('updateStrategy: {type: OnDelete}'), { type: 'OnDelete' });
  assert.deepEqual(strategy('replicas: 1'), { type: 'RollingUpdate' });
});

test('topology sharding: the zone label takes its configured name or none, and without zones only the label is added', () => {
  const labels = (topology: string) => config(render(`shards: 2\nshardingStrategy: {mode: Topology, topology: ${topology}}\nexternalLabels: {zone: mine, region: eu}`)).global.external_labels;
  assert.deepEqual(labels('{values: [a, b], externalLabelName: az}'), { az: '$(TOPOLOGY_ZONE)', prometheus: 'monitoring/agent', prometheus_replica: '$(POD_NAME)', region: 'eu', zone: 'mine' });
  assert.deepEqual(labels('{values: [a, b], externalLabelName: ""}'), { prometheus: 'monitoring/agent', prometheus_replica: '$(POD_NAME)', region: 'eu', zone: 'mine' });
  assert.deepEqual(labels('{values: [a]}'), { prometheus: 'monitoring/agent', prometheus_replica: '$(POD_NAME)', region: 'eu', zone: '$(TOPOLOGY_ZONE)' });
  // No zones: the shards hash the address as usual, and nothing names a zone in the pods.
  const unzoned = render('shardingStrategy: {mode: Topology, topology: {}}');
  assert.equal(config(unzoned).global.external_labels.zone, '$(TOPOLOGY_ZONE)');
  const env = (objectsOf(unzoned, 'StatefulSet')[0] as any).spec.template.spec.containers[1].env.map((e: { name: string }) => e.name);
  assert.deepEqual(env, ['POD_NAME', 'SHARD']);
  // Three shards over two zones: floor(3 / 2) shards per zone hash the zone's targets.
  const podMonitored = render(`
    shards: 3
    shardingStrategy: {mode: Topology, topology: {values: [a, b]}}
    podMonitorSelector: {matchLabels: {app: web}}`, [podMonitor('selector: {matchLabels: {app: web}}\npodMetricsEndpoints: [{port: metrics}]')]);
  const hashmod = config(podMonitored).scrape_configs[0].relabel_configs.find((rule: { action?: string }) => rule.action === 'hashmod');
  assert.equal(hashmod.modulus, 1);
});

const scrapeConfig = (spec: string) => `apiVersion: monitoring.coreos.com/v1alpha1
kind: ScrapeConfig
metadata:
  name: sd
  namespace: monitoring
  labels: {team: edge}
spec:
${spec.trim().split('\n').map((line) => `  ${line}`).join('\n')}
`;

test('ScrapeConfig discoveries follow the operator\'s version gates, and one shard leaves a ScrapeConfig unsharded', () => {
  const rendered = (version: string, spec: string) => render(`version: ${version}\nscrapeConfigSelector: {}`, [scrapeConfig(spec)]);
  const job = (version: string, spec: string) => config(rendered(version, spec)).scrape_configs[0];
  const discoveries = `
kubernetesSDConfigs: [{role: EndpointSlice, attachMetadata: {node: true}}, {role: Node, attachMetadata: {node: true}}]
dnsSDConfigs: [{names: [a.example.com], type: NS, port: 53}]
ec2SDConfigs: [{region: eu-west-1, followRedirects: false}]
hetznerSDConfigs: [{role: hcloud, labelSelector: "env=prod"}]`;
  // Below v2.40 the operator rejects every ScrapeConfig (its OVHCloud and other discovery checks gate on the version
  // before looking for configs of their kind): no job, and the rendering says why.
  const old = rendered('v2.20.0', discoveries);
  assert.deepEqual(config(old).scrape_configs, []);
  assert.ok(old.notes.some((note) => note.startsWith('ScrapeConfig monitoring/sd is not rendered: the operator rejects it (')), old.notes.join('\n'));
  const recent = job('v3.5.0', discoveries);
  assert.deepEqual(recent.kubernetes_sd_configs, [{ role: 'endpointslice', attach_metadata: { node: true } }, { role: 'node' }]);
  assert.deepEqual(recent.dns_sd_configs, [{ names: ['a.example.com'], type: 'NS', port: 53 }]);
  assert.deepEqual(recent.ec2_sd_configs, [{ region: 'eu-west-1', follow_redirects: false }]);
  assert.deepEqual(recent.hetzner_sd_configs, [{ role: 'hcloud', label_selector: 'env=prod' }]);
  assert.deepEqual(recent.relabel_configs, [{ source_labels: ['job'], target_label: '__tmp_prometheus_job_name' }]);
});

test('a Probe: the module before the other parameters, its namespace among its static labels, its targets hashed for the shards', () => {
  const probe = `apiVersion: monitoring.coreos.com/v1
kind: Probe
metadata: {name: sites, namespace: monitoring}
spec:
  module: http_2xx
  params: [{name: module, values: [tcp]}, {name: debug, values: ["true"]}]
  prober: {url: "blackbox:9115"}
  targets: {staticConfig: {static: [example.com], labels: {namespace: theirs}}}
`;
  const [job] = config(render('probeSelector: {}\noverrideHonorTimestamps: true', [probe])).scrape_configs;
  assert.equal(job.honor_timestamps, false);
  assert.equal(job.metrics_path, '/probe');
  assert.deepEqual(job.params, { module: ['http_2xx'], debug: ['true'] });
  assert.deepEqual(job.static_configs, [{ targets: ['example.com'], labels: { namespace: 'theirs' } }]);
  assert.deepEqual(job.relabel_configs.slice(-3).map((rule: { source_labels?: string[] }) => rule.source_labels), [['__param_target', '__tmp_hash'], ['__tmp_hash'], ['__tmp_hash', '__tmp_disable_sharding']]);
  // Probes and ScrapeConfigs are StatefulSet-mode jobs: in DaemonSet mode the CRD refuses their selectors.
  const daemon = render('mode: DaemonSet\nprobeSelector: {}', [probe]);
  assert.deepEqual(daemon.objects, []);
  assert.deepEqual(daemon.notes, [
    'spec: probeSelector cannot be set when mode is DaemonSet: the API server refuses the PrometheusAgent',
    'nothing is rendered: the API server does not store the agent, so the operator never sees it',
  ]);
  // The CRD the cluster has says: v0.84.0's has no such rule, and the agent is stored.
  const older = render('mode: DaemonSet\nprobeSelector: {}', [probe], { operatorVersion: { version: 'v0.84.0', from: 'cli' } });
  assert.ok(older.objects.some((object) => object.kind === 'DaemonSet'), older.notes.join('\n'));
  assert.deepEqual(config(older).scrape_configs, []);
  assert.ok(older.notes.includes('Probes are selected, but the operator skips them in DaemonSet mode'));
});

test('under a release older than the first with PrometheusAgent, nothing is rendered: the cluster has no such kind', () => {
  const old = render('replicas: 1', [], { operatorVersion: { version: 'v0.60.1', from: 'cli' } });
  assert.deepEqual(old.objects, []);
  assert.deepEqual(old.notes, [
    'no matches for kind "PrometheusAgent" in version "monitoring.coreos.com/v1alpha1": prometheus-operator v0.60.1 has no such kind (added in v0.64.0): the API server refuses the PrometheusAgent',
    'nothing is rendered: the cluster has no PrometheusAgent CRD, so no operator ever sees the agent',
  ]);
  assert.ok(render('replicas: 1', [], { operatorVersion: { version: 'v0.64.0', from: 'cli' } }).objects.some((object) => object.kind === 'StatefulSet'));
});

test('a Probe without targets is rejected by the operator: said at spec.targets, and it gets no job', () => {
  const probe = `apiVersion: monitoring.coreos.com/v1
kind: Probe
metadata: {name: empty, namespace: monitoring}
spec:
  prober: {url: "blackbox:9115"}
  targets: {}
`;
  const rejected = findings(probe, { uri: 'file:///w/probe.yaml', workspace: { 'file:///w/agent.yaml': agentManifest('probeSelector: {}') } })
    .filter((finding) => finding.code === 'wiring/monitor-rejected');
  assert.deepEqual(rejected.map((finding) => [underlined(probe, finding), finding.message]), [
    ['targets', 'at least one of .spec.targets.staticConfig and .spec.targets.ingress is required: the operator rejects this Probe and scrapes none of it'],
  ]);
  const rendering = render('probeSelector: {}', [probe]);
  assert.deepEqual(config(rendering).scrape_configs, []);
  assert.ok(rendering.notes.includes('Probe monitoring/empty is not rendered: the operator rejects it (at least one of .spec.targets.staticConfig and .spec.targets.ingress is required)'));
});

test('a ScrapeConfig gets the enforced namespace label in relabel_configs only when it has relabelings; in metric_relabel_configs always', () => {
  const job = (spec: string) => config(render('enforcedNamespaceLabel: tenant\nscrapeConfigSelector: {}', [scrapeConfig(spec)])).scrape_configs[0];
  const plain = job('staticConfigs: [{targets: ["a.example.com:9100"]}]');
  assert.deepEqual(plain.relabel_configs, [{ source_labels: ['job'], target_label: '__tmp_prometheus_job_name' }]);
  assert.deepEqual(plain.metric_relabel_configs, [{ target_label: 'tenant', replacement: 'monitoring' }]);
  const relabelled = job('staticConfigs: [{targets: ["a.example.com:9100"]}]\nrelabelings: [{targetLabel: team, replacement: a}]');
  assert.deepEqual(relabelled.relabel_configs.slice(-1), [{ target_label: 'tenant', replacement: 'monitoring' }]);
});

test('a container patch that changes a probe\'s handler: the patch\'s handler alone, as the operator sanitizes it', () => {
  const container = prometheusContainer(render('containers:\n  - name: prometheus\n    readinessProbe: {tcpSocket: {port: web}}\n    livenessProbe: {periodSeconds: 7}'));
  assert.deepEqual(Object.keys(container.readinessProbe).filter((key) => ['httpGet', 'tcpSocket', 'exec', 'grpc'].includes(key)), ['tcpSocket']);
  assert.deepEqual(container.readinessProbe.tcpSocket, { port: 'web' });
  // A patch that names no handler keeps the operator's.
  assert.ok(container.livenessProbe.httpGet && container.livenessProbe.periodSeconds === 7, JSON.stringify(container.livenessProbe));
});

test('an empty tlsConfig of a PodMonitor is none: the scrape class\'s TLS settings apply whole', () => {
  const classes = 'podMonitorSelector: {}\nscrapeClasses: [{name: tls, default: true, tlsConfig: {caFile: /etc/ca.crt, serverName: web.internal}}]';
  const job = (endpoint: string) => config(render(classes, [podMonitor(`selector: {matchLabels: {app: web}}\npodMetricsEndpoints: [{port: http${endpoint}}]`)])).scrape_configs[0];
  assert.deepEqual(job(', tlsConfig: {}').tls_config, { ca_file: '/etc/ca.crt', server_name: 'web.internal' });
  assert.deepEqual(job('').tls_config, { ca_file: '/etc/ca.crt', server_name: 'web.internal' });
  // One setting of its own, and only the class's files complete it.
  assert.deepEqual(job(', tlsConfig: {insecureSkipVerify: false}').tls_config, { ca_file: '/etc/ca.crt', insecure_skip_verify: false });
});

test('a V2.0 remote write on Prometheus before 2.54: the operator drops the version-gated arguments it adds after it', () => {
  const spec = (version: string) => `version: ${version}\nlogFormat: json\nlogLevel: debug\nenableFeatures: [exemplar-storage]\nremoteWrite: [{url: "https://a.example.com/write", messageVersion: V2.0}]`;
  const args = (version: string) => (prometheusContainer(render(spec(version))).args as string[]).filter((arg) => /^--(log|enable-feature)/.test(arg));
  assert.deepEqual(args('v2.50.1'), ['--log.level=debug', '--enable-feature=agent']);
  assert.ok(render(spec('v2.50.1')).notes.includes('spec.logFormat: dropped by the operator with v2.50.1, after a remoteWrite messageVersion V2.0 (which needs v2.54.0)'));
  assert.deepEqual(args('v2.55.1'), ['--enable-feature=metadata-wal-records', '--enable-feature=exemplar-storage', '--log.level=debug', '--log.format=json', '--enable-feature=agent']);
});

test('a scrape failure log file naming no directory gets the log-file volume, whatever the version; only its key is gated', () => {
  const rendering = (spec: string) => render(spec);
  const logVolume = (spec: string) => {
    const workload = rendering(spec).objects.find((object) => object.kind === 'StatefulSet') as any;
    return workload.spec.template.spec.volumes.some((volume: { name: string }) => volume.name === 'log-file');
  };
  assert.equal(logVolume('version: v2.50.0\nscrapeFailureLogFile: failures.log'), true);
  assert.equal(config(rendering('version: v2.50.0\nscrapeFailureLogFile: failures.log')).global.scrape_failure_log_file, undefined);
  assert.equal(logVolume('scrapeFailureLogFile: ./failures.log'), true);
  assert.equal(config(rendering('scrapeFailureLogFile: ./failures.log')).global.scrape_failure_log_file, '/var/log/prometheus/failures.log');
  assert.equal(logVolume('scrapeFailureLogFile: /data/failures.log'), false);
  assert.equal(logVolume('scrapeFailureLogFile: ../failures.log'), false);
});

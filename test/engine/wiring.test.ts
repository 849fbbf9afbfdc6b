import { test } from 'node:test';
import assert from 'node:assert/strict';
import { checkFile, defaultCheckOptions, renderAllAgents, wiringMap, wiringText, Workspace } from '../../server/src/engine';
import { check, operatorDeployment, yaml } from '../support/engine';

const agent = (selectors: string, name = 'platform', extra = '') => yaml`
  apiVersion: monitoring.coreos.com/v1alpha1
  kind: PrometheusAgent
  metadata:
    name: ${name}
    namespace: monitoring
  spec:
    remoteWrite:
      - url: https://metrics.example.com/api/v1/write
${selectors}${extra}`;

const service = (name: string, namespace: string, ports: string[]) => yaml`
  apiVersion: v1
  kind: Service
  metadata:
    name: ${name}
    namespace: ${namespace}
    labels: {app: ${name}}
  spec:
    selector: {app: ${name}}
    ports: [${ports.map((port) => `{name: ${port}, port: 80}`).join(', ')}]`;

const serviceMonitor = (name: string, namespace: string, labels: string, port: string, extra = '') => yaml`
  apiVersion: monitoring.coreos.com/v1
  kind: ServiceMonitor
  metadata:
    name: ${name}
    namespace: ${namespace}
    labels: {${labels}}
  spec:
    selector:
      matchLabels: {app: ${name}}
    endpoints:
      - port: ${port}
${extra}`;

const selectsPlatform = '    serviceMonitorSelector:\n      matchLabels: {release: platform}\n    serviceMonitorNamespaceSelector: {}\n';
const wiringLines = (text: string, workspace: Record<string, string>) => check(text, { uri: 'file:///repo/monitors/m.yaml', workspace }).filter((line) => line.includes('wiring/'));

test('a Service or pod with no namespace written is wherever `helm -n` or `kubectl apply -n` puts it: any namespace may hold it', () => {
  const unplaced = service('api', 'shop', ['http-metrics']).replace('  namespace: shop\n', '');
  const workspace = {
    'file:///repo/agent.yaml': agent(selectsPlatform),
    'file:///repo/services.yaml': [unplaced, service('redis', 'shop', ['tcp-redis'])].join('\n---\n'),
  };
  assert.deepEqual(wiringLines(serviceMonitor('api', 'shop', 'release: platform', 'http-metrics'), workspace), []);
  // A port no Service the selector may reach has is still said.
  assert.deepEqual(wiringLines(serviceMonitor('api', 'shop', 'release: platform', 'metrics'), workspace), [
    '11:13 warning wiring/endpoint-port port "metrics" names no port of the Services this ServiceMonitor selects (Service default/api: http-metrics): the operator matches Service ports by name',
  ]);
  assert.deepEqual(wiringLines(serviceMonitor('web', 'shop', 'release: platform', 'http'), workspace), [
    '8:3 information wiring/no-targets this selector matches none of the 2 Services of the workspace in namespace shop or of no namespace written (redis, api)',
  ]);
  // Only Services of no namespace written: none may be meant for the namespace, and nothing is said.
  assert.deepEqual(wiringLines(serviceMonitor('web', 'elsewhere', 'release: platform', 'http'), workspace), []);
});

test("a ServiceMonitor of the kubelet's Service, which the operator keeps with --kubelet-service, is not said to find nothing", () => {
  const kubelet = yaml`
    apiVersion: monitoring.coreos.com/v1
    kind: ServiceMonitor
    metadata: {name: kubelet, namespace: monitoring, labels: {release: platform}}
    spec:
      selector: {matchLabels: {app.kubernetes.io/name: kubelet}}
      namespaceSelector: {matchNames: [kube-system]}
      endpoints: [{port: https-metrics}]`;
  const operator = (args: string) => operatorDeployment('v0.93.0', args.split(', '));
  const workspace = (args: string) => ({
    'file:///repo/agent.yaml': agent(selectsPlatform),
    'file:///repo/kube-dns.yaml': service('kube-dns', 'kube-system', ['dns']),
    'file:///repo/operator.yaml': operator(args),
  });
  assert.deepEqual(wiringLines(kubelet, workspace('--kubelet-service=kube-system/kubelet')), []);
  assert.deepEqual(wiringLines(kubelet, workspace('--kubelet-service, kube-system/kubelet')), []);
  // Kept in another namespace, or not at all: the verdict stands.
  const said = ['5:3 information wiring/no-targets this selector matches none of the 1 Service of the workspace in namespace kube-system (kube-dns)'];
  assert.deepEqual(wiringLines(kubelet, workspace('--kubelet-service=monitoring/kubelet')), said);
  assert.deepEqual(wiringLines(kubelet, workspace('--log-level=debug')), said);
  // In one workspace, an edit of the operator's flags is seen by the monitors.
  const edited = new Workspace();
  for (const [uri, text] of Object.entries(workspace('--kubelet-service=kube-system/kubelet'))) edited.set(uri, text);
  const monitor = edited.set('file:///repo/monitors/m.yaml', kubelet);
  const codes = () => checkFile(monitor, edited, defaultCheckOptions).map((finding) => finding.code).filter((code) => code.startsWith('wiring/'));
  assert.deepEqual(codes(), []);
  edited.set('file:///repo/operator.yaml', operator('--log-level=debug'));
  assert.deepEqual(codes(), ['wiring/no-targets']);
  edited.set('file:///repo/operator.yaml', operator('--kubelet-service=kube-system/kubelet'));
  assert.deepEqual(codes(), []);
});

test('a ServiceMonitor of the Services the operator creates (prometheus-agent-operated, port web) is not said to find nothing', () => {
  const self = yaml`
    apiVersion: monitoring.coreos.com/v1
    kind: ServiceMonitor
    metadata: {name: agent-self, namespace: monitoring, labels: {release: platform}}
    spec:
      selector: {matchLabels: {operated-prometheus: "true"}}
      endpoints: [{port: web}]`;
  const workspace = { 'file:///repo/agent.yaml': agent(selectsPlatform), 'file:///repo/s.yaml': service('prometheus-operator', 'monitoring', ['http']) };
  assert.deepEqual(wiringLines(self, workspace), []);
  // With a governing Service of its own, the operator creates none: the verdict stands.
  const named = { ...workspace, 'file:///repo/agent.yaml': agent(selectsPlatform, 'platform', '    serviceName: platform-governing\n') };
  assert.deepEqual(wiringLines(self, named).map((line) => line.split(' ').slice(1, 3).join(' ')), ['information wiring/no-targets']);
  // Its port is known: a port no selected Service has, the operator's included, is still said.
  const everything = self.replace('selector: {matchLabels: {operated-prometheus: "true"}}', 'selector: {}').replace('port: web', 'port: metrics');
  assert.deepEqual(wiringLines(everything, workspace), [
    '6:22 warning wiring/endpoint-port port "metrics" names no port of the Services this ServiceMonitor selects (Service monitoring/prometheus-operator: http; Service monitoring/prometheus-agent-operated (the operator\'s): web): the operator matches Service ports by name',
  ]);
  assert.deepEqual(wiringLines(everything.replace('port: metrics', 'port: web'), workspace), []);
});

test('the wiring map draws the governing Services the operator creates that a ServiceMonitor reaches, at the resources they are made for', () => {
  const workspace = new Workspace();
  workspace.set('file:///repo/agents.yaml', [agent(selectsPlatform), agent(selectsPlatform, 'edge', '    portName: http-web\n')].join('\n---\n'));
  workspace.set('file:///repo/self.yaml', yaml`
    apiVersion: monitoring.coreos.com/v1
    kind: ServiceMonitor
    metadata: {name: agent-self, namespace: monitoring, labels: {release: platform}}
    spec:
      selector: {matchLabels: {operated-prometheus: "true"}}
      endpoints: [{port: web}]`);
  const map = wiringMap(workspace, defaultCheckOptions);
  assert.deepEqual(map.agents[0].monitors[0].targets, [
    { uri: 'file:///repo/agents.yaml', line: 0, title: "Service monitoring/prometheus-agent-operated (the operator's, for PrometheusAgent platform, edge)", ports: ['web', 'http-web'] },
  ]);
  assert.match(wiringText(map), /ServiceMonitor monitoring\/agent-self → serviceMonitor\/monitoring\/agent-self\/0\n {4}Service monitoring\/prometheus-agent-operated \(the operator's, for PrometheusAgent platform, edge\) \(ports web, http-web\)\n/);
});

test('an agent that ignores namespace selectors scrapes a monitor\'s own namespace; a Service without a selector has endpoints written by hand; an empty namespace is none', () => {
  const monitor = serviceMonitor('sm', 'monitoring', 'release: platform', 'metrics').replace('  selector:\n', '  namespaceSelector: {matchNames: [app]}\n  selector:\n');
  const services = [service('sm', 'app', ['other']), service('sm', 'monitoring', ['metrics'])].join('\n---\n');
  const workspace = (extra: string) => ({ 'file:///repo/agent.yaml': agent('    serviceMonitorSelector:\n      matchLabels: {release: platform}\n', 'platform', extra), 'file:///repo/services.yaml': services });
  assert.equal(wiringLines(monitor, workspace('')).length, 1);
  assert.deepEqual(wiringLines(monitor, workspace('    ignoreNamespaceSelectors: true\n')), []);
  // Its endpoints are an Endpoints object's: their port names are not the Service's.
  const manual = service('sm', 'app', ['http']).replace('  selector: {app: sm}\n', '');
  const endpoints = 'apiVersion: v1\nkind: Endpoints\nmetadata: {name: sm, namespace: app}\nsubsets: [{addresses: [{ip: 10.0.0.5}], ports: [{name: metrics, port: 9100}]}]\n';
  assert.deepEqual(wiringLines(monitor, { ...workspace(''), 'file:///repo/services.yaml': `${manual}---\n${endpoints}` }), []);
  assert.equal(wiringLines(monitor, { ...workspace(''), 'file:///repo/services.yaml': manual }).length, 1);
  // namespace: "" is left to kubectl, as one not written.
  const unplaced = serviceMonitor('sm', '""', 'release: platform', 'metrics');
  // (It was read as a namespace of its own: "is in " and nothing, and an invalid name.)
  assert.ok(!check(unplaced, { uri: 'file:///repo/monitors/m.yaml', workspace: workspace('') }).some((line) => line.includes('metadata/name') || / in $/.test(line)));
  // Nor does the map list it as selected by no agent: -n may put it where the agent reads.
  const files = new Workspace();
  for (const [uri, text] of Object.entries({ ...workspace(''), 'file:///repo/monitors/m.yaml': unplaced })) files.set(uri, text);
  assert.deepEqual(wiringMap(files, defaultCheckOptions).unselected, []);
});

test('one agent, three Services, three ServiceMonitors: the two broken ones are pointed at, with the reason', () => {
  const workspace = {
    'file:///repo/agent.yaml': agent(selectsPlatform),
    'file:///repo/services.yaml': [service('orders', 'shop', ['http', 'metrics']), service('billing', 'shop', ['http', 'metrics']), service('search', 'shop', ['http', 'web'])].join('\n---\n'),
  };
  assert.deepEqual(wiringLines(serviceMonitor('orders', 'shop', 'release: platform', 'metrics'), workspace), []);
  assert.deepEqual(wiringLines(serviceMonitor('billing', 'shop', 'release: platfrom', 'metrics'), workspace), [
    '4:9 warning wiring/unselected-monitor no PrometheusAgent or Prometheus of the workspace selects this ServiceMonitor, so nothing scrapes it: PrometheusAgent monitoring/platform selects release=platform; this has release=platfrom',
  ]);
  assert.deepEqual(wiringLines(serviceMonitor('search', 'shop', 'release: platform', 'metrics'), workspace), [
    '11:13 warning wiring/endpoint-port port "metrics" names no port of the Services this ServiceMonitor selects (Service shop/search: http, web): the operator matches Service ports by name',
  ]);
  // The troubleshooting guide's second pitfall: a port number where a name is wanted.
  assert.match(wiringLines(serviceMonitor('search', 'shop', 'release: platform', '"8080"'), workspace)[0], /a number here is read as a port name: use targetPort for a port number$/);
});

test('namespace selectors: absent (the agent\'s own namespace), {} (all), matchLabels and matchExpressions (Namespace labels)', () => {
  const monitor = serviceMonitor('orders', 'shop', 'release: platform', 'metrics');
  const reason = (selectors: string, more: Record<string, string> = {}) =>
    wiringLines(monitor, { 'file:///repo/agent.yaml': agent(selectors), ...more }).map((line) => line.slice(line.indexOf(': ', line.indexOf('nothing scrapes it')) + 2));
  const labels = '    serviceMonitorSelector:\n      matchLabels: {release: platform}\n';
  assert.deepEqual(reason(labels), ['PrometheusAgent monitoring/platform looks in its own namespace monitoring only (no serviceMonitorNamespaceSelector); this is in shop']);
  assert.deepEqual(reason(`${labels}    serviceMonitorNamespaceSelector: {}\n`), []);
  const byTeam = `${labels}    serviceMonitorNamespaceSelector:\n      matchLabels: {team: shop}\n`;
  // Without the Namespace object, only a namespace's kubernetes.io/metadata.name is known: it may have team=shop.
  assert.deepEqual(reason(byTeam), []);
  const namespace = (team: string) => ({ 'file:///repo/ns.yaml': `apiVersion: v1\nkind: Namespace\nmetadata:\n  name: shop\n  labels: {team: ${team}}\n` });
  assert.deepEqual(reason(byTeam, namespace('shop')), []);
  assert.deepEqual(reason(byTeam, namespace('shopping')), ['PrometheusAgent monitoring/platform selects namespaces with team=shop; namespace shop has team=shopping']);
  // Defined once per environment folder with other labels, in either order: the cluster's may be either, nothing said.
  const twice = (first: string, second: string) => ({ 'file:///repo/envs/a/ns.yaml': namespace(first)['file:///repo/ns.yaml'], 'file:///repo/envs/b/ns.yaml': namespace(second)['file:///repo/ns.yaml'] });
  assert.deepEqual(reason(byTeam, twice('shop', 'shopping')), []);
  assert.deepEqual(reason(byTeam, twice('shopping', 'shop')), []);
  assert.deepEqual(reason(byTeam, twice('shopping', 'other')), ['PrometheusAgent monitoring/platform selects namespaces with team=shop; namespace shop has team=other']);
  const byName = `${labels}    serviceMonitorNamespaceSelector:\n      matchExpressions: [{key: kubernetes.io/metadata.name, operator: In, values: [shop, web]}]\n`;
  assert.deepEqual(reason(byName), []);
  const byOtherName = `${labels}    serviceMonitorNamespaceSelector:\n      matchExpressions: [{key: kubernetes.io/metadata.name, operator: In, values: [web]}]\n`;
  assert.deepEqual(reason(byOtherName), [
    'PrometheusAgent monitoring/platform selects namespaces with kubernetes.io/metadata.name in (web); namespace shop is not defined in the workspace, so only its label kubernetes.io/metadata.name is known',
  ]);
  // A monitor naming no namespace goes where `kubectl apply -n` or kustomize puts it: the agent's own, may be.
  const unplaced = monitor.replace('  namespace: shop\n', '');
  const unplacedReason = (selectors: string) => wiringLines(unplaced, { 'file:///repo/agent.yaml': agent(selectors) });
  assert.deepEqual(unplacedReason(labels), []);
  assert.deepEqual(unplacedReason(byOtherName), []);
});

test('the nearest miss among several agents; an agent without any selector; DaemonSet and Sidecar agents read no ServiceMonitor', () => {
  const monitor = serviceMonitor('orders', 'shop', 'release: platform, team: web', 'metrics');
  const far = agent('    serviceMonitorSelector:\n      matchLabels: {release: edge, team: db}\n    serviceMonitorNamespaceSelector: {}\n', 'far');
  const near = agent('    serviceMonitorSelector:\n      matchLabels: {release: platform, team: shop}\n    serviceMonitorNamespaceSelector: {}\n', 'near');
  assert.deepEqual(wiringLines(monitor, { 'file:///repo/far.yaml': far, 'file:///repo/near.yaml': near }).map((line) => line.slice(line.indexOf('nothing scrapes it: ') + 20)),
    ['PrometheusAgent monitoring/near selects team=shop; this has team=web']);
  // No agent that reads ServiceMonitors: nothing to say.
  const daemonSet = agent('    mode: DaemonSet\n    serviceMonitorSelector: {}\n', 'nodes');
  assert.deepEqual(wiringLines(monitor, { 'file:///repo/nodes.yaml': daemonSet }), []);
  const bare = agent('', 'bare');
  assert.deepEqual(check(bare, { uri: 'file:///repo/bare.yaml', workspace: { 'file:///repo/m.yaml': monitor } }).filter((line) => line.includes('wiring/')), [
    '6:1 hint wiring/no-monitor-selector no serviceMonitorSelector, podMonitorSelector, probeSelector, scrapeConfigSelector: this PrometheusAgent selects none of the 1 monitor of the workspace (a selector {} selects all of its kind)',
  ]);
});

test('targetPort against the pods behind the Services, PodMonitor ports against the selected pods; nothing said without them', () => {
  const pods = yaml`
    apiVersion: apps/v1
    kind: Deployment
    metadata: {name: orders, namespace: shop}
    spec:
      selector: {matchLabels: {app: orders}}
      template:
        metadata: {labels: {app: orders}}
        spec:
          containers: [{name: api, image: orders:1, ports: [{name: http, containerPort: 8080}, {name: metrics, containerPort: 9090}]}]`;
  const workspace = { 'file:///repo/agent.yaml': agent(selectsPlatform), 'file:///repo/s.yaml': service('orders', 'shop', ['http']), 'file:///repo/d.yaml': pods };
  const withTarget = (target: string) => yaml`
    apiVersion: monitoring.coreos.com/v1
    kind: ServiceMonitor
    metadata: {name: orders, namespace: shop, labels: {release: platform}}
    spec:
      selector: {matchLabels: {app: orders}}
      endpoints: [{targetPort: ${target}}]`;
  assert.deepEqual(wiringLines(withTarget('9090'), workspace), []);
  assert.deepEqual(wiringLines(withTarget('metrics'), workspace), []);
  assert.deepEqual(wiringLines(withTarget('"metric.*"'), workspace), []);
  // Zero is no port: the operator keeps every one then.
  assert.deepEqual(wiringLines(withTarget('0'), workspace), []);
  assert.deepEqual(wiringLines(withTarget('9091'), workspace),
    ['6:28 warning wiring/endpoint-port targetPort 9091 is no container port of the pods behind the selected Services (http (8080), metrics (9090))']);
  const { 'file:///repo/d.yaml': _pods, ...withoutPods } = workspace;
  assert.deepEqual(wiringLines(withTarget('9091'), withoutPods), []);
  const podMonitor = (port: string) => yaml`
    apiVersion: monitoring.coreos.com/v1
    kind: PodMonitor
    metadata: {name: orders, namespace: shop}
    spec:
      selector: {matchLabels: {app: orders}}
      podMetricsEndpoints: [{port: ${port}}]`;
  const podAgent = { 'file:///repo/agent.yaml': agent('    podMonitorSelector: {}\n    podMonitorNamespaceSelector: {}\n'), 'file:///repo/d.yaml': pods };
  assert.deepEqual(wiringLines(podMonitor('metrics'), podAgent), []);
  assert.deepEqual(wiringLines(podMonitor('metric'), podAgent),
    ['6:32 warning wiring/endpoint-port port "metric" is no container port name of the pods this PodMonitor selects (http (8080), metrics (9090))']);
  // A label a controller puts on the pods it makes is in no template: selected by it, the pods may be there.
  const byControllerLabel = (selector: string) => podMonitor('metrics').replace('selector: {matchLabels: {app: orders}}', `selector: {matchLabels: {${selector}}}`);
  assert.deepEqual(wiringLines(byControllerLabel('batch.kubernetes.io/job-name: reindex'), podAgent), []);
  assert.deepEqual(wiringLines(byControllerLabel('app: orders, apps.kubernetes.io/pod-index: "0"'), podAgent), []);
  assert.equal(wiringLines(byControllerLabel('app: billing'), podAgent).length, 1);
});

test('pods of a ReplicationController or an Argo Rollout are pods too; a mesh\'s injected proxy ports count as declared', () => {
  const worker = yaml`
    apiVersion: apps/v1
    kind: Deployment
    metadata: {name: web-worker, namespace: apps}
    spec:
      selector: {matchLabels: {app: web, role: worker}}
      template:
        metadata: {labels: {app: web, role: worker}}
        spec:
          containers: [{name: worker, image: worker:1}]`;
  const server = (apiVersion: string, kind: string, template = true) => `apiVersion: ${apiVersion}\nkind: ${kind}\nmetadata: {name: web-server, namespace: apps}\nspec:\n  selector: {matchLabels: {app: web, role: server}}\n${template
    ? '  template:\n    metadata: {labels: {app: web, role: server}}\n    spec:\n      containers: [{name: server, image: server:1, ports: [{name: metrics, containerPort: 9090}]}]\n'
    : '  workloadRef: {apiVersion: apps/v1, kind: Deployment, name: web-worker}\n'}`;
  const podMonitor = (port: string) => yaml`
    apiVersion: monitoring.coreos.com/v1
    kind: PodMonitor
    metadata: {name: web, namespace: apps}
    spec:
      selector: {matchLabels: {app: web}}
      podMetricsEndpoints: [{port: ${port}}]`;
  const workspace = (owner: string) => ({ 'file:///repo/agent.yaml': agent('    podMonitorSelector: {}\n    podMonitorNamespaceSelector: {}\n'), 'file:///repo/worker.yaml': worker, 'file:///repo/server.yaml': owner });
  assert.deepEqual(wiringLines(podMonitor('metrics'), workspace(server('v1', 'ReplicationController'))), []);
  assert.deepEqual(wiringLines(podMonitor('metrics'), workspace(server('argoproj.io/v1alpha1', 'Rollout'))), []);
  // A Rollout naming a Deployment's template has none of its own: the Deployment's pods are what it runs.
  assert.deepEqual(wiringLines(podMonitor('metrics'), workspace(server('argoproj.io/v1alpha1', 'Rollout', false))),
    ['6:32 warning wiring/endpoint-port port "metrics" is no container port name of the pods this PodMonitor selects (none declared)']);
  // A Rollout's strategy may label its stable or canary pods beyond the template: which carries what is not written,
  // and its pods are not judged.
  const ephemeral = server('argoproj.io/v1alpha1', 'Rollout').replace('  selector:', '  strategy: {canary: {stableMetadata: {labels: {track: stable}}, canaryMetadata: {labels: {track: canary}}}}\n  selector:');
  const { 'file:///repo/worker.yaml': _worker, ...alone } = workspace(ephemeral);
  assert.deepEqual(wiringLines(podMonitor('metrics').replace('{app: web}', '{app: web, track: stable}'), alone), []);
  assert.deepEqual(wiringLines(podMonitor('nothing').replace('{app: web}', '{app: web, role: server}'), alone), []);
  // Istio's sidecar serves Envoy's statistics on http-envoy-prom, Linkerd's on linkerd-admin: no template declares them.
  for (const port of ['http-envoy-prom', 'linkerd-admin']) assert.deepEqual(wiringLines(podMonitor(port), workspace(server('v1', 'ReplicationController'))), [], port);
});

test('a port is a regex on port names, as the operator writes it; an init container\'s ports are the pod\'s too', () => {
  const pods = yaml`
    apiVersion: apps/v1
    kind: StatefulSet
    metadata: {name: kafka, namespace: kafka}
    spec:
      selector: {matchLabels: {app: kafka}}
      template:
        metadata: {labels: {app: kafka}}
        spec:
          initContainers:
            - {name: proxy, image: proxy:2, restartPolicy: Always, ports: [{name: proxy-metrics, containerPort: 9801}]}
          containers: [{name: exporter, image: kafka-exporter:1, ports: [{name: metrics-broker, containerPort: 9308}]}]`;
  const workspace = {
    'file:///repo/agent.yaml': agent(`${selectsPlatform}    podMonitorSelector: {}\n    podMonitorNamespaceSelector: {}\n`),
    'file:///repo/s.yaml': service('kafka', 'kafka', ['metrics-broker', 'metrics-jmx']), 'file:///repo/d.yaml': pods,
  };
  assert.deepEqual(wiringLines(serviceMonitor('kafka', 'kafka', 'release: platform', '"metrics-.*"'), workspace), []);
  assert.deepEqual(wiringLines(serviceMonitor('kafka', 'kafka', 'release: platform', '"metric-.*"'), workspace),
    ['11:13 warning wiring/endpoint-port port "metric-.*" names no port of the Services this ServiceMonitor selects (Service kafka/kafka: metrics-broker, metrics-jmx): the operator matches Service ports by name']);
  const podMonitor = (endpoint: string) => yaml`
    apiVersion: monitoring.coreos.com/v1
    kind: PodMonitor
    metadata: {name: kafka, namespace: kafka}
    spec:
      selector: {matchLabels: {app: kafka}}
      podMetricsEndpoints: [${endpoint}]`;
  for (const endpoint of ['{port: "metrics-.*"}', '{port: proxy-metrics}', '{portNumber: 9801}']) {
    assert.deepEqual(wiringLines(podMonitor(endpoint), workspace), [], endpoint);
  }
  assert.deepEqual(wiringLines(podMonitor('{portNumber: 9802}'), workspace),
    ['6:38 warning wiring/endpoint-port portNumber 9802 is no container port of the pods this PodMonitor selects (metrics-broker (9308), proxy-metrics (9801))']);
});

test('a selector matching no Service of the workspace where it looks: information', () => {
  const workspace = { 'file:///repo/agent.yaml': agent(selectsPlatform), 'file:///repo/s.yaml': service('orders', 'shop', ['metrics']) };
  assert.deepEqual(wiringLines(serviceMonitor('ordres', 'shop', 'release: platform', 'metrics'), workspace),
    ['8:3 information wiring/no-targets this selector matches none of the 1 Service of the workspace in namespace shop (orders)']);
  // any: true looks everywhere; Services elsewhere only.
  assert.deepEqual(wiringLines(serviceMonitor('ordres', 'web', 'release: platform', 'metrics', '    namespaceSelector: {any: true}\n'), workspace),
    ['8:3 information wiring/no-targets this selector matches none of the 1 Service of the workspace in any namespace (orders)']);
  assert.deepEqual(wiringLines(serviceMonitor('ordres', 'web', 'release: platform', 'metrics'), workspace), []);
});

test('a finding about many Services names five of them and counts the rest', () => {
  const names = ['orders', 'billing', 'carts', 'search', 'users', 'ratings', 'payments'];
  const workspace = {
    'file:///repo/agent.yaml': agent(selectsPlatform),
    'file:///repo/s.yaml': names.map((name) => service(name, 'shop', ['metrics']).replace('labels: {app:', 'labels: {tier: web, app:')).join('\n---\n'),
  };
  assert.deepEqual(wiringLines(serviceMonitor('ordres', 'shop', 'release: platform', 'metrics'), workspace),
    ['8:3 information wiring/no-targets this selector matches none of the 7 Services of the workspace in namespace shop (orders, billing, carts, search, users and 2 more)']);
  const allOfTier = serviceMonitor('web', 'shop', 'release: platform', 'http').replace('matchLabels: {app: web}', 'matchLabels: {tier: web}');
  assert.deepEqual(wiringLines(allOfTier, workspace), [
    '11:13 warning wiring/endpoint-port port "http" names no port of the Services this ServiceMonitor selects (Service shop/orders: metrics; Service shop/billing: metrics; Service shop/carts: metrics; Service shop/search: metrics; Service shop/users: metrics and 2 more): the operator matches Service ports by name',
  ]);
});

test('what the operator rejects in a monitor, at the field, in its words; with the agent\'s interval and scrape classes', () => {
  const monitor = serviceMonitor('orders', 'shop', 'release: platform', 'metrics',
    '        scrapeTimeout: 45s\n        relabelings:\n          - action: hashmod\n            targetLabel: shard\n          - action: Lowercase\n            sourceLabels: [a]\n            targetLabel: b\n            replacement: x\n    scrapeClass: missing\n');
  const lines = check(monitor, { uri: 'file:///repo/m.yaml', workspace: { 'file:///repo/agent.yaml': agent(selectsPlatform) } })
    .filter((line) => line.includes('wiring/monitor-rejected'));
  assert.deepEqual(lines, [
    '12:22 error wiring/monitor-rejected endpoints[0]: scrapeTimeout "45s" greater than scrapeInterval "30s": the operator rejects this ServiceMonitor and scrapes none of it',
    '14:19 error wiring/monitor-rejected endpoints[0]: relabelConfigs: [0]: relabel configuration for hashmod requires non-zero modulus: the operator rejects this ServiceMonitor and scrapes none of it',
    "19:24 error wiring/monitor-rejected endpoints[0]: relabelConfigs: [1]: 'replacement' can not be set for Lowercase action: the operator rejects this ServiceMonitor and scrapes none of it",
    '20:16 error wiring/monitor-rejected scrapeClassName: scrapeClass "missing" not found in Prometheus scrapeClasses: the operator rejects this ServiceMonitor and scrapes none of it',
  ]);
  // Without an agent, what depends on one (its interval, its classes) is not said.
  assert.deepEqual(check(monitor, { uri: 'file:///repo/m.yaml' }).filter((line) => line.includes('wiring/monitor-rejected')).map((line) => line.split(' ')[0]), ['14:19', '19:24']);
});

test('a rejected monitor is not rendered; the rendering says which and why', () => {
  const workspace = new Workspace();
  workspace.set('file:///repo/agent.yaml', agent(selectsPlatform));
  const monitors = workspace.set('file:///repo/m.yaml', serviceMonitor('orders', 'shop', 'release: platform', 'metrics', '        interval: 30s\n        scrapeTimeout: 45s\n'));
  assert.ok(checkFile(monitors, workspace, defaultCheckOptions).some((f) => f.code === 'wiring/monitor-rejected'));
  const [rendering] = renderAllAgents(workspace, defaultCheckOptions);
  assert.doesNotMatch(rendering.configs[0].yaml, /serviceMonitor\/shop\/orders/);
  assert.ok(rendering.notes.includes('ServiceMonitor shop/orders is not rendered: the operator rejects it (endpoints[0]: scrapeTimeout "45s" greater than scrapeInterval "30s")'), rendering.notes.join('\n'));
  workspace.set('file:///repo/m.yaml', serviceMonitor('orders', 'shop', 'release: platform', 'metrics'));
  assert.match(renderAllAgents(workspace, defaultCheckOptions)[0].configs[0].yaml, /job_name: serviceMonitor\/shop\/orders\/0/);
});

test('the authorization, TLS and proxy combinations the operator rejects in an endpoint', () => {
  const rejected = (endpoint: string, kind: 'ServiceMonitor' | 'PodMonitor' = 'ServiceMonitor') => {
    const field = kind === 'ServiceMonitor' ? 'endpoints' : 'podMetricsEndpoints';
    const text = `apiVersion: monitoring.coreos.com/v1\nkind: ${kind}\nmetadata: {name: m, namespace: shop}\nspec:\n  selector: {}\n  ${field}:\n    - port: metrics\n${endpoint}`;
    return check(text, { uri: 'file:///repo/m.yaml' }).filter((line) => line.includes('wiring/monitor-rejected'))
      .map((line) => line.slice(line.indexOf('monitor-rejected ') + 17, line.indexOf(': the operator rejects')));
  };
  assert.deepEqual(rejected('      authorization: {credentials: {name: t, key: k}}\n      basicAuth: {username: {name: u, key: k}}\n'),
    ['endpoints[0]: authorization and basicAuth cannot be configured at the same time']);
  assert.deepEqual(rejected('      authorization: {type: Basic, credentials: {name: t, key: k}}\n'),
    ['endpoints[0]: authorization: \'authorization\' type cannot be set to "basic", use "basicAuth" instead']);
  assert.deepEqual(rejected('      oauth2: {clientId: {secret: {name: c, key: id}}, clientSecret: {name: c, key: s}}\n'), ['endpoints[0]: oauth2: OAuth2 tokenURL must be specified']);
  // OAuth2's own TLS and proxy settings are checked as the endpoint's are.
  const oauth2 = (extra: string) => `      oauth2: {tokenUrl: https://auth/token, clientId: {secret: {name: c, key: id}}, clientSecret: {name: c, key: s}${extra}}\n`;
  assert.deepEqual(rejected(oauth2(', tlsConfig: {keySecret: {name: c, key: k}}')), ["endpoints[0]: oauth2: invalid OAuth2 'tlsConfig': client key specified without client cert"]);
  assert.deepEqual(rejected(oauth2(', proxyFromEnvironment: true, noProxy: auth'), 'PodMonitor'), ['endpoint[0]: oauth2: invalid OAuth2 proxyConfig: if proxyFromEnvironment is configured, noProxy must not be configured']);
  assert.deepEqual(rejected(oauth2(', tlsConfig: {cert: {secret: {name: c, key: c}}, keySecret: {name: c, key: k}}, proxyFromEnvironment: true')), []);
  assert.deepEqual(rejected('      tlsConfig: {certFile: /etc/tls/cert.pem}\n'), ['endpoints[0]: tlsConfig: cannot specify client cert without client key']);
  assert.deepEqual(rejected('      tlsConfig: {cert: {secret: {name: c, key: crt}}}\n', 'PodMonitor'), ['endpoint[0]: tlsConfig: client cert specified without client key']);
  assert.deepEqual(rejected('      noProxy: localhost\n'), ['endpoints[0]: if noProxy is configured, proxyUrl must also be configured']);
  assert.deepEqual(rejected('      tlsConfig: {certFile: /c.pem, keyFile: /k.pem}\n      proxyUrl: http://proxy:3128\n      noProxy: localhost\n'), []);
});

test('Services a monitor picks among many in its namespace, by matchLabels, a one-value In or expressions alone: in file order', () => {
  const labelled = (name: string, labels: string) => yaml`
    apiVersion: v1
    kind: Service
    metadata: {name: ${name}, namespace: shop, labels: {${labels}}}
    spec: {ports: [{name: http, port: 80}]}`;
  const workspace = {
    'file:///repo/agent.yaml': agent(selectsPlatform),
    'file:///repo/a.yaml': [labelled('orders', 'app: orders, track: stable'), labelled('billing', 'app: billing, track: stable')].join('\n---\n'),
    'file:///repo/b.yaml': [labelled('orders-canary', 'app: orders, track: canary'), labelled('orders-old', 'app: orders')].join('\n---\n'),
  };
  const monitor = (selector: string) => yaml`
    apiVersion: monitoring.coreos.com/v1
    kind: ServiceMonitor
    metadata: {name: orders, namespace: shop, labels: {release: platform}}
    spec:
      selector: ${selector}
      endpoints: [{port: metrics}]`;
  // The endpoint-port finding names the Services the monitor selects.
  const picked = (selector: string) => wiringLines(monitor(selector), workspace).map((line) => /\(Service [^)]*\)/.exec(line)?.[0] ?? line);
  assert.deepEqual(picked('{matchLabels: {app: orders}}'), ['(Service shop/orders: http; Service shop/orders-canary: http; Service shop/orders-old: http)']);
  assert.deepEqual(picked('{matchLabels: {app: orders}, matchExpressions: [{key: track, operator: NotIn, values: [canary]}]}'),
    ['(Service shop/orders: http; Service shop/orders-old: http)']);
  assert.deepEqual(picked('{matchExpressions: [{key: track, operator: In, values: [canary]}]}'), ['(Service shop/orders-canary: http)']);
  assert.deepEqual(picked('{matchExpressions: [{key: track, operator: Exists}]}'),
    ['(Service shop/orders: http; Service shop/billing: http; Service shop/orders-canary: http)']);
  assert.deepEqual(picked('{matchLabels: {app: shipping}}'),
    ['5:3 information wiring/no-targets this selector matches none of the 4 Services of the workspace in namespace shop (orders, billing, orders-canary, orders-old)']);
});

test('in one workspace, a monitor\'s selecting agent follows edits: of the Namespace\'s labels, of the agent, of the monitor', () => {
  const workspace = new Workspace();
  const byTeam = '    serviceMonitorSelector:\n      matchLabels: {release: platform}\n    serviceMonitorNamespaceSelector:\n      matchLabels: {team: shop}\n';
  workspace.set('file:///repo/agent.yaml', agent(byTeam));
  const namespace = (team: string) => `apiVersion: v1\nkind: Namespace\nmetadata:\n  name: shop\n  labels: {team: ${team}}\n`;
  workspace.set('file:///repo/ns.yaml', namespace('shopping'));
  const monitorUri = 'file:///repo/m.yaml';
  workspace.set(monitorUri, serviceMonitor('orders', 'shop', 'release: platform', 'metrics'));
  const unselected = () => checkFile(workspace.get(monitorUri)!, workspace, defaultCheckOptions)
    .filter((finding) => finding.code === 'wiring/unselected-monitor').map((finding) => finding.message.slice(finding.message.indexOf('it: ') + 4));
  assert.deepEqual(unselected(), ['PrometheusAgent monitoring/platform selects namespaces with team=shop; namespace shop has team=shopping']);
  workspace.set('file:///repo/ns.yaml', namespace('shop'));
  assert.deepEqual(unselected(), []);
  workspace.set('file:///repo/agent.yaml', agent(byTeam.replace('release: platform', 'release: edge')));
  assert.deepEqual(unselected(), ['PrometheusAgent monitoring/platform selects release=edge; this has release=platform']);
  workspace.set(monitorUri, serviceMonitor('orders', 'shop', 'release: edge', 'metrics'));
  assert.deepEqual(unselected(), []);
});

test('a label written with no value is the empty string the API server stores: a selector asking that it exists finds it', () => {
  const workspace = { 'file:///repo/agent.yaml': agent('    serviceMonitorSelector:\n      matchExpressions: [{key: release, operator: Exists}]\n') };
  assert.deepEqual(wiringLines(serviceMonitor('orders', 'monitoring', 'release: ~', 'metrics'), workspace), []);
  assert.deepEqual(wiringLines(serviceMonitor('orders', 'monitoring', 'other: ~', 'metrics'), workspace).map((line) => line.split(' ')[2]), ['wiring/unselected-monitor']);
});

test('a selector\'s matchLabels entry with no value is dropped with the custom resource\'s other nulls: it asks for nothing', () => {
  const workspace = { 'file:///repo/agent.yaml': agent('    serviceMonitorSelector:\n      matchLabels:\n        team:\n') };
  assert.deepEqual(wiringLines(serviceMonitor('orders', 'monitoring', 'other: x', 'metrics'), workspace), []);
  // The monitor's own selector likewise: it selects the Service as `matchLabels: {}` would.
  const services = { ...workspace, 'file:///repo/services.yaml': service('orders', 'monitoring', ['metrics']) };
  const monitor = serviceMonitor('orders', 'monitoring', 'other: x', 'metrics').replace('matchLabels: {app: orders}', 'matchLabels: {app: }');
  assert.deepEqual(wiringLines(monitor, services), []);
});

test('a PodMonitor with RoleSelector that an agent in DaemonSet mode selects: two pod selectors, a configuration Prometheus refuses', () => {
  const podMonitor = (mechanism: string) => yaml`
    apiVersion: monitoring.coreos.com/v1
    kind: PodMonitor
    metadata: {name: node-local, namespace: monitoring, labels: {scrape: node-local}}
    spec:
      selector: {matchLabels: {app: exporter}}
      ${mechanism}
      podMetricsEndpoints: [{port: metrics}]
    `;
  const daemonSet = agent('    podMonitorSelector: {matchLabels: {scrape: node-local}}\n    mode: DaemonSet\n', 'edge');
  const said = (text: string, files: Record<string, string>) => check(text, { uri: 'file:///w/pm.yaml', workspace: files }).filter((line) => line.includes('daemonset-role-selector'));
  assert.deepEqual(said(podMonitor('selectorMechanism: RoleSelector'), { 'file:///w/agent.yaml': daemonSet }), [
    '6:22 error wiring/daemonset-role-selector PrometheusAgent monitoring/edge in DaemonSet mode selects its pods by node with a pod selector of its own: RoleSelector adds a second, and Prometheus refuses the whole configuration (duplicated selector role: pod)',
  ]);
  assert.deepEqual(said(podMonitor('selectorMechanism: RelabelConfig'), { 'file:///w/agent.yaml': daemonSet }), []);
  assert.deepEqual(said(podMonitor('selectorMechanism: RoleSelector'), { 'file:///w/agent.yaml': agent('    podMonitorSelector: {matchLabels: {scrape: node-local}}\n', 'edge') }), []);
});

test('a Probe or a ScrapeConfig discovery with two ways to authenticate: the operator writes both, Prometheus refuses the configuration', () => {
  const selecting = agent('    probeSelector: {}\n    scrapeConfigSelector: {}\n', 'edge');
  const said = (text: string, files: Record<string, string> = { 'file:///w/agent.yaml': selecting }) =>
    check(text, { uri: 'file:///w/monitor.yaml', workspace: files }).filter((line) => line.includes('two-auth-methods'));
  const probe = (...auth: string[]) => [
    'apiVersion: monitoring.coreos.com/v1', 'kind: Probe', 'metadata: {name: web, namespace: monitoring}', 'spec:',
    '  prober: {url: "blackbox:9115"}', '  targets: {staticConfig: {static: [https://example.com]}}', ...auth.map((line) => `  ${line}`), '',
  ].join('\n');
  const basic = 'basicAuth: {username: {name: s, key: u}, password: {name: s, key: p}}';
  const authorization = 'authorization: {credentials: {name: s, key: t}}';
  assert.deepEqual(said(probe(basic, authorization)), [
    '8:3 error wiring/two-auth-methods at most one of basic_auth, oauth2 & authorization must be configured: the operator writes basicAuth and authorization into the job, and Prometheus refuses the configuration of PrometheusAgent monitoring/edge',
  ]);
  assert.deepEqual(said(probe(basic)), []);
  // Selected by no agent, it is in no configuration.
  assert.deepEqual(said(probe(basic, authorization), {}), []);
  const scrapeConfig = yaml`
    apiVersion: monitoring.coreos.com/v1alpha1
    kind: ScrapeConfig
    metadata: {name: sd, namespace: monitoring}
    spec:
      httpSDConfigs:
        - url: http://sd.example.com/targets
        - url: http://sd.example.com/other
          basicAuth: {username: {name: s, key: u}}
          oauth2: {clientId: {secret: {name: s, key: c}}, clientSecret: {name: s, key: c}, tokenUrl: http://t}
    `;
  assert.deepEqual(said(scrapeConfig).map((line) => line.slice(0, line.indexOf(' at most'))), ['9:7 error wiring/two-auth-methods']);
  // Ionos requires authorization, which the operator leaves out where oauth2 is set.
  const ionos = scrapeConfig.replace(/httpSDConfigs:[\s\S]*$/, 'ionosSDConfigs:\n    - datacenterID: dc\n      authorization: {credentials: {name: s, key: t}}\n      oauth2: {clientId: {secret: {name: s, key: c}}, clientSecret: {name: s, key: c}, tokenUrl: http://t}\n');
  assert.notEqual(ionos, scrapeConfig);
  assert.deepEqual(said(ionos), []);
});

test('a Prometheus stack a Helm chart installs (Flux, Argo CD, k3s) may select any monitor: none is said unselected', () => {
  const monitor = serviceMonitor('orders', 'shop', 'release: kube-prometheus-stack', 'metrics');
  const unselected = (workspace: Record<string, string>) => wiringLines(monitor, { 'file:///repo/agent.yaml': agent(selectsPlatform), ...workspace })
    .filter((line) => line.includes('wiring/unselected-monitor'));
  assert.equal(unselected({}).length, 1);
  const helmRelease = 'apiVersion: helm.toolkit.fluxcd.io/v2\nkind: HelmRelease\nmetadata: {name: monitoring, namespace: monitoring}\nspec:\n  chart:\n    spec: {chart: kube-prometheus-stack, sourceRef: {kind: HelmRepository, name: prometheus-community}}\n';
  assert.deepEqual(unselected({ 'file:///repo/infra/kps.yaml': helmRelease }), []);
  const application = 'apiVersion: argoproj.io/v1alpha1\nkind: Application\nmetadata: {name: monitoring, namespace: argocd}\nspec:\n  source: {repoURL: "https://prometheus-community.github.io/helm-charts", chart: kube-prometheus-stack, targetRevision: 65.1.0}\n';
  assert.deepEqual(unselected({ 'file:///repo/infra/kps.yaml': application }), []);
  // Flux's chartRef, an Argo CD chart folder in git, a k3s packaged chart's URL.
  const chartRef = 'apiVersion: helm.toolkit.fluxcd.io/v2\nkind: HelmRelease\nmetadata: {name: kps, namespace: monitoring}\nspec:\n  chartRef: {kind: OCIRepository, name: kube-prometheus-stack}\n';
  const gitPath = application.replace('source: {repoURL: "https://prometheus-community.github.io/helm-charts", chart: kube-prometheus-stack, targetRevision: 65.1.0}', 'source: {repoURL: "https://git.example.com/platform.git", path: charts/kube-prometheus-stack}');
  const k3s = 'apiVersion: helm.cattle.io/v1\nkind: HelmChart\nmetadata: {name: kps, namespace: kube-system}\nspec:\n  chart: https://charts.example.com/kube-prometheus-stack-65.1.0.tgz\n';
  for (const installer of [chartRef, gitPath, k3s]) assert.deepEqual(unselected({ 'file:///repo/infra/kps.yaml': installer }), [], installer);
  // Another chart installs no Prometheus reading monitors: the operator's CRDs alone, or a stack with its Prometheus off.
  for (const other of [helmRelease.replace('kube-prometheus-stack', 'ingress-nginx'), helmRelease.replace('kube-prometheus-stack', 'prometheus-operator-crds'),
    `${helmRelease}  values: {prometheus: {enabled: false}}\n`]) {
    assert.equal(unselected({ 'file:///repo/infra/kps.yaml': other }).length, 1, other);
  }
  // A kustomization inflating the chart, an umbrella chart depending on it, kube-prometheus built from its repository.
  const inflating = 'helmCharts:\n  - {name: kube-prometheus-stack, repo: "https://prometheus-community.github.io/helm-charts", version: 65.1.0, releaseName: kps}\n';
  assert.deepEqual(unselected({ 'file:///repo/infra/kustomization.yaml': inflating }), []);
  const umbrella = 'apiVersion: v2\nname: monitoring\nversion: 1.0.0\ndependencies:\n  - {name: kube-prometheus-stack, version: 65.1.0, repository: "https://prometheus-community.github.io/helm-charts"}\n';
  assert.deepEqual(unselected({ 'file:///repo/charts/monitoring/Chart.yaml': umbrella }), []);
  assert.deepEqual(unselected({ 'file:///repo/infra/kustomization.yaml': 'resources:\n  - github.com/prometheus-operator/kube-prometheus?ref=release-0.13\n' }), []);
  // Another chart, another remote base: the verdict stands.
  assert.equal(unselected({ 'file:///repo/infra/kustomization.yaml': inflating.replace('kube-prometheus-stack', 'ingress-nginx') }).length, 1);
  assert.equal(unselected({ 'file:///repo/charts/monitoring/Chart.yaml': umbrella.replace('kube-prometheus-stack', 'loki') }).length, 1);
  assert.equal(unselected({ 'file:///repo/infra/kustomization.yaml': 'resources:\n  - github.com/prometheus-operator/prometheus-operator?ref=v0.74.0\n' }).length, 1);
});

test('a PodMonitor of the pods the operator creates for an agent (its own metrics) finds them, though no file holds them', () => {
  const podMonitor = (labels: string) => `apiVersion: monitoring.coreos.com/v1
kind: PodMonitor
metadata: {name: agent-pods, namespace: monitoring, labels: {release: platform}}
spec:
  selector: {matchLabels: {${labels}}}
  podMetricsEndpoints: [{port: web}]
`;
  const other = 'apiVersion: apps/v1\nkind: Deployment\nmetadata: {name: kube-state-metrics, namespace: monitoring}\nspec:\n  selector: {matchLabels: {app: ksm}}\n  template:\n    metadata: {labels: {app: ksm}}\n    spec: {containers: [{name: ksm, image: "ksm:1"}]}\n';
  const workspace = { 'file:///repo/agent.yaml': agent(`    podMonitorSelector: {}\n    podMetadata: {labels: {team: platform}}\n`), 'file:///repo/ksm.yaml': other };
  const noTargets = (labels: string) => check(podMonitor(labels), { uri: 'file:///repo/monitors/m.yaml', workspace }).filter((line) => line.includes('wiring/no-targets'));
  assert.deepEqual(noTargets('app.kubernetes.io/name: prometheus-agent'), []);
  assert.deepEqual(noTargets('team: platform'), []);
  assert.equal(noTargets('app: web').length, 1);
});

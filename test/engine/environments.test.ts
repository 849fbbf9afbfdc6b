import { test } from 'node:test';
import assert from 'node:assert/strict';
import { defaultCheckOptions, renderAllAgents, wiringMap, Workspace } from '../../server/src/engine';
import { check, operatorDeployment, yaml } from '../support/engine';

// One folder per environment (envs/dev, envs/prod, overlays/…), each applied to a cluster of its own: what an object of
// one would do with an object of another is not said; objects in no such folder meet every environment's.

const agent = (name: string, spec: string) => yaml`
  apiVersion: monitoring.coreos.com/v1alpha1
  kind: PrometheusAgent
  metadata: {name: ${name}, namespace: monitoring}
  spec:
    remoteWrite: [{url: "https://mimir.example.com/api/v1/push"}]
` + spec;

const classyMonitor = yaml`
  apiVersion: monitoring.coreos.com/v1
  kind: ServiceMonitor
  metadata: {name: web, namespace: shop}
  spec:
    scrapeClass: mtls
    selector: {matchLabels: {app: web}}
    endpoints: [{port: http, scheme: https}]
`;

const codes = (text: string, uri: string, workspace: Record<string, string>) => check(text, { uri, workspace }).map((line) => line.split(' ')[2]);

test('an agent of another environment folder neither rejects nor selects a monitor', () => {
  const selectsAll = '  serviceMonitorSelector: {}\n  serviceMonitorNamespaceSelector: {}\n';
  const envs = {
    'file:///repo/envs/dev/agent.yaml': agent('platform-dev', `${selectsAll}  scrapeClasses: [{name: mtls, tlsConfig: {insecureSkipVerify: true}}]\n`),
    'file:///repo/envs/prod/agent.yaml': agent('platform-prod', selectsAll),
  };
  assert.deepEqual(codes(classyMonitor, 'file:///repo/envs/dev/sm.yaml', envs), []);
  // In one folder, both agents meet it: the one without the class rejects it.
  const together = { 'file:///repo/monitoring/dev.yaml': envs['file:///repo/envs/dev/agent.yaml'], 'file:///repo/monitoring/prod.yaml': envs['file:///repo/envs/prod/agent.yaml'] };
  assert.deepEqual(codes(classyMonitor, 'file:///repo/apps/sm.yaml', together), ['wiring/monitor-rejected']);
  // Selected only by another environment's agent: it may be scraped there, so nothing says none selects it.
  const prodOnly = { 'file:///repo/envs/prod/agent.yaml': envs['file:///repo/envs/prod/agent.yaml'], 'file:///repo/envs/dev/agent.yaml': agent('platform-dev', '') };
  assert.deepEqual(codes(classyMonitor.replace('    scrapeClass: mtls\n', ''), 'file:///repo/envs/dev/sm.yaml', prodOnly), []);
  // Rendered, each agent's configuration holds the jobs of its own environment's monitors.
  const workspace = new Workspace();
  for (const [uri, text] of Object.entries(envs)) workspace.set(uri, text);
  workspace.set('file:///repo/envs/dev/sm.yaml', classyMonitor);
  const jobs = renderAllAgents(workspace, defaultCheckOptions).map((rendering) => [rendering.agent.name, rendering.configs.map((config) => (config.yaml.match(/job_name: \S+/g) ?? []).join())]);
  assert.deepEqual(jobs, [['platform-dev', ['job_name: serviceMonitor/shop/web/0']], ['platform-prod', ['']]]);
});

test('a DaemonSet agent of another environment does not refuse a PodMonitor with the role selector', () => {
  const podMonitor = yaml`
    apiVersion: monitoring.coreos.com/v1
    kind: PodMonitor
    metadata: {name: batch, namespace: monitoring}
    spec:
      selectorMechanism: RoleSelector
      selector: {matchLabels: {app: batch}}
      podMetricsEndpoints: [{port: metrics}]
  `;
  const selectsPods = '  podMonitorSelector: {}\n  podMonitorNamespaceSelector: {}\n';
  const workspace = {
    'file:///repo/envs/dev/nodes.yaml': agent('nodes', `  mode: DaemonSet\n${selectsPods}`),
    'file:///repo/envs/prod/agent.yaml': agent('platform', selectsPods),
  };
  assert.deepEqual(codes(podMonitor, 'file:///repo/envs/prod/podmonitor.yaml', workspace).filter((code) => code.startsWith('wiring/')), []);
  assert.ok(codes(podMonitor, 'file:///repo/envs/dev/podmonitor.yaml', workspace).includes('wiring/daemonset-role-selector'));
});

test('one Sidecar agent per environment: a pod naming none is injected by its own, from its folder or from a shared base', () => {
  const pod = yaml`
    apiVersion: apps/v1
    kind: Deployment
    metadata: {name: checkout, namespace: shop}
    spec:
      selector: {matchLabels: {app: checkout}}
      template:
        metadata:
          labels: {app: checkout}
          annotations: {prometheus.operator.io/scrape: "true", prometheus.operator.io/port: metrics}
        spec:
          containers: [{name: app, image: "shop/checkout:1", ports: [{name: metrics, containerPort: 9102}]}]
  `;
  const sidecar = (name: string) => agent(name, '  mode: Sidecar\n');
  const envs = { 'file:///repo/envs/dev/agent.yaml': sidecar('sidecar-dev'), 'file:///repo/envs/prod/agent.yaml': sidecar('sidecar-prod') };
  assert.deepEqual(codes(pod, 'file:///repo/envs/dev/app.yaml', envs), []);
  assert.deepEqual(codes(envs['file:///repo/envs/dev/agent.yaml'], 'file:///repo/envs/dev/agent.yaml', { ...envs, 'file:///repo/envs/dev/app.yaml': pod }).filter((code) => code === 'sidecar/unused-agent'), []);
  const overlays = { 'file:///repo/overlays/dev/agent.yaml': sidecar('sidecar-dev'), 'file:///repo/overlays/prod/agent.yaml': sidecar('sidecar-prod') };
  assert.deepEqual(codes(pod, 'file:///repo/base/app.yaml', overlays), []);
  // Two in one environment (or shared): the choice is the pod's to make.
  assert.deepEqual(codes(pod, 'file:///repo/base/app.yaml', { ...overlays, 'file:///repo/overlays/dev/other.yaml': sidecar('sidecar-other') }), ['sidecar/agent-selector']);
  assert.deepEqual(codes(pod, 'file:///repo/apps/app.yaml', { 'file:///repo/monitoring/a.yaml': sidecar('a'), 'file:///repo/monitoring/b.yaml': sidecar('b') }), ['sidecar/agent-selector']);
});

test('an agent does not find a Secret of another environment', () => {
  const withScrapeConfigs = (env: string) => agent('platform', `  additionalScrapeConfigs: {name: additional-scrape-configs, key: ${env}-jobs.yaml}\n`);
  const devSecret = 'apiVersion: v1\nkind: Secret\nmetadata: {name: additional-scrape-configs, namespace: monitoring}\nstringData:\n  dev-jobs.yaml: "[]"\n';
  const workspace = { 'file:///repo/envs/dev/agent.yaml': withScrapeConfigs('dev'), 'file:///repo/envs/dev/secret.yaml': devSecret };
  assert.deepEqual(codes(withScrapeConfigs('prod'), 'file:///repo/envs/prod/agent.yaml', workspace).filter((code) => code.startsWith('agent/')), []);
  assert.deepEqual(codes(withScrapeConfigs('prod'), 'file:///repo/envs/dev/agent2.yaml', workspace).filter((code) => code.startsWith('agent/')), ['agent/additional-scrape-configs-key']);
});

test('a ServiceMonitor\'s port is looked for in the Services of its own environment', () => {
  const monitor = (port: string) => yaml`
    apiVersion: monitoring.coreos.com/v1
    kind: ServiceMonitor
    metadata: {name: web, namespace: shop}
    spec:
      selector: {matchLabels: {app: web}}
      endpoints: [{port: ${port}}]
  `;
  const service = 'apiVersion: v1\nkind: Service\nmetadata: {name: web, namespace: shop, labels: {app: web}}\nspec:\n  selector: {app: web}\n  ports: [{name: http, port: 80}]\n';
  const workspace = { 'file:///repo/envs/dev/web.yaml': service, 'file:///repo/envs/prod/agent.yaml': agent('platform', '  serviceMonitorSelector: {}\n  serviceMonitorNamespaceSelector: {}\n') };
  assert.deepEqual(codes(monitor('http-metrics'), 'file:///repo/envs/prod/sm.yaml', workspace).filter((code) => code === 'wiring/endpoint-port'), []);
  assert.deepEqual(codes(monitor('http-metrics'), 'file:///repo/envs/prod/sm.yaml', { ...workspace, 'file:///repo/envs/prod/web.yaml': service }).filter((code) => code === 'wiring/endpoint-port'), ['wiring/endpoint-port']);
});

test('environments are known by their short names too: dev/ and prd/ are two clusters', () => {
  const selectsAll = '  serviceMonitorSelector: {}\n  serviceMonitorNamespaceSelector: {}\n';
  const rejecting = { 'file:///repo/prd/agent.yaml': agent('platform', selectsAll) };
  assert.deepEqual(codes(classyMonitor, 'file:///repo/dev/sm.yaml', rejecting), []);
  assert.deepEqual(codes(classyMonitor, 'file:///repo/prd/sm.yaml', rejecting), ['wiring/monitor-rejected']);
});

test('environments are their names: monitoring/prod and apps/api/prod are one cluster, wherever the clone sits', () => {
  const selects = '  serviceMonitorSelector: {}\n  serviceMonitorNamespaceSelector: {}\n  scrapeInterval: 10s\n';
  const service = 'apiVersion: v1\nkind: Service\nmetadata: {name: api, namespace: api, labels: {app: api}}\nspec:\n  selector: {app: api}\n  ports: [{name: http, port: 8080}]\n';
  const monitor = yaml`
    apiVersion: monitoring.coreos.com/v1
    kind: ServiceMonitor
    metadata: {name: api, namespace: api}
    spec:
      selector: {matchLabels: {app: api}}
      endpoints: [{port: htp, scrapeTimeout: 20s}]
  `;
  for (const clone of ['file:///work/repo', 'file:///home/dev/repo', 'file:///builds/prod/repo']) {
    const workspace = { [`${clone}/monitoring/prod/agent.yaml`]: agent('agent', selects), [`${clone}/apps/api/prod/service.yaml`]: service, [`${clone}/apps/api/dev/service.yaml`]: service.replace('name: http', 'name: web') };
    assert.deepEqual(codes(monitor, `${clone}/apps/api/prod/sm.yaml`, workspace).filter((code) => code.startsWith('wiring/')).sort(), ['wiring/endpoint-port', 'wiring/monitor-rejected'], clone);
  }
});

test('a pod of a kustomize base meets each overlay\'s Sidecar agent in turn, in nested environments too; render agrees', () => {
  const pod = 'apiVersion: v1\nkind: Pod\nmetadata: {name: web, namespace: web, annotations: {prometheus.operator.io/scrape: "true", prometheus.operator.io/port: "8080"}}\nspec:\n  containers: [{name: web, image: "web:1", ports: [{containerPort: 8080}]}]\n';
  const sidecar = (name: string) => agent(name, '  mode: Sidecar\n');
  const nested = { 'file:///repo/clusters/eu/overlays/dev/agent.yaml': sidecar('dev'), 'file:///repo/clusters/eu/overlays/prod/agent.yaml': sidecar('prod'), 'file:///repo/clusters/us/agent.yaml': sidecar('us') };
  assert.deepEqual(codes(pod, 'file:///repo/clusters/eu/base/pod.yaml', nested).filter((code) => code.startsWith('sidecar/')), []);
  const workspace = new Workspace();
  for (const [uri, text] of Object.entries(nested)) workspace.set(uri, text);
  workspace.set('file:///repo/clusters/eu/base/pod.yaml', pod);
  const injected = renderAllAgents(workspace, defaultCheckOptions).map((rendering) => [rendering.agent.name, rendering.objects.filter((object) => object.kind === 'Pod').length]);
  assert.deepEqual(injected, [['dev', 1], ['prod', 1], ['us', 0]]);
});

test('clusters named otherwise than environments are not told apart from them: clusters/main holds apps/api/overlays/prod', () => {
  const selects = '  serviceMonitorSelector: {matchLabels: {release: agent}}\n  serviceMonitorNamespaceSelector: {}\n';
  const monitor = 'apiVersion: monitoring.coreos.com/v1\nkind: ServiceMonitor\nmetadata: {name: api, namespace: api, labels: {release: agnt}}\nspec:\n  selector: {matchLabels: {app: api}}\n  endpoints: [{port: http}]\n';
  assert.deepEqual(codes(monitor, 'file:///repo/apps/api/overlays/prod/sm.yaml', { 'file:///repo/clusters/main/monitoring/agent.yaml': agent('agent', selects) }), ['wiring/unselected-monitor']);
  // Two clusters of one dimension are two.
  assert.deepEqual(codes(monitor, 'file:///repo/clusters/eu/sm.yaml', { 'file:///repo/clusters/us/agent.yaml': agent('agent', selects) }), []);
});

test('wiring and render agree with check on who injects a pod, environment by environment', () => {
  const deployment = 'apiVersion: apps/v1\nkind: Deployment\nmetadata: {name: api, namespace: api}\nspec:\n  selector: {matchLabels: {app: api}}\n  template:\n    metadata:\n      labels: {app: api}\n      annotations: {prometheus.operator.io/scrape: "true", prometheus.operator.io/port: "8080"}\n    spec:\n      containers: [{name: api, image: "api:1", ports: [{containerPort: 8080}]}]\n';
  const sidecar = agent('sidecar', '  mode: Sidecar\n');
  for (const selector of ['', '        prometheus.operator.io/agent-selector: monitoring/sidecar\n']) {
    const workspace = new Workspace();
    workspace.set('file:///repo/overlays/dev/agent.yaml', sidecar);
    workspace.set('file:///repo/overlays/prod/agent.yaml', sidecar);
    workspace.set('file:///repo/base/deploy.yaml', deployment.replace('      annotations: {prometheus.operator.io/scrape: "true", prometheus.operator.io/port: "8080"}\n', `      annotations:\n        prometheus.operator.io/scrape: "true"\n        prometheus.operator.io/port: "8080"\n${selector}`));
    const map = wiringMap(workspace, defaultCheckOptions);
    assert.deepEqual(map.agents.map((entry) => entry.pods.length), [1, 1], selector);
    assert.deepEqual(renderAllAgents(workspace, defaultCheckOptions).map((rendering) => rendering.objects.filter((object) => object.kind === 'Deployment').length), [1, 1], selector);
  }
});

test('a kustomization of one environment leaves another environment\'s wiring verdicts standing', () => {
  const selects = '  serviceMonitorSelector: {matchLabels: {release: agent}}\n  serviceMonitorNamespaceSelector: {}\n';
  const monitor = 'apiVersion: monitoring.coreos.com/v1\nkind: ServiceMonitor\nmetadata: {name: api, namespace: api, labels: {release: agnt}}\nspec:\n  selector: {matchLabels: {app: api}}\n  endpoints: [{port: http}]\n';
  const workspace = {
    'file:///repo/clusters/dev/agent.yaml': agent('agent', selects),
    'file:///repo/clusters/dev/sm.yaml': monitor,
    'file:///repo/clusters/dev/kustomization.yaml': 'resources: [agent.yaml, sm.yaml]\ncommonLabels: {env: dev}\n',
    'file:///repo/clusters/prod/agent.yaml': agent('agent', selects),
  };
  assert.deepEqual(codes(monitor, 'file:///repo/clusters/prod/sm.yaml', workspace), ['wiring/unselected-monitor']);
  assert.deepEqual(codes(monitor, 'file:///repo/clusters/dev/sm.yaml', workspace), []);
});

test("the operator of another environment's cluster reconciles none of this one's agents: neither its gates nor its release reach them", () => {
  const operator = (tag: string) => operatorDeployment(tag, ['--kubelet-service=kube-system/kubelet']);
  const daemonSet = agent('edge', '  mode: DaemonSet\n');
  const lines = (tag: string, operatorFolder: string) => check(daemonSet, { uri: 'file:///repo/clusters/edge/agent.yaml', workspace: { [`file:///repo/${operatorFolder}/operator.yaml`]: operator(tag), 'file:///repo/namespaces.yaml': 'apiVersion: v1\nkind: Namespace\nmetadata: {name: monitoring}\n' }, options: { operatorVersion: undefined } });
  // Only the prod cluster's operator is in the files: the edge cluster's release and gates are not known, as where no
  // file names an operator.
  const unknown = check(daemonSet, { uri: 'file:///repo/clusters/edge/agent.yaml', workspace: { 'file:///repo/namespaces.yaml': 'apiVersion: v1\nkind: Namespace\nmetadata: {name: monitoring}\n' }, options: { operatorVersion: undefined } });
  assert.deepEqual(lines('v0.80.0', 'clusters/prod'), unknown);
  assert.deepEqual(lines('v0.70.0', 'clusters/prod'), unknown);
  // Its own cluster's (or one in no environment folder, which meets every cluster) decides both.
  assert.deepEqual(lines('v0.80.0', 'clusters/edge').map((line) => line.split(' ')[2]), ['agent/daemonset-feature-gate']);
  assert.deepEqual(lines('v0.70.0', 'monitoring').map((line) => line.split(' ')[2]), ['crd/unknown-field']);
});

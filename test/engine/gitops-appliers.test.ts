import { test } from 'node:test';
import assert from 'node:assert/strict';
import { checkFile, defaultCheckOptions, wiringMap, withOperatorTarget, Workspace } from '../../server/src/engine';
import { check, operatorDeployment, yaml } from '../support/engine';

// Flux's Kustomizations and Argo CD's Applications apply a folder of the repository, changing it on the way: what is
// applied is not what the files say, and promagent says nothing that rests on what they change.

const fluxKustomization = (path: string, extra: string) => yaml`
  apiVersion: kustomize.toolkit.fluxcd.io/v1
  kind: Kustomization
  metadata: {name: apps, namespace: flux-system}
  spec:
    interval: 10m
    path: ${path}
    prune: true
    sourceRef: {kind: GitRepository, name: flux-system}
` + extra;

const argoApplication = (path: string, source: string) => yaml`
  apiVersion: argoproj.io/v1alpha1
  kind: Application
  metadata: {name: web, namespace: argocd}
  spec:
    project: default
    destination: {server: https://kubernetes.default.svc}
    source:
      repoURL: https://github.com/example/gitops.git
      path: ${path}
` + source;

const substitutedAgent = yaml`
  apiVersion: monitoring.coreos.com/v1alpha1
  kind: PrometheusAgent
  metadata:
    name: edge
    namespace: monitoring
    labels: {cluster: "\${CLUSTER_NAME}"}
  spec:
    scrapeInterval: \${SCRAPE_INTERVAL:=30s}
    remoteWrite:
      - url: https://\${METRICS_HOST}/api/v1/write
    replicas: many
`;

test("a Flux Kustomization substituting variables (postBuild): nothing is said of a ${VAR}, whose value is applied", () => {
  const codes = (workspace: Record<string, string>) => check(substitutedAgent, { uri: 'file:///repo/apps/agent.yaml', workspace }).map((line) => line.split(' ').slice(0, 3).join(' '));
  // Read as written, the variables are values the API server refuses.
  assert.deepEqual(codes({}), ['6:21 error metadata/label-syntax', '8:19 error crd/invalid-value', '10:12 warning agent/remote-write-url', '11:13 error crd/type']);
  const substitutes = '  postBuild:\n    substitute: {CLUSTER_NAME: prod, METRICS_HOST: vm.example.com}\n';
  // What does not hold a variable is still said.
  assert.deepEqual(codes({ 'file:///repo/clusters/prod/apps.yaml': fluxKustomization('./apps', substitutes) }), ['11:13 error crd/type']);
  assert.deepEqual(codes({ 'file:///repo/clusters/prod/apps.yaml': fluxKustomization('./apps', '  postBuild:\n    substituteFrom: [{kind: ConfigMap, name: vars}]\n') }), ['11:13 error crd/type']);
  // Without postBuild, or applying another folder, the variables are what is applied.
  assert.equal(codes({ 'file:///repo/clusters/prod/apps.yaml': fluxKustomization('./apps', '') }).length, 4);
  assert.equal(codes({ 'file:///repo/clusters/prod/apps.yaml': fluxKustomization('./infrastructure', substitutes) }).length, 4);
});

const selectingAgent = yaml`
  apiVersion: monitoring.coreos.com/v1alpha1
  kind: PrometheusAgent
  metadata: {name: agent, namespace: monitoring}
  spec:
    remoteWrite: [{url: "https://mimir.example.com/api/v1/push"}]
    serviceMonitorSelector: {matchLabels: {team: web}}
    serviceMonitorNamespaceSelector: {}
`;

const unlabelledMonitor = yaml`
  apiVersion: monitoring.coreos.com/v1
  kind: ServiceMonitor
  metadata: {name: web, namespace: web}
  spec:
    selector: {matchLabels: {app: web}}
    endpoints: [{port: http}]
`;

test('labels, a namespace or names a Flux Kustomization or an Argo CD Application sets: the wiring does not judge what they apply', () => {
  const unselected = (applier: Record<string, string>) => {
    const workspace = new Workspace();
    workspace.set('file:///repo/monitoring/agent.yaml', selectingAgent);
    for (const [uri, text] of Object.entries(applier)) workspace.set(uri, text);
    const monitor = workspace.set('file:///repo/apps/web/servicemonitor.yaml', unlabelledMonitor);
    const listed = wiringMap(workspace, defaultCheckOptions).unselected.map((entry) => entry.name);
    const said = check(unlabelledMonitor, { uri: monitor.uri, workspace: { 'file:///repo/monitoring/agent.yaml': selectingAgent, ...applier } })
      .filter((line) => line.includes('wiring/unselected-monitor')).length;
    return { listed, said };
  };
  assert.deepEqual(unselected({}), { listed: ['web'], said: 1 });
  const flux = (extra: string) => ({ 'file:///repo/clusters/prod/apps.yaml': fluxKustomization('./apps/web', extra) });
  assert.deepEqual(unselected(flux('  commonMetadata:\n    labels: {team: web}\n')), { listed: [], said: 0 });
  assert.deepEqual(unselected(flux('  targetNamespace: shop\n')), { listed: [], said: 0 });
  assert.deepEqual(unselected(flux('  patches:\n    - patch: |\n        - op: add\n          path: /metadata/labels/team\n          value: web\n      target: {kind: ServiceMonitor}\n')), { listed: [], said: 0 });
  // One that changes nothing of them, or applies another folder, leaves the verdict standing.
  assert.deepEqual(unselected(flux('  wait: true\n')), { listed: ['web'], said: 1 });
  assert.deepEqual(unselected({ 'file:///repo/clusters/prod/apps.yaml': fluxKustomization('./apps/api', '  commonMetadata:\n    labels: {team: web}\n') }), { listed: ['web'], said: 1 });
  const argo = (source: string) => ({ 'file:///repo/argocd/web.yaml': argoApplication('apps/web', source) });
  assert.deepEqual(unselected(argo('    kustomize:\n      commonLabels: {team: web}\n')), { listed: [], said: 0 });
  assert.deepEqual(unselected(argo('    plugin: {name: envsubst}\n')), { listed: [], said: 0 });
  assert.deepEqual(unselected(argo('    directory: {recurse: true}\n')), { listed: ['web'], said: 1 });
});

test("files of one folder an Argo CD Application each includes apart (one per cluster) are no duplicates of each other", () => {
  const agent = (environment: string) => yaml`
    apiVersion: monitoring.coreos.com/v1alpha1
    kind: PrometheusAgent
    metadata: {name: agent, namespace: monitoring}
    spec:
      externalLabels: {environment: ${environment}}
      remoteWrite: [{url: "https://mimir-${environment}.example.com/api/v1/push"}]
  `;
  const duplicates = (workspace: Record<string, string>) => check(agent('prod'), { uri: 'file:///repo/monitoring/agents/agent-prod.yaml', workspace })
    .filter((line) => line.includes('metadata/duplicate-object')).length;
  const files = { 'file:///repo/monitoring/agents/agent-staging.yaml': agent('staging') };
  assert.equal(duplicates(files), 1);
  const including = (environment: string) => argoApplication('monitoring/agents', `    directory:\n      include: agent-${environment}.yaml\n`);
  assert.equal(duplicates({ ...files, 'file:///repo/argocd/prod.yaml': including('prod'), 'file:///repo/argocd/staging.yaml': including('staging') }), 0);
  // Excluding some files applies the others together; a folder below one it includes from is applied whole, unless it recurses.
  assert.equal(duplicates({ ...files, 'file:///repo/argocd/all.yaml': argoApplication('monitoring/agents', '    directory:\n      exclude: README.md\n') }), 1);
  assert.equal(duplicates({ ...files, 'file:///repo/argocd/up.yaml': argoApplication('monitoring', '    directory:\n      include: agent.yaml\n') }), 1);
  assert.equal(duplicates({ ...files, 'file:///repo/argocd/up.yaml': argoApplication('monitoring', '    directory:\n      recurse: true\n      include: "*/agent-prod.yaml"\n') }), 0);
});

test('an applier\'s path is read from the root of the repository, not wherever a folder of that name is', () => {
  const monitor = (uri: string, applier: Record<string, string>) => check(unlabelledMonitor, { uri, workspace: { 'file:///repo/monitoring/agent.yaml': selectingAgent, ...applier } })
    .filter((line) => line.includes('wiring/unselected-monitor')).length;
  const labelling = (path: string, source = '') => ({ 'file:///repo/clusters/prod/apps.yaml': fluxKustomization(path, `  commonMetadata:\n    labels: {team: web}\n${source}`) });
  assert.equal(monitor('file:///repo/apps/web/sm.yaml', labelling('./apps')), 0);
  // A folder of that name deeper in the repository, or above it, is another folder.
  assert.equal(monitor('file:///repo/tenants/a/apps/sm.yaml', labelling('./apps')), 1);
  const cloned = { 'file:///apps/repo/clusters/apps.yaml': fluxKustomization('./apps', '  commonMetadata:\n    labels: {team: web}\n'), 'file:///apps/repo/monitoring/agent.yaml': selectingAgent };
  assert.equal(check(unlabelledMonitor, { uri: 'file:///apps/repo/web/sm.yaml', workspace: cloned }).filter((line) => line.includes('wiring/unselected-monitor')).length, 1);
  // The root's own name begins the path where every file is in it; a root that is the file system's.
  assert.equal(monitor('file:///repo/k8s/apps/web/sm.yaml', { 'file:///repo/k8s/clusters/apps.yaml': fluxKustomization('./k8s', '  commonMetadata:\n    labels: {team: web}\n'), 'file:///repo/k8s/monitoring/agent.yaml': selectingAgent }), 0);
  // Two unnamed ones in one file are two.
  const unnamed = (path: string, extra: string) => fluxKustomization(path, extra).replace('metadata: {name: apps, namespace: flux-system}', 'metadata: {}');
  const twice = (first: string, second: string) => ({ 'file:///repo/clusters/prod/apps.yaml': `${first}---\n${second}` });
  const labels = '  commonMetadata:\n    labels: {team: web}\n';
  assert.equal(monitor('file:///repo/apps/web/sm.yaml', twice(unnamed('./apps', labels), unnamed('./infra', labels))), 0);
  assert.equal(monitor('file:///repo/apps/web/sm.yaml', twice(unnamed('./infra', labels), unnamed('./apps', labels))), 0);
  // Written as a file URI escapes it or not.
  assert.equal(monitor('file:///repo/apps/web+api/sm.yaml', labelling('./apps/web+api')), 0);
  assert.equal(monitor('file:///repo/apps/web%20api/sm.yaml', labelling('./apps/web api')), 0);
  // A path a variable completes applies what is below its plain part; an OCI artifact's files are none of these.
  assert.equal(monitor('file:///repo/apps/web/sm.yaml', labelling('./apps/${CLUSTER}')), 0);
  assert.equal(monitor('file:///repo/teams/web/sm.yaml', labelling('./apps/${CLUSTER}')), 1);
  assert.equal(monitor('file:///repo/apps/web/sm.yaml', { 'file:///repo/clusters/prod/apps.yaml': fluxKustomization('./apps', '  commonMetadata:\n    labels: {team: web}\n').replace('kind: GitRepository', 'kind: OCIRepository') }), 1);
  // A folder with a kustomization applies what it lists: a file it leaves out is not applied.
  const listing = { ...labelling('./apps/web'), 'file:///repo/apps/web/kustomization.yaml': 'resources: [other.yaml]\n' };
  assert.equal(monitor('file:///repo/apps/web/sm.yaml', listing), 1);
  assert.equal(monitor('file:///repo/apps/web/sm.yaml', { ...listing, 'file:///repo/apps/web/kustomization.yaml': 'resources: [sm.yaml]\n' }), 0);
});

test('a variable Flux substitutes may hold anything: what rests on it elsewhere in the file is not said either', () => {
  const prometheus = yaml`
    apiVersion: apps/v1
    kind: Deployment
    metadata: {name: prometheus, namespace: monitoring}
    spec:
      selector: {matchLabels: {app: prometheus}}
      template:
        metadata: {labels: {app: prometheus}}
        spec:
          containers:
            - name: prometheus
              image: quay.io/prometheus/prometheus:v3.5.0
              args: [--config.file=/etc/prometheus/prometheus.yml, "\${LIFECYCLE}"]
              ports: [{containerPort: 9090, name: web}]
            - name: reloader
              image: ghcr.io/jimmidyson/configmap-reload:v0.9.0
              args: [--volume-dir=/etc/prometheus, --webhook-url=http://localhost:9090/-/reload]
  `;
  const codes = (workspace: Record<string, string>) => check(prometheus, { uri: 'file:///repo/apps/prometheus.yaml', workspace }).map((line) => line.split(' ')[2]);
  assert.ok(codes({}).includes('workload/reload-without-lifecycle'));
  const substituting = { 'file:///repo/clusters/apps.yaml': fluxKustomization('./apps', '  postBuild:\n    substitute: {LIFECYCLE: --web.enable-lifecycle}\n') };
  assert.ok(!codes(substituting).includes('workload/reload-without-lifecycle'));
});

test('a helmfile releasing a Prometheus stack may select any monitor', () => {
  const stray = (helmfile: string) => check(unlabelledMonitor, { uri: 'file:///repo/apps/web/sm.yaml', workspace: { 'file:///repo/monitoring/agent.yaml': selectingAgent, 'file:///repo/infra/helmfile.yaml': helmfile } })
    .filter((line) => line.includes('wiring/unselected-monitor')).length;
  assert.equal(stray('releases:\n  - {name: kps, namespace: monitoring, chart: prometheus-community/kube-prometheus-stack}\n'), 0);
  assert.equal(stray('releases:\n  - {name: ingress, namespace: ingress, chart: ingress-nginx/ingress-nginx}\n'), 1);
});

test("an image a Flux Kustomization sets is named by it in messages", () => {
  const workspace = new Workspace();
  workspace.set('file:///repo/clusters/apps.yaml', fluxKustomization('./apps', '  images:\n    - {name: quay.io/prometheus-operator/prometheus-operator, newTag: v0.74.0}\n'));
  workspace.set('file:///repo/apps/operator.yaml', 'apiVersion: apps/v1\nkind: Deployment\nmetadata: {name: prometheus-operator, namespace: monitoring}\nspec:\n  selector: {matchLabels: {app: po}}\n  template:\n    metadata: {labels: {app: po}}\n    spec: {containers: [{name: po, image: "quay.io/prometheus-operator/prometheus-operator:v0.93.0"}]}\n');
  const { operator } = withOperatorTarget({ ...defaultCheckOptions, operatorVersion: undefined }, workspace);
  assert.match(operator!.reason, /as Kustomization flux-system\/apps \(clusters\/apps\.yaml\) sets it \(quay\.io\/prometheus-operator\/prometheus-operator:v0\.74\.0\)/);
});

test('a file Flux applies gaining a ${VAR} is checked again where others read it: in one workspace as in a fresh one', () => {
  const files = {
    'file:///repo/clusters/apps.yaml': fluxKustomization('./apps', '  postBuild:\n    substitute: {X: x}\n'),
    'file:///repo/apps/operator.yaml': operatorDeployment('v0.74.0'),
  };
  const agent = 'apiVersion: monitoring.coreos.com/v1alpha1\nkind: PrometheusAgent\nmetadata: {name: agent, namespace: monitoring}\nspec: {mode: DaemonSet}\n';
  const options = { ...defaultCheckOptions, operatorVersion: undefined };
  const edited = new Workspace();
  for (const [uri, text] of Object.entries(files)) edited.set(uri, text);
  const checked = edited.set('file:///repo/monitoring/agent.yaml', agent);
  assert.deepEqual(checkFile(checked, edited, options).map((finding) => finding.code), ['crd/unknown-field']);
  edited.set('file:///repo/apps/operator.yaml', `${files['file:///repo/apps/operator.yaml']}# \${X}\n`);
  assert.deepEqual(checkFile(edited.get(checked.uri)!, edited, options).map((finding) => finding.code), check(agent, { uri: checked.uri, workspace: { ...files, 'file:///repo/apps/operator.yaml': `${files['file:///repo/apps/operator.yaml']}# \${X}\n` }, options: { operatorVersion: undefined } }).map((line) => line.split(' ')[2]));
});

import { test } from 'node:test';
import assert from 'node:assert/strict';
import { applyFix, check, findings, underlined, yaml } from '../support/engine';
import { defaultCheckOptions, fixFile, wiringMap, Workspace } from '../../server/src/engine';

const sidecarAgent = (name: string, extra = '') => yaml`
  apiVersion: monitoring.coreos.com/v1alpha1
  kind: PrometheusAgent
  metadata:
    name: ${name}
    namespace: monitoring
  spec:
    mode: Sidecar
    scrapeTimeout: 20s
    remoteWrite:
      - url: https://metrics.example.com/api/v1/write
  ${extra}`;

/** A Deployment whose pod template carries `annotations` (one `key: value` per line) and container `ports`. */
const deployment = (annotations: string, ports = '- {name: http-metrics, containerPort: 9102}') => [
  'apiVersion: apps/v1',
  'kind: Deployment',
  'metadata:',
  '  name: api',
  '  namespace: shop',
  'spec:',
  '  template:',
  '    metadata:',
  '      annotations:',
  ...annotations.split('\n').map((l) => `        ${l}`),
  '    spec:',
  '      containers:',
  '        - name: api',
  '          ports:',
  ...ports.split('\n').map((l) => `            ${l}`),
  '',
].join('\n');

const workspace = { 'file:///w/agents.yaml': sidecarAgent('sidecar') };
const flagged = (text: string, files: Record<string, string> = workspace) =>
  findings(text, { uri: 'file:///w/deploy.yaml', workspace: files }).map((f) => `${f.severity} ${f.code} [${underlined(text, f)}] ${f.message}`);

test('a well-annotated Deployment selecting a Sidecar agent in another file gets nothing', () => {
  assert.deepEqual(flagged(deployment([
    'prometheus.operator.io/scrape: "true"',
    'prometheus.operator.io/port: http-metrics',
    'prometheus.operator.io/path: /metrics',
    'prometheus.operator.io/scrape-interval: 30s',
    'prometheus.operator.io/agent-selector: monitoring/sidecar',
  ].join('\n'))), []);
});

test('an unknown key under the prefix gets did-you-mean and a rename fix', () => {
  const text = deployment('prometheus.operator.io/scrap: "true" # typo\nprometheus.operator.io/port: "9102"');
  const all = findings(text, { workspace });
  assert.deepEqual(all.map((f) => f.message), [
    'unknown annotation "prometheus.operator.io/scrap": did you mean "prometheus.operator.io/scrape"? (known: scrape, path, port, scrape-interval, agent-selector)',
  ]);
  assert.equal(applyFix(text, all[0].fixes[0]), text.replace('operator.io/scrap:', 'operator.io/scrape:'));
});

test('each value is checked as the proposal says, at the value', () => {
  assert.deepEqual(flagged(deployment([
    'prometheus.operator.io/scrape: "yes"',
    'prometheus.operator.io/path: metrics',
    'prometheus.operator.io/port: "70000"',
    'prometheus.operator.io/scrape-interval: 30 seconds',
    'prometheus.operator.io/agent-selector: sidecar',
  ].join('\n'))), [
    'error sidecar/annotation-value ["yes"] prometheus.operator.io/scrape: Invalid value: "yes": must be "true" or "false"',
    'error sidecar/annotation-value [metrics] prometheus.operator.io/path: Invalid value: "metrics": must be an absolute URL path such as /metrics',
    'error sidecar/annotation-value ["70000"] prometheus.operator.io/port: Invalid value: "70000": must be a port number between 1 and 65535',
    'error sidecar/annotation-value [30 seconds] prometheus.operator.io/scrape-interval: Invalid value: "30 seconds": must be a Prometheus duration such as 30s or 1m30s',
    'error sidecar/annotation-value [sidecar] prometheus.operator.io/agent-selector: Invalid value: "sidecar": must be <namespace>/<name> of a PrometheusAgent',
  ]);
  const text = deployment('prometheus.operator.io/scrape: "True"');
  const [finding] = findings(text, { workspace });
  assert.equal(applyFix(text, finding.fixes[0]), text.replace('"True"', '"true"'));
});

test('unquoted values are rejected by Kubernetes, with a quote fix', () => {
  const text = deployment('prometheus.operator.io/scrape: true\nprometheus.operator.io/port: 9102');
  const all = findings(text, { workspace });
  assert.deepEqual(all.map((f) => `${f.code} ${underlined(text, f)}`), ['metadata/string-value true', 'metadata/string-value 9102']);
  assert.equal(applyFix(applyFix(text, all[1].fixes[0]), all[0].fixes[0]), text.replace(': true', ': "true"').replace(': 9102', ': "9102"'));
  // Quoted as written, yes or 9102.0 would be a value the annotation does not take: quoted as what YAML read instead.
  const fixes = (scrape: string, port: string) => findings(deployment(`prometheus.operator.io/scrape: ${scrape}\nprometheus.operator.io/port: ${port}`), { workspace })
    .map((f) => f.fixes.map((fix) => fix.title).join());
  assert.deepEqual(fixes('yes', '9102.0'), ['Change to "true"', 'Change to "9102"']);
  assert.deepEqual(fixes('True', '+9102'), ['Change to "true"', 'Change to "9102"']);
  assert.deepEqual(fixes('off', '9_102'), ['Change to "false"', 'Change to "9102"']);
  // 0x2396 quoted as written would name a port: the number YAML read is meant.
  assert.deepEqual(fixes('true', '0x2396').slice(0, 2), ['Quote true', 'Change to "9110"']);
  // Neither as written nor as read: no fix that trades one error for another.
  assert.deepEqual(fixes('1', '70000'), ['', '']);
  const yes = deployment('prometheus.operator.io/scrape: yes\nprometheus.operator.io/port: 9102.0');
  assert.equal(fixFile('file:///w/deploy.yaml', yes, new Workspace(), defaultCheckOptions).text, yes.replace(': yes', ': "true"').replace(': 9102.0', ': "9102"'));
  // Any other annotation is quoted as written; a list or a map is said to be one.
  assert.deepEqual(flagged(deployment('team: yes\nowners: [a, b]')).filter((line) => line.includes('string-value')), [
    'error metadata/string-value [yes] annotation "team" must be a string: Kubernetes rejects the unquoted yes (cannot unmarshal bool into Go struct field ObjectMeta.metadata.annotations of type string)',
    'error metadata/string-value [owners] annotation "owners" must be a string: Kubernetes rejects this list (cannot unmarshal array into Go struct field ObjectMeta.metadata.annotations of type string)',
  ]);
});

test('ports: an undeclared name is a warning naming the declared ports, an undeclared number a hint (scraped all the same); none at all is an error', () => {
  assert.deepEqual(flagged(deployment('prometheus.operator.io/scrape: "true"\nprometheus.operator.io/port: metrics')), [
    'warning sidecar/port [metrics] no container of this pod declares port "metrics"; declared: http-metrics (9102)',
  ]);
  assert.deepEqual(flagged(deployment('prometheus.operator.io/scrape: "true"\nprometheus.operator.io/port: "8080"')), [
    'hint sidecar/port ["8080"] no container of this pod declares port 8080; declared: http-metrics (9102) (it is scraped all the same if a container listens there)',
  ]);
  assert.deepEqual(flagged(deployment('prometheus.operator.io/scrape: "true"', '[]').replace('ports:\n            []', 'ports: []')), [
    'error sidecar/port [prometheus.operator.io/scrape] prometheus.operator.io/scrape is "true" but no prometheus.operator.io/port is annotated and no container declares a port to scrape',
  ]);
  // A kustomization that patches the pod may declare the port (an overlay's container ports): not said.
  const ports = 'apiVersion: apps/v1\nkind: Deployment\nmetadata: {name: api}\nspec:\n  template:\n    spec:\n      containers: [{name: app, ports: [{name: metrics, containerPort: 9102}]}]\n';
  const patched = { ...workspace, 'file:///w/kustomization.yaml': 'resources: [deploy.yaml]\npatches: [{path: ports.yaml}]\n', 'file:///w/ports.yaml': ports };
  const portLines = (files: Record<string, string>) => flagged(deployment('prometheus.operator.io/scrape: "true"\nprometheus.operator.io/port: metrics'), files).filter((line) => line.includes('sidecar/port'));
  assert.deepEqual(portLines(patched), []);
  // A kustomization that renames, or patches another object, does not.
  assert.equal(portLines({ ...workspace, 'file:///w/kustomization.yaml': 'resources: [deploy.yaml]\nnamePrefix: team-a-\n' }).length, 1);
  assert.equal(portLines({ ...patched, 'file:///w/ports.yaml': ports.replace('name: api', 'name: web') }).length, 1);
});

test('agent-selector resolves across the workspace', () => {
  const annotate = (selector: string) => deployment(`prometheus.operator.io/scrape: "true"\nprometheus.operator.io/agent-selector: ${selector}`);
  assert.deepEqual(flagged(annotate('monitoring/sidecra')), [
    'error sidecar/agent-selector [monitoring/sidecra] no PrometheusAgent monitoring/sidecra in the workspace: did you mean monitoring/sidecar?',
  ]);
  const statefulAgent = sidecarAgent('fleet').replace('mode: Sidecar', 'mode: StatefulSet').replace('scrapeTimeout: 20s\n', '');
  assert.deepEqual(flagged(annotate('monitoring/fleet'), { ...workspace, 'file:///w/fleet.yaml': statefulAgent }), [
    'error sidecar/agent-selector [monitoring/fleet] PrometheusAgent monitoring/fleet is in StatefulSet mode, not Sidecar: it injects no agent into this pod',
  ]);
  const two = { ...workspace, 'file:///w/second.yaml': sidecarAgent('second') };
  assert.deepEqual(flagged(deployment('prometheus.operator.io/scrape: "true"'), two), [
    'error sidecar/agent-selector [prometheus.operator.io/scrape] several PrometheusAgents in Sidecar mode could inject this pod (monitoring/sidecar, monitoring/second): choose one with prometheus.operator.io/agent-selector',
  ]);
});

test('copies of one agent in environment folders are one agent; a kustomization may set its mode; an agent of no namespace written injects the pods naming it', () => {
  const asking = deployment('prometheus.operator.io/scrape: "true"\nprometheus.operator.io/agent-selector: monitoring/sidecar');
  const stateful = sidecarAgent('sidecar').replace('mode: Sidecar', 'mode: StatefulSet').replace('scrapeTimeout: 20s\n', '');
  const environments = { 'file:///w/envs/dev/agent.yaml': stateful, 'file:///w/envs/prod/agent.yaml': sidecarAgent('sidecar') };
  assert.deepEqual(flagged(asking, environments).filter((line) => line.includes('sidecar/')), []);
  const copies = { 'file:///w/envs/dev/agent.yaml': sidecarAgent('sidecar'), 'file:///w/envs/prod/agent.yaml': sidecarAgent('sidecar') };
  assert.deepEqual(flagged(deployment('prometheus.operator.io/scrape: "true"'), copies).filter((line) => line.includes('sidecar/')), []);
  // A kustomization's patch may put it in Sidecar mode.
  const patched = { 'file:///w/base/agent.yaml': stateful, 'file:///w/base/kustomization.yaml': 'resources: [agent.yaml]\npatches: [{path: mode.yaml}]\n' };
  assert.deepEqual(flagged(asking, patched).filter((line) => line.includes('sidecar/agent-selector')), []);
  // Rendered and drawn as check reads it: an agent of no namespace written is the one the pod names.
  const workspace = new Workspace();
  workspace.set('file:///w/agent.yaml', sidecarAgent('sidecar').replace('  namespace: monitoring\n', ''));
  workspace.set('file:///w/deploy.yaml', asking);
  assert.equal(wiringMap(workspace, defaultCheckOptions).agents[0].pods.length, 1);
});

test('annotations on a workload\'s metadata that its pod template has too (kustomize commonAnnotations) reach the pods; a pod opting out of prometheus.io scraping is asked nothing', () => {
  const both = (value: string) => deployment('prometheus.operator.io/scrape: "true"').replace('metadata:\n  name: api\n', `metadata:\n  name: api\n  annotations:\n    prometheus.operator.io/scrape: ${value}\n`);
  assert.deepEqual(flagged(both('"true"')).filter((line) => line.includes('workload-metadata')), []);
  // Another value than the pods': said.
  assert.equal(flagged(both('"false"')).filter((line) => line.includes('workload-metadata')).length, 1);
  assert.deepEqual(flagged(deployment('prometheus.io/scrape: "false"')).filter((line) => line.includes('prometheus-io-annotation')), []);
  assert.equal(flagged(deployment('prometheus.io/scrape: "true"')).filter((line) => line.includes('prometheus-io-annotation')).length, 1);
  // Opting out of injection leaves its prometheus.io keys to a Prometheus scraping the cluster: none is hinted at.
  const optedOut = deployment('prometheus.operator.io/scrape: "false"\nprometheus.io/scrape: "true"\nprometheus.io/port: "8080"\nprometheus.io/path: /metrics');
  assert.deepEqual(flagged(optedOut).filter((line) => line.includes('prometheus-io-annotation')), []);
});

test('an agent whose namespace `kubectl apply -n` or a kustomization sets may be the one a pod names; a patch asking for it uses it', () => {
  const unplaced = { 'file:///w/monitoring/agent.yaml': sidecarAgent('sidecar').replace('  namespace: monitoring\n', '') };
  const asking = deployment('prometheus.operator.io/scrape: "true"\nprometheus.operator.io/agent-selector: monitoring/sidecar');
  assert.deepEqual(flagged(asking, unplaced).filter((line) => line.includes('sidecar/agent-selector')), []);
  const kustomized = { 'file:///w/monitoring/agent.yaml': sidecarAgent('sidecar').replace('namespace: monitoring', 'namespace: default'), 'file:///w/monitoring/kustomization.yaml': 'namespace: monitoring\nresources: [agent.yaml]\n' };
  assert.deepEqual(flagged(asking, kustomized).filter((line) => line.includes('sidecar/agent-selector')), []);
  // The agent is not unused while a pod, or a kustomize patch of a pod, asks for an agent of its name.
  const agentLines = (files: Record<string, string>) => check(unplaced['file:///w/monitoring/agent.yaml'], { uri: 'file:///w/monitoring/agent.yaml', workspace: files })
    .filter((line) => line.includes('sidecar/unused-agent'));
  assert.equal(agentLines({}).length, 1);
  assert.deepEqual(agentLines({ 'file:///w/deploy.yaml': asking }), []);
  const patch = asking.replace('  namespace: shop\n', '');
  assert.deepEqual(agentLines({ 'file:///w/overlay/patch.yaml': patch, 'file:///w/overlay/kustomization.yaml': 'resources: [../base]\npatches: [{path: patch.yaml}]\n' }), []);
});

test('an agent a kustomization may rename (namePrefix), or an item of a List naming no kind, may be the one a pod names', () => {
  const asking = deployment('prometheus.operator.io/scrape: "true"\nprometheus.operator.io/agent-selector: monitoring/prod-sidecar');
  const prefixed = {
    'file:///w/base/agent.yaml': sidecarAgent('sidecar'),
    'file:///w/base/kustomization.yaml': 'resources: [agent.yaml]\n',
    'file:///w/overlays/prod/kustomization.yaml': 'namePrefix: prod-\nresources: [../../base]\n',
  };
  assert.deepEqual(flagged(asking, prefixed).filter((line) => line.includes('sidecar/agent-selector')), []);
  const agentLines = (files: Record<string, string>) => check(prefixed['file:///w/base/agent.yaml'], { uri: 'file:///w/base/agent.yaml', workspace: files })
    .filter((line) => line.includes('sidecar/unused-agent'));
  assert.deepEqual(agentLines({ ...prefixed, 'file:///w/deploy.yaml': asking }), []);
  // Not built by a kustomization, or by one that only sets the namespace, its name is its name.
  assert.equal(flagged(asking, { 'file:///w/agent.yaml': sidecarAgent('sidecar') }).filter((line) => line.includes('sidecar/agent-selector')).length, 1);
  const namespaced = { 'file:///w/base/agent.yaml': sidecarAgent('sidecar'), 'file:///w/base/kustomization.yaml': 'namespace: monitoring\nresources: [agent.yaml]\n' };
  assert.equal(flagged(asking, namespaced).filter((line) => line.includes('sidecar/agent-selector')).length, 1);
  // A List's items are objects: the agent named stands among them, or another does.
  const list = (name: string) => `apiVersion: v1\nkind: List\nitems:\n${sidecarAgent(name).trimEnd().split('\n').map((line, i) => `${i ? '    ' : '  - '}${line}`).join('\n')}\n`;
  assert.deepEqual(flagged(asking, { 'file:///w/agents.yaml': list('prod-sidecar') }).filter((line) => line.includes('sidecar/agent-selector')), []);
  assert.deepEqual(flagged(asking, { 'file:///w/agents.yaml': list('dev-sidecar') }).filter((line) => line.includes('sidecar/agent-selector')), [
    'error sidecar/agent-selector [monitoring/prod-sidecar] no PrometheusAgent monitoring/prod-sidecar in the workspace (Sidecar agents: monitoring/dev-sidecar)',
  ]);
  // An item naming no kind is not read: it may be the agent.
  const untyped = `apiVersion: v1\nkind: List\nitems:\n  - metadata: {name: prod-sidecar, namespace: monitoring}\n`;
  assert.deepEqual(flagged(asking, { 'file:///w/agents.yaml': untyped }).filter((line) => line.includes('sidecar/agent-selector')), []);
});

test('an agent renamed or deleted on disk changes what the pod resolves to', () => {
  const text = deployment('prometheus.operator.io/scrape: "true"\nprometheus.operator.io/agent-selector: monitoring/sidecar');
  assert.deepEqual(flagged(text), []);
  assert.deepEqual(flagged(text, { 'file:///w/agents.yaml': sidecarAgent('renamed') }), [
    'error sidecar/agent-selector [monitoring/sidecar] no PrometheusAgent monitoring/sidecar in the workspace (Sidecar agents: monitoring/renamed)',
  ]);
  assert.deepEqual(flagged(text, {}), ['error sidecar/agent-selector [monitoring/sidecar] no PrometheusAgent monitoring/sidecar in the workspace']);
});

test("a scrape interval shorter than the agent's scrapeTimeout is fine: the job's timeout is then the interval, as Prometheus reads it", () => {
  assert.deepEqual(flagged(deployment('prometheus.operator.io/scrape: "true"\nprometheus.operator.io/scrape-interval: 10s')), []);
});

test('a port a native sidecar (an init container that keeps running) declares is a port of the pod', () => {
  const text = deployment('prometheus.operator.io/scrape: "true"\nprometheus.operator.io/port: exporter', '- {name: http, containerPort: 8080}')
    .replace('      containers:\n', '      initContainers:\n        - {name: exporter, restartPolicy: Always, ports: [{name: exporter, containerPort: 9187}]}\n      containers:\n');
  assert.deepEqual(flagged(text), []);
  assert.deepEqual(flagged(text.replace('port: exporter', 'port: exporters')), [
    'warning sidecar/port [exporters] no container of this pod declares port "exporters"; declared: http (8080), exporter (9187)',
  ]);
});

test('moved annotations take the comment lines right above them along, and a kept block scalar keeps its blank lines', () => {
  const fixed = (text: string) => {
    const all = findings(text, { workspace }).filter((f) => f.code === 'sidecar/workload-metadata');
    return applyFix(text, all[0].fixes[0]);
  };
  const deployment = (annotations: string, containers = '      containers: [{name: app, image: nginx}]\n') => `apiVersion: apps/v1\nkind: Deployment\nmetadata:\n  name: api\n  annotations:\n${annotations}spec:\n  template:\n    spec:\n${containers}`;
  // All of them: the comment inside the mapping moves too.
  assert.equal(fixed(deployment('    # only sidecar keys here\n    prometheus.operator.io/scrape: "true"\n')),
    'apiVersion: apps/v1\nkind: Deployment\nmetadata:\n  name: api\nspec:\n  template:\n    spec:\n      containers: [{name: app, image: nginx}]\n    metadata:\n      annotations:\n        # only sidecar keys here\n        prometheus.operator.io/scrape: "true"\n');
  // All of them, with a comment on the annotations line and one after the last entry: both go along, after the entries.
  assert.equal(fixed(deployment('  # scraped by the sidecar agent\n    prometheus.operator.io/scrape: "true"\n    prometheus.operator.io/port: "9102"\n    # prometheus.operator.io/path: /custom   (after 1.5)\n').replace('annotations:\n  # scraped', 'annotations: # scraped')),
    'apiVersion: apps/v1\nkind: Deployment\nmetadata:\n  name: api\nspec:\n  template:\n    spec:\n      containers: [{name: app, image: nginx}]\n    metadata:\n      annotations:\n'
    + '        prometheus.operator.io/scrape: "true"\n        prometheus.operator.io/port: "9102"\n        # scraped by the sidecar agent\n        # prometheus.operator.io/path: /custom   (after 1.5)\n');
  // A flow mapping over two lines, its comment after the closing brace: the comment goes along too.
  const flow = 'apiVersion: apps/v1\nkind: Deployment\nmetadata:\n  name: api\n  annotations: {prometheus.operator.io/scrape: "true",\n    prometheus.operator.io/port: "9102"}  # ask\nspec:\n  template:\n    spec:\n      containers: [{name: app, image: nginx}]\n';
  assert.match(fixed(flow), /\n {6}annotations:\n {8}prometheus\.operator\.io\/scrape: "true"\n {8}prometheus\.operator\.io\/port: "9102"\n {8}# ask\n$/);
  // Some of them, CRLF, a tab in the comment: the comment goes with its key, the others' stay with theirs.
  const crlf = deployment('    # the team\r\n    team: a\r\n    # sidecar\tscrape\r\n    prometheus.operator.io/scrape: "true"\r\n'.replace(/\r\n/g, '\n')).replace(/\n/g, '\r\n');
  assert.equal(fixed(crlf), ('apiVersion: apps/v1\nkind: Deployment\nmetadata:\n  name: api\n  annotations:\n    # the team\n    team: a\nspec:\n  template:\n    spec:\n      containers: [{name: app, image: nginx}]\n'
    + '    metadata:\n      annotations:\n        # sidecar\tscrape\n        prometheus.operator.io/scrape: "true"\n').replace(/\n/g, '\r\n'));
  // A file whose lines end in lone CRs gets lines that end so too.
  const fixedWhole = (text: string) => {
    const engine = new Workspace();
    for (const [uri, other] of Object.entries(workspace)) engine.set(uri, other);
    return fixFile('file:///w/api.yaml', text, engine, defaultCheckOptions).text;
  };
  const lf = deployment('    prometheus.operator.io/scrape: "true"\n');
  assert.equal(fixedWhole(lf.replace(/\n/g, '\r')), fixedWhole(lf).replace(/\n/g, '\r'));
  // The template ends with a kept block scalar (`|+`): its blank line stays its own.
  const kept = deployment('    prometheus.operator.io/scrape: "true"\n', '      containers:\n      - name: app\n        args:\n        - |+\n          keep trailing\n\n');
  const after = fixed(kept);
  assert.ok(after.includes('          keep trailing\n\n    metadata:\n      annotations:\n        prometheus.operator.io/scrape: "true"\n'), JSON.stringify(after));
});

test('an Argo Rollout naming a Deployment\'s template: its own annotations reach no pod, and the message says whose template does', () => {
  const text = yaml`
    apiVersion: argoproj.io/v1alpha1
    kind: Rollout
    metadata:
      name: web
      annotations: {prometheus.operator.io/scrape: "true"}
    spec:
      workloadRef: {apiVersion: apps/v1, kind: Deployment, name: web}
    `;
  const all = findings(text, { workspace }).filter((f) => f.code === 'sidecar/workload-metadata');
  assert.deepEqual(all.map((f) => [f.message, f.fixes.length]), [
    ['prometheus.operator.io/scrape is on the Rollout\'s own metadata: only annotations of the pod template of the Deployment web its workloadRef names reach its pods', 0],
  ]);
});

test('a CronJob\'s sidecar annotations on its Job template\'s metadata reach no pod either, and move to the pod template', () => {
  const text = yaml`
    apiVersion: batch/v1
    kind: CronJob
    metadata:
      name: report
    spec:
      schedule: "0 * * * *"
      jobTemplate:
        metadata:
          annotations:
            prometheus.operator.io/scrape: "true"
        spec:
          template:
            spec:
              restartPolicy: Never
              containers:
                - name: report
                  ports: [{name: http-metrics, containerPort: 9102}]
    `;
  const all = findings(text, { workspace }).filter((f) => f.code === 'sidecar/workload-metadata');
  assert.deepEqual(all.map((f) => `${f.message} @ ${underlined(text, f)}`), [
    'prometheus.operator.io/scrape is on the Job template\'s metadata (spec.jobTemplate.metadata): only annotations of the pod template (spec.jobTemplate.spec.template.metadata.annotations) reach its pods @ prometheus.operator.io/scrape',
  ]);
  assert.equal(applyFix(text, all[0].fixes[0]), yaml`
    apiVersion: batch/v1
    kind: CronJob
    metadata:
      name: report
    spec:
      schedule: "0 * * * *"
      jobTemplate:
        metadata:
          {}
        spec:
          template:
            spec:
              restartPolicy: Never
              containers:
                - name: report
                  ports: [{name: http-metrics, containerPort: 9102}]
            metadata:
              annotations:
                prometheus.operator.io/scrape: "true"
    `);
  // Written on the pod template too, with the same value, it reaches the pods.
  const both = text.replace('      template:\n        spec:', '      template:\n        metadata:\n          annotations: {prometheus.operator.io/scrape: "true"}\n        spec:');
  assert.notEqual(both, text);
  assert.deepEqual(findings(both, { workspace }).filter((f) => f.code === 'sidecar/workload-metadata'), []);
});

test('annotations on the workload\'s own metadata are moved to the pod template, which is created when missing', () => {
  const text = yaml`
    apiVersion: apps/v1
    kind: Deployment
    metadata:
      name: api
      annotations:
        owner: shop # team
        prometheus.operator.io/scrape: "true" # ask for an agent
    spec:
      template:
        spec:
          containers:
            - name: api
              ports: [{containerPort: 9102}]
    `;
  const all = findings(text, { workspace });
  assert.deepEqual(all.map((f) => `${f.code} ${underlined(text, f)}`), ['sidecar/workload-metadata prometheus.operator.io/scrape']);
  assert.equal(applyFix(text, all[0].fixes[0]), yaml`
    apiVersion: apps/v1
    kind: Deployment
    metadata:
      name: api
      annotations:
        owner: shop # team
    spec:
      template:
        spec:
          containers:
            - name: api
              ports: [{containerPort: 9102}]
        metadata:
          annotations:
            prometheus.operator.io/scrape: "true" # ask for an agent
    `);
  const withTemplateMetadata = text.replace('    spec:\n      template:\n        spec:', '    spec:\n      template:\n        metadata:\n          labels: {app: api}\n        spec:')
    .replace('spec:\n  template:\n    spec:', 'spec:\n  template:\n    metadata:\n      labels: {app: api}\n    spec:');
  const moved = applyFix(withTemplateMetadata, findings(withTemplateMetadata, { workspace })[0].fixes[0]);
  assert.match(moved, /    metadata:\n      labels: \{app: api\}\n      annotations:\n        prometheus.operator.io\/scrape: "true" # ask for an agent\n    spec:/);
  assert.deepEqual(check(moved, { workspace }), []);
});

test('a move that would ask for scraping with no port anywhere is offered, not applied unasked (sidecar/port would be an error)', () => {
  const text = yaml`
    apiVersion: apps/v1
    kind: Deployment
    metadata:
      name: api
      annotations:
        prometheus.operator.io/scrape: "true"
    spec:
      template:
        spec:
          containers: [{name: api, image: nginx}]
    `;
  const [finding] = findings(text, { workspace }).filter((f) => f.code === 'sidecar/workload-metadata');
  assert.deepEqual(finding.fixes.map((fix) => [fix.title, Boolean(fix.preferred)]), [['Move to pod template', false]]);
  const files = new Workspace();
  files.set('file:///w/agents.yaml', sidecarAgent('sidecar'));
  assert.equal(fixFile('file:///w/deploy.yaml', text, files, defaultCheckOptions).text, text);
  // With a port to scrape, it is applied.
  const withPort = text.replace('{name: api, image: nginx}', '{name: api, image: nginx, ports: [{containerPort: 9102}]}');
  assert.notEqual(fixFile('file:///w/deploy.yaml', withPort, files, defaultCheckOptions).text, withPort);
});

test('the move works between flow mappings and keeps CRLF line endings', () => {
  const text = yaml`
    apiVersion: apps/v1
    kind: Deployment
    metadata:
      name: api
      annotations: {prometheus.operator.io/scrape: "true", owner: shop}
    spec:
      template:
        metadata:
          annotations: {team: payments}
        spec:
          containers: [{name: api, ports: [{containerPort: 9102}]}]
    `;
  const moved = applyFix(text, findings(text, { workspace })[0].fixes[0]);
  assert.equal(moved, text.replace('{prometheus.operator.io/scrape: "true", owner: shop}', '{owner: shop}')
    .replace('{team: payments}', '{team: payments, prometheus.operator.io/scrape: "true"}'));
  assert.deepEqual(check(moved, { workspace }), []);
  // Into a flow-style template or template metadata, the annotations go as one nested flow entry.
  for (const [template, expected] of [
    ['{metadata: {labels: {app: api}}, spec: {containers: [{name: api}]}}', '{metadata: {labels: {app: api}, annotations: {prometheus.operator.io/scrape: "true"}}, spec: {containers: [{name: api}]}}'],
    ['{spec: {containers: [{name: api}]}}', '{spec: {containers: [{name: api}]}, metadata: {annotations: {prometheus.operator.io/scrape: "true"}}}'],
  ]) {
    const source = `apiVersion: apps/v1\nkind: Deployment\nmetadata:\n  name: api\n  annotations: {prometheus.operator.io/scrape: "true", owner: shop}\nspec:\n  template: ${template}\n`;
    assert.equal(applyFix(source, findings(source, { workspace })[0].fixes[0]), source.replace('prometheus.operator.io/scrape: "true", owner', 'owner').replace(template, expected));
  }
  // A plain value with a comma would split in flow style: no move there.
  const comma = 'apiVersion: apps/v1\nkind: Deployment\nmetadata:\n  name: api\n  annotations:\n    prometheus.operator.io/path: /metrics,debug\n' +
    'spec:\n  template: {spec: {containers: [{name: api}]}}\n';
  assert.deepEqual(findings(comma, { workspace }).filter((f) => f.code === 'sidecar/workload-metadata').map((f) => f.fixes.length), [0]);
  const crlf = yaml`
    apiVersion: apps/v1
    kind: Deployment
    metadata:
      name: api
      annotations:
        prometheus.operator.io/scrape: "true"
    spec:
      template:
        metadata:
          labels: {app: api}
        spec:
          containers: [{name: api, ports: [{containerPort: 9102}]}]
    `.replace(/\n/g, '\r\n');
  const movedCrlf = applyFix(crlf, findings(crlf, { workspace })[0].fixes[0]);
  assert.match(movedCrlf, /labels: \{app: api\}\r\n      annotations:\r\n        prometheus.operator.io\/scrape: "true"\r\n/);
  assert.doesNotMatch(movedCrlf, /[^\r]\n/);
});

test("the earlier draft's spellings get a fix to the canonical keys", () => {
  const text = deployment('prometheus.operator.com/scrape: "true"\nprometheus.operator.com/metricspath: /metrics');
  const all = findings(text, { workspace });
  assert.deepEqual(all.map((f) => f.message), [
    'prometheus.operator.com/scrape is the spelling of an earlier draft of the sidecar proposal: use prometheus.operator.io/scrape',
    'prometheus.operator.com/metricspath is the spelling of an earlier draft of the sidecar proposal: use prometheus.operator.io/path',
  ]);
  assert.equal(applyFix(text, all[1].fixes[0]), text.replace('prometheus.operator.com/metricspath', 'prometheus.operator.io/path'));
});

test('prometheus.io annotations get a hint while a Sidecar agent exists, and nothing otherwise', () => {
  const text = deployment('prometheus.io/scrape: "true"\nprometheus.io/port: "9102"');
  const all = findings(text, { workspace });
  assert.deepEqual(all.map((f) => `${f.severity} ${f.code}`), ['hint sidecar/prometheus-io-annotation', 'hint sidecar/prometheus-io-annotation']);
  assert.equal(applyFix(text, all[0].fixes[0]), text.replace('prometheus.io/scrape', 'prometheus.operator.io/scrape').replace('prometheus.io/port', 'prometheus.operator.io/port'));
  assert.deepEqual(check(text, { workspace: {} }), []);
});

test('a Sidecar agent no pod asks for gets an information; a pod in default namespace resolves by its namespace', () => {
  const agentText = sidecarAgent('lonely');
  assert.deepEqual(check(agentText, { uri: 'file:///w/agents.yaml' }).map((l) => l.split(' ').slice(1, 3).join(' ')), [
    'hint agent/sidecar-mode', 'information sidecar/unused-agent',
  ]);
  const pod = 'apiVersion: v1\nkind: Pod\nmetadata:\n  name: p\n  annotations:\n    prometheus.operator.io/scrape: "true"\n    prometheus.operator.io/port: "80"\n' +
    '    prometheus.operator.io/agent-selector: monitoring/lonely\nspec:\n  containers: [{name: c, ports: [{containerPort: 80}]}]\n';
  assert.deepEqual(check(agentText, { uri: 'file:///w/agents.yaml', workspace: { 'file:///w/pod.yaml': pod } }).map((l) => l.split(' ')[2]), ['agent/sidecar-mode']);
});

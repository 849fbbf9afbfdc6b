import { test } from 'node:test';
import assert from 'node:assert/strict';
import fc from 'fast-check';
import { checkFile, defaultCheckOptions, wiringMap, Workspace } from '../../server/src/engine';
import { fuzzRuns } from '../support/corpus';
import { describe, yaml } from '../support/engine';

const agent = yaml`
  apiVersion: monitoring.coreos.com/v1alpha1
  kind: PrometheusAgent
  metadata: {name: agent, namespace: monitoring}
  spec:
    serviceMonitorSelector: {}
    remoteWrite:
      - url: https://rw.example.com/api/v1/write
`;

const patch = yaml`
  apiVersion: monitoring.coreos.com/v1
  kind: ServiceMonitor
  metadata: {name: api, namespace: monitoring}
  spec:
    endpoints:
      - port: metrics
        interval: 60s
        scrapeTimeout: 2m
        honorLabels: yes-please
`;

/** A ServiceMonitor `sm` without labels, in `namespace`. */
const unlabelledMonitor = (namespace: string) =>
  `apiVersion: monitoring.coreos.com/v1\nkind: ServiceMonitor\nmetadata: {name: sm, namespace: ${namespace}}\nspec:\n  selector: {matchLabels: {app: x}}\n  endpoints: [{port: web}]\n`;

/** The wiring findings' codes of a file, checked in the workspace as it stands. */
const wiringCodes = (workspace: Workspace, uri: string) =>
  checkFile(workspace.get(uri)!, workspace, defaultCheckOptions).map((finding) => finding.code).filter((code) => code.startsWith('wiring/'));

const kustomization = (patches: string) => `apiVersion: kustomize.config.k8s.io/v1beta1\nkind: Kustomization\nresources: [../../base]\n${patches}`;

test('a strategic-merge patch a kustomization lists is checked as part of an object: its values, not what it lacks', () => {
  const workspace = new Workspace();
  workspace.set('file:///repo/base/agent.yaml', agent);
  const findings = () => checkFile(workspace.get('file:///repo/overlays/staging/sm-patch.yaml')!, workspace, defaultCheckOptions).map(describe);
  workspace.set('file:///repo/overlays/staging/sm-patch.yaml', patch);
  // Listed by no kustomization, it is a ServiceMonitor of its own: it lacks a selector, and nothing selects it.
  const alone = findings();
  assert.ok(alone.some((line) => line.includes('crd/required spec.selector: Required value')), alone.join('\n'));
  // Listed as a patch (both ways kustomize takes one), only what holds of its values is said, wherever it is listed from.
  for (const patches of ['patches:\n  - path: sm-patch.yaml\n', 'patchesStrategicMerge:\n  - sm-patch.yaml\n']) {
    workspace.set('file:///repo/overlays/staging/kustomization.yaml', kustomization(patches));
    assert.deepEqual(findings(), ['9:20 error crd/type spec.endpoints[0].honorLabels: Invalid value: "yes-please": must be a boolean'], patches);
  }
  workspace.set('file:///repo/overlays/staging/kustomization.yaml', kustomization('patches:\n  - path: ../prod/sm-patch.yaml\n'));
  assert.deepEqual(findings(), alone);
  workspace.set('file:///repo/overlays/prod/kustomization.yaml', kustomization('patches:\n  - path: ../staging/sm-patch.yaml\n'));
  assert.equal(findings().length, 1);
  // An inline patch names no file.
  workspace.delete('file:///repo/overlays/prod/kustomization.yaml');
  workspace.set('file:///repo/overlays/staging/kustomization.yaml', kustomization(`patches:\n  - patch: |-\n${patch.replace(/^/gm, '      ')}\n`));
  assert.deepEqual(findings(), alone);
});

test('a patch is no object of the workspace: the wiring sees the object it patches, once', () => {
  const workspace = new Workspace();
  workspace.set('file:///repo/base/agent.yaml', agent);
  workspace.set('file:///repo/base/api.yaml', patch.replace('spec:\n', 'spec:\n  selector: {matchLabels: {app: api}}\n'));
  workspace.set('file:///repo/overlays/staging/sm-patch.yaml', patch);
  const monitors = () => wiringMap(workspace, defaultCheckOptions).agents.flatMap((agent) => agent.monitors.map((monitor) => monitor.name));
  assert.deepEqual(monitors(), ['api', 'api']);
  workspace.set('file:///repo/overlays/staging/kustomization.yaml', kustomization('patches:\n  - path: sm-patch.yaml\n'));
  assert.deepEqual(monitors(), ['api']);
  workspace.delete('file:///repo/overlays/staging/kustomization.yaml');
  assert.deepEqual(monitors(), ['api', 'api']);
});

test('after any sequence of edits to kustomizations, patches and the Flux Kustomizations applying them, each file\'s findings are a fresh check\'s', () => {
  const files = {
    flux: 'file:///repo/clusters/flux.yaml',
    agent: 'file:///repo/base/agent.yaml',
    patch: 'file:///repo/overlays/staging/sm-patch.yaml',
    staging: 'file:///repo/overlays/staging/kustomization.yaml',
    prod: 'file:///repo/overlays/prod/kustomization.yaml',
    base: 'file:///repo/base/kustomization.yaml',
  };
  const texts: Record<keyof typeof files, (string | undefined)[]> = {
    flux: [
      `apiVersion: kustomize.toolkit.fluxcd.io/v1\nkind: Kustomization\nmetadata: {name: apps}\nspec:\n  path: ./base\n  postBuild: {substitute: {TEAM: a}}\n`,
      `apiVersion: kustomize.toolkit.fluxcd.io/v1\nkind: Kustomization\nmetadata: {name: apps}\nspec:\n  path: ./overlays/staging\n  commonMetadata: {labels: {team: a}}\n`,
      undefined,
    ],
    agent: [agent, agent.replace('serviceMonitorSelector: {}', 'serviceMonitorSelector: {matchLabels: {team: a}}'), agent.replace('serviceMonitorSelector: {}', 'serviceMonitorSelector: {matchLabels: {team: "${TEAM}x"}}')],
    patch: [patch, patch.replace('spec:\n', 'spec:\n  selector: {matchLabels: {app: api}}\n'), undefined],
    staging: [kustomization('patches:\n  - path: sm-patch.yaml\n'), kustomization('patchesStrategicMerge: [sm-patch.yaml]\n'), kustomization(''), undefined],
    prod: [kustomization('patches:\n  - path: ../staging/sm-patch.yaml\n'), kustomization('patches: [{path: other.yaml}]\n'), kustomization('namespace: prod\n'), undefined],
    base: ['resources: [agent.yaml]\n', 'resources: [agent.yaml]\ncommonLabels: {team: a}\n', undefined],
  };
  const findingsOf = (workspace: Workspace) => Object.values(files).flatMap((uri) => {
    const file = workspace.get(uri);
    return file ? checkFile(file, workspace, defaultCheckOptions).map((finding) => `${uri} ${describe(finding)}`) : [];
  });
  const apply = (workspace: Workspace, name: keyof typeof files, text: string | undefined) => (text === undefined ? workspace.delete(files[name]) : workspace.set(files[name], text));
  const names = Object.keys(files) as (keyof typeof files)[];
  fc.assert(fc.property(
    fc.array(fc.tuple(fc.constantFrom(...names), fc.nat()), { minLength: 1, maxLength: 10 }),
    (steps) => {
      const workspace = new Workspace();
      const now: Partial<Record<keyof typeof files, string | undefined>> = {};
      for (const [name, pick] of steps) {
        now[name] = texts[name][pick % texts[name].length];
        apply(workspace, name, now[name]);
        const fresh = new Workspace();
        for (const other of names) if (now[other] !== undefined) apply(fresh, other, now[other]);
        assert.deepEqual(findingsOf(workspace), findingsOf(fresh));
      }
    },
  ), { numRuns: Math.max(30, fuzzRuns) });
});

test('objects a kustomization changes the namespace, labels or names of: the wiring does not judge them as written', () => {
  const workspace = new Workspace();
  workspace.set('file:///repo/base/agent.yaml', agent.replace('serviceMonitorSelector: {}', 'serviceMonitorSelector: {matchLabels: {app.kubernetes.io/part-of: observability}}'));
  const monitor = workspace.set('file:///repo/base/servicemonitor.yaml', yaml`
    apiVersion: monitoring.coreos.com/v1
    kind: ServiceMonitor
    metadata: {name: api}
    spec:
      selector: {matchLabels: {app: api}}
      endpoints: [{port: metrics}]
  `);
  const wiring = () => checkFile(workspace.get(monitor.uri)!, workspace, defaultCheckOptions).map(describe).filter((line) => line.includes('wiring/'));
  // The wiring map says what the check says.
  const listedUnselected = () => wiringMap(workspace, defaultCheckOptions).unselected.map((listed) => listed.name);
  const unselected = wiring();
  assert.equal(unselected.length, 1);
  assert.match(unselected[0], /wiring\/unselected-monitor/);
  assert.deepEqual(listedUnselected(), ['api']);
  // The base's kustomization labels what it builds: the agent may well select the monitor kustomize makes.
  const base = (fields: string) => `apiVersion: kustomize.config.k8s.io/v1beta1\nkind: Kustomization\nresources: [agent.yaml, servicemonitor.yaml]\n${fields}`;
  workspace.set('file:///repo/base/kustomization.yaml', base('labels:\n  - pairs: {app.kubernetes.io/part-of: observability}\n'));
  assert.deepEqual(wiring(), []);
  assert.deepEqual(listedUnselected(), []);
  // A kustomization that changes nothing of them leaves the verdict standing; one reaching them through a folder does not.
  workspace.set('file:///repo/base/kustomization.yaml', base('images: [{name: x, newTag: "2"}]\n'));
  assert.deepEqual(wiring(), unselected);
  workspace.set('file:///repo/overlays/prod/kustomization.yaml', kustomization('namespace: monitoring\n'));
  assert.deepEqual(wiring(), []);
  workspace.delete('file:///repo/overlays/prod/kustomization.yaml');
  assert.deepEqual(wiring(), unselected);
  // Only the agent is built by a kustomization that changes it: its namespace, and so what it selects, is kustomize's.
  workspace.set('file:///repo/base/kustomization.yaml', 'resources: [agent.yaml]\nnamespace: observability\n');
  assert.deepEqual(wiring(), []);
  workspace.set('file:///repo/base/kustomization.yaml', 'resources: [other.yaml]\nnamespace: observability\n');
  assert.deepEqual(wiring(), unselected);
});

test('a List of objects, which kubectl applies item by item: its items are agents and monitors; one naming no kind is not read and the wiring does not judge', () => {
  const workspace = new Workspace();
  const monitor = workspace.set('file:///repo/sm.yaml', yaml`
    apiVersion: monitoring.coreos.com/v1
    kind: ServiceMonitor
    metadata: {name: sm-a, namespace: monitoring, labels: {team: a}}
    spec:
      selector: {matchLabels: {app: x}}
      endpoints: [{port: web}]
  `);
  workspace.set('file:///repo/agent.yaml', agent.replace('serviceMonitorSelector: {}', 'serviceMonitorSelector: {matchLabels: {team: b}}'));
  const wiring = () => wiringCodes(workspace, monitor.uri);
  assert.deepEqual(wiring(), ['wiring/unselected-monitor']);
  const list = (items: string) => `apiVersion: v1\nkind: List\nitems:${items}\n`;
  workspace.set('file:///repo/list.yaml', list(`\n- ${agent.replace('name: agent', 'name: team-a').replace('serviceMonitorSelector: {}', 'serviceMonitorSelector: {matchLabels: {team: a}}').split('\n').join('\n  ')}`));
  assert.deepEqual(wiring(), []);
  workspace.set('file:///repo/list.yaml', list(' []'));
  assert.deepEqual(wiring(), ['wiring/unselected-monitor']);
  // An agent of the List that selects other monitors leaves this one unselected; an item naming no kind may be anything.
  workspace.set('file:///repo/list.yaml', list(`\n- ${agent.replace('name: agent', 'name: team-c').replace('serviceMonitorSelector: {}', 'serviceMonitorSelector: {matchLabels: {team: c}}').split('\n').join('\n  ')}`));
  assert.deepEqual(wiring(), ['wiring/unselected-monitor']);
  workspace.set('file:///repo/list.yaml', list('\n- {metadata: {name: team-a}}'));
  assert.deepEqual(wiring(), []);
  // Edited beside other documents: the List is counted where it stands, whichever document the edit touches.
  const listed = list(`\n- ${agent.replace('name: agent', 'name: team-a').split('\n').join('\n  ')}`);
  const configMap = (value: string) => `apiVersion: v1\nkind: ConfigMap\nmetadata: {name: c, namespace: monitoring}\ndata: {k: "${value}"}\n`;
  const before = `${configMap('1')}---\n${listed}`;
  workspace.set('file:///repo/list.yaml', before);
  assert.deepEqual(wiring(), []);
  const edited = `${configMap('22')}---\n${listed}`;
  workspace.set('file:///repo/list.yaml', edited, { base: before, start: before.indexOf('"1"') + 1, end: before.indexOf('"1"') + 3 });
  assert.deepEqual(wiring(), []);
  const emptied = `${configMap('22')}---\n${list(' []')}`;
  workspace.set('file:///repo/list.yaml', emptied, { base: edited, start: edited.indexOf('items:') + 6, end: emptied.length });
  assert.deepEqual(wiring(), ['wiring/unselected-monitor']);
});

test('what reaches a verdict through kustomize: patches and bases, kustomized Namespaces; a resource is never a patch', () => {
  const workspace = new Workspace();
  workspace.set('file:///repo/mon/agent.yaml', agent.replace('serviceMonitorSelector: {}', 'serviceMonitorSelector: {matchLabels: {team: a}}\n    serviceMonitorNamespaceSelector: {matchLabels: {mon: enabled}}'));
  workspace.set('file:///repo/apps/ns.yaml', 'apiVersion: v1\nkind: Namespace\nmetadata: {name: apps, labels: {mon: enabled}}\n');
  const monitor = workspace.set('file:///repo/apps/sm.yaml', unlabelledMonitor('apps'));
  const wiring = () => wiringCodes(workspace, monitor.uri);
  assert.deepEqual(wiring(), ['wiring/unselected-monitor']);
  // An overlay patch may add the label the agent selects; a base reached through `bases` is built as a resource.
  workspace.set('file:///repo/over/kustomization.yaml', 'bases: [../apps]\npatches: [{path: sm-patch.yaml}]\n');
  workspace.set('file:///repo/apps/kustomization.yaml', 'resources: [sm.yaml]\n');
  assert.deepEqual(wiring(), []);
  workspace.set('file:///repo/over/kustomization.yaml', 'bases: [../apps]\ncommonLabels: {team: a}\n');
  assert.deepEqual(wiring(), []);
  workspace.delete('file:///repo/over/kustomization.yaml');
  assert.deepEqual(wiring(), ['wiring/unselected-monitor']);
  // The Namespace the agent's namespace selector reads is labelled by kustomize.
  workspace.set('file:///repo/apps/kustomization.yaml', 'resources: [ns.yaml]\ncommonLabels: {mon: enabled}\n');
  assert.deepEqual(wiring(), []);
  // A file one kustomization builds as a resource is an object, whatever another lists it as.
  workspace.set('file:///repo/apps/kustomization.yaml', 'resources: [sm.yaml]\n');
  workspace.set('file:///repo/other/kustomization.yaml', 'patches: [{path: ../apps/sm.yaml}]\n');
  assert.ok(workspace.index.objectsOf('monitoring.coreos.com/ServiceMonitor').some((entry) => entry.uri === monitor.uri));
});

test('a component or a transformer changes what the kustomization including it builds', () => {
  const workspace = new Workspace();
  workspace.set('file:///repo/base/agent.yaml', agent.replace('serviceMonitorSelector: {}', 'serviceMonitorSelector: {matchLabels: {team: a}}'));
  const monitor = workspace.set('file:///repo/base/sm.yaml', unlabelledMonitor('monitoring'));
  workspace.set('file:///repo/base/kustomization.yaml', 'resources: [agent.yaml, sm.yaml]\n');
  const wiring = () => wiringCodes(workspace, monitor.uri);
  assert.deepEqual(wiring(), ['wiring/unselected-monitor']);
  workspace.set('file:///repo/comp/kustomization.yaml', 'apiVersion: kustomize.config.k8s.io/v1alpha1\nkind: Component\nlabels: [{pairs: {team: a}}]\n');
  workspace.set('file:///repo/overlay/kustomization.yaml', 'resources: [../base]\ncomponents: [../comp]\n');
  assert.deepEqual(wiring(), []);
  workspace.set('file:///repo/overlay/kustomization.yaml', 'resources: [../base]\ntransformers: [labels.yaml]\n');
  assert.deepEqual(wiring(), []);
  workspace.set('file:///repo/overlay/kustomization.yaml', 'resources: [../base]\n');
  assert.deepEqual(wiring(), ['wiring/unselected-monitor']);
});

test('a patch\'s merge directives ($patch: delete, $retainKeys, $setElementOrder/…) are kustomize\'s, taken out as it merges', () => {
  const workspace = new Workspace();
  const directives = yaml`
    apiVersion: monitoring.coreos.com/v1alpha1
    kind: PrometheusAgent
    metadata: {name: agent, namespace: monitoring}
    spec:
      storage:
        $patch: delete
      containers:
        - name: config-reloader
          $patch: delete
      $setElementOrder/containers: [{name: prometheus}]
      remoteWrite:
        - url: https://rw.example.com/api/v1/write
          proxyUrl: http://proxy:3128
          proxyConnectHeader:
            $patch: replace
            X-Team: [{name: team, key: header}]
  `;
  workspace.set('file:///repo/base/agent.yaml', agent);
  workspace.set('file:///repo/overlays/prod/agent-patch.yaml', directives);
  const codes = () => checkFile(workspace.get('file:///repo/overlays/prod/agent-patch.yaml')!, workspace, defaultCheckOptions).map((finding) => finding.code);
  // Outside a patch they are fields the CRD does not declare.
  assert.deepEqual(codes().filter((code) => code === 'crd/unknown-field' || code === 'crd/type').length, 4);
  workspace.set('file:///repo/overlays/prod/kustomization.yaml', kustomization('patches:\n  - path: agent-patch.yaml\n'));
  assert.deepEqual(codes(), []);
});

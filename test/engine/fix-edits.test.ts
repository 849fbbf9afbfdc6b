import { test } from 'node:test';
import assert from 'node:assert/strict';
import { checkFile, defaultCheckOptions, fixFile, isSoundFix, Workspace } from '../../server/src/engine';
import { agentManifest, applyFix, check, findings, yaml } from '../support/engine';

/** A Sidecar agent: with one in the workspace, the prometheus.io annotations are the injector's to read. */
const agent = 'apiVersion: monitoring.coreos.com/v1alpha1\nkind: PrometheusAgent\nmetadata: {name: sidecar, namespace: default}\nspec: {mode: Sidecar}\n';

const fix = (text: string, workspace = new Workspace()) => fixFile('file:///w/manifest.yaml', text, workspace, defaultCheckOptions);

test('a label that carries an anchor is not quoted: its aliases would turn into strings with it', () => {
  const text = yaml`
    apiVersion: apps/v1
    kind: Deployment
    metadata:
      name: app
      labels:
        tier: &n 2
    spec:
      replicas: *n
      selector: {matchLabels: {app: app}}
      template:
        metadata: {labels: {app: app}}
        spec: {containers: [{name: app, image: nginx}]}
  `;
  assert.deepEqual(check(text), [
    '6:14 error metadata/string-value label "tier" must be a string: Kubernetes rejects the unquoted 2 (cannot unmarshal number into Go struct field ObjectMeta.metadata.labels of type string)',
  ]);
  assert.deepEqual(findings(text)[0].fixes, []);
  assert.equal(fix(text).text, text);
});

test('two removals that empty a mapping leave {} as one does, never a null', () => {
  const text = agentManifest('retention: 1d      # a Prometheus setting\nruleSelector: {}');
  assert.equal(fix(text).text, agentManifest('{}'));
});

test('a label is quoted only where the quoted value is a valid label: "-1" and ".inf" would be new errors (a null one is accepted)', () => {
  const text = 'apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: a\n  labels:\n    a: ~\n    b: -1\n    c: .inf\n    d: 1.5\n  annotations:\n    e: -1\n';
  assert.deepEqual(findings(text).map((f) => f.fixes.map((x) => x.title)), [[], [], ['Quote 1.5'], ['Quote -1']]);
  const fixed = fix(text);
  assert.equal(fixed.text, text.replace('d: 1.5', 'd: "1.5"').replace('e: -1', 'e: "-1"'));
  assert.ok(fixed.remaining.every((f) => f.code === 'metadata/string-value'), fixed.remaining.map((f) => f.message).join('\n'));
});

test('the prometheus.io quick-fix leaves no hint of its own behind, and `fix` leaves it to the user; a key set for both readers gets none', () => {
  const pod = yaml`
    apiVersion: v1
    kind: Pod
    metadata:
      name: app
      annotations:
        prometheus.io/scrape: "true"
        prometheus.operator.io/scrape: "true"
        prometheus.io/port: "8080"
    spec:
      containers: [{name: app, image: nginx, ports: [{containerPort: 8080}]}]
  `;
  const workspace = { 'file:///w/agent.yaml': agent };
  assert.deepEqual(check(pod, { workspace }), [
    '8:5 hint sidecar/prometheus-io-annotation prometheus.io/port is read by a Prometheus scraping the cluster, not by the sidecar injector: with a Sidecar agent, use prometheus.operator.io/port',
  ]);
  const renamed = applyFix(pod, findings(pod, { workspace })[0].fixes[0]);
  assert.equal(renamed, pod.replace('prometheus.io/port', 'prometheus.operator.io/port'));
  assert.deepEqual(check(renamed, { workspace }), []);
  // Renamed, the pod asks for a sidecar and leaves a scrape that reads prometheus.io/*: the user's choice to make.
  const live = new Workspace();
  live.set('file:///w/agent.yaml', agent);
  assert.equal(fix(pod, live).text, pod);
});

test('a value written as a block scalar (>-, |-) is replaced up to its last line: the line break, the next item, a --- and a comment stay', () => {
  const args = yaml`
    apiVersion: v1
    kind: Pod
    metadata: {name: agent}
    spec:
      containers:
        - name: prometheus
          image: prom/prometheus:v3.5.0
          args:
            - --agent
            - >-
              --web.enable-lifecyle
            - --config.file=/etc/prometheus/agent.yml
  `;
  assert.equal(fix(args).text, args.replace('- >-\n          --web.enable-lifecyle', '- --web.enable-lifecycle'));
  const logLevel = (block: string, after: string) => agentManifest(`logLevel: ${block}\n  Debug`) + after;
  for (const [block, after] of [['>-', '---\napiVersion: v1\nkind: ConfigMap\nmetadata: {name: other, namespace: monitoring}\n'], ['|-', '# note\n']]) {
    const text = logLevel(block, after);
    assert.equal(fix(text).text, text.replace(`logLevel: ${block}\n    Debug`, 'logLevel: debug'), block);
  }
});

test('annotations an alias or a merge key brings in are not renamed where they are used: the key holding them stays', () => {
  const pod = yaml`
    apiVersion: v1
    kind: Pod
    metadata:
      name: app
      labels: &common
        prometheus.io/scrape: "true"
      annotations:
        <<: *common
        team: x
    spec:
      containers: [{name: a, image: nginx, ports: [{containerPort: 8080}]}]
  `;
  const live = new Workspace();
  live.set('file:///w/agent.yaml', agent);
  assert.equal(fix(pod, live).text, pod);
  // An anchored map is shared with its aliases: renamed there, it would change them too.
  const anchored = pod.replace('labels: &common\n    prometheus.io/scrape: "true"\n  annotations:\n    <<: *common\n    team: x', 'annotations: &shared\n    prometheus.io/scrape: "true"\n  labels: {app: a}');
  assert.notEqual(anchored, pod);
  assert.equal(fix(anchored, live).text, anchored);
});

test('an entry added after a kept block scalar (|+) goes after its blank lines, which are its value', () => {
  const deployment = yaml`
    apiVersion: apps/v1
    kind: Deployment
    metadata:
      name: app
      annotations:
        prometheus.operator.io/port: "8080"
    spec:
      selector: {matchLabels: {app: a}}
      template:
        metadata:
          labels: {app: a}
          annotations:
            note: |+
              keep my blank lines


        spec:
          containers: [{name: a, image: nginx, ports: [{containerPort: 8080}]}]
  `;
  const live = new Workspace();
  live.set('file:///w/agent.yaml', agent);
  assert.equal(fix(deployment, live).text, deployment
    .replace('  annotations:\n    prometheus.operator.io/port: "8080"\n', '')
    .replace('keep my blank lines\n\n\n', 'keep my blank lines\n\n\n        prometheus.operator.io/port: "8080"\n'));
});

test('lines added at the end of a CRLF file without a final line break end in CRLF too', () => {
  const deployment = 'apiVersion: apps/v1\r\nkind: Deployment\r\nmetadata:\r\n  name: app\r\n  annotations:\r\n    prometheus.operator.io/port: "8080"\r\nspec:\r\n  selector: {matchLabels: {app: a}}\r\n  template:\r\n    spec:\r\n      containers: [{name: a, image: nginx, ports: [{containerPort: 8080}]}]\r\n    metadata:\r\n      labels: {app: a}';
  const live = new Workspace();
  live.set('file:///w/agent.yaml', agent);
  const fixed = fix(deployment, live).text;
  assert.equal(fixed, deployment.replace('  annotations:\r\n    prometheus.operator.io/port: "8080"\r\n', '') + '\r\n      annotations:\r\n        prometheus.operator.io/port: "8080"');
});

test('a misspelt boolean flag written with =true is corrected to the flag alone (kingpin reads =true as a stray argument)', () => {
  const pod = (args: string) => `apiVersion: v1\nkind: Pod\nmetadata: {name: agent}\nspec:\n  containers:\n    - name: prometheus\n      image: prom/prometheus:v3.5.0\n      args: [${args}]\n`;
  // The quick-fix itself, as the editor applies it alone.
  const quickFix = (args: string) => findings(pod(args)).find((f) => f.code === 'workload/unknown-flag')?.fixes.map((f) => f.title);
  assert.deepEqual(quickFix('--agent, --web.enable-lifecyle=true'), ['Change to --web.enable-lifecycle']);
  assert.deepEqual(quickFix('--agent, --web.enable-lifecyle=false'), ['Change to --no-web.enable-lifecycle']);
  assert.deepEqual(quickFix('--agent, "--web.external-urll=http://x"'), ['Change to --web.external-url=http://x']);
  assert.equal(fix(pod('--agent, --web.enable-lifecyle=true')).text, pod('--agent, --web.enable-lifecycle'));
});

test('converting a v2 Prometheus whose enable-feature flag names other features is not offered: the agent\'s operator sets that flag', () => {
  const text = agentManifest('version: v2.55.1\nadditionalArgs:\n  - name: enable-feature\n    value: agent,exemplar-storage\nremoteWrite: [{url: "https://metrics.example.com/api/v1/write"}]', 'Prometheus', 'monitoring.coreos.com/v1');
  const conversion = findings(text).find((f) => f.code === 'agent/prometheus-cr-agent-mode');
  assert.deepEqual(conversion?.fixes, []);
});

test('a fix whose own edits overlap is not applied: it would write one over the other', () => {
  const pod = 'apiVersion: v1\nkind: Pod\nmetadata: {name: agent}\nspec:\n  containers:\n    - name: prometheus\n      image: prom/prometheus:v3.5.0\n      args: [--agent, --storage.tsdb.retention.time, 15d]\n';
  const removal = findings(pod).find((f) => f.code === 'workload/agent-mode-flag')?.fixes[0];
  assert.ok(removal && removal.edits.length > 1, JSON.stringify(removal));
  assert.equal(fix(pod).text, pod);
});

test('a removal is not made where an alias would name another node: an anchor written again takes its name over', () => {
  const text = yaml`
    apiVersion: monitoring.coreos.com/v1alpha1
    kind: PrometheusAgent
    metadata: {name: r1, namespace: monitoring}
    spec:
      serviceMonitorSelector: &sel
        matchLabels: {team: payments}
      ruleSelector: &sel
        matchLabels: {team: platform}
      podMonitorSelector: *sel
  `;
  assert.equal(fix(text).text, text);
  // Nor offered in the editor, where a fix is checked alone; in a file's second document too.
  const second = `apiVersion: v1\nkind: Namespace\nmetadata: {name: monitoring}\n---\n${text}`;
  const workspace = new Workspace();
  const file = workspace.set('file:///w/agent.yaml', second);
  const removal = checkFile(file, workspace, defaultCheckOptions).find((finding) => finding.code === 'agent/server-only-field')!;
  assert.deepEqual(removal.fixes, []);
  const renamed = workspace.set('file:///w/agent.yaml', second.replace('ruleSelector: &sel', 'ruleSelector: &rules'));
  assert.equal(isSoundFix(renamed, checkFile(renamed, workspace, defaultCheckOptions).find((finding) => finding.code === 'agent/server-only-field')!.fixes[0]), true);
  // Where no anchor repeats the name, the removal is made.
  const once = text.replace('ruleSelector: &sel', 'ruleSelector: &rules');
  assert.equal(fix(once).text, once.replace('  ruleSelector: &rules\n    matchLabels: {team: platform}\n', ''));
});

test('a file above the size bound is left as it is by fix, never failing', () => {
  const workspace = new Workspace();
  workspace.maxFileSize = 100;
  const text = agentManifest('retention: 1d');
  const result = fixFile('file:///w/agent.yaml', text, workspace, defaultCheckOptions);
  assert.deepEqual([result.text, result.applied, result.remaining.map((f) => f.code)], [text, 0, ['promagent/file-too-large']]);
});

test('no fix edits inside a node an alias repeats: another object, container or label set would change with it', () => {
  const list = yaml`
    apiVersion: v1
    kind: List
    items:
    - apiVersion: monitoring.coreos.com/v1alpha1
      kind: PrometheusAgent
      metadata: {name: a, namespace: monitoring}
      spec: &spec
        serviceMonitorSelector: {}
        retention: 30d
    - apiVersion: monitoring.coreos.com/v1
      kind: Prometheus
      metadata: {name: global, namespace: monitoring}
      spec: *spec
  `;
  const retention = (text: string) => findings(text).filter((finding) => finding.code === 'agent/server-only-field');
  assert.equal(retention(list).length, 1);
  assert.deepEqual(retention(list)[0].fixes, []);
  assert.equal(fix(list).text, list);
  // Merged into the server's spec: the same.
  const merged = list.replace('spec: *spec', 'spec: {<<: *spec, version: v3.5.0}');
  assert.deepEqual(retention(merged)[0].fixes, []);
  // Where nothing repeats it, the removal is made.
  const alone = list.replace('spec: *spec', 'spec: {serviceMonitorSelector: {}}');
  assert.equal(fix(alone).text, alone.replace('    retention: 30d\n', ''));
  // In a configuration: global's keys merged into a target's labels.
  const config = '# promagent: agent\nglobal: &g\n  scrape_interval: 30s\n  evaluation_interval: 1m\nscrape_configs:\n- job_name: am\n  static_configs: [{targets: [\'a:1\'], labels: {<<: *g}}]\nremote_write:\n- url: https://x/api/v1/write\n';
  const ignored = findings(config, { uri: 'file:///w/prometheus.yml' }).filter((finding) => finding.code === 'promconfig/agent-ignored');
  assert.equal(ignored.length, 1);
  assert.deepEqual(ignored[0].fixes, []);
  // A configuration a ConfigMap holds as an anchor another key repeats.
  const held = 'apiVersion: v1\nkind: ConfigMap\nmetadata: {name: cfg, namespace: mon}\ndata:\n  prometheus.yml: &conf |\n    # promagent: agent\n    rule_files: [a.rules]\n    remote_write: [{url: "http://x/api/v1/write"}]\n  server.yml: *conf\n';
  const forbidden = findings(held).filter((finding) => finding.code === 'promconfig/agent-forbidden');
  assert.equal(forbidden.length, 1);
  assert.deepEqual(forbidden[0].fixes, []);
  assert.equal(findings(held.replace('&conf ', '').replace('*conf', 'other')).filter((finding) => finding.code === 'promconfig/agent-forbidden')[0].fixes.length, 1);
});

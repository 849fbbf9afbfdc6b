import { test } from 'node:test';
import assert from 'node:assert/strict';
import { agentManifest, applyFix, check, findings, underlined, yaml } from '../support/engine';
import { compileValidation, holdsByGuard, run, toCel, validationSites } from '../../server/src/engine/rules/cel/validations';
import { newestSchema } from '../../server/src/engine/model/operatorReleases';

const agent = (spec: string, options = {}) => {
  const text = agentManifest(spec);
  return { text, findings: findings(text, { options }) };
};

const daemonSetForbidden: [string, string][] = [
  ['replicas', 'replicas: 2'],
  ['storage', 'storage:\n    emptyDir: {}'],
  ['persistentVolumeClaimRetentionPolicy', 'persistentVolumeClaimRetentionPolicy: {whenDeleted: Delete}'],
  ['scrapeConfigSelector', 'scrapeConfigSelector: {}'],
  ['probeSelector', 'probeSelector: {}'],
  ['scrapeConfigNamespaceSelector', 'scrapeConfigNamespaceSelector: {}'],
  ['probeNamespaceSelector', 'probeNamespaceSelector: {}'],
  ['serviceMonitorSelector', 'serviceMonitorSelector:\n    matchLabels: {team: a}'],
  ['serviceMonitorNamespaceSelector', 'serviceMonitorNamespaceSelector: {}'],
  ['additionalScrapeConfigs', 'additionalScrapeConfigs: {name: extra, key: jobs.yaml}'],
  ['shardingStrategy', 'shardingStrategy: {mode: Address}'],
];

test('each field DaemonSet mode forbids is flagged on its key with the CRD message and a remove fix', () => {
  for (const [field, lines] of daemonSetForbidden) {
    const { text, findings: all } = agent(`mode: DaemonSet # per node\n${lines}\nscrapeInterval: 30s`);
    assert.deepEqual(all.map((f) => `${f.code} ${f.message}`), [`crd/validation-rule ${field} cannot be set when mode is DaemonSet`], field);
    assert.equal(underlined(text, all[0]), field);
    const fixed = applyFix(text, all[0].fixes[0]);
    assert.equal(fixed, text.replace(lines.split('\n').map((l) => `  ${l}\n`).join(''), ''), field);
    assert.deepEqual(check(fixed), [], field);
    // The rule is about that field alone: fix-all removes it.
    assert.equal(all[0].fixes[0].preferred, true, field);
  }
});

test('shards, topology, updateStrategy and sigv4 rules', () => {
  const { text, findings: all } = agent(`
    mode: DaemonSet
    shards: 2
    updateStrategy:
      type: OnDelete
      rollingUpdate: {maxUnavailable: 1}
    remoteWrite:
      - url: https://aps.example.com/api/v1/remote_write
        sigv4: {region: eu-west-1, externalId: team-a}`);
  assert.deepEqual(all.map((f) => `${f.range.start.line + 1} ${underlined(text, f)}: ${f.message}`), [
    '8 shards: shards cannot be greater than 1 when mode is DaemonSet',
    '11 rollingUpdate: rollingUpdate requires type to be RollingUpdate',
    '14 externalId: externalId can only be used when roleArn is specified',
  ]);
  assert.equal(applyFix(text, all[0].fixes[0]), text.replace('  shards: 2\n', ''));
  assert.equal(applyFix(text, all[2].fixes[0]), text.replace('{region: eu-west-1, externalId: team-a}', '{region: eu-west-1}'));

  const topology = agent(`
    shards: 2
    shardingStrategy:
      mode: Topology
      topology:
        values: [eu-west-1a, eu-west-1b, eu-west-1c]`);
  assert.deepEqual(topology.findings.map((f) => `${underlined(topology.text, f)}: ${f.message}`), [
    'shards: shards must be greater than or equal to the number of topology values when sharding strategy mode is Topology',
  ]);
  const misplaced = agent(`
    shardingStrategy:
      mode: Address
      topology: {values: [a]}`);
  assert.deepEqual(misplaced.findings.map((f) => `${underlined(misplaced.text, f)}: ${f.message}`), [
    "topology: topology can only be defined when mode is set to 'Topology'",
  ]);
});

test('Sidecar mode forbids monitor selectors and workload fields, and warns about pod-level ones', () => {
  const { text, findings: all } = agent(`
    mode: Sidecar
    replicas: 2
    podMonitorSelector: {}
    tolerations: [{operator: Exists}]
    remoteWrite:
      - url: https://metrics.example.com/api/v1/write`);
  assert.deepEqual(all.map((f) => `${f.severity} ${f.code} ${f.message}`), [
    'hint agent/sidecar-mode mode Sidecar follows the sidecar-injection proposal: prometheus-operator v0.93.0 does not inject agents yet, and its CRD accepts only StatefulSet and DaemonSet',
    'information sidecar/unused-agent no Pod or workload in the workspace asks for PrometheusAgent monitoring/agent (prometheus.operator.io/scrape: "true" with prometheus.operator.io/agent-selector: monitoring/agent)',
    'error crd/validation-rule replicas cannot be set when mode is Sidecar',
    'error crd/validation-rule podMonitorSelector cannot be set when mode is Sidecar',
    'warning crd/validation-rule tolerations is ignored when mode is Sidecar: the pod belongs to its own workload',
  ]);
  assert.equal(applyFix(text, all[3].fixes[0]), text.replace('  podMonitorSelector: {}\n', ''));
});

test('with promagent.sidecarMode off, Sidecar is an error as upstream and its rules are silent', () => {
  const { findings: all } = agent(`
    mode: Sidecar
    replicas: 2`, { sidecarMode: false });
  assert.deepEqual(all.map((f) => `${f.severity} ${f.code} ${f.message}`), [
    'error agent/sidecar-mode spec.mode: Unsupported value: "Sidecar": supported values: "StatefulSet", "DaemonSet"',
  ]);
  const lower = agent(`
    mode: sidecar`, { sidecarMode: false });
  assert.deepEqual(lower.findings.map((f) => f.message), ['spec.mode: Unsupported value: "sidecar": supported values: "StatefulSet", "DaemonSet"']);
  assert.deepEqual(lower.findings[0].fixes, []);
});

test("the proposal's lowercase modes get a fix to the canonical value", () => {
  for (const [written, canonical] of [['sidecar', 'Sidecar'], ['statefulset', 'StatefulSet'], ['daemonset', 'DaemonSet']]) {
    const { text, findings: all } = agent(`mode: ${written}`);
    assert.equal(all.length, 1, written);
    assert.equal(all[0].message, `spec.mode: Unsupported value: "${written}": supported values: "StatefulSet", "DaemonSet"; promagent also accepts "Sidecar", its mode for the sidecar-injection proposal (promagent.sidecarMode)`);
    assert.equal(applyFix(text, all[0].fixes[0]), text.replace(`mode: ${written}`, `mode: ${canonical}`));
  }
});

test('every CRD validation rule compiles, and each passes and fails on the objects it is about', async () => {
  const { validationSites, run: runOnCel, toCel } = await import('../../server/src/engine/rules/cel/validations');
  const run = (validation: Parameters<typeof runOnCel>[0], self: unknown) => runOnCel(validation, toCel(self));
  const kinds = ['PrometheusAgent', 'Prometheus', 'ServiceMonitor', 'PodMonitor', 'Probe', 'ScrapeConfig'] as const;
  const all = kinds.flatMap((kind) => validationSites(newestSchema(kind)).flatMap((site) => site.validations.map((v) => ({ kind, site, v }))));
  assert.ok(all.length > 40);
  for (const { kind, v } of all) assert.equal(v.compiled().compileError, undefined, `${kind}: ${v.rule}`);
  const find = (kind: string, message: string) => all.find((x) => x.kind === kind && x.v.message === message)!.v;
  const sigv4 = find('Prometheus', 'externalId can only be used when roleArn is specified');
  assert.deepEqual(run(sigv4, { externalId: 'x', roleArn: 'arn' }), { passed: true });
  assert.deepEqual(run(sigv4, { externalId: 'x' }), { passed: false });
  const auth = find('ScrapeConfig', 'at most one of basicAuth, authorization, or oauth2 can be configured');
  assert.deepEqual(run(auth, { basicAuth: {} }), { passed: true });
  assert.deepEqual(run(auth, { basicAuth: {}, oauth2: {} }), { passed: false });
  const update = find('Prometheus', 'rollingUpdate requires type to be RollingUpdate');
  assert.deepEqual(run(update, { type: 'RollingUpdate', rollingUpdate: {} }), { passed: true });
  assert.deepEqual(run(update, { type: 'OnDelete', rollingUpdate: {} }), { passed: false });
  assert.ok('error' in run(update, { rollingUpdate: {} }), 'a missing required field is an evaluation error, not a crash');
});

test('a rule that cannot be evaluated is reported once, as a warning, and nothing throws', () => {
  const { findings: all } = agent('updateStrategy:\n  rollingUpdate: {maxUnavailable: 1}');
  assert.deepEqual(all.map((f) => `${f.severity} ${f.code}`), ['error crd/required', 'warning crd/validation-rule']);
  assert.match(all[1].message, /^spec.updateStrategy: the CRD rule "!\(self.type != 'RollingUpdate' && has\(self.rollingUpdate\)\)" could not be evaluated: /);
});

test('ScrapeConfig: at most one authentication method', () => {
  const text = [
    'apiVersion: monitoring.coreos.com/v1alpha1', 'kind: ScrapeConfig', 'metadata: {name: s}', 'spec:',
    '  basicAuth: {username: {name: a, key: u}}', '  authorization: {credentials: {name: a, key: t}}', '',
  ].join('\n');
  assert.deepEqual(check(text), ['5:3 error crd/validation-rule at most one of basicAuth, authorization, or oauth2 can be configured']);
});

test('a CRD rule skipped by a guard (a field it tests with has() is absent, or holds another string than it compares with) would have passed', () => {
  const specs: Record<string, unknown>[] = [
    {}, { mode: 'StatefulSet' }, { mode: 'DaemonSet' }, { mode: 'DaemonSet', replicas: 2 }, { mode: 'DaemonSet', shards: 1 },
    { mode: 'Sidecar', nodeSelector: { a: 'b' } }, { mode: 'Sidecar', shards: 3 }, { replicas: 2, storage: {} },
    { shardingStrategy: {} }, { shardingStrategy: { mode: 'Topology' } }, { mode: 'StatefulSet', shardingStrategy: { mode: 'Topology' } },
  ];
  let skipped = 0;
  for (const site of validationSites(newestSchema('PrometheusAgent')).filter((s) => s.pattern.join('.') === 'spec')) {
    for (const validation of site.validations) {
      for (const spec of specs) {
        if (!holdsByGuard(validation, spec)) continue;
        skipped++;
        assert.deepEqual(run(validation, toCel(spec)), { passed: true }, `${validation.rule} on ${JSON.stringify(spec)}`);
      }
    }
  }
  assert.ok(skipped > 100, `only ${skipped} evaluations skipped`);
});

test('only a has() whose absence, or a comparison with a string whose falsity, decides the rule lets it be skipped', () => {
  const guards = (rule: string) => compileValidation({ rule }).guards;
  assert.deepEqual(guards('!has(self.a) || self.a > 1'), [{ field: 'a' }]);
  assert.deepEqual(guards("!(has(self.a) && self.a == 'x' && has(self.b))"), [{ field: 'a' }, { field: 'a', differentFrom: 'x' }, { field: 'b' }]);
  assert.deepEqual(guards("self.a != 'x' || has(self.b)"), [{ field: 'a', differentFrom: 'x' }]);
  assert.deepEqual(guards("!('x' == self.a && self.a == 'x')"), [{ field: 'a', differentFrom: 'x' }]);
  assert.deepEqual(guards('has(self.a) && self.a > 1'), []);
  assert.deepEqual(guards('has(self.a) || self.b == 1'), []);
  assert.deepEqual(guards("self.a == 'x' || has(self.b)"), []);
  assert.deepEqual(guards("!(self.a == 1 && has(self.b))"), [{ field: 'b' }]);
  assert.deepEqual(guards("!(self.a.b == 'x' && has(self.b))"), [{ field: 'b' }]);
  assert.deepEqual(guards('!(has(self.a) || has(self.b))'), []);
  assert.deepEqual(guards('!(!has(self.a) && self.b == 1)'), []);
  assert.deepEqual(guards('!has(self.a.b) || self.a.b > 1'), []);
  assert.deepEqual(guards('!has(other.a) || true'), []);
});

test('a string comparison skips a rule only when the field holds another string: a number or a list is evaluated', () => {
  const validation = compileValidation({ rule: "!(self.mode == 'DaemonSet' && has(self.replicas))" });
  assert.equal(holdsByGuard(validation, { mode: 'StatefulSet', replicas: 2 }), true);
  assert.equal(holdsByGuard(validation, { mode: 'DaemonSet', replicas: 2 }), false);
  assert.equal(holdsByGuard(validation, { mode: 3, replicas: 2 }), false);
  assert.equal(holdsByGuard(validation, { mode: ['DaemonSet'], replicas: 2 }), false);
  assert.equal(holdsByGuard(validation, { replicas: 2 }), false);
  assert.equal(holdsByGuard(validation, { mode: 'DaemonSet' }), true);
});

test('a rule that names alternatives or what is missing gets a remove fix that fix-all leaves alone', () => {
  const scrapeConfig = yaml`
    apiVersion: monitoring.coreos.com/v1alpha1
    kind: ScrapeConfig
    metadata: {name: s, namespace: monitoring}
    spec:
      basicAuth: {username: {name: s, key: u}, password: {name: s, key: p}}
      authorization: {credentials: {name: s, key: t}}
      staticConfigs: [{targets: ["a:80"]}]
    `;
  const [choice] = findings(scrapeConfig).filter((f) => f.code === 'crd/validation-rule');
  assert.equal(choice.message, 'at most one of basicAuth, authorization, or oauth2 can be configured');
  assert.deepEqual(choice.fixes.map((fix) => [fix.title, fix.preferred]), [['Remove basicAuth', undefined]]);
  const { findings: missing } = agent('remoteWrite:\n  - url: https://aps.example.com/api/v1/remote_write\n    sigv4: {region: eu-west-1, externalId: abc}\nversion: v3.11.0');
  const [externalId] = missing.filter((f) => f.code === 'crd/validation-rule');
  assert.equal(externalId.message, 'externalId can only be used when roleArn is specified');
  assert.deepEqual(externalId.fixes.map((fix) => fix.preferred), [undefined]);
});

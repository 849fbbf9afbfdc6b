import { test } from 'node:test';
import assert from 'node:assert/strict';
import type { ValidateFunction } from 'ajv';
import { celGuards, validatorModules } from '../../scripts/crd-validators';
import { compileValidation } from '../../server/src/engine/rules/cel/validations';
import { newestSchema } from '../../server/src/engine/model/operatorReleases';
import { createAjv } from '../../server/src/engine/rules/crd/ajv';
import { patternRegExp } from '../../server/src/engine/rules/crd/patternRegExp';

/**
 * A generated module run as the bundle runs it: CommonJS, ajv's runtime helpers required from node_modules, the
 * pattern engine from beside it.
 */
function load(code: string): ValidateFunction {
  const module = { exports: {} as ValidateFunction };
  const beside = (id: string) => (id === './pattern.js' ? { patternRegExp } : require(id));
  new Function('module', 'exports', 'require', code)(module, module.exports, beside);
  return module.exports;
}

const agents = [
  { apiVersion: 'monitoring.coreos.com/v1alpha1', kind: 'PrometheusAgent', metadata: { name: 'a' }, spec: { mode: 'Sidecar', scrapeInterval: '30s' } },
  {
    apiVersion: 'monitoring.coreos.com/v1alpha1', kind: 'PrometheusAgent', metadata: { name: 'b' },
    spec: {
      logLevel: 'verbose', remoteWrites: [], replicas: 'two', enableFeatures: ['a', 'b', 'a', 'a'],
      containers: [
        { name: 'x', env: [{ name: 'A', value: '1' }, { name: 'B' }, { name: 'A', value: '2' }, 'not an object', 'not an object'] },
        { env: [{ value: 'no name' }, { value: 'no name either' }], ports: [{ containerPort: 80, protocol: 'TCP' }, { containerPort: 80, protocol: 'TCP' }, { containerPort: 80 }] },
      ],
      remoteWrite: [{ url: 7, queueConfig: { maxSamplesPerSend: 'many' } }],
    },
  },
];

test('the validators built into the bundles find what the run-time ones find, error for error', () => {
  const { PrometheusAgent, ServiceMonitor } = validatorModules(['PrometheusAgent', 'ServiceMonitor']);
  const monitors = [
    { apiVersion: 'monitoring.coreos.com/v1', kind: 'ServiceMonitor', metadata: { name: 'm' }, spec: { selector: {}, endpoints: [{ port: 'web', interval: 5 }] } },
    { apiVersion: 'monitoring.coreos.com/v1', kind: 'ServiceMonitor', spec: { endpoints: 'all', unknown: true } },
  ];
  for (const [code, kind, documents] of [[PrometheusAgent!, 'PrometheusAgent', agents], [ServiceMonitor!, 'ServiceMonitor', monitors]] as const) {
    const built = load(code);
    const compiled = createAjv().compile(newestSchema(kind));
    for (const document of documents) {
      assert.equal(built(document), compiled(document));
      assert.deepEqual(built.errors, compiled.errors);
    }
  }
});

test('the CEL rule guards built into the bundles are what parsing each rule gives, for every rule of the newest CRDs', () => {
  const guards = Object.entries(celGuards());
  assert.ok(guards.length > 40);
  for (const [rule, ruleGuards] of guards) assert.deepEqual(ruleGuards, compileValidation({ rule }).guards, rule);
  assert.deepEqual(celGuards()["!(has(self.mode) && self.mode == 'DaemonSet' && has(self.replicas))"], [
    { field: 'mode' }, { field: 'mode', differentFrom: 'DaemonSet' }, { field: 'replicas' },
  ]);
});

test('x-kubernetes-list-type: a map list is keyed by its map keys, a set list by the whole value, in list order', () => {
  const validate = createAjv().compile(newestSchema('PrometheusAgent'));
  validate(agents[1]);
  const duplicates = (validate.errors ?? []).filter((e) => e.keyword === 'x-kubernetes-list-type').map((e) => [e.instancePath, e.params]);
  assert.deepEqual(duplicates, [
    ['/spec/containers/0/env', { index: 2, identity: '{"name":"A"}' }],
    ['/spec/containers/0/env', { index: 4, identity: '"not an object"' }],
    ['/spec/containers/1/env', { index: 1, identity: '{}' }],
    ['/spec/containers/1/ports', { index: 1, identity: '{"containerPort":80,"protocol":"TCP"}' }],
    ['/spec/enableFeatures', { index: 2, identity: '"a"' }],
    ['/spec/enableFeatures', { index: 3, identity: '"a"' }],
  ]);
});

test('a CRD pattern is matched as Kubernetes matches it, in time linear in a long value (RE2), as JavaScript does a short one', { timeout: 60_000 }, () => {
  // The ByteSize pattern, unanchored at its start: JavaScript backtracks for minutes over 300,000 digits.
  const byteSize = patternRegExp('(^0|([0-9]*[.])?[0-9]+((K|M|G|T|E|P)i?)?B)$', 'u');
  for (const [value, matches] of [['512MB', true], ['0', true], ['1.5GiB', true], ['12', false], ['1'.repeat(300_000) + 'x', false], ['1'.repeat(300_000) + 'B', true]] as const) {
    assert.equal(byteSize.test(value), matches, value.slice(0, 12));
  }
  const agent = { apiVersion: 'monitoring.coreos.com/v1alpha1', kind: 'PrometheusAgent', metadata: { name: 'a' }, spec: { bodySizeLimit: `${'1'.repeat(300_000)}x` } };
  const validate = createAjv().compile(newestSchema('PrometheusAgent'));
  assert.equal(validate(agent), false);
  assert.deepEqual(validate.errors?.map((error) => error.keyword), ['pattern']);
  // Each pattern keeps its own engine, built and at run time.
  const valid = { ...agent, spec: { scrapeInterval: '30s', bodySizeLimit: '10MB', remoteWrite: [{ url: 'https://a.example.com/write', proxyUrl: 'http://proxy:3128' }] } };
  assert.equal(validate(valid), true, JSON.stringify(validate.errors));
  assert.equal(load(validatorModules(['PrometheusAgent']).PrometheusAgent!)(valid), true);
});

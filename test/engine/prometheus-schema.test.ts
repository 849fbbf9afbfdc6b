import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import Ajv from 'ajv';
import { parse } from 'yaml';
import { prometheusSchemaPath, prometheusSchemaText } from '../../scripts/generate-prometheus-schema';
import { yaml } from '../support/engine';

const schema = JSON.parse(prometheusSchemaText()) as Record<string, unknown>;
const validate = new Ajv({ allErrors: true, strict: false }).compile(schema);
const errorsOf = (text: string) => (validate(parse(text, { version: '1.1' }) ?? {}) ? [] : (validate.errors ?? []).map((e) => `${e.instancePath} ${e.message}`));

test('schemas/prometheus-config.json is what npm run schemas:prometheus generates from the model', () => {
  assert.ok(readFileSync(prometheusSchemaPath, 'utf8') === prometheusSchemaText(), 'schemas/prometheus-config.json drifted: run npm run schemas:prometheus');
});

test('durations follow Prometheus\' grammar: 1h30m and 0 are valid, 1m1d and a bare 30 are not', () => {
  assert.deepEqual(errorsOf(yaml`
    global:
      scrape_interval: 1h30m
      scrape_timeout: 0
    scrape_configs:
      - job_name: a
        scrape_interval: 1m30s500ms
        scrape_timeout: 0s`), []);
  assert.equal(errorsOf('global: {scrape_interval: 1m1d}').length > 0, true);
  assert.equal(errorsOf('global: {scrape_interval: "30"}').length > 0, true);
  assert.equal(errorsOf('global: {scrape_interval: 30}').length > 0, true);
});

test('credentials are optional, as Prometheus has them', () => {
  assert.deepEqual(errorsOf(yaml`
    scrape_configs:
      - job_name: a
        basic_auth: {username: prometheus}
        authorization: {}
    remote_write:
      - url: https://a.example.com/write
        oauth2: {client_id: agent, token_url: https://auth.example.com/token}`), []);
});

test('label names are UTF-8, sizes take 0 and units, unknown keys and missing job_name are refused', () => {
  assert.deepEqual(errorsOf(yaml`
    global:
      external_labels: {service.name: api}
      body_size_limit: 0
    scrape_configs:
      - job_name: a
        body_size_limit: 1.5MB`), []);
  assert.deepEqual(errorsOf('scrape_configs: [{job_name: a, scrape_intervall: 1m}]'), ['/scrape_configs/0 must NOT have additional properties']);
  assert.deepEqual(errorsOf('scrape_configs: [{scrape_interval: 1m}]'), ["/scrape_configs/0 must have required property 'job_name'"]);
  assert.deepEqual(errorsOf('global: {external_labels: {"": x}}'), ['/global/external_labels must NOT have fewer than 1 characters', '/global/external_labels property name must be valid']);
});

test('every service discovery\'s keys are in the schema, for completion and hover: a typo in one is refused', () => {
  assert.deepEqual(errorsOf(yaml`
    scrape_configs:
      - job_name: a
        azure_sd_configs: [{subscription_id: s, authentication_method: ManagedIdentity, resource_group: rg}]
        hetzner_sd_configs: [{role: hcloud, label_selector: env=prod, bearer_token: t}]
        openstack_sd_configs: [{role: instance, region: r, tls_config: {insecure_skip_verify: true}}]`), []);
  assert.deepEqual(errorsOf('scrape_configs: [{job_name: a, marathon_sd_configs: [{servers: [m], auth_tokn: t}]}]'),
    ['/scrape_configs/0/marathon_sd_configs/0 must NOT have additional properties']);
  const definitions = schema.definitions as Record<string, { additionalProperties: boolean; properties: Record<string, unknown> }>;
  const open = Object.entries(definitions).filter(([name, definition]) => name.endsWith('SD') && (definition.additionalProperties || !Object.keys(definition.properties).length));
  assert.deepEqual(open.map(([name]) => name), []);
});

test('every key says what it does and whether an agent uses it', () => {
  const walk = (node: unknown, path: string): string[] => {
    if (node === null || typeof node !== 'object') return [];
    const record = node as Record<string, unknown>;
    const own = Object.entries((record.properties ?? {}) as Record<string, { description?: string }>)
      .filter(([, property]) => !/ (Used in|Ignored in|Not allowed in) agent mode/.test(property.description ?? ''))
      .map(([key]) => `${path}.${key}`);
    return [...own, ...Object.entries(record).flatMap(([key, value]) => walk(value, `${path}/${key}`))];
  };
  assert.deepEqual(walk(schema, ''), []);
  const global = (schema.definitions as Record<string, { properties: Record<string, { description: string }> }>).global.properties;
  assert.equal(global.evaluation_interval.description, 'How often rules are evaluated. Default: 1m. Ignored in agent mode (accepted, never used).');
});

/**
 * Valid for Prometheus yet not for a typed schema: YAML numbers and booleans where Go reads text, keys written with no
 * value (Go keeps the zero value).
 */
const untypedOnPurpose = new Set(['good-numbers-as-strings.yml', 'good-float-into-int.yml', 'good-queue-zero-shards.yml',
  'good-queue-config-empty.yml', 'good-tracing-client-type-empty.yml']);

test('the good configurations of the promtool corpus validate against the schema', () => {
  const corpus = join(__dirname, '..', 'fixtures', 'prometheus-configs');
  const failing = readdirSync(corpus).filter((name) => name.startsWith('good-') && !untypedOnPurpose.has(name))
    .flatMap((name) => errorsOf(readFileSync(join(corpus, name), 'utf8')).map((error) => `${name}: ${error}`));
  assert.deepEqual(failing, []);
});

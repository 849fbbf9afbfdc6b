import { test } from 'node:test';
import assert from 'node:assert/strict';
import { yaml } from '../support/engine';
import { checkConfig, messages } from '../support/promconfig';

const rw = 'remote_write:\n  - url: https://a.example.com/write\n';

test('otlp: translation strategies, and promote lists against promote_all', () => {
  assert.deepEqual(checkConfig(`otlp:\n  translation_strategy: NoTranslation\n  promote_resource_attributes: [service.name, k8s.pod.name]\n${rw}`), []);
  assert.deepEqual(checkConfig(`otlp:\n  translation_strategy: Nope\n${rw}`), ['2:25 error promconfig/otlp unsupported OTLP translation strategy "Nope"']);
  assert.deepEqual(messages(`global:\n  metric_name_validation_scheme: legacy\notlp:\n  translation_strategy: NoUTF8EscapingWithSuffixes\n${rw}`, 'promconfig/otlp'),
    ['OTLP translation strategy "NoUTF8EscapingWithSuffixes" is not allowed when UTF8 is disabled']);
  assert.deepEqual(messages(`otlp:\n  promote_all_resource_attributes: true\n  promote_resource_attributes: [a]\n${rw}`, 'promconfig/otlp'),
    ["'promote_all_resource_attributes' and 'promote_resource_attributes' cannot be configured simultaneously"]);
  assert.deepEqual(messages(`otlp:\n  ignore_resource_attributes: [a]\n${rw}`, 'promconfig/otlp'),
    ["'ignore_resource_attributes' cannot be configured unless 'promote_all_resource_attributes' is true"]);
  assert.deepEqual(messages(`otlp:\n  promote_resource_attributes: [a, " ", a]\n${rw}`, 'promconfig/otlp'),
    ["invalid 'promote_resource_attributes': empty promoted OTel resource attribute", "invalid 'promote_resource_attributes': duplicated promoted OTel resource attribute \"a\""]);
});

test('otlp: the translation strategies each release knows, the otlp block itself from v2.55', () => {
  const strategy = (name: string, prometheusVersion: string) => checkConfig(`otlp:\n  translation_strategy: ${name}\n${rw}`, { prometheusVersion });
  assert.deepEqual(strategy('NoTranslation', 'v3.4.0'), []);
  assert.deepEqual(strategy('NoTranslation', 'v3.3.0'), ['2:25 error promconfig/otlp unsupported OTLP translation strategy "NoTranslation"']);
  assert.deepEqual(strategy('UnderscoreEscapingWithoutSuffixes', 'v3.6.0'), []);
  assert.deepEqual(strategy('UnderscoreEscapingWithoutSuffixes', 'v3.5.0'), ['2:25 error promconfig/otlp unsupported OTLP translation strategy "UnderscoreEscapingWithoutSuffixes"']);
  assert.deepEqual(checkConfig(`otlp:\n  promote_resource_attributes: [service.name]\n${rw}`, { prometheusVersion: 'v2.54.0' }),
    ['1:1 error promconfig/key-version field otlp not found in type config.plain: otlp was added in Prometheus v2.55.0 (checking for v2.54.0)']);
  assert.deepEqual(messages(`otlp:\n  ignore_resource_attributes: [a, a]\n  promote_all_resource_attributes: true\n${rw}`, 'promconfig/otlp'),
    ["invalid 'ignore_resource_attributes': duplicated ignored OTel resource attribute \"a\""]);
});

test('tracing: an endpoint, a known client type and compression, no Authorization or reserved header', () => {
  assert.deepEqual(checkConfig(`tracing:\n  endpoint: collector:4317\n  client_type: http\n  compression: gzip\n${rw}`), []);
  assert.deepEqual(checkConfig(`tracing:\n  sampling_fraction: 0.5\n${rw}`), ['2:3 error promconfig/tracing tracing endpoint must be set']);
  assert.deepEqual(checkConfig(`tracing:\n  endpoint: collector:4317\n  client_type:\n${rw}`), []);
  assert.deepEqual(checkConfig(`tracing:\n  endpoint: collector:4317\n  client_type: ""\n${rw}`),
    ['3:16 error promconfig/tracing expected tracing client type to be to be http or grpc, but got ']);
  assert.deepEqual(messages(`tracing:\n  endpoint: c:4317\n  client_type: udp\n  compression: zstd\n  headers: {Authorization: x, User-Agent: y}\n${rw}`, 'promconfig/tracing'), [
    'expected tracing client type to be to be http or grpc, but got udp',
    'invalid compression type zstd provided, valid options: gzip',
    'custom authorization header configuration is not yet supported',
    'User-Agent is a reserved header. It must not be changed',
  ]);
});

test('storage.tsdb: chunk encoding, retention size and percentage, in Prometheus\' words, even though an agent ignores them', () => {
  const storage = (settings: string, version?: string) =>
    checkConfig(`storage:\n  tsdb:\n${settings}${rw}`, version ? { prometheusVersion: version } : {}).filter((line) => line.includes('promconfig/storage'));
  assert.deepEqual(storage('    chunk_encoding: {floats: xor2}\n    retention: {percentage: 80, size: 10GB}\n'), []);
  assert.deepEqual(storage('    chunk_encoding: {floats: ""}\n    retention: {percentage: 0, size: -0.5B}\n'), []);
  assert.deepEqual(storage('    chunk_encoding:\n      floats: xor3\n'), [
    "4:15 error promconfig/storage 'storage.tsdb.chunk_encoding.floats' must be 'xor' or 'xor2', or the field must be omitted entirely, got \"xor3\"",
  ]);
  assert.deepEqual(storage('    retention:\n      size: -1536KB\n'), [
    "4:13 error promconfig/storage 'storage.tsdb.retention.size' must be greater than or equal to 0, got -1MiB-512KiB",
  ]);
  assert.deepEqual(storage('    retention:\n      percentage: 120\n'), [
    "4:19 error promconfig/storage 'storage.tsdb.retention.percentage' must be in the range [0, 100], got 120",
  ]);
  assert.deepEqual(storage('    retention:\n      percentage: -1.5e7\n'), [
    "4:19 error promconfig/storage 'storage.tsdb.retention.percentage' must be in the range [0, 100], got -1.5e+07",
  ]);
  // The size is checked first, and Prometheus stops there.
  assert.deepEqual(storage('    retention: {size: -1GB, percentage: 200}\n').length, 1);
  // Before the release that added a key, the key itself is the finding (promconfig/key-version), not its value.
  assert.deepEqual(storage('    retention: {percentage: 120}\n', 'v3.10.0'), []);
});

test('alerting: Alertmanager api_version v1 is gone in v3', () => {
  const alerting = (version: string, options = {}) =>
    checkConfig(`alerting:\n  alertmanagers:\n    - api_version: ${version}\n${rw}`, options).filter((line) => line.includes('promconfig/alerting'));
  assert.deepEqual(alerting('v2'), []);
  assert.deepEqual(alerting('v1'), ['3:20 error promconfig/alerting expected Alertmanager api version to be one of [v2] but got v1']);
  assert.deepEqual(alerting('v1', { prometheusVersion: 'v2.55.1' }), []);
  assert.deepEqual(alerting('v3', { prometheusVersion: 'v2.55.1' }), ['3:20 error promconfig/alerting expected Alertmanager api version to be one of [v1 v2] but got v3']);
});

test('alerting: an api_version written empty is refused; sigv4 excludes the other auth methods', () => {
  const alertmanager = (settings: string) =>
    checkConfig(`alerting:\n  alertmanagers:\n    - ${settings}\n${rw}`).filter((line) => line.includes('promconfig/alerting'));
  assert.deepEqual(alertmanager('api_version:'), []);
  assert.deepEqual(alertmanager('api_version: ""'), ['3:20 error promconfig/alerting expected Alertmanager api version to be one of [v2] but got ']);
  assert.deepEqual(alertmanager('{sigv4: {region: eu-west-1}, static_configs: [{targets: [am:9093]}]}'), []);
  assert.deepEqual(alertmanager('{basic_auth: {username: u}, sigv4: {region: eu-west-1}}'),
    ['3:35 error promconfig/alerting at most one of basic_auth, authorization, oauth2, & sigv4 must be configured']);
});

test('a server\'s sections are checked in every configuration; in an agent\'s they are an error of their own', () => {
  const server = yaml`
    rule_files: [rules/*.yml]
    alerting:
      alertmanagers:
        - path_prefix: /am
          timeout: 10s
          api_version: v2
          dns_sd_configs: [{names: [_am._tcp.example.com]}]
          relabel_configs: [{source_labels: [__meta_dns_name], target_label: instance}]
    remote_read:
      - url: https://read.example.com/api/v1/read
        required_matchers: {team: infra}
        filter_external_labels: false
  ` + rw;
  assert.deepEqual(checkConfig(server).filter((line) => !line.includes('promconfig/agent-forbidden')), []);
  assert.deepEqual(checkConfig(server.replace('timeout: 10s', 'timeout: 10')).filter((line) => !line.includes('promconfig/agent-forbidden')),
    ['5:16 error promconfig/duration not a valid duration string: "10"']);
  assert.deepEqual(checkConfig(server.replace('names: [_am._tcp.example.com]', 'names: []')).filter((line) => !line.includes('promconfig/agent-forbidden')),
    ['7:25 error promconfig/service-discovery DNS-SD config must contain at least one SRV record name']);
  assert.deepEqual(checkConfig(server.replace('- url: https://read.example.com/api/v1/read', '- name: r')).filter((line) => !line.includes('promconfig/agent-forbidden')),
    ['10:5 error promconfig/remote-read url for remote_read is empty']);
});

import { test } from 'node:test';
import assert from 'node:assert/strict';
import { yaml } from '../support/engine';
import { checkConfig, messages, v2 } from '../support/promconfig';

const remote = (entry: string) => `remote_write:\n  - url: https://a.example.com/write\n${entry}`;

test('a remote_write entry without url', () => {
  assert.deepEqual(checkConfig('remote_write:\n  - name: primary\n  - url:\n'), [
    '2:5 error promconfig/remote-write url for remote_write is empty',
    '3:5 error promconfig/remote-write url for remote_write is empty',
  ]);
});

test('headers Prometheus sets itself are refused, Authorization pointing to the auth settings', () => {
  assert.deepEqual(checkConfig(remote('    headers:\n      Authorization: Bearer x\n      content-Type: x\n      X-Scope-OrgID: t1\n')), [
    '4:7 error promconfig/remote-write authorization header must be changed via the basic_auth, authorization, oauth2, sigv4, azuread or google_iam parameter',
    '5:7 error promconfig/remote-write content-Type is a reserved header. It must not be changed',
  ]);
  assert.deepEqual(messages(remote('    headers: {authorization: x}\n'), 'promconfig/remote-write', v2),
    ['authorization header must be changed via the basic_auth, authorization, oauth2, or sigv4 parameter']);
});

test('protobuf_message takes the two remote-write messages', () => {
  assert.deepEqual(messages(remote('    protobuf_message: io.prometheus.write.v2.Request\n'), 'promconfig/remote-write'), []);
  assert.deepEqual(messages(remote('    protobuf_message: v2\n'), 'promconfig/remote-write'),
    ['invalid protobuf_message value: unknown type for remote write protobuf message v2, supported: prometheus.WriteRequest, io.prometheus.write.v2.Request']);
});

test('one auth method: sigv4, azuread and google_iam do not combine with the others', () => {
  const text = remote('    basic_auth: {username: u}\n    sigv4: {region: eu-west-1}\n');
  assert.deepEqual(checkConfig(text), ['4:5 error promconfig/remote-write at most one of basic_auth, authorization, oauth2, sigv4, azuread or google_iam must be configured. Currently configured: [basic_auth sigv4]']);
  assert.deepEqual(messages(text, 'promconfig/remote-write', v2), ['at most one of basic_auth, authorization, oauth2, & sigv4 must be configured']);
  assert.deepEqual(messages(remote('    sigv4: {region: eu-west-1}\n'), 'promconfig/remote-write'), []);
});

test('azuread: a known cloud and exactly one way to authenticate', () => {
  const azure = (settings: string) => messages(remote(`    azuread:\n${settings}`), 'promconfig/remote-write');
  assert.deepEqual(azure('      cloud: AzureChina\n      managed_identity: {client_id: 00000000-0000-0000-0000-000000000000}\n'), []);
  assert.deepEqual(azure('      sdk: {tenant_id: t}\n'), []);
  assert.deepEqual(azure('      cloud: AzurePublic\n'), ['the Azure AD config has no way to authenticate: set one of managed_identity, oauth, sdk or workload_identity']);
  assert.deepEqual(azure('      cloud: Mars\n      sdk: {}\n'), ['must provide a cloud in the Azure AD config']);
  assert.deepEqual(azure('      oauth: {client_id: a, client_secret: b, tenant_id: c}\n      sdk: {}\n'), ['cannot provide both Azure OAuth and Azure SDK in the Azure AD config']);
  assert.deepEqual(checkConfig(remote('    azuread:\n      managed_identity: {client_id: x}\n      oauth: {client_id: a}\n')), [
    '5:7 error promconfig/remote-write cannot provide both Azure Managed Identity and Azure OAuth in the Azure AD config',
  ]);
});

test('queue_config is validated from v3.12', () => {
  const text = remote('    queue_config:\n      max_shards: 0\n      min_shards: 5\n      capacity: -1\n      min_backoff: 10s\n      max_backoff: 1s\n');
  assert.deepEqual(checkConfig(text), [
    '4:19 error promconfig/remote-write remote write queue max_shards must be positive',
    '5:19 error promconfig/remote-write remote write queue min_shards must not be greater than max_shards',
    '6:17 error promconfig/remote-write remote write queue capacity must be positive',
    '8:20 error promconfig/remote-write remote write queue max_backoff must not be less than min_backoff',
  ]);
  assert.deepEqual(messages(text, 'promconfig/remote-write', { prometheusVersion: 'v3.11.0' }), []);
  assert.deepEqual(messages(remote('    queue_config: {max_shards: 10, min_shards: 2}\n'), 'promconfig/remote-write'), []);
});

test('sigv4 external_id needs role_arn; names are unique', () => {
  assert.deepEqual(messages(remote('    sigv4: {region: eu-west-1, external_id: x}\n'), 'promconfig/remote-write'), ['external_id can only be used with role_arn']);
  assert.deepEqual(checkConfig(yaml`
    remote_write:
      - url: https://a.example.com/write
        name: q
      - url: https://b.example.com/write
        name: q
      - url: https://c.example.com/write`), ['5:11 error promconfig/remote-write found multiple remote write configs with job name "q"']);
});

test('remote_read: url, headers and names, besides being refused in agent mode', () => {
  assert.deepEqual(messages(yaml`
    remote_read:
      - name: a
      - url: https://r.example.com/read
        name: a
        headers: {Host: x}`, 'promconfig/remote-read'), [
    'url for remote_read is empty',
    'found multiple remote read configs with job name "a"',
    'Host is a reserved header. It must not be changed',
  ]);
});

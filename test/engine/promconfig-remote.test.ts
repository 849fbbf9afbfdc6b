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
  // Remote Write 2.0 came in v2.54.0, with the key.
  const rw2 = remote('    protobuf_message: io.prometheus.write.v2.Request\n');
  assert.deepEqual(checkConfig(rw2, { prometheusVersion: 'v2.54.0' }), []);
  assert.deepEqual(messages(rw2, 'promconfig/key-version', { prometheusVersion: 'v2.53.0' }),
    ['field protobuf_message not found in type config.plain: protobuf_message was added in Prometheus v2.54.0 (checking for v2.53.0)']);
});

test('one auth method: sigv4, azuread and google_iam do not combine with the others', () => {
  const text = remote('    basic_auth: {username: u}\n    sigv4: {region: eu-west-1}\n');
  assert.deepEqual(checkConfig(text), ['4:5 error promconfig/remote-write at most one of basic_auth, authorization, oauth2, sigv4, azuread or google_iam must be configured. Currently configured: [basic_auth sigv4]']);
  assert.deepEqual(messages(text, 'promconfig/remote-write', v2), ['at most one of basic_auth, authorization, oauth2, & sigv4 must be configured']);
  assert.deepEqual(messages(remote('    sigv4: {region: eu-west-1}\n'), 'promconfig/remote-write'), []);
  // A bearer token is the client's authorization once it is validated.
  assert.deepEqual(messages(remote('    bearer_token: b\n    sigv4: {region: eu-west-1}\n'), 'promconfig/remote-write'),
    ['at most one of basic_auth, authorization, oauth2, sigv4, azuread or google_iam must be configured. Currently configured: [authorization sigv4]']);
  assert.deepEqual(messages(remote('    bearer_token_file: ""\n    sigv4: {region: eu-west-1}\n'), 'promconfig/remote-write'), []);
});

test('azuread: a known cloud and exactly one way to authenticate', () => {
  const azure = (settings: string) => messages(remote(`    azuread:\n${settings}`), 'promconfig/remote-write');
  assert.deepEqual(azure('      cloud: AzureChina\n      managed_identity: {client_id: 00000000-0000-0000-0000-000000000000}\n'), []);
  assert.deepEqual(azure('      sdk: {tenant_id: t}\n'), []);
  assert.deepEqual(azure('      cloud: AzurePublic\n'), ['must provide an Azure Managed Identity, Azure Workload Identity, Azure OAuth or Azure SDK in the Azure AD config']);
  assert.deepEqual(messages(remote('    azuread: {cloud: AzurePublic}\n'), 'promconfig/remote-write', { prometheusVersion: 'v3.6.0' }),
    ['must provide an Azure Managed Identity, Azure OAuth or Azure SDK in the Azure AD config']);
  assert.deepEqual(messages(remote('    azuread: {cloud: AzurePublic}\n'), 'promconfig/remote-write', { prometheusVersion: 'v2.50.0' }),
    ['must provide an Azure Managed Identity or Azure OAuth in the Azure AD config']);
  assert.deepEqual(azure('      cloud: Mars\n      sdk: {}\n'), ['must provide a cloud in the Azure AD config']);
  assert.deepEqual(azure('      oauth: {client_id: a, client_secret: b, tenant_id: c}\n      sdk: {}\n'), ['cannot provide both Azure OAuth and Azure SDK in the Azure AD config']);
  assert.deepEqual(checkConfig(remote('    azuread:\n      managed_identity: {client_id: x}\n      oauth: {client_id: a}\n')), [
    '5:7 error promconfig/remote-write cannot provide both Azure Managed Identity and Azure OAuth in the Azure AD config',
  ]);
});

test('azuread: the IDs each way to authenticate needs', () => {
  const azure = (settings: string, options = {}) => checkConfig(remote(`    azuread:\n${settings}`), options);
  // Since v3.5 an empty client_id picks the system-assigned managed identity.
  assert.deepEqual(azure('      managed_identity: {}\n'), []);
  assert.deepEqual(azure('      managed_identity: {}\n', { prometheusVersion: 'v3.4.0' }),
    ['4:7 error promconfig/remote-write must provide an Azure Managed Identity client_id in the Azure AD config']);
  assert.deepEqual(azure('      managed_identity: {client_id: my-identity}\n'),
    ['4:26 error promconfig/remote-write the provided Azure Managed Identity client_id is invalid']);
  assert.deepEqual(azure('      oauth: {client_id: 00000000-0000-0000-0000-000000000000, client_secret: s}\n'),
    ['4:7 error promconfig/remote-write must provide an Azure OAuth tenant_id in the Azure AD config']);
  assert.deepEqual(azure('      oauth: {client_id: app, client_secret: s, tenant_id: t}\n'),
    ['4:15 error promconfig/remote-write the provided Azure OAuth client_id is invalid']);
  assert.deepEqual(azure('      oauth: {client_id: "{00000000-0000-0000-0000-000000000000}", client_secret: s, tenant_id: t}\n'), []);
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
  assert.deepEqual(messages(remote('    queue_config: {min_shards: 0, max_samples_per_send: -1}\n'), 'promconfig/remote-write'),
    ['remote write queue min_shards must be positive', 'remote write queue max_samples_per_send must be positive']);
  assert.deepEqual(messages(remote('    queue_config: {max_shards: 10, min_shards: 2}\n'), 'promconfig/remote-write'), []);
  // Written with no value, the queue settings are all zero.
  assert.deepEqual(checkConfig(remote('    queue_config:\n'), { prometheusVersion: 'v3.14.0' }), ['3:5 error promconfig/remote-write remote write queue max_shards must be positive']);
  assert.deepEqual(checkConfig(remote('    queue_config:\n'), { prometheusVersion: 'v3.11.0' }), []);
});

test('sigv4: static credentials come as a pair, external_id needs role_arn; for Alertmanagers too', () => {
  assert.deepEqual(checkConfig(remote('    sigv4: {region: eu-west-1, access_key: AKIA, secret_key: s, role_arn: r, external_id: x}\n')), []);
  assert.deepEqual(checkConfig(remote('    sigv4: {region: eu-west-1, external_id: x}\n')), ['3:45 error promconfig/sigv4 external_id can only be used with role_arn']);
  assert.deepEqual(checkConfig(remote('    sigv4:\n      access_key: AKIA\n')),
    ['4:7 error promconfig/sigv4 must provide a AWS SigV4 Access key and Secret Key if credentials are specified in the SigV4 config']);
  assert.deepEqual(messages(yaml`
    alerting:
      alertmanagers:
        - sigv4: {secret_key: s}`, 'promconfig/sigv4', { runBy: { mode: 'server' } }),
  ['must provide a AWS SigV4 Access key and Secret Key if credentials are specified in the SigV4 config']);
});

test('remote_write names are unique', () => {
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

test('the same remote_write entry twice, with no name: the remote storage refuses it as Prometheus starts', () => {
  const twice = (first: string, second: string) => checkConfig(`remote_write:\n  - ${first}\n  - ${second}\n`);
  assert.deepEqual(twice('{url: "http://x/w"}', '{url: "http://x/w"}'), ['3:6 error promconfig/remote-write duplicate remote write configs are not allowed, found duplicate for URL: http://x/w']);
  assert.deepEqual(twice('{url: "http://x/w", remote_timeout: 10s}', '{remote_timeout: 10s, url: "http://x/w"}').length, 1);
  assert.deepEqual(twice('{url: "http://x/w", name: a}', '{url: "http://x/w", name: b}'), []);
  assert.deepEqual(twice('{url: "http://x/w", name: a}', '{url: "http://x/w", name: a}'), ['3:31 error promconfig/remote-write found multiple remote write configs with job name "a"']);
  assert.deepEqual(twice('{url: "http://x/w"}', '{url: "http://x/w", name: b}'), []);
  assert.deepEqual(twice('{url: "http://x/w", headers: {on: "1"}}', '{url: "http://x/w", headers: {"true": "1"}}'), []);
  // Secrets hash as `<secret>` whatever they hold; an empty one as nothing.
  assert.equal(twice('{url: "http://x/w", bearer_token: a}', '{url: "http://x/w", bearer_token: b}').length, 1);
  assert.equal(twice('{url: "http://x/w", basic_auth: {username: u, password: a}}', '{url: "http://x/w", basic_auth: {username: u, password: b}}').length, 1);
  assert.deepEqual(twice('{url: "http://x/w", basic_auth: {username: u, password: ""}}', '{url: "http://x/w", basic_auth: {username: u, password: b}}'), []);
  assert.deepEqual(twice('{url: "http://x/w", basic_auth: {username: a}}', '{url: "http://x/w", basic_auth: {username: b}}'), []);
});

import { test } from 'node:test';
import assert from 'node:assert/strict';
import { checkConfig, messages, v2 } from '../support/promconfig';

const rw = 'remote_write:\n  - url: https://a.example.com/write\n';
const job = (body: string) => `scrape_configs:\n  - job_name: node\n${body}${rw}`;
const http = (body: string, options = {}) => messages(job(body), 'promconfig/http-client', options);

test('one of basic_auth, authorization, oauth2 and a bearer token, each secret from one source', () => {
  assert.deepEqual(checkConfig(job('    bearer_token: a\n    bearer_token_file: /t\n')), ['4:5 error promconfig/http-client at most one of bearer_token & bearer_token_file must be configured']);
  assert.deepEqual(http('    basic_auth: {username: u}\n    bearer_token: a\n'), ['at most one of basic_auth, oauth2, bearer_token & bearer_token_file must be configured']);
  assert.deepEqual(http('    authorization: {credentials: a}\n    bearer_token_file: /t\n'), ['authorization is not compatible with bearer_token & bearer_token_file']);
  assert.deepEqual(http('    authorization: {credentials: a, credentials_file: /c}\n'), ['at most one of authorization credentials & credentials_file must be configured']);
  assert.deepEqual(http('    authorization: {type: Basic}\n'), ['authorization type cannot be set to "basic", use "basic_auth" instead']);
  assert.deepEqual(http('    authorization: {type: " Basic "}\n'), ['authorization type cannot be set to "basic", use "basic_auth" instead']);
  assert.deepEqual(http('    authorization: {credentials: a, credentials_ref: vault/token}\n'), ['at most one of authorization credentials & credentials_file must be configured']);
  assert.deepEqual(http('    basic_auth: {username: u}\n    authorization: {credentials: c}\n'), ['at most one of basic_auth, oauth2 & authorization must be configured']);
  assert.deepEqual(http('    basic_auth: {username: u, username_file: /u}\n'), ['at most one of basic_auth username, username_file & username_ref must be configured']);
  assert.deepEqual(http('    basic_auth: {password: p, password_file: /p}\n'), ['at most one of basic_auth password, password_file & password_ref must be configured']);
  assert.deepEqual(http('    basic_auth: {password: p, password_file: /p}\n', v2), ['at most one of basic_auth password & password_file must be configured']);
});

test('a setting written empty is not configured: Helm renders `bearer_token_file: ""` beside the one in use', () => {
  assert.deepEqual(http('    bearer_token_file: ""\n    basic_auth: {username: u, password: "", password_file: /p}\n'), []);
  assert.deepEqual(http('    bearer_token: ""\n    authorization: {credentials: "", credentials_file: /c}\n'), []);
  assert.deepEqual(http('    oauth2: {client_id: a, token_url: https://t, client_secret: "", client_secret_file: /s}\n'), []);
  assert.deepEqual(http('    bearer_token_file: ~\n    basic_auth: {username: u}\n'), []);
  // A section written with any value is a non-nil pointer: basic_auth: {} is a second method.
  assert.deepEqual(http('    basic_auth: {}\n    bearer_token: a\n'), ['at most one of basic_auth, oauth2, bearer_token & bearer_token_file must be configured']);
  assert.deepEqual(messages(job('    tls_config: {ca: "", ca_file: /ca, cert: "", cert_file: /c, key: "", key_file: /k}\n'), 'promconfig/tls'), []);
  assert.deepEqual(messages(job('    tls_config: {cert_file: "", key_file: ""}\n'), 'promconfig/tls'), []);
  assert.deepEqual(messages(job('    tls_config: {cert: "", cert_file: /c}\n'), 'promconfig/tls'),
    ['exactly one of key or key_file must be configured when a client certificate is configured']);
});

test('credentials are optional', () => {
  assert.deepEqual(http('    basic_auth: {username: u}\n    follow_redirects: false\n'), []);
  assert.deepEqual(http('    authorization: {}\n'), []);
});

test('oauth2 needs client_id and token_url; before v3 a client secret too', () => {
  assert.deepEqual(http('    oauth2: {client_secret: s}\n'), ['oauth2 client_id must be configured', 'oauth2 token_url must be configured']);
  assert.deepEqual(http('    oauth2: {client_id: a, token_url: https://t, client_secret: s, client_secret_file: /s}\n'),
    ['at most one of oauth2 client_secret, client_secret_file & client_secret_ref must be configured using grant-type=client_credentials']);
  assert.deepEqual(http('    oauth2: {client_id: a, token_url: https://t}\n'), []);
  // A JWT-bearer grant signs with a key instead of sending a secret (v3.8).
  const jwt = 'client_id: a, token_url: https://t, grant_type: "urn:ietf:params:oauth:grant-type:jwt-bearer"';
  assert.deepEqual(http(`    oauth2: {${jwt}, client_certificate_key_file: /k, client_secret: s, client_secret_file: /s}\n`), []);
  assert.deepEqual(http(`    oauth2: {${jwt}, client_certificate_key: k, client_certificate_key_file: /k}\n`),
    ['at most one of oauth2 client_certificate_key, client_certificate_key_file & client_certificate_key_ref must be configured using grant-type=urn:ietf:params:oauth:grant-type:jwt-bearer']);
  assert.deepEqual(http('    oauth2: {client_id: a, token_url: https://t}\n', v2), ['either oauth2 client_secret or client_secret_file must be configured']);
});

test('proxy settings that need or exclude each other, for the client and for oauth2', () => {
  assert.deepEqual(http('    proxy_connect_header: {Proxy-Authorization: [x]}\n'), ['if proxy_connect_header is configured, proxy_url or proxy_from_environment must also be configured']);
  assert.deepEqual(http('    proxy_connect_header: {Proxy-Authorization: [x]}\n', v2), ['if proxy_connect_header is configured proxy_url must also be configured']);
  assert.deepEqual(http('    proxy_from_environment: true\n    proxy_url: http://p:3128\n    no_proxy: localhost\n'),
    ['if proxy_from_environment is configured, proxy_url must not be configured', 'if proxy_from_environment is configured, no_proxy must not be configured']);
  assert.deepEqual(http('    no_proxy: localhost\n'), ['if no_proxy is configured, proxy_url must also be configured']);
  assert.deepEqual(http('    oauth2: {client_id: a, token_url: https://t, no_proxy: x}\n'), ['if no_proxy is configured, proxy_url must also be configured']);
  assert.deepEqual(http('    proxy_url: http://p:3128\n    no_proxy: localhost\n    proxy_connect_header: {X: [y]}\n'), []);
  // `proxy_url: ""` parses to a URL (no_proxy is content with it); an empty header map is no header.
  assert.deepEqual(http('    proxy_url: ""\n    no_proxy: localhost\n    proxy_connect_header: {}\n'), []);
});

test('http_headers may not set the headers Prometheus sets', () => {
  assert.deepEqual(checkConfig(job('    http_headers:\n      authorization: {values: [x]}\n      X-Tenant: {values: [t1]}\n')),
    ['4:7 error promconfig/http-client setting header "Authorization" is not allowed']);
});

test('the HTTP client of a service discovery and of remote_write is checked too', () => {
  assert.deepEqual(messages(job('    http_sd_configs:\n      - url: https://sd\n        bearer_token: a\n        bearer_token_file: /t\n'), 'promconfig/http-client'),
    ['at most one of bearer_token & bearer_token_file must be configured']);
  assert.deepEqual(messages(`remote_write:\n  - url: https://a\n    basic_auth: {username: u}\n    oauth2: {client_id: a, token_url: https://t}\n`, 'promconfig/http-client'),
    ['at most one of basic_auth, oauth2 & authorization must be configured']);
  // consul_sd_configs' username and password are its client's basic_auth: another method beside them is refused.
  const consul = (body: string) => messages(job(`    consul_sd_configs:\n      - server: consul:8500\n${body}`), 'promconfig/http-client');
  assert.deepEqual(consul('        username: u\n        bearer_token: b\n'), ['at most one of basic_auth, oauth2, bearer_token & bearer_token_file must be configured']);
  assert.deepEqual(consul('        username: u\n        authorization: {credentials: b}\n'), ['at most one of basic_auth, oauth2 & authorization must be configured']);
  assert.deepEqual(consul('        token: t\n        bearer_token: b\n'), []);
  assert.deepEqual(consul('        username: ""\n        bearer_token: b\n'), []);
});

test('tls_config: versions, one source per certificate, a certificate with its key', () => {
  const tls = (body: string, options = {}) => messages(job(`    tls_config: ${body}\n`), 'promconfig/tls', options);
  assert.deepEqual(tls('{min_version: TLS14}'), ['unknown TLS version: TLS14']);
  assert.deepEqual(tls('{ca: x, ca_file: /ca}'), ['at most one of ca, ca_file & ca_ref must be configured']);
  assert.deepEqual(tls('{cert: x, cert_file: /c, key_file: /k}'), ['at most one of cert, cert_file & cert_ref must be configured']);
  assert.deepEqual(tls('{cert_file: /c, key: k, key_file: /k}'), ['at most one of key and key_file must be configured']);
  assert.deepEqual(tls('{cert_file: /c, key: k, key_ref: vault/key}'), ['at most one of key and key_file must be configured']);
  assert.deepEqual(tls('{cert_file: /c}'), ['exactly one of key or key_file must be configured when a client certificate is configured']);
  assert.deepEqual(tls('{key_file: /k}'), ['exactly one of cert or cert_file must be configured when a client key is configured']);
  assert.deepEqual(tls('{cert_file: /c, key_file: /k, ca_file: /ca, min_version: TLS12}'), []);
});

test('before inline certificates (v2.42), promtool checked a job\'s certificate files', () => {
  assert.deepEqual(checkConfig(job('    tls_config: {cert_file: /etc/client.crt}\n'), v2), ['3:29 error promconfig/tls client cert file "/etc/client.crt" specified without client key file']);
  assert.deepEqual(messages(job('    tls_config: {key_file: /k}\n'), 'promconfig/tls', v2), ['client key file "/k" specified without client cert file']);
  assert.deepEqual(messages(`remote_write:\n  - url: https://a\n    tls_config: {cert_file: /c}\n`, 'promconfig/tls', v2), []);
});

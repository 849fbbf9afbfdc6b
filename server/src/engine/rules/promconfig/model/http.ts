import type { KeySpec, SectionSpec } from './types';
import { afterV2_42, bool, key, list, oneOf, secret, section, str, stringList, stringMap, url } from './values';

const tlsVersions = ['TLS10', 'TLS11', 'TLS12', 'TLS13'];

/** The proxy settings common's HTTP client and its OAuth2 token client share. */
const proxyKeys: Record<string, KeySpec> = {
  proxy_url: key(url, 'HTTP proxy to send requests through.'),
  no_proxy: key(str, 'Comma-separated hosts, IPs and CIDRs reached without the proxy; needs proxy_url.', { since: 'v2.43.0' }),
  proxy_from_environment: key(bool, 'Take the proxy from HTTP_PROXY, HTTPS_PROXY and NO_PROXY.', { since: 'v2.43.0' }),
  proxy_connect_header: key({ kind: 'map', value: list(secret, '[]config.Secret'), goType: 'config.Header' },
    'Headers sent to the proxy on CONNECT; needs proxy_url or proxy_from_environment.'),
};

/** Keys Go inlines (`yaml:",inline"`) wherever an HTTP client is configured: scrape jobs, remote write, most SDs. */
export const httpClientKeys: Record<string, KeySpec> = {
  basic_auth: key(section('basicAuth'), 'Basic authentication on every request.'),
  authorization: key(section('authorization'), 'An Authorization header (type and credentials) on every request.'),
  oauth2: key(section('oauth2'), 'OAuth 2.0 client credentials, fetched from token_url.'),
  bearer_token: key(secret, 'Bearer token (legacy; prefer authorization.credentials).'),
  bearer_token_file: key(str, 'File holding the bearer token (legacy; prefer authorization.credentials_file).'),
  tls_config: key(section('tls'), 'TLS settings for the connection.'),
  ...proxyKeys,
  follow_redirects: key(bool, 'Follow HTTP 3xx redirects.', { defaultText: 'true' }),
  enable_http2: key(bool, 'Allow HTTP/2.'),
  http_headers: key({ kind: 'map', value: section('httpHeader'), goType: 'config.Headers' },
    'Extra headers on every request, from values, secrets or files.', { since: 'v2.55.0' }),
};

export const httpSections: Record<string, SectionSpec> = {
  basicAuth: {
    goType: 'config.plain',
    doc: 'Basic authentication. Prometheus requires neither username nor password.',
    keys: {
      username: key(str, 'User name.'),
      username_file: key(str, 'File holding the user name.', { since: afterV2_42 }),
      username_ref: key(str, 'Name of a secret holding the user name (secret managers).', { since: afterV2_42 }),
      password: key(secret, 'Password.'),
      password_file: key(str, 'File holding the password.'),
      password_ref: key(str, 'Name of a secret holding the password (secret managers).', { since: afterV2_42 }),
    },
  },
  authorization: {
    goType: 'config.Authorization',
    doc: 'The Authorization header. Credentials are optional.',
    keys: {
      type: key(str, 'Authentication scheme; "basic" is refused (use basic_auth).', { defaultText: 'Bearer' }),
      credentials: key(secret, 'Credentials sent after the type.'),
      credentials_file: key(str, 'File holding the credentials.'),
      credentials_ref: key(str, 'Name of a secret holding the credentials (secret managers).', { since: afterV2_42 }),
    },
  },
  oauth2: {
    goType: 'config.OAuth2',
    doc: 'OAuth 2.0 token source.',
    keys: {
      client_id: key(str, 'OAuth 2.0 client ID.'),
      client_secret: key(secret, 'OAuth 2.0 client secret.'),
      client_secret_file: key(str, 'File holding the client secret.'),
      client_secret_ref: key(str, 'Name of a secret holding the client secret (secret managers).', { since: afterV2_42 }),
      client_certificate_key_id: key(str, 'Key ID of the JWT-bearer client assertion.', { since: 'v3.8.0' }),
      client_certificate_key: key(secret, 'Private key that signs the JWT-bearer client assertion.', { since: 'v3.8.0' }),
      client_certificate_key_file: key(str, 'File holding the JWT signing key.', { since: 'v3.8.0' }),
      client_certificate_key_ref: key(str, 'Name of a secret holding the JWT signing key.', { since: 'v3.8.0' }),
      grant_type: key(str, 'OAuth 2.0 grant type (client_credentials or JWT bearer).', { since: 'v3.8.0' }),
      signature_algorithm: key(str, 'Algorithm that signs the JWT-bearer assertion.', { since: 'v3.8.0' }),
      iss: key(str, 'Issuer claim of the JWT-bearer assertion.', { since: 'v3.8.0' }),
      audience: key(str, 'Audience claim of the JWT-bearer assertion.', { since: 'v3.8.0' }),
      claims: key({ kind: 'map', value: str, goType: 'map[string]interface {}' }, 'Extra claims of the JWT-bearer assertion.', { since: 'v3.8.0' }),
      scopes: key(stringList, 'Scopes requested with the token.'),
      token_url: key(str, 'URL the token is fetched from.'),
      endpoint_params: key(stringMap, 'Extra parameters sent to the token URL.'),
      tls_config: key(section('tls'), 'TLS settings for the token request.'),
      proxy_url: proxyKeys.proxy_url,
      no_proxy: proxyKeys.no_proxy,
      proxy_from_environment: proxyKeys.proxy_from_environment,
      proxy_connect_header: { ...proxyKeys.proxy_connect_header, since: afterV2_42 },
    },
  },
  tls: {
    goType: 'config.plain',
    doc: 'TLS settings: CA, client certificate and key, server name, versions.',
    keys: {
      ca: key(str, 'CA certificate (PEM) that verifies the server.', { since: afterV2_42 }),
      ca_file: key(str, 'File holding the CA certificate.'),
      ca_ref: key(str, 'Name of a secret holding the CA certificate.', { since: afterV2_42 }),
      cert: key(str, 'Client certificate (PEM).', { since: afterV2_42 }),
      cert_file: key(str, 'File holding the client certificate.'),
      cert_ref: key(str, 'Name of a secret holding the client certificate.', { since: afterV2_42 }),
      key: key(secret, 'Client private key (PEM).', { since: afterV2_42 }),
      key_file: key(str, 'File holding the client private key.'),
      key_ref: key(str, 'Name of a secret holding the client private key.', { since: afterV2_42 }),
      server_name: key(str, 'Server name checked against the certificate (SNI).'),
      insecure_skip_verify: key(bool, 'Skip verifying the server certificate.'),
      min_version: key(oneOf(tlsVersions), 'Oldest TLS version accepted.', { defaultText: 'TLS12' }),
      max_version: key(oneOf(tlsVersions), 'Newest TLS version accepted.'),
    },
  },
  httpHeader: {
    goType: 'config.plain',
    doc: 'One extra HTTP header: its values, secret values and files.',
    keys: {
      values: key(stringList, 'Header values.'),
      secrets: key(list(secret, '[]config.Secret'), 'Header values that are secrets.'),
      files: key(stringList, 'Files whose content is sent as header values.'),
    },
  },
};

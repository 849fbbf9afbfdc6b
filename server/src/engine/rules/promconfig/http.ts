import { isMap, isPair } from 'yaml';
import type { Node } from 'yaml';
import { atLeast } from '../../util/version';
import type { Rule } from '../rule';
import { isPrometheusConfig, sectionsNamed, sectionsWith } from './common';
import type { SectionInstance } from './decode';
import { goKey, goQuote, spanOf, type MapView } from './goYaml';
import { isV3 } from './names';
import { configUnits, type ConfigUnit } from './units';

/** prometheus/common's HTTPClientConfig.Validate, ProxyConfig.Validate and TLSConfig checks, in their order. */

/** The later of the keys that are configured: where a finding about their combination goes. */
function lastSet(view: MapView, keys: readonly string[]): string | undefined {
  const set = keys.filter((key) => view.configured(key));
  return set.sort((a, b) => (view.keySpan(a)?.start ?? 0) - (view.keySpan(b)?.start ?? 0)).at(-1);
}

/** How many of the keys are configured: `bearer_token: ""` beside `authorization` is no second method. */
function count(view: MapView, keys: readonly string[]): number {
  return keys.filter((key) => view.configured(key)).length;
}

/** Reports on the later of `keys` when more than one of them is set. */
function atMostOne(unit: ConfigUnit, view: MapView | undefined, keys: readonly string[], message: string): void {
  const last = view && count(view, keys) > 1 ? lastSet(view, keys) : undefined;
  if (view && last) unit.report({ span: view.keySpan(last) ?? view.anchor(), message });
}

function checkProxy(unit: ConfigUnit, view: MapView): void {
  const report = (key: string, message: string) => unit.report({ span: view.keySpan(key) ?? view.anchor(), message });
  const fromEnvironment = view.bool('proxy_from_environment') === true;
  const proxyUrl = (view.text('proxy_url') ?? '') !== '';
  // Headers count only when there are some; `proxy_url: ""` parses, and sets a URL no_proxy is content with.
  const connectHeaders = view.value('proxy_connect_header');
  if (isMap(connectHeaders) && connectHeaders.items.length > 0 && !fromEnvironment && !proxyUrl) {
    report('proxy_connect_header', isV3(unit.version)
      ? 'if proxy_connect_header is configured, proxy_url or proxy_from_environment must also be configured'
      : 'if proxy_connect_header is configured proxy_url must also be configured');
  }
  if (fromEnvironment && proxyUrl) report('proxy_url', 'if proxy_from_environment is configured, proxy_url must not be configured');
  if (fromEnvironment && view.text('no_proxy')) report('no_proxy', 'if proxy_from_environment is configured, no_proxy must not be configured');
  if (!view.has('proxy_url') && !fromEnvironment && view.text('no_proxy')) report('no_proxy', 'if no_proxy is configured, proxy_url must also be configured');
}

const reservedHttpHeaders = [
  'Authorization', 'Host', 'Content-Encoding', 'Content-Length', 'Content-Type', 'User-Agent', 'Connection', 'Keep-Alive',
  'Proxy-Authenticate', 'Proxy-Authorization', 'Www-Authenticate', 'Accept-Encoding', 'X-Prometheus-Remote-Write-Version',
  'X-Prometheus-Remote-Read-Version', 'X-Prometheus-Scrape-Timeout-Seconds', 'X-Amz-Date', 'X-Amz-Security-Token', 'X-Amz-Content-Sha256',
];

/** Go's http.CanonicalHeaderKey: each dash-separated word capitalised. */
const canonicalHeader = (name: string) => name.toLowerCase().replace(/(^|-)([a-z])/g, (_, dash: string, letter: string) => dash + letter.toUpperCase());

/**
 * `basicAuth`: the keys that set basic auth: consul_sd_configs' own username and password do (its UnmarshalYAML makes
 * them the client's basic_auth before validating it) where basic_auth is not written.
 */
function checkClient(unit: ConfigUnit, view: MapView, basicAuth = ['basic_auth']): void {
  const report = (keys: readonly string[], message: string) =>
    unit.report({ span: view.keySpan(lastSet(view, keys) ?? keys[0]) ?? view.anchor(), message });
  const v3 = isV3(unit.version);
  const bearer = view.configured('bearer_token') || view.configured('bearer_token_file');
  const basic = basicAuth.some((key) => view.configured(key)) ? 1 : 0;
  atMostOne(unit, view, ['bearer_token', 'bearer_token_file'], 'at most one of bearer_token & bearer_token_file must be configured');
  if (bearer && basic + count(view, ['oauth2']) > 0) {
    report([...basicAuth, 'oauth2', 'bearer_token', 'bearer_token_file'], 'at most one of basic_auth, oauth2, bearer_token & bearer_token_file must be configured');
  }
  const basicAuthMap = view.map('basic_auth');
  atMostOne(unit, basicAuthMap, ['username', 'username_file', 'username_ref'], 'at most one of basic_auth username, username_file & username_ref must be configured');
  atMostOne(unit, basicAuthMap, ['password', 'password_file', 'password_ref'], v3
    ? 'at most one of basic_auth password, password_file & password_ref must be configured'
    : 'at most one of basic_auth password & password_file must be configured');
  const authorization = view.map('authorization');
  if (view.has('authorization') && bearer) report(['authorization', 'bearer_token', 'bearer_token_file'], 'authorization is not compatible with bearer_token & bearer_token_file');
  atMostOne(unit, authorization, ['credentials', 'credentials_file', 'credentials_ref'], 'at most one of authorization credentials & credentials_file must be configured');
  // The type is trimmed before it is compared.
  if (authorization && authorization.text('type')?.trim().toLowerCase() === 'basic') {
    unit.report({ span: authorization.spanFor('type'), message: 'authorization type cannot be set to "basic", use "basic_auth" instead' });
  }
  if (basic + count(view, ['oauth2', 'authorization']) > 1) {
    report([...basicAuth, 'oauth2', 'authorization'], 'at most one of basic_auth, oauth2 & authorization must be configured');
  }
  const oauth2 = view.map('oauth2');
  if (oauth2) checkOAuth2(unit, oauth2);
  checkProxy(unit, view);
  const headers = view.value('http_headers');
  if (isMap(headers)) {
    for (const pair of headers.items) {
      const name = canonicalHeader(isPair(pair) ? goKey(pair) ?? '' : '');
      const span = spanOf(pair.key as Node);
      if (span && reservedHttpHeaders.includes(name)) unit.report({ span, message: `setting header ${goQuote(name)} is not allowed` });
    }
  }
}

const jwtBearer = 'urn:ietf:params:oauth:grant-type:jwt-bearer';

function checkOAuth2(unit: ConfigUnit, oauth2: MapView): void {
  const report = (key: string, message: string) => unit.report({ span: oauth2.keySpan(key) ?? oauth2.anchor(), message });
  const secrets = ['client_secret', 'client_secret_file', 'client_secret_ref'];
  if (!oauth2.text('client_id')) report('client_id', 'oauth2 client_id must be configured');
  if (isV3(unit.version)) {
    if (!oauth2.text('token_url')) report('token_url', 'oauth2 token_url must be configured');
    // A JWT-bearer grant signs an assertion with a key instead of sending a secret: only the key is checked then.
    if (oauth2.text('grant_type') === jwtBearer) {
      atMostOne(unit, oauth2, ['client_certificate_key', 'client_certificate_key_file', 'client_certificate_key_ref'],
        `at most one of oauth2 client_certificate_key, client_certificate_key_file & client_certificate_key_ref must be configured using grant-type=${jwtBearer}`);
    } else {
      atMostOne(unit, oauth2, secrets, 'at most one of oauth2 client_secret, client_secret_file & client_secret_ref must be configured using grant-type=client_credentials');
    }
  } else {
    // Before v3 a client secret was required.
    if (count(oauth2, secrets) === 0) report('client_secret', 'either oauth2 client_secret or client_secret_file must be configured');
    atMostOne(unit, oauth2, secrets, 'at most one of oauth2 client_secret & client_secret_file must be configured');
    if (!oauth2.text('token_url')) report('token_url', 'oauth2 token_url must be configured');
  }
  checkProxy(unit, oauth2);
}

/**
 * Where the HTTP client is not validated while the configuration is read: aws_sd_configs copies it into its role's
 * configuration without checking it, and before v2.48 (#12762 and the others) six discoveries did not check theirs.
 */
function validatesClient(section: SectionInstance, version: string): boolean {
  if (section.name === 'awsSD') return false;
  return atLeast(version, 'v2.48.0') || !['httpSD', 'ec2SD', 'azureSD', 'uyuniSD', 'puppetdbSD', 'lightsailSD'].includes(section.name);
}

export const httpClient: Rule = {
  id: 'promconfig/http-client',
  severity: 'error',
  docs: 'HTTP client settings that exclude each other: two auth methods, a secret and its file, authorization type basic, oauth2 without client_id or token_url, proxy settings.',
  appliesTo: isPrometheusConfig,
  check(context) {
    for (const unit of configUnits(context)) {
      for (const section of sectionsWith(unit, 'httpClient')) {
        if (!validatesClient(section, unit.version)) continue;
        const consulCredentials = section.name === 'consulSD' && !section.view.has('basic_auth');
        checkClient(unit, section.view, consulCredentials ? ['username', 'password'] : undefined);
      }
    }
  },
};

const tlsVersions = ['TLS10', 'TLS11', 'TLS12', 'TLS13'];
const certKeys = ['cert', 'cert_file', 'cert_ref'];
const keyKeys = ['key', 'key_file', 'key_ref'];

export const tls: Rule = {
  id: 'promconfig/tls',
  severity: 'error',
  docs: 'tls_config: a CA, certificate or key given twice, a client certificate without its key (or the reverse), an unknown TLS version.',
  appliesTo: isPrometheusConfig,
  check(context) {
    for (const unit of configUnits(context)) {
      for (const section of sectionsNamed(unit, 'tls')) {
        const view = section.view;
        const report = (key: string, message: string) => unit.report({ span: view.spanFor(key), message });
        for (const key of ['min_version', 'max_version']) {
          const version = view.text(key);
          if (version && !tlsVersions.includes(version)) report(key, `unknown TLS version: ${version}`);
        }
        const set = (key: string) => view.configured(key);
        if (!atLeast(unit.version, 'v2.43.0')) {
          // v2.42 had no inline certificates; promtool checked a scrape job's certificate files.
          if (!isDirectChildOfJob(section.view, section.job)) continue;
          if (set('cert_file') && !set('key_file')) report('cert_file', `client cert file ${goQuote(view.text('cert_file') ?? '')} specified without client key file`);
          if (set('key_file') && !set('cert_file')) report('key_file', `client key file ${goQuote(view.text('key_file') ?? '')} specified without client cert file`);
          continue;
        }
        atMostOne(unit, view, ['ca', 'ca_file', 'ca_ref'], 'at most one of ca, ca_file & ca_ref must be configured');
        atMostOne(unit, view, certKeys, 'at most one of cert, cert_file & cert_ref must be configured');
        atMostOne(unit, view, keyKeys, 'at most one of key and key_file must be configured');
        const cert = lastSet(view, certKeys);
        const key = lastSet(view, keyKeys);
        if (cert && !key) report(cert, 'exactly one of key or key_file must be configured when a client certificate is configured');
        if (key && !cert) report(key, 'exactly one of cert or cert_file must be configured when a client key is configured');
      }
    }
  },
};

function isDirectChildOfJob(view: MapView, job: MapView | undefined): boolean {
  return job !== undefined && view.path.length === job.path.length + 1 && view.path.at(-1) === 'tls_config';
}

export const httpRules: Rule[] = [httpClient, tls];

import { asRecord } from '../util/record';
import { compareVersions } from '../util/version';
import type { Path } from '../yaml/documents';

/**
 * What prometheus-operator refuses in the HTTP client settings of a monitor, a remote write or a scrape class
 * (authorization, OAuth2, TLS, proxy), and in the TLS settings of the web server, as the monitoringv1 types' Validate
 * methods and the asset store that loads them say it. Paths are relative to the object that holds the settings;
 * messages are without the prefix each caller adds.
 */
export interface ClientProblem {
  path: Path;
  message: string;
}

const text = (value: unknown) => (typeof value === 'string' ? value : undefined);
export const present = (value: unknown) => value !== undefined && value !== null;
/** A Go struct left at its zero value: absent, or with every field absent or empty. */
const isEmpty = (value: unknown) => !present(value) || (typeof value === 'object' && Object.values(value as object).every((v) => !present(v) || v === ''));

/** A SecretOrConfigMap as the operator prints it: `<secret=name,key=key>`. */
function secretOrConfigMapText(value: Record<string, unknown>): string {
  const secret = asRecord(value.secret);
  const configMap = asRecord(value.configMap);
  if (secret) return `<secret=${text(secret.name) ?? ''},key=${text(secret.key) ?? ''}>`;
  if (configMap) return `<configmap=${text(configMap.name) ?? ''},key=${text(configMap.key) ?? ''}>`;
  return '<empty>';
}

/**
 * The Validate of a ServiceMonitor's or PodMonitor's endpoint client (monitoringv1 HTTPConfig… types): one way to
 * authenticate, authorization and OAuth2 complete, a TLS client certificate with its key, a proxy set one way.
 * `validated`: the operator release runs that Validate; before it, only the asset store checked each setting it
 * loaded (an authorization only with credentials).
 */
export function endpointClientProblem(endpoint: Record<string, unknown>, tlsFiles: boolean, validated: boolean): ClientProblem | undefined {
  const has = (key: string) => validated && present(endpoint[key]);
  const pairs: [string, string][] = [
    ['authorization', 'basicAuth'], ['authorization', 'bearerTokenSecret'], ['authorization', 'oauth2'],
    ['basicAuth', 'bearerTokenSecret'], ['basicAuth', 'oauth2'], ['bearerTokenSecret', 'oauth2'],
  ];
  // Go checks the first method set against the others, in this order.
  const first = ['authorization', 'basicAuth', 'bearerTokenSecret'].find(has);
  const clash = first && pairs.find(([a, b]) => a === first && has(b));
  if (clash) return { path: [clash[1]], message: `${clash[0]} and ${clash[1]} cannot be configured at the same time` };
  const authorization = asRecord(endpoint.authorization);
  if (authorization && (validated || present(authorization.credentials))) {
    if (isBasicType(authorization)) return { path: ['authorization', 'type'], message: `authorization: ${basicTypeMessage}` };
    if (!present(authorization.credentials)) return { path: ['authorization'], message: "authorization: 'authorization' credentials are required" };
  }
  const oauth2 = asRecord(endpoint.oauth2);
  const oauth2Refusal = oauth2 && oauth2Problem(oauth2);
  if (oauth2Refusal) return { path: ['oauth2', ...oauth2Refusal.path], message: `oauth2: ${oauth2Refusal.message}` };
  const tls = asRecord(endpoint.tlsConfig);
  const tlsProblem = tls && tlsConfigProblem(tls, tlsFiles);
  if (tlsProblem) return { path: ['tlsConfig'], message: `tlsConfig: ${tlsProblem}` };
  return proxyProblem(endpoint);
}

/** A client setting the operator's asset store validates as it loads it. */
export type StoredSetting = 'authorization' | 'oauth2' | 'tlsConfig' | 'proxy';

/**
 * What the asset store refuses as it loads the settings of a Probe, a ScrapeConfig or one of its service discoveries
 * (AddSafeAuthorizationCredentials, AddOAuth2, AddSafeTLSConfig, the proxy's Validate), in the order the caller loads
 * them. Unlike an endpoint's Validate, nothing here weighs one setting against another, and an authorization without
 * credentials is skipped unchecked. Whether the Secrets and ConfigMaps they name exist is the cluster's to say.
 */
export function storedClientProblems(config: Record<string, unknown>, settings: StoredSetting[]): (ClientProblem & { setting: StoredSetting })[] {
  return settings.flatMap((setting) => {
    const problem = storedSettingProblem(config, setting);
    return problem ? [{ ...problem, setting }] : [];
  });
}

function storedSettingProblem(config: Record<string, unknown>, setting: StoredSetting): ClientProblem | undefined {
  if (setting === 'authorization') {
    const authorization = asRecord(config.authorization);
    return authorization && present(authorization.credentials) && isBasicType(authorization)
      ? { path: ['authorization', 'type'], message: basicTypeMessage } : undefined;
  }
  if (setting === 'oauth2') {
    const oauth2 = asRecord(config.oauth2);
    const problem = oauth2 && oauth2Problem(oauth2);
    return problem ? { path: ['oauth2', ...problem.path], message: problem.message } : undefined;
  }
  if (setting === 'tlsConfig') {
    const tls = asRecord(config.tlsConfig);
    const problem = tls && tlsConfigProblem(tls, false);
    return problem ? { path: ['tlsConfig'], message: `failed to validate TLS configuration: ${problem}` } : undefined;
  }
  return proxyProblem(config);
}

const basicTypeMessage = '\'authorization\' type cannot be set to "basic", use "basicAuth" instead';
const isBasicType = (authorization: Record<string, unknown>) => (text(authorization.type) ?? '').trim().toLowerCase() === 'basic';

/** The operator's OAuth2.Validate: a token URL and a client ID, and its own TLS and proxy settings valid. */
export function oauth2Problem(oauth2: Record<string, unknown>): ClientProblem | undefined {
  if (!text(oauth2.tokenUrl)) return { path: ['tokenUrl'], message: 'OAuth2 tokenURL must be specified' };
  const clientId = asRecord(oauth2.clientId);
  if (isEmpty(clientId)) return { path: ['clientId'], message: "OAuth2 'clientID' must be specified" };
  if (present(clientId!.secret) && present(clientId!.configMap)) return { path: ['clientId'], message: "invalid OAuth2 'clientID': cannot specify both Secret and ConfigMap" };
  const tls = asRecord(oauth2.tlsConfig);
  const tlsProblem = tls && tlsConfigProblem(tls, false);
  if (tlsProblem) return { path: ['tlsConfig'], message: `invalid OAuth2 'tlsConfig': ${tlsProblem}` };
  const proxy = proxyProblem(oauth2);
  return proxy && { path: proxy.path, message: `invalid OAuth2 proxyConfig: ${proxy.message}` };
}

/** The operator's TLSConfig.Validate (with `files`: caFile, certFile, keyFile allowed) or SafeTLSConfig.Validate. */
export function tlsConfigProblem(tls: Record<string, unknown>, files: boolean): string | undefined {
  for (const key of ['ca', 'cert']) {
    const source = asRecord(tls[key]);
    if (source && present(source.secret) && present(source.configMap)) return `${key} ${secretOrConfigMapText(source)}: cannot specify both Secret and ConfigMap`;
  }
  const minVersion = text(tls.minVersion);
  const maxVersion = text(tls.maxVersion);
  if (minVersion && maxVersion && maxVersion < minVersion) return 'maxVersion must more than or equal to minVersion';
  const hasCertSource = !isEmpty(tls.cert);
  if (!files) {
    if (hasCertSource && !present(tls.keySecret)) return 'client cert specified without client key';
    if (present(tls.keySecret) && !hasCertSource) return 'client key specified without client cert';
    return undefined;
  }
  if (!isEmpty(tls.ca) && text(tls.caFile)) return "cannot specify both 'caFile' and 'ca'";
  if (hasCertSource && text(tls.certFile)) return "cannot specify both 'certFile' and 'cert'";
  if (text(tls.keyFile) && present(tls.keySecret)) return "cannot specify both 'keyFile' and 'keySecret'";
  const hasCert = hasCertSource || Boolean(text(tls.certFile));
  const hasKey = Boolean(text(tls.keyFile)) || present(tls.keySecret);
  if (hasCert && !hasKey) return 'cannot specify client cert without client key';
  if (hasKey && !hasCert) return 'cannot specify client key without client cert';
  return undefined;
}

/**
 * The operator's Authorization.Validate (of a scrape class, or a remote write that names credentials): one source
 * for the credentials, and no "basic" type. Paths are relative to the authorization.
 */
export function authorizationProblem(authorization: Record<string, unknown>): ClientProblem | undefined {
  if (present(authorization.credentials) && text(authorization.credentialsFile)) return { path: ['credentialsFile'], message: 'authorization can not specify both "credentials" and "credentialsFile"' };
  if (isBasicType(authorization)) return { path: ['type'], message: 'authorization type cannot be set to "basic", use "basicAuth" instead' };
  return undefined;
}

/**
 * The operator release from which spec.web.tlsConfig takes files and checks itself as below; before it, the CRD
 * required cert and keySecret, and there was no file to clash with.
 */
const webTlsFilesFrom = 'v0.77.0';

/**
 * The operator's WebTLSConfig.Validate, which it runs as it creates the web config Secret of a PrometheusAgent or a
 * Prometheus: a certificate and a key, each from one source, and a client CA from one source. `tls` is
 * spec.web.tlsConfig (present); paths are relative to it, empty where it lacks a field. Said for operator `release`
 * webTlsFilesFrom and later.
 */
export function webTlsConfigProblem(tls: Record<string, unknown>, release: string): ClientProblem | undefined {
  if (compareVersions(release, webTlsFilesFrom) < 0) return undefined;
  // Go compares each with its zero value: a SecretOrConfigMap counts once it names a Secret or a ConfigMap.
  const clientCa = asRecord(tls.client_ca);
  if (!isEmpty(clientCa)) {
    if (text(tls.clientCAFile)) return { path: ['clientCAFile'], message: 'cannot specify both clientCAFile and clientCA' };
    if (present(clientCa!.secret) && present(clientCa!.configMap)) return { path: ['client_ca'], message: 'invalid client CA: cannot specify both Secret and ConfigMap' };
  }
  const cert = asRecord(tls.cert);
  if (!isEmpty(cert)) {
    if (text(tls.certFile)) return { path: ['certFile'], message: 'cannot specify both cert and certFile' };
    if (present(cert!.secret) && present(cert!.configMap)) return { path: ['cert'], message: 'invalid TLS certificate: cannot specify both Secret and ConfigMap' };
  }
  const keySecret = !isEmpty(tls.keySecret);
  if (text(tls.keyFile) && keySecret) return { path: ['keyFile'], message: 'cannot specify both keyFile and keySecret' };
  if (!text(tls.keyFile) && !keySecret) return { path: [], message: 'TLS private key must be defined' };
  if (!text(tls.certFile) && isEmpty(cert)) return { path: [], message: 'TLS certificate must be defined' };
  return undefined;
}

/** The operator's ProxyConfig.Validate, pointing at the field to change. */
export function proxyProblem(config: Record<string, unknown>): ClientProblem | undefined {
  const fromEnvironment = config.proxyFromEnvironment === true;
  const url = Boolean(text(config.proxyUrl));
  const noProxy = Boolean(text(config.noProxy));
  const headers = asRecord(config.proxyConnectHeader);
  if (headers && Object.keys(headers).length && !fromEnvironment && !url) return { path: ['proxyConnectHeader'], message: 'if proxyConnectHeader is configured, proxyUrl or proxyFromEnvironment must also be configured' };
  if (fromEnvironment && url) return { path: ['proxyUrl'], message: 'if proxyFromEnvironment is configured, proxyUrl must not be configured' };
  if (fromEnvironment && noProxy) return { path: ['noProxy'], message: 'if proxyFromEnvironment is configured, noProxy must not be configured' };
  if (!url && noProxy) return { path: ['noProxy'], message: 'if noProxy is configured, proxyUrl must also be configured' };
  return undefined;
}

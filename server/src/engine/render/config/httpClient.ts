import type { RenderContext } from '../context';
import type { Fields, Json } from '../fields';
import { gated } from './gates';
import { sorted } from '../names';

/**
 * The HTTP client settings the CRDs share (TLS, basic auth, authorization, OAuth2, proxy), converted as the operator
 * converts them: Secret values are written into the config, TLS files become paths under /etc/prometheus/certs.
 * `namespace` is where the references resolve: the agent's for remote write, the monitor's for scrape jobs.
 */

/** `stored`: the operator copies the config's files into the tls-assets Secret (it does not for tracing, say). */
export function safeTlsConfig(context: RenderContext, namespace: string, tls: Fields, stored = true): Json {
  const out: Json = {};
  const insecure = tls.boolean('insecureSkipVerify');
  if (insecure !== undefined) out.insecure_skip_verify = insecure;
  if (stored) context.store.addTlsAssets(namespace, tls);
  const path = (key: string) => {
    const source = tls.child(key);
    if (source.has('secret')) return context.store.tlsAssetPath(namespace, 'Secret', source.child('secret'));
    if (source.has('configMap')) return context.store.tlsAssetPath(namespace, 'ConfigMap', source.child('configMap'));
    return undefined;
  };
  const ca = path('ca');
  if (ca) out.ca_file = ca;
  const cert = path('cert');
  if (cert) out.cert_file = cert;
  if (tls.has('keySecret')) out.key_file = context.store.tlsAssetPath(namespace, 'Secret', tls.child('keySecret'));
  const serverName = tls.string('serverName');
  if (serverName) out.server_name = serverName;
  const minVersion = tls.string('minVersion');
  if (minVersion && gated(context, 'v2.35.0', tls.at('minVersion'))) out.min_version = minVersion;
  const maxVersion = tls.string('maxVersion');
  if (maxVersion && gated(context, 'v2.41.0', tls.at('maxVersion'))) out.max_version = maxVersion;
  return out;
}

/** A TLSConfig: the safe fields, then the file paths given as such. */
export function tlsConfig(context: RenderContext, namespace: string, tls: Fields, stored = true): Json {
  const out = safeTlsConfig(context, namespace, tls, stored);
  for (const [key, name] of [['caFile', 'ca_file'], ['certFile', 'cert_file'], ['keyFile', 'key_file']] as const) {
    const file = tls.string(key);
    if (file) out[name] = file;
  }
  return out;
}

export function basicAuth(context: RenderContext, namespace: string, auth: Fields): Json {
  return {
    username: context.store.secretKey(namespace, auth.child('username')),
    password: context.store.secretKey(namespace, auth.child('password')),
  };
}

/** An Authorization (`type` defaults to Bearer); undefined before Prometheus 2.26. */
export function authorization(context: RenderContext, namespace: string, auth: Fields): Json | undefined {
  if (!gated(context, 'v2.26.0', auth.location())) return undefined;
  const out: Json = { type: (auth.string('type') || 'Bearer').trim() };
  if (auth.has('credentials')) out.credentials = context.store.secretKey(namespace, auth.child('credentials'));
  const file = auth.string('credentialsFile');
  if (file) out.credentials_file = file;
  return out;
}

/** proxy_url, no_proxy, proxy_from_environment, proxy_connect_header (values read from Secrets) of a ProxyConfig. */
export function proxyConfig(context: RenderContext, namespace: string, proxy: Fields): Json {
  const out: Json = {};
  const url = proxy.string('proxyUrl');
  if (url !== undefined) out.proxy_url = url;
  const noProxy = proxy.string('noProxy');
  if (noProxy !== undefined && gated(context, 'v2.43.0', proxy.at('noProxy'))) out.no_proxy = noProxy;
  const fromEnvironment = proxy.boolean('proxyFromEnvironment');
  if (fromEnvironment !== undefined && gated(context, 'v2.43.0', proxy.at('proxyFromEnvironment'))) out.proxy_from_environment = fromEnvironment;
  const headers = proxy.record('proxyConnectHeader');
  if (headers && gated(context, 'v2.43.0', proxy.at('proxyConnectHeader'))) {
    const header = proxy.child('proxyConnectHeader');
    out.proxy_connect_header = Object.fromEntries(Object.keys(headers).sort()
      .map((name) => [name, header.children(name).map((selector) => context.store.secretKey(namespace, selector))]));
  }
  return out;
}

export function oauth2(context: RenderContext, namespace: string, oauth: Fields): Json | undefined {
  if (!gated(context, 'v2.27.0', oauth.location())) return undefined;
  const out: Json = {
    client_id: context.store.secretOrConfigMapKey(namespace, oauth.child('clientId')),
    client_secret: context.store.secretKey(namespace, oauth.child('clientSecret')),
    token_url: oauth.string('tokenUrl') ?? '',
  };
  const scopes = oauth.stringList('scopes');
  if (scopes.length) out.scopes = scopes;
  const params = oauth.strings('endpointParams');
  // A Go map: yaml.v2 writes its keys sorted.
  if (params && Object.keys(params).length) out.endpoint_params = sorted(params);
  if (context.atLeast('v2.43.0')) {
    Object.assign(out, proxyConfig(context, namespace, oauth));
    if (oauth.has('tlsConfig')) out.tls_config = safeTlsConfig(context, namespace, oauth.child('tlsConfig'));
  }
  return out;
}

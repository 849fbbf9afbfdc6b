import { minimumPrometheus } from '../../model/operator';
import { paths } from '../defaults';
import type { RenderContext } from '../context';
import type { Fields, Json } from '../fields';
import { webConfigSecretName } from '../names';
import { configToYaml } from '../print';
import { uniqueVolumeName } from './names';

export interface WebConfigMounts {
  volumes: Json[];
  mounts: Json[];
}

/** Where Prometheus (`--web.config.file`) and the reloader (`--web-config-file`) read the web config. */
export const webConfigPath = `${paths.webConfigDir}/${paths.webConfigFile}`;

/** The operator mounts the web config in StatefulSet mode from Prometheus 2.24, and always in DaemonSet mode. */
export const mountsWebConfig = (context: RenderContext) => context.mode === 'DaemonSet' || context.atLeast(minimumPrometheus.webConfigFile);

interface TlsReference {
  kind: 'secret' | 'configmap';
  name: string;
  key: string;
  /** key, cert or ca: the directory under /etc/prometheus/web_config/<kind>/<name>-<role>. */
  role: 'key' | 'cert' | 'ca';
  prefix: string;
}

/** The Secrets and ConfigMaps spec.web.tlsConfig names, in the operator's order: key, certificate, client CA. */
function tlsReferences(tls: Fields): TlsReference[] {
  const out: TlsReference[] = [];
  const add = (kind: TlsReference['kind'], selector: Fields, role: TlsReference['role'], prefix: string) => {
    const name = selector.string('name');
    if (name) out.push({ kind, name, key: selector.string('key') ?? '', role, prefix });
  };
  if (tls.has('keySecret')) add('secret', tls.child('keySecret'), 'key', 'web-config-tls-secret-key-');
  for (const [field, role, label] of [['cert', 'cert', 'cert'], ['client_ca', 'ca', 'client-ca']] as const) {
    const source = tls.child(field);
    if (source.has('secret')) add('secret', source.child('secret'), role, `web-config-tls-secret-${label}-`);
    else if (source.has('configMap')) add('configmap', source.child('configMap'), role, `web-config-tls-configmap-${label}-`);
  }
  return out;
}

const mountDir = (reference: TlsReference) => `${paths.webConfigDir}/${reference.kind}/${reference.name}-${reference.role}`;

/** The `web-config` Secret volume (mounted by subPath) and one volume per TLS Secret or ConfigMap. */
export function webConfigMounts(context: RenderContext): WebConfigMounts {
  const volumes: Json[] = [{ name: 'web-config', secret: { secretName: webConfigSecretName(context.name) } }];
  const mounts: Json[] = [{ name: 'web-config', readOnly: true, mountPath: webConfigPath, subPath: paths.webConfigFile }];
  const web = context.spec.child('web');
  if (web.has('tlsConfig')) {
    for (const reference of tlsReferences(web.child('tlsConfig'))) {
      const name = uniqueVolumeName(reference.prefix, reference.name);
      volumes.push(reference.kind === 'secret' ? { name, secret: { secretName: reference.name } } : { name, configMap: { name: reference.name } });
      // Mounted whole, not by subPath, so renewed certificates reach Prometheus.
      mounts.push({ name, readOnly: true, mountPath: mountDir(reference) });
    }
  }
  return { volumes, mounts };
}

/** web-config.yaml: empty without spec.web.tlsConfig and spec.web.httpConfig. */
export function webConfigFile(context: RenderContext): string {
  const web = context.spec.child('web');
  const out: Json = {};
  if (web.has('tlsConfig')) out.tls_server_config = tlsServerConfig(web.child('tlsConfig'));
  if (web.has('httpConfig')) out.http_server_config = httpServerConfig(web.child('httpConfig'));
  return Object.keys(out).length ? configToYaml(out) : '';
}

function tlsServerConfig(tls: Fields): Json {
  const references = tlsReferences(tls);
  const file = (role: TlsReference['role']) => {
    const reference = references.find((r) => r.role === role);
    return reference ? `${mountDir(reference)}/${reference.key}` : undefined;
  };
  const out: Json = {};
  const cert = tls.string('certFile') || file('cert');
  if (cert) out.cert_file = cert;
  const key = tls.string('keyFile') || file('key');
  if (key) out.key_file = key;
  const clientAuth = tls.string('clientAuthType');
  if (clientAuth) out.client_auth_type = clientAuth;
  const clientCa = tls.string('clientCAFile') || file('ca');
  if (clientCa) out.client_ca_file = clientCa;
  const minVersion = tls.string('minVersion');
  if (minVersion) out.min_version = minVersion;
  const maxVersion = tls.string('maxVersion');
  if (maxVersion) out.max_version = maxVersion;
  const ciphers = tls.stringList('cipherSuites');
  if (ciphers.length) out.cipher_suites = ciphers;
  const prefer = tls.boolean('preferServerCipherSuites');
  if (prefer !== undefined) out.prefer_server_cipher_suites = prefer;
  const curves = tls.stringList('curvePreferences');
  if (curves.length) out.curve_preferences = curves;
  return out;
}

function httpServerConfig(http: Fields): Json {
  const out: Json = {};
  const http2 = http.boolean('http2');
  if (http2 !== undefined) out.http2 = http2;
  if (!http.has('headers')) return out;
  const headers = http.child('headers');
  const values: Json = {};
  const header = (key: string, name: string, lower = false) => {
    const value = headers.string(key);
    if (value) values[name] = lower ? value.toLowerCase() : value;
  };
  header('contentSecurityPolicy', 'Content-Security-Policy');
  header('strictTransportSecurity', 'Strict-Transport-Security');
  header('xContentTypeOptions', 'X-Content-Type-Options', true);
  header('xFrameOptions', 'X-Frame-Options', true);
  header('xXSSProtection', 'X-XSS-Protection');
  out.headers = values;
  return out;
}

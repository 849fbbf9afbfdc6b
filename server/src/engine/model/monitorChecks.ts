import { asRecord } from '../util/record';
import { compareVersions, parseVersion } from '../util/version';
import { parseDuration } from '../util/duration';
import { compileRelabelRegex } from '../util/relabelRegex';
import type { Path } from '../yaml/documents';
import { operatorRelease } from './operator';
import type { MonitorKind, Selecting } from './wiring';
import type { ObjectEntry } from './workspaceIndex';

/**
 * What prometheus-operator refuses in a ServiceMonitor, PodMonitor, Probe or ScrapeConfig when it selects one for an
 * agent (pkg/prometheus's resource selector): the monitor is skipped whole, with an event
 * `"<namespace>/<name>" was rejected due to invalid configuration: <message>`. Each refusal is said at its field, in
 * the operator's words. Some depend on the agent (its Prometheus version, scrapeInterval, scrape classes): without
 * one, those are not said.
 */
export interface Refusal {
  /** Where, in the monitor's document. */
  path: Path;
  /** The operator's message, prefixed as it prefixes it (`endpoints[0]: relabelConfigs: [1]: …`). */
  message: string;
}

/** What the checks read of the agent that selects the monitor. */
interface AgentFacts {
  version: string;
  scrapeInterval: string;
  scrapeClasses: string[];
  denyFileAccess: boolean;
}

function agentFacts(selecting: Selecting): AgentFacts {
  const spec = selecting.entry.spec;
  const classes = Array.isArray(spec.scrapeClasses) ? spec.scrapeClasses : [];
  return {
    version: selecting.entry.version || operatorRelease.defaultPrometheusVersion,
    scrapeInterval: typeof spec.scrapeInterval === 'string' ? spec.scrapeInterval : '30s',
    scrapeClasses: classes.flatMap((c) => (typeof asRecord(c)?.name === 'string' ? [asRecord(c)!.name as string] : [])),
    denyFileAccess: asRecord(spec.arbitraryFSAccessThroughSMs)?.deny === true,
  };
}

const list = (value: unknown) => (Array.isArray(value) ? value : []);
const text = (value: unknown) => (typeof value === 'string' ? value : undefined);

/** Every refusal the operator would make of `monitor` for `selecting` (or, with no agent, those that hold for any). */
export function monitorRefusals(selecting: Selecting | undefined, kind: MonitorKind, monitor: ObjectEntry): Refusal[] {
  const spec = asRecord(asRecord(monitor.document.yaml.value)?.spec) ?? {};
  const facts = selecting ? agentFacts(selecting) : undefined;
  const version = facts?.version ?? operatorRelease.defaultPrometheusVersion;
  const out: Refusal[] = [];
  const relabelings = (value: unknown, path: Path, prefix: string) => {
    list(value).forEach((rule, i) => {
      const problem = relabelProblem(asRecord(rule) ?? {}, version, facts !== undefined);
      if (problem) out.push({ path: [...path, i, problem.field], message: `${prefix}: [${i}]: ${problem.message}` });
    });
  };
  const timeout = (interval: unknown, scrapeTimeout: unknown, path: Path, prefix: string) => {
    const problem = timeoutProblem(text(interval), text(scrapeTimeout), facts);
    if (problem) out.push({ path: [...path, 'scrapeTimeout'], message: prefix ? `${prefix}: ${problem}` : problem });
  };
  if ((kind === 'ServiceMonitor' || kind === 'PodMonitor') && spec.selectorMechanism === 'RoleSelector' && facts && compareVersions(version, 'v2.17.0') < 0) {
    out.push({ path: ['spec', 'selectorMechanism'], message: 'RoleSelector selectorMechanism is only supported in Prometheus 2.17.0 and newer' });
  }
  if (kind === 'ServiceMonitor' || kind === 'PodMonitor') {
    const field = kind === 'ServiceMonitor' ? 'endpoints' : 'podMetricsEndpoints';
    // The operator names a PodMonitor's endpoints `endpoint[i]`, a ServiceMonitor's `endpoints[i]`.
    const name = kind === 'ServiceMonitor' ? 'endpoints' : 'endpoint';
    list(spec[field]).forEach((raw, i) => {
      const endpoint = asRecord(raw) ?? {};
      const path: Path = ['spec', field, i];
      const prefix = `${name}[${i}]`;
      if (kind === 'ServiceMonitor' && facts?.denyFileAccess) {
        const tls = asRecord(endpoint.tlsConfig);
        if (text(endpoint.bearerTokenFile)) out.push({ path: [...path, 'bearerTokenFile'], message: `${prefix}: it accesses file system via bearer token file which Prometheus specification prohibits` });
        else if (tls && ['caFile', 'certFile', 'keyFile'].some((key) => text(tls[key]))) {
          out.push({ path: [...path, 'tlsConfig'], message: `${prefix}: it accesses file system via tls config which Prometheus specification prohibits` });
        }
      }
      // A ServiceMonitor's endpoint may read TLS files; a PodMonitor's takes Secrets and ConfigMaps only.
      const http = httpClientProblem(endpoint, kind === 'ServiceMonitor');
      if (http) out.push({ path: [...path, ...http.path], message: `${prefix}: ${http.message}` });
      timeout(endpoint.interval, endpoint.scrapeTimeout, path, prefix);
      relabelings(endpoint.relabelings, [...path, 'relabelings'], `${prefix}: relabelConfigs`);
      relabelings(endpoint.metricRelabelings, [...path, 'metricRelabelings'], `${prefix}: metricRelabelConfigs`);
    });
  }
  if (kind === 'Probe') {
    const targetKinds = asRecord(spec.targets);
    if (!present(targetKinds?.staticConfig) && !present(targetKinds?.ingress)) {
      out.push({ path: ['spec', 'targets'], message: 'at least one of .spec.targets.staticConfig and .spec.targets.ingress is required' });
    }
    timeout(spec.interval, spec.scrapeTimeout, ['spec'], '');
    relabelings(spec.metricRelabelings, ['spec', 'metricRelabelings'], 'metricRelabelConfigs');
    const targets = asRecord(spec.targets);
    const staticConfig = asRecord(targets?.staticConfig);
    for (const label of Object.keys(asRecord(staticConfig?.labels) ?? {})) {
      if (!validLabelName(label, version)) out.push({ path: ['spec', 'targets', 'staticConfig', 'labels', label], message: `targets.staticConfig.labels: invalid label ${JSON.stringify(label)}` });
    }
    relabelings(staticConfig?.relabelingConfigs, ['spec', 'targets', 'staticConfig', 'relabelingConfigs'], 'targets.staticConfig.relabelConfigs');
    relabelings(asRecord(targets?.ingress)?.relabelingConfigs, ['spec', 'targets', 'ingress', 'relabelingConfigs'], 'targets.ingress.relabelConfigs');
    const url = text(asRecord(spec.prober)?.url);
    const urlProblem = url === undefined ? undefined : proberUrlProblem(url);
    if (url !== undefined && urlProblem) {
      out.push({ path: ['spec', 'prober', 'url'], message: `${JSON.stringify(url)} url specified in proberSpec is invalid, it should be of the format \`hostname\` or \`hostname:port\`: ${urlProblem}` });
    }
  }
  if (kind === 'ScrapeConfig') {
    timeout(spec.scrapeInterval, spec.scrapeTimeout, ['spec'], '');
    relabelings(spec.relabelings, ['spec', 'relabelings'], 'relabelConfigs');
    relabelings(spec.metricRelabelings, ['spec', 'metricRelabelings'], 'metricRelabelConfigs');
  }
  const scrapeClass = text(spec.scrapeClass);
  if (facts && scrapeClass && !facts.scrapeClasses.includes(scrapeClass)) {
    out.push({ path: ['spec', 'scrapeClass'], message: `scrapeClassName: scrapeClass ${JSON.stringify(scrapeClass)} not found in Prometheus scrapeClasses` });
  }
  return out;
}

/** The first refusal: the one the operator logs. */
export const monitorRefusal = (selecting: Selecting | undefined, kind: MonitorKind, monitor: ObjectEntry) =>
  monitorRefusals(selecting, kind, monitor)[0];

const present = (value: unknown) => value !== undefined && value !== null;
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
 * The operator's Validate of an endpoint's HTTP client (monitoringv1 HTTPConfig… types): one way to authenticate,
 * authorization and OAuth2 complete, a TLS client certificate with its key, a proxy set one way.
 */
function httpClientProblem(endpoint: Record<string, unknown>, tlsFiles: boolean): { path: Path; message: string } | undefined {
  const has = (key: string) => present(endpoint[key]);
  const pairs: [string, string][] = [
    ['authorization', 'basicAuth'], ['authorization', 'bearerTokenSecret'], ['authorization', 'oauth2'],
    ['basicAuth', 'bearerTokenSecret'], ['basicAuth', 'oauth2'], ['bearerTokenSecret', 'oauth2'],
  ];
  // Go checks the first method set against the others, in this order.
  const first = ['authorization', 'basicAuth', 'bearerTokenSecret'].find(has);
  const clash = first && pairs.find(([a, b]) => a === first && has(b));
  if (clash) return { path: [clash[1]], message: `${clash[0]} and ${clash[1]} cannot be configured at the same time` };
  const authorization = asRecord(endpoint.authorization);
  if (authorization) {
    if ((text(authorization.type) ?? '').trim().toLowerCase() === 'basic') return { path: ['authorization', 'type'], message: 'authorization: \'authorization\' type cannot be set to "basic", use "basicAuth" instead' };
    if (!present(authorization.credentials)) return { path: ['authorization'], message: "authorization: 'authorization' credentials are required" };
  }
  const oauth2 = asRecord(endpoint.oauth2);
  if (oauth2) {
    if (!text(oauth2.tokenUrl)) return { path: ['oauth2'], message: 'oauth2: OAuth2 tokenURL must be specified' };
    const clientId = asRecord(oauth2.clientId);
    if (isEmpty(clientId)) return { path: ['oauth2'], message: "oauth2: OAuth2 'clientID' must be specified" };
    if (present(clientId!.secret) && present(clientId!.configMap)) return { path: ['oauth2', 'clientId'], message: "oauth2: invalid OAuth2 'clientID': cannot specify both Secret and ConfigMap" };
  }
  const tls = asRecord(endpoint.tlsConfig);
  const tlsProblem = tls && tlsConfigProblem(tls, tlsFiles);
  if (tlsProblem) return { path: ['tlsConfig'], message: `tlsConfig: ${tlsProblem}` };
  const proxy = proxyProblem(endpoint);
  return proxy ? { path: [proxy.field], message: proxy.message } : undefined;
}

function tlsConfigProblem(tls: Record<string, unknown>, files: boolean): string | undefined {
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

/** The operator's ProxyConfig.Validate, and the field to point at. */
function proxyProblem(config: Record<string, unknown>): { field: string; message: string } | undefined {
  const fromEnvironment = config.proxyFromEnvironment === true;
  const url = Boolean(text(config.proxyUrl));
  const noProxy = Boolean(text(config.noProxy));
  const headers = asRecord(config.proxyConnectHeader);
  if (headers && Object.keys(headers).length && !fromEnvironment && !url) return { field: 'proxyConnectHeader', message: 'if proxyConnectHeader is configured, proxyUrl or proxyFromEnvironment must also be configured' };
  if (fromEnvironment && url) return { field: 'proxyUrl', message: 'if proxyFromEnvironment is configured, proxyUrl must not be configured' };
  if (fromEnvironment && noProxy) return { field: 'noProxy', message: 'if proxyFromEnvironment is configured, noProxy must not be configured' };
  if (!url && noProxy) return { field: 'noProxy', message: 'if noProxy is configured, proxyUrl must also be configured' };
  return undefined;
}

/** scrapeTimeout against the interval (the monitor's, else the agent's): said without an agent only when both are set. */
function timeoutProblem(interval: string | undefined, scrapeTimeout: string | undefined, facts: AgentFacts | undefined): string | undefined {
  if (scrapeTimeout === undefined) return undefined;
  const effective = interval ?? facts?.scrapeInterval;
  if (effective === undefined) return undefined;
  const intervalMs = parseDuration(effective);
  const timeoutMs = parseDuration(scrapeTimeout);
  // A duration the CRD's pattern refuses is the API server's to report, not the operator's.
  if (intervalMs === undefined || timeoutMs === undefined || timeoutMs <= intervalMs) return undefined;
  return `scrapeTimeout ${JSON.stringify(scrapeTimeout)} greater than scrapeInterval ${JSON.stringify(effective)}`;
}

const legacyLabelName = /^[a-zA-Z_][a-zA-Z0-9_]*$/;
/** Legacy names before v3, any UTF-8 from v3 (the operator's ValidationSchemeForPrometheus). */
const validLabelName = (name: string, version: string) => (compareVersions(version, 'v3.0.0') >= 0 ? name.length > 0 : legacyLabelName.test(name));
/** A name with `$1`-style references, as the legacy scheme allows them in labelmap replacements. */
const legacyWithReferences = /^(?:(?:[a-zA-Z_]|\$(?:\{\w+\}|\w+))+\w*)+$/;

/**
 * The operator's LabelConfigValidator: what it refuses in one relabeling, and the field to point at. Checks that
 * depend on the Prometheus version are said only when an agent names the version (`versioned`).
 */
function relabelProblem(rule: Record<string, unknown>, version: string, versioned: boolean): { field: string; message: string } | undefined {
  const written = text(rule.action) ?? 'replace';
  const action = written.toLowerCase();
  const targetLabel = text(rule.targetLabel) ?? '';
  const replacement = text(rule.replacement);
  const regex = text(rule.regex);
  const modulus = typeof rule.modulus === 'number' ? rule.modulus : 0;
  const separator = text(rule.separator);
  if (versioned && (action === 'lowercase' || action === 'uppercase') && compareVersions(version, 'v2.36.0') < 0) {
    return { field: 'action', message: `${written} relabel action is only supported from Prometheus version 2.36.0` };
  }
  if (versioned && (action === 'keepequal' || action === 'dropequal') && compareVersions(version, 'v2.41.0') < 0) {
    return { field: 'action', message: `${written} relabel action is only supported from Prometheus version 2.41.0` };
  }
  if (regex !== undefined) {
    const compiled = compileRelabelRegex(regex, parseVersion(version) ? version : operatorRelease.defaultPrometheusVersion);
    if (compiled.error) return { field: 'regex', message: `invalid regex ${regex} for relabel configuration: ${compiled.error}` };
  }
  if (modulus === 0 && action === 'hashmod') return { field: 'action', message: 'relabel configuration for hashmod requires non-zero modulus' };
  const needsTarget = ['replace', 'hashmod', 'lowercase', 'uppercase', 'keepequal', 'dropequal'];
  if (needsTarget.includes(action) && targetLabel === '') return { field: 'action', message: `relabel configuration for ${written} action needs targetLabel value` };
  const invalidTarget = { field: 'targetLabel', message: `${JSON.stringify(targetLabel)} is invalid 'target_label' for ${written} action` };
  // Without an agent, names are judged by v3's scheme, the laxer one: what it refuses, every release refuses.
  const nameVersion = versioned ? version : operatorRelease.defaultPrometheusVersion;
  if (needsTarget.includes(action) && action !== 'hashmod' && !validLabelName(targetLabel, nameVersion)) return invalidTarget;
  if (['lowercase', 'uppercase', 'keepequal', 'dropequal'].includes(action) && replacement !== undefined && replacement !== '$1') {
    return { field: 'replacement', message: `'replacement' can not be set for ${written} action` };
  }
  if (action === 'labelmap' && replacement !== undefined
    && !(compareVersions(nameVersion, 'v3.0.0') >= 0 ? replacement.length > 0 : legacyWithReferences.test(replacement))) {
    return { field: 'replacement', message: `${JSON.stringify(replacement)} is invalid 'replacement' for ${written} action` };
  }
  if (action === 'hashmod' && !validLabelName(targetLabel, nameVersion)) return invalidTarget;
  if ((action === 'keepequal' || action === 'dropequal')
    && ((regex !== undefined && regex !== '' && regex !== '(.*)') || (modulus !== 0) || (separator !== undefined && separator !== ';') || (replacement !== undefined && replacement !== '$1'))) {
    return { field: 'action', message: `${written} action requires only 'source_labels' and \`target_label\`, and no other fields` };
  }
  if ((action === 'labeldrop' || action === 'labelkeep')
    && (list(rule.sourceLabels).length !== 0 || targetLabel !== '' || modulus !== 0 || (separator !== undefined && separator !== ';') || (replacement !== undefined && replacement !== '$1'))) {
    return { field: 'action', message: `${written} action requires only 'regex', and no other fields` };
  }
  return undefined;
}

/** The operator's validateProberURL: Go's net.SplitHostPort, then govalidator's IsHost and IsPort. */
function proberUrlProblem(url: string): string | undefined {
  const split = splitHostPort(url);
  if (!split) return isHost(url) ? undefined : `invalid host: ${JSON.stringify(url)}`;
  if (!isHost(split.host)) return `invalid host: ${JSON.stringify(split.host)}`;
  const port = /^\d+$/.test(split.port) ? Number(split.port) : NaN;
  return port >= 1 && port <= 65535 ? undefined : `invalid port: ${JSON.stringify(split.port)}`;
}

/** `host:port` or `[v6]:port`; undefined where Go's SplitHostPort fails (no port, too many colons). */
function splitHostPort(value: string): { host: string; port: string } | undefined {
  if (value.startsWith('[')) {
    const close = value.indexOf(']');
    return close !== -1 && value[close + 1] === ':' ? { host: value.slice(1, close), port: value.slice(close + 2) } : undefined;
  }
  const colon = value.indexOf(':');
  return colon !== -1 && colon === value.lastIndexOf(':') ? { host: value.slice(0, colon), port: value.slice(colon + 1) } : undefined;
}

const ipv4 = /^((25[0-5]|2[0-4]\d|1\d\d|[1-9]?\d)\.){3}(25[0-5]|2[0-4]\d|1\d\d|[1-9]?\d)$/;
const ipv6 = /^[0-9a-fA-F:.]*:[0-9a-fA-F:.]*$/;
const dnsName = /^([a-zA-Z0-9_][a-zA-Z0-9_-]{0,62})(\.[a-zA-Z0-9_][a-zA-Z0-9_-]{0,62})*[._]?$/;
/** govalidator.IsHost: an IP address or a DNS name. */
const isHost = (host: string) => ipv4.test(host) || (ipv6.test(host) && (host.includes('::') || host.split(':').length === 8)) || (host !== '' && host.replace(/\.$/, '').length <= 255 && dnsName.test(host));

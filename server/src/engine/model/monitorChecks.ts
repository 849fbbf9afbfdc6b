import { asRecord } from '../util/record';
import { compareVersions, parseVersion } from '../util/version';
import { parseDuration } from '../util/duration';
import { compileRelabelRegex } from '../util/relabelRegex';
import type { Path } from '../yaml/documents';
import type { Refusal } from './refusal';
import { endpointClientProblem, present, proxyProblem, storedClientProblems, type StoredSetting } from './httpClientChecks';
import { operatorRelease } from './operator';
import { serviceDiscoveryRefusals } from './scrapeConfigChecks';
import type { MonitorKind, Selecting } from './wiring';
import type { ObjectEntry } from './workspaceIndex';

export type { Refusal } from './refusal';

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

/**
 * Every refusal operator `release` would make of `monitor` for `selecting` (or, with no agent, those that hold for
 * any). The checks are v0.93.0's; one a release before it lacks, or has in another form, is left out there.
 */
export function monitorRefusals(selecting: Selecting | undefined, kind: MonitorKind, monitor: ObjectEntry, release: string): Refusal[] {
  const spec = asRecord(asRecord(monitor.value)?.spec) ?? {};
  const facts = selecting ? agentFacts(selecting) : undefined;
  const version = facts?.version ?? operatorRelease.defaultPrometheusVersion;
  const since = (first: string) => compareVersions(release, first) >= 0;
  const out: Refusal[] = [];
  const relabelings = (value: unknown, path: Path, prefix: string) => {
    list(value).forEach((rule, i) => {
      const problem = relabelProblem(asRecord(rule) ?? {}, version, facts !== undefined, since(utf8NamesFrom));
      if (problem) out.push({ path: [...path, i, problem.field], message: `${prefix}: [${i}]: ${problem.message}` });
    });
  };
  const timeout = (interval: unknown, scrapeTimeout: unknown, path: Path, prefix: string) => {
    const problem = timeoutProblem(text(interval), text(scrapeTimeout), facts);
    if (problem) out.push({ path: [...path, 'scrapeTimeout'], message: prefix ? `${prefix}: ${problem}` : problem });
  };
  const scrapeClass = (prefix: string) => {
    const name = text(spec.scrapeClass);
    if (facts && name && !facts.scrapeClasses.includes(name)) {
      out.push({ path: ['spec', 'scrapeClass'], message: `${prefix}scrapeClass ${JSON.stringify(name)} not found in Prometheus scrapeClasses` });
    }
  };
  /** The spec's client settings, as the asset store loads them; each named as the operator names it, the proxy not. */
  const client = (settings: StoredSetting[]) => {
    for (const problem of storedClientProblems(spec, settings)) {
      out.push({ path: ['spec', ...problem.path], message: problem.setting === 'proxy' ? problem.message : `${problem.setting}: ${problem.message}` });
    }
  };
  const staticLabels = (labels: unknown, path: Path, prefix: string) => {
    // In Go's map order: sorted.
    for (const label of Object.keys(asRecord(labels) ?? {}).sort()) {
      if (!validLabelName(label, version)) out.push({ path: [...path, label], message: `${prefix}: invalid label ${JSON.stringify(label)}`, anchor: 'key' });
    }
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
      // A ServiceMonitor's endpoint may read TLS files; a PodMonitor's takes Secrets and ConfigMaps only. The
      // endpoint's own Validate came in v0.88.0 for a ServiceMonitor, v0.86.0 for a PodMonitor.
      const http = endpointClientProblem(endpoint, kind === 'ServiceMonitor', since(kind === 'ServiceMonitor' ? 'v0.88.0' : 'v0.86.0'));
      if (http) out.push({ path: [...path, ...http.path], message: `${prefix}: ${http.message}` });
      timeout(endpoint.interval, endpoint.scrapeTimeout, path, prefix);
      relabelings(endpoint.relabelings, [...path, 'relabelings'], `${prefix}: relabelConfigs`);
      relabelings(endpoint.metricRelabelings, [...path, 'metricRelabelings'], `${prefix}: metricRelabelConfigs`);
    });
    scrapeClass('scrapeClassName: ');
  }
  if (kind === 'Probe') {
    scrapeClass('scrapeClassName: ');
    const targets = asRecord(spec.targets);
    const staticConfig = asRecord(targets?.staticConfig);
    if (!present(targets?.staticConfig) && !present(targets?.ingress)) {
      out.push({ path: ['spec', 'targets'], message: 'at least one of .spec.targets.staticConfig and .spec.targets.ingress is required' });
    }
    client(['tlsConfig', 'authorization', 'oauth2']);
    timeout(spec.interval, spec.scrapeTimeout, ['spec'], '');
    relabelings(spec.metricRelabelings, ['spec', 'metricRelabelings'], 'metricRelabelConfigs');
    if (since('v0.92.0')) staticLabels(staticConfig?.labels, ['spec', 'targets', 'staticConfig', 'labels'], 'targets.staticConfig.labels');
    relabelings(staticConfig?.relabelingConfigs, ['spec', 'targets', 'staticConfig', 'relabelingConfigs'], 'targets.staticConfig.relabelConfigs');
    relabelings(asRecord(targets?.ingress)?.relabelingConfigs, ['spec', 'targets', 'ingress', 'relabelingConfigs'], 'targets.ingress.relabelConfigs');
    const prober = asRecord(spec.prober) ?? {};
    const proxy = proxyProblem(prober);
    if (proxy) out.push({ path: ['spec', 'prober', ...proxy.path], message: `proxy configuration: ${proxy.message}` });
    // Without a prober the operator checks an empty URL, which is no host.
    const url = present(prober.url) ? text(prober.url) : '';
    // Before v0.89.0 the operator split the URL at every colon: it refused and took other URLs than these.
    const urlProblem = url === undefined || !since('v0.89.0') ? undefined : proberUrlProblem(url);
    if (url !== undefined && urlProblem) {
      out.push({ path: ['spec', 'prober', 'url'], message: `${JSON.stringify(url)} url specified in proberSpec is invalid, it should be of the format \`hostname\` or \`hostname:port\`: ${urlProblem}` });
    }
  }
  if (kind === 'ScrapeConfig') {
    // Unlike the other kinds, the operator does not name the field here.
    scrapeClass('');
    relabelings(spec.relabelings, ['spec', 'relabelings'], 'relabelConfigs');
    client(['authorization', 'oauth2', 'tlsConfig']);
    timeout(spec.scrapeInterval, spec.scrapeTimeout, ['spec'], '');
    client(['proxy']);
    relabelings(spec.metricRelabelings, ['spec', 'metricRelabelings'], 'metricRelabelConfigs');
    if (since('v0.78.0')) list(spec.staticConfigs).forEach((config, i) => staticLabels(asRecord(config)?.labels, ['spec', 'staticConfigs', i, 'labels'], `staticConfigs: [${i}]`));
    out.push(...serviceDiscoveryRefusals(spec, facts?.version, release));
  }
  return out;
}

/** The first refusal: the one the operator logs. */
export const monitorRefusal = (selecting: Selecting | undefined, kind: MonitorKind, monitor: ObjectEntry, release: string) =>
  monitorRefusals(selecting, kind, monitor, release)[0];

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
 * The operator release that judges relabeling label names by the agent's Prometheus version (UTF-8 from v3); before
 * it, a target label and a labelmap replacement are legacy names where `$1` references may stand.
 */
export const utf8NamesFrom = 'v0.86.0';

/**
 * The operator's LabelConfigValidator: what it refuses in one relabeling, and the field to point at. Checks that
 * depend on the Prometheus version are said only when an agent names the version (`versioned`); `utf8Names`: the
 * operator release judges names as utf8NamesFrom says.
 */
export function relabelProblem(rule: Record<string, unknown>, version: string, versioned: boolean, utf8Names: boolean): { field: string; message: string } | undefined {
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
  const validTarget = (name: string) => (utf8Names ? validLabelName(name, nameVersion) : legacyWithReferences.test(name));
  if (needsTarget.includes(action) && action !== 'hashmod' && !validTarget(targetLabel)) return invalidTarget;
  if (['lowercase', 'uppercase', 'keepequal', 'dropequal'].includes(action) && replacement !== undefined && replacement !== '$1') {
    return { field: 'replacement', message: `'replacement' can not be set for ${written} action` };
  }
  if (action === 'labelmap' && replacement !== undefined
    && !(utf8Names && compareVersions(nameVersion, 'v3.0.0') >= 0 ? replacement.length > 0 : legacyWithReferences.test(replacement))) {
    return { field: 'replacement', message: `${JSON.stringify(replacement)} is invalid 'replacement' for ${written} action` };
  }
  // How releases before utf8NamesFrom judged a hashmod target is not known here.
  if (action === 'hashmod' && utf8Names && !validLabelName(targetLabel, nameVersion)) return invalidTarget;
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

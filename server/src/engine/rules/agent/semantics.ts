import { agentStorageSections, minimumPrometheus } from '../../model/operator';
import { reservedExternalLabels } from '../../model/externalLabels';
import { parseSemanticVersion, semanticAtLeast } from '../../util/version';
import { parseDuration } from '../../util/duration';
import { parseUrl } from '../../util/goParse';
import { fieldPath } from '../../util/kubernetesText';
import { locate } from '../../yaml/locate';
import type { Path } from '../../yaml/documents';
import { removeFix } from '../fixes';
import type { Rule, RuleContext } from '../rule';
import { asRecord, isAgent, isAgentOrServer, mode, operatorAgentFlag, parsedPrometheusVersion, prometheusVersion, specOf, valueAt } from './spec';

const at = (context: RuleContext, path: Path, anchor: 'key' | 'value' = 'key') => locate(context.document.yaml, context.lines, path, anchor);

export const scrapeTimeout: Rule = {
  id: 'agent/scrape-timeout',
  severity: 'error',
  docs: 'scrapeTimeout longer than scrapeInterval (default 30s): the operator refuses to reconcile the resource.',
  appliesTo: isAgentOrServer,
  check(context) {
    const spec = specOf(context.document, ['PrometheusAgent', 'Prometheus'])!;
    if (typeof spec.scrapeTimeout !== 'string') return;
    const interval = typeof spec.scrapeInterval === 'string' ? spec.scrapeInterval : '30s';
    const timeoutMs = parseDuration(spec.scrapeTimeout);
    const intervalMs = parseDuration(interval);
    if (timeoutMs === undefined || intervalMs === undefined || timeoutMs <= intervalMs) return;
    context.report({
      span: at(context, ['spec', 'scrapeTimeout'], 'value'),
      message: `scrapeTimeout ${JSON.stringify(spec.scrapeTimeout)} greater than scrapeInterval ${JSON.stringify(interval)}: the operator does not reconcile the resource`,
    });
  },
};

/**
 * Fields the operator drops, with only a log line naming the prometheus.yml key it leaves out, when the Prometheus it
 * runs is older than the model's minimum for it. `positive`: a limit, written only when above 0 (0 is dropped silently).
 */
interface VersionGate {
  path: string[];
  minimum: string;
  name: string;
  positive?: boolean;
}

const limitKeys = {
  sampleLimit: 'sample_limit', targetLimit: 'target_limit', labelLimit: 'label_limit', labelNameLengthLimit: 'label_name_length_limit',
  labelValueLengthLimit: 'label_value_length_limit',
};
const versionGates: VersionGate[] = [
  { path: ['runtime'], minimum: minimumPrometheus.runtime, name: 'runtime' },
  // An agent's tsdb settings go into prometheus.yml's storage section.
  ...agentStorageSections.map(({ path, minimum }) => ({ path: [...path], minimum, name: 'storage' })),
  { path: ['scrapeFailureLogFile'], minimum: minimumPrometheus.scrapeFailureLogFile, name: 'scrape_failure_log_file' },
  ...Object.entries(limitKeys).map(([field, key]) => ({ path: [field], minimum: minimumPrometheus.globalLimits, name: key, positive: true })),
  { path: ['keepDroppedTargets'], minimum: minimumPrometheus.keepDroppedTargets, name: 'keep_dropped_targets', positive: true },
];
const remoteWriteGates: VersionGate[] = [
  { path: ['messageVersion'], minimum: minimumPrometheus.remoteWriteMessageVersion, name: 'protobuf_message' },
  { path: ['queueConfig', 'sampleAgeLimit'], minimum: minimumPrometheus.sampleAgeLimit, name: 'sample_age_limit' },
  { path: ['roundRobinDNS'], minimum: minimumPrometheus.roundRobinDNS, name: 'round_robin_dns' },
  { path: ['sigv4', 'externalId'], minimum: minimumPrometheus.sigv4ExternalId, name: 'external_id' },
];

/** Whether the operator would write the gated field, version aside. */
function written(value: unknown, gate: VersionGate): boolean {
  const field = valueAt(value, gate.path);
  return field !== undefined && field !== null && (!gate.positive || (typeof field === 'number' && field > 0));
}

export const versionGatedField: Rule = {
  id: 'agent/version-gated-field',
  severity: 'warning',
  docs: 'A field the operator silently drops because spec.version (or the configured Prometheus version) is too old for it.',
  appliesTo: isAgent,
  check(context) {
    const spec = specOf(context.document)!;
    const version = prometheusVersion(context, spec);
    const parsed = parsedPrometheusVersion(context, spec);
    if (!parsed) return;
    const atLeast = (minimum: string) => semanticAtLeast(parsed, minimum);
    const report = (path: Path, gate: { minimum: string; name: string }) => context.report({
      span: at(context, path),
      message: `${fieldPath(path)} needs Prometheus ${gate.minimum} or newer; with ${version} the operator drops it (log: ignoring "${gate.name}" not supported by Prometheus)`,
    });
    for (const gate of versionGates) {
      if (written(spec, gate) && !atLeast(gate.minimum)) report(['spec', ...gate.path], gate);
    }
    const remoteWrite = Array.isArray(spec.remoteWrite) ? spec.remoteWrite : [];
    remoteWrite.forEach((entry, index) => {
      for (const gate of remoteWriteGates) {
        if (written(entry, gate) && !atLeast(gate.minimum)) report(['spec', 'remoteWrite', index, ...gate.path], gate);
      }
    });
  },
};

export const unsupportedVersion: Rule = {
  id: 'agent/unsupported-version',
  severity: 'error',
  docs: 'spec.version that the operator cannot parse as a version (it reads `3`, `v3.1` and `2.46.0`), or whose major version is neither 2 nor 3: it refuses to reconcile.',
  appliesTo: isAgentOrServer,
  check(context) {
    const spec = specOf(context.document, ['PrometheusAgent', 'Prometheus'])!;
    if (typeof spec.version !== 'string' || spec.version.trim() === '') return;
    const parsed = parseSemanticVersion(spec.version);
    if (parsed && (parsed.major === 2 || parsed.major === 3)) return;
    context.report({ span: at(context, ['spec', 'version'], 'value'), message: `unsupported Prometheus version ${JSON.stringify(spec.version)}` });
  },
};

export const agentFeatureFlag: Rule = {
  id: 'agent/agent-feature-flag',
  severity: 'warning',
  docs: '`agent` in a PrometheusAgent\'s enableFeatures: the operator passes the agent flag itself; on v3 (with prometheus-operator v0.77.0 on) `--enable-feature=agent` is an unknown option. Fix: remove it.',
  appliesTo: isAgent,
  check(context) {
    const spec = specOf(context.document)!;
    const features = Array.isArray(spec.enableFeatures) ? spec.enableFeatures : [];
    const version = prometheusVersion(context, spec);
    const flag = operatorAgentFlag(context, version);
    features.forEach((feature, index) => {
      if (feature !== 'agent') return;
      const consequence = flag === '--agent' ? `Prometheus ${version} logs "Unknown option for --enable-feature: agent"` : 'the flag is passed twice';
      context.report({
        span: at(context, ['spec', 'enableFeatures', index], 'value'),
        message: `"agent" in enableFeatures is redundant: the operator already runs the agent with ${flag}, and ${consequence}`,
        // An empty list says what no list says: the last feature goes with its key, as a person would write it.
        fixes: removeFix(context, features.length === 1 ? ['spec', 'enableFeatures'] : ['spec', 'enableFeatures', index], 'Remove "agent" from enableFeatures'),
      });
    });
  },
};

export const daemonSetVolumes: Rule = {
  id: 'agent/daemonset-volumes',
  severity: 'warning',
  docs: 'spec.volumes in DaemonSet mode: the operator drops them but keeps the mounts, so Kubernetes rejects the DaemonSet (prometheus-operator #7813).',
  appliesTo: (document) => isAgent(document) && mode(specOf(document)!) === 'DaemonSet',
  check(context) {
    const spec = specOf(context.document)!;
    const volumes = Array.isArray(spec.volumes) ? spec.volumes : [];
    if (volumes.length === 0) return;
    const names = new Set(volumes.map((v) => asRecord(v)?.name).filter((n): n is string => typeof n === 'string'));
    context.report({
      span: at(context, ['spec', 'volumes']),
      message: 'spec.volumes is dropped in DaemonSet mode (prometheus-operator #7813): the DaemonSet the operator creates has none of these volumes',
    });
    const mounts = Array.isArray(spec.volumeMounts) ? spec.volumeMounts : [];
    mounts.forEach((mount, index) => {
      const name = asRecord(mount)?.name;
      if (typeof name !== 'string' || !names.has(name)) return;
      context.report({
        span: at(context, ['spec', 'volumeMounts', index, 'name'], 'value'),
        message: `volume mount ${JSON.stringify(name)} names a volume the DaemonSet will not have: Kubernetes rejects it (volumeMounts[${index}].name: Not found: ${JSON.stringify(name)})`,
      });
    });
  },
};

export const externalLabelCollision: Rule = {
  id: 'agent/external-label-collision',
  severity: 'warning',
  docs: 'An external label the operator sets itself (`prometheus`, `prometheus_replica`, or the names configured in spec; in Sidecar mode `prometheus`, `namespace` and `pod`): yours is ignored.',
  appliesTo: isAgentOrServer,
  check(context) {
    const spec = specOf(context.document, ['PrometheusAgent', 'Prometheus'])!;
    const labels = asRecord(spec.externalLabels);
    if (!labels) return;
    const { name = '', namespace = 'default' } = context.document;
    const reserved = reservedExternalLabels(spec, { namespace, name }, "<the pod's namespace>");
    const setter = spec.mode === 'Sidecar' ? 'the sidecar injection' : 'the operator';
    for (const key of Object.keys(labels)) {
      if (!Object.hasOwn(reserved, key)) continue;
      context.report({
        span: at(context, ['spec', 'externalLabels', key]),
        message: `external label ${JSON.stringify(key)} is set by ${setter} (${key}: ${reserved[key]}); this value is ignored`,
      });
    }
  },
};

/** Whether a remoteWrite url names the http or https scheme, in any case (Go's url.Parse lowercases it). */
export const hasHttpScheme = (url: string) => /^https?:\/\/./i.test(url);

export const remoteWriteUrl: Rule = {
  id: 'agent/remote-write-url',
  severity: 'warning',
  docs: "A remoteWrite url that is no absolute http or https URL: without an http or https scheme (an error in every release: the CRD refuses it from v0.90.0, and Prometheus cannot send to it before), or one that passes the CRD's `^(http|https)://.+$` pattern but is still no valid URL (a space, no host): the agent cannot send samples there.",
  appliesTo: isAgentOrServer,
  check(context) {
    const spec = specOf(context.document, ['PrometheusAgent', 'Prometheus'])!;
    const remoteWrite = Array.isArray(spec.remoteWrite) ? spec.remoteWrite : [];
    remoteWrite.forEach((entry, index) => {
      const url = asRecord(entry)?.url;
      if (typeof url !== 'string') return;
      if (!hasHttpScheme(url)) {
        context.report({
          span: at(context, ['spec', 'remoteWrite', index, 'url'], 'value'),
          message: `remoteWrite url ${JSON.stringify(url)} has no http or https scheme: prometheus-operator refuses it from v0.90.0 (it should match '^(http|https)://.+$'), and before it the agent cannot send there (Prometheus reads what precedes the first colon as the scheme)`,
          severity: 'error',
        });
        return;
      }
      // Go lowercases a scheme: HTTP:// sends, though the CRD's pattern from v0.90.0 refuses it (crd/invalid-value).
      if (!/^(http|https):\/\/.+$/.test(url)) return;
      // Read as Prometheus reads it (Go's url.Parse: an IPv6 zone, `[fe80::1%25eth0]`, is a host), with a host name.
      const parsed = parseUrl(url);
      const hostName = parsed.host.startsWith('[') ? parsed.host.slice(1, parsed.host.indexOf(']')) : parsed.host.replace(/:\d*$/, '');
      if (!parsed.error && (parsed.scheme === 'http' || parsed.scheme === 'https') && hostName !== '') return;
      context.report({
        span: at(context, ['spec', 'remoteWrite', index, 'url'], 'value'),
        message: `remoteWrite url ${JSON.stringify(url)} is not an absolute http or https URL`,
      });
    });
  },
};

export const semanticRules: Rule[] = [
  scrapeTimeout, unsupportedVersion, versionGatedField, agentFeatureFlag, daemonSetVolumes, externalLabelCollision, remoteWriteUrl,
];

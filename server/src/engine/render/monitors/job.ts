import { minimumPrometheus } from '../../model/operator';
import type { RenderContext } from '../context';
import { asRecord, type Fields, type Json } from '../fields';
import { gated } from '../config/gates';
import { scrapeProtocols } from '../config/global';
import { authorization, basicAuth, proxyConfig, tlsConfig } from '../config/httpClient';
import { relabelConfigs } from '../config/relabel';
import type { Monitor } from './selection';
import { parseSelector, selectorString } from '../../model/labelSelector';
import { zoneSharded } from '../topology';

/** What every monitor job shares: SD config, honor flags, limits, histogram settings, scrape classes. */

export function honorFlags(context: RenderContext, endpoint: Fields): Json {
  const out: Json = { honor_labels: (endpoint.boolean('honorLabels') ?? false) && !context.spec.boolean('overrideHonorLabels') };
  const honorTimestamps = endpoint.boolean('honorTimestamps');
  const override = context.spec.boolean('overrideHonorTimestamps') ?? false;
  if ((honorTimestamps !== undefined || override) && gated(context, 'v2.9.0', endpoint.at('honorTimestamps'))) {
    out.honor_timestamps = (honorTimestamps ?? false) && !override;
  }
  const staleness = endpoint.boolean('trackTimestampsStaleness');
  if (staleness !== undefined && gated(context, 'v2.48.0', endpoint.at('trackTimestampsStaleness'))) out.track_timestamps_staleness = staleness;
  return out;
}

/** The scrape class a monitor names (`scrapeClass`; selection rejects a name the agent lacks), else the agent's default one. */
export function scrapeClassOf(context: RenderContext, monitor: Monitor): Fields {
  const classes = context.spec.children('scrapeClasses');
  const name = monitor.spec.string('scrapeClass');
  const named = name ? classes.find((c) => c.string('name') === name) : undefined;
  return named ?? classes.find((c) => c.boolean('default')) ?? context.spec.derive({}, 'spec.scrapeClasses');
}

/** The kubernetes_sd_configs entry of a ServiceMonitor or PodMonitor job. */
export function kubernetesSd(context: RenderContext, monitor: Monitor, role: string, attachMinimum: string, scrapeClass: Fields, roleSelectors: string[]): Json {
  const sd = kubernetesSdBase(context, role, monitor.namespace, monitor.spec.child('namespaceSelector'));
  const attach = monitor.spec.has('attachMetadata') ? monitor.spec.child('attachMetadata') : scrapeClass.has('attachMetadata') ? scrapeClass.child('attachMetadata') : undefined;
  const node = attach?.boolean('node') ?? false;
  // Sharded by zone, a target's zone is its node's label: the operator asks for the node's metadata.
  const forNodeZone = zoneSharded(context.topology) && !node;
  if ((attach || forNodeZone) && gated(context, attachMinimum, forNodeZone ? 'spec.shardingStrategy: attach_metadata' : attach!.location())) {
    sd.attach_metadata = { node: node || forNodeZone };
  }
  const selectors: Json[] = [];
  if (context.mode === 'DaemonSet') selectors.push({ role: 'pod', field: 'spec.nodeName=$(NODE_NAME)' });
  if (monitor.spec.string('selectorMechanism') === 'RoleSelector') {
    const parsed = parseSelector(monitor.spec.raw('selector') ?? {});
    if ('error' in parsed) context.notes.add(`${monitor.spec.at('selector')}: ${parsed.error}`);
    else for (const selectorRole of roleSelectors) selectors.push({ role: selectorRole, label: selectorString(parsed) });
  }
  if (selectors.length) sd.selectors = selectors;
  return sd;
}

/** What every discovery of Kubernetes objects for a monitor starts with: the role, the namespaces, the agent's API server. */
export function kubernetesSdBase(context: RenderContext, role: string, namespace: string, namespaceSelector: Fields): Json {
  const sd: Json = { role };
  const namespaces = sdNamespaces(context, namespace, namespaceSelector);
  if (namespaces.length) sd.namespaces = { names: namespaces };
  if (context.spec.has('apiserverConfig')) Object.assign(sd, apiServer(context, context.spec.child('apiserverConfig')));
  return sd;
}

/** ignoreNamespaceSelectors: the monitor's namespace; `any`: every namespace (no list); else matchNames or its own. */
function sdNamespaces(context: RenderContext, namespace: string, selector: Fields): string[] {
  if (context.spec.boolean('ignoreNamespaceSelectors')) return [namespace];
  if (selector.boolean('any')) return [];
  const names = selector.stringList('matchNames');
  return names.length ? names : [namespace];
}

function apiServer(context: RenderContext, config: Fields): Json {
  const out: Json = { api_server: config.string('host') ?? '' };
  if (config.has('basicAuth')) out.basic_auth = basicAuth(context, context.namespace, config.child('basicAuth'));
  const bearerToken = config.string('bearerToken');
  if (bearerToken) out.bearer_token = bearerToken;
  const bearerTokenFile = config.string('bearerTokenFile');
  if (bearerTokenFile) out.bearer_token_file = bearerTokenFile;
  if (config.has('authorization')) {
    const auth = authorization(context, context.namespace, config.child('authorization'));
    if (auth) out.authorization = auth;
  }
  if (config.has('tlsConfig')) out.tls_config = tlsConfig(context, context.namespace, config.child('tlsConfig'));
  Object.assign(out, proxyConfig(context, context.namespace, config));
  return out;
}

/**
 * The endpoint's TLS config, completed with the scrape class's files where the endpoint names none. The operator copies
 * the endpoint's own files (in the monitor's namespace) when it selects the monitor; the class's it copied already,
 * under the agent's namespace, while the paths written here name the monitor's.
 */
export function mergedTls(context: RenderContext, namespace: string, endpoint: Fields, scrapeClass: Fields, safe: boolean): Json | undefined {
  const written = asRecord(endpoint.raw('tlsConfig'));
  // A SafeTLSConfig (PodMonitor, Probe, ScrapeConfig) left at its zero value counts as none (mergeSafeTLSConfigWithScrapeClass).
  const own = safe && written && isZero(written) ? undefined : written;
  const fromClass = asRecord(scrapeClass.raw('tlsConfig'));
  if (!own && !fromClass) return undefined;
  if (!own) return tlsConfig(context, namespace, scrapeClass.child('tlsConfig'), false);
  const merged = { ...own };
  if (fromClass) {
    if (!merged.caFile && !merged.ca) merged.caFile = fromClass.caFile;
    if (!merged.certFile && !merged.cert) merged.certFile = fromClass.certFile;
    if (!merged.keyFile && !merged.keySecret) merged.keyFile = fromClass.keyFile;
  }
  return tlsConfig(context, namespace, endpoint.derive(merged, endpoint.at('tlsConfig')));
}

/** A Go struct decoded from this object is its zero value: every field absent, null, or such an object itself. */
const isZero = (value: Json): boolean => Object.values(value).every((field) => field === null || field === undefined || (asRecord(field) !== undefined && isZero(asRecord(field)!)));

/** The endpoint's authorization, its credentials taken from the scrape class when it has none. */
export function mergedAuthorization(context: RenderContext, namespace: string, endpoint: Fields, scrapeClass: Fields): Json | undefined {
  const own = asRecord(endpoint.raw('authorization'));
  const fromClass = asRecord(scrapeClass.raw('authorization'));
  if (!own && !fromClass) return undefined;
  if (!own) return authorization(context, namespace, scrapeClass.child('authorization'));
  const merged = { ...own };
  if (fromClass && !merged.credentials) {
    merged.credentials = fromClass.credentials;
    if (!merged.credentialsFile) merged.credentialsFile = fromClass.credentialsFile;
  }
  return authorization(context, namespace, endpoint.derive(merged, endpoint.at('authorization')));
}

/** A target label copied from a Service or Pod label (`targetLabels`, `podTargetLabels`). */
export const labelCopy = (metaPrefix: string, label: string): Json => {
  const name = label.replace(/[^a-zA-Z0-9_]/g, '_');
  return { source_labels: [`${metaPrefix}${name}`], target_label: name, regex: '(.+)', replacement: '${1}' };
};

/**
 * The user's relabelings with the enforced namespace label last: with `enforcedNamespaceLabel` the operator appends
 * a rule setting it to the monitor's namespace, unless `excludedFromEnforcement` names the monitor.
 */
export function withEnforcedNamespace(context: RenderContext, monitor: Monitor, relabelings: Fields[]): Json[] {
  const out = relabelConfigs(relabelings);
  const label = context.spec.string('enforcedNamespaceLabel');
  if (!label || excluded(context, monitor)) return out;
  return [...out, { target_label: label, replacement: monitor.namespace }];
}

function excluded(context: RenderContext, monitor: Monitor): boolean {
  const resource = `${monitor.kind.toLowerCase()}s`;
  return context.spec.children('excludedFromEnforcement').some((reference) =>
    reference.string('resource') === resource && reference.string('namespace') === monitor.namespace &&
    (!reference.string('name') || reference.string('name') === monitor.name));
}

/** A limit of a job: the monitor's, capped by the enforced one; with Prometheus ≥ 2.45 the global enforced limit applies alone. */
export function jobLimits(context: RenderContext, monitor: Monitor): Json {
  const out: Json = {};
  const limits: [string, string, string | undefined][] = [
    ['sampleLimit', 'sample_limit', undefined],
    ['targetLimit', 'target_limit', 'v2.21.0'],
    ['labelLimit', 'label_limit', 'v2.27.0'],
    ['labelNameLengthLimit', 'label_name_length_limit', 'v2.27.0'],
    ['labelValueLengthLimit', 'label_value_length_limit', 'v2.27.0'],
    ['keepDroppedTargets', 'keep_dropped_targets', 'v2.47.0'],
  ];
  for (const [key, name, minimum] of limits) {
    const own = monitor.spec.integer(key) ?? 0;
    const enforced = context.spec.integer(`enforced${key[0].toUpperCase()}${key.slice(1)}`) ?? 0;
    const chosen = enforced === 0 ? own : own === 0 ? (context.atLeast(minimumPrometheus.globalLimits) ? 0 : enforced) : Math.min(own, enforced);
    if (chosen && (!minimum || gated(context, minimum, monitor.spec.at(key)))) out[name] = chosen;
  }
  return out;
}

export function histogramSettings(context: RenderContext, monitor: Monitor): Json {
  const spec = monitor.spec;
  const out: Json = {};
  const native = spec.boolean('scrapeNativeHistograms');
  if (native !== undefined && gated(context, 'v3.8.0', spec.at('scrapeNativeHistograms'))) out.scrape_native_histograms = native;
  const bucketLimit = spec.integer('nativeHistogramBucketLimit');
  if (bucketLimit !== undefined && gated(context, minimumPrometheus.nativeHistograms, spec.at('nativeHistogramBucketLimit'))) out.native_histogram_bucket_limit = bucketLimit;
  const factor = spec.scalar('nativeHistogramMinBucketFactor');
  if (factor !== undefined && gated(context, 'v2.50.0', spec.at('nativeHistogramMinBucketFactor'))) out.native_histogram_min_bucket_factor = Number(factor);
  const classic = spec.boolean('scrapeClassicHistograms');
  if (classic !== undefined) {
    if (context.v3) out.always_scrape_classic_histograms = classic;
    else if (gated(context, minimumPrometheus.nativeHistograms, spec.at('scrapeClassicHistograms'))) out.scrape_classic_histograms = classic;
  }
  const nhcb = spec.boolean('convertClassicHistogramsToNHCB');
  if (nhcb !== undefined && gated(context, 'v3.0.0', spec.at('convertClassicHistogramsToNHCB'))) out.convert_classic_histograms_to_nhcb = nhcb;
  return out;
}

export function protocolSettings(context: RenderContext, monitor: Monitor, scrapeClass: Fields): Json {
  const out: Json = {};
  const protocols = scrapeProtocols(context, monitor.spec.stringList('scrapeProtocols'), monitor.spec.at('scrapeProtocols'));
  if (protocols) out.scrape_protocols = protocols;
  const fallback = monitor.spec.string('fallbackScrapeProtocol') ?? scrapeClass.string('fallbackScrapeProtocol');
  if (fallback && gated(context, 'v3.0.0', monitor.spec.at('fallbackScrapeProtocol'))) out.fallback_scrape_protocol = fallback;
  const body = lowerByteSize(monitor.spec.string('bodySizeLimit'), context.spec.string('enforcedBodySizeLimit'));
  if (body && gated(context, 'v2.28.0', monitor.spec.at('bodySizeLimit'))) out.body_size_limit = body;
  return out;
}

const byteUnits: Record<string, number> = { '': 1, K: 2 ** 10, M: 2 ** 20, G: 2 ** 30, T: 2 ** 40, P: 2 ** 50, E: 2 ** 60 };

/** The smaller of the monitor's body size limit and the enforced one (base-2 units, as Prometheus reads them). */
function lowerByteSize(own: string | undefined, enforced: string | undefined): string | undefined {
  if (!enforced) return own || undefined;
  if (!own) return enforced;
  const bytes = (size: string) => {
    const match = /^([0-9]*\.?[0-9]+)([KMGTPE]?)i?B$/.exec(size);
    return match ? Number(match[1]) * byteUnits[match[2]] : 0;
  };
  return bytes(own) > bytes(enforced) ? enforced : own;
}

export function metricRelabelings(context: RenderContext, monitor: Monitor, endpoint: Fields, scrapeClass: Fields): Json[] {
  return [...relabelConfigs(scrapeClass.children('metricRelabelings')), ...withEnforcedNamespace(context, monitor, endpoint.children('metricRelabelings'))];
}

/** Drops the targets of pods that have finished (filterRunning, on by default). */
export const runningFilter: Json = { action: 'drop', source_labels: ['__meta_kubernetes_pod_phase'], regex: '(Failed|Succeeded)' };

export const jobNameRelabel: Json = { source_labels: ['job'], target_label: '__tmp_prometheus_job_name' };

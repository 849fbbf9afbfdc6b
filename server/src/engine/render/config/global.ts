import { cleanPath } from '../../util/cleanPath';
import { minimumPrometheus } from '../../model/operator';
import { reservedExternalLabels } from '../../model/externalLabels';
import { envVars, paths, specDefaults } from '../defaults';
import type { RenderContext } from '../context';
import type { Fields, Json } from '../fields';
import { sorted } from '../names';
import { gated } from './gates';
import { own } from '../../util/own';

/**
 * `prometheus: <ns>/<name>`, `prometheus_replica: $(POD_NAME)` (names from spec; "" leaves one out), with topology
 * sharding the shard's zone (`zone: $(TOPOLOGY_ZONE)`), then spec.externalLabels.
 */
export function agentExternalLabels(context: RenderContext): Record<string, string> {
  const reserved = reservedExternalLabels(context.spec.data(), context, context.namespace);
  const zoneLabel = context.topology?.zoneLabel;
  if (zoneLabel) reserved[zoneLabel] = `$(${envVars.topologyZone})`;
  return withUserLabels(context, reserved);
}

/** spec.externalLabels under the labels the operator (or the injection) sets itself: a reserved key is ignored. */
export function withUserLabels(context: RenderContext, reserved: Record<string, string>): Record<string, string> {
  const setter = context.spec.string('mode') === 'Sidecar' ? 'the sidecar injection' : 'the operator';
  const labels = Object.entries(reserved);
  for (const [key, value] of Object.entries(context.spec.strings('externalLabels') ?? {})) {
    if (Object.hasOwn(reserved, key)) context.notes.add(`spec.externalLabels.${key}: a label ${setter} sets itself (${key}: ${reserved[key]}); ignored`);
    else labels.push([key, value]);
  }
  // Built as data: a label named `__proto__` stays a label.
  return sorted(Object.fromEntries(labels));
}

/**
 * Whether a log file goes to the `log-file` emptyDir the operator mounts at /var/log/prometheus: Go's
 * `filepath.Dir(file) == "."`, a file name however written (`x.log`, `./x.log`, `a/../x.log`).
 */
export function usesDefaultFileVolume(file: string): boolean {
  if (file === '' || file.startsWith('/')) return false;
  let depth = 0;
  for (const part of file.split('/').slice(0, -1)) {
    if (part === '' || part === '.') continue;
    if (part !== '..') depth++;
    else if (depth-- === 0) return false;
  }
  return depth === 0;
}

/** A scrape failure log file as the configuration names it: in the `log-file` emptyDir when it names no directory. */
export function logFilePath(file: string): string {
  return usesDefaultFileVolume(file) ? cleanPath(`${paths.logDir}/${file}`) : file;
}

export function globalConfig(context: RenderContext, externalLabels: Record<string, string>): Json {
  const spec = context.spec;
  const out: Json = { scrape_interval: spec.string('scrapeInterval') ?? specDefaults.scrapeInterval };
  const timeout = spec.string('scrapeTimeout');
  if (timeout) out.scrape_timeout = timeout;
  const protocols = scrapeProtocols(context);
  if (protocols) out.scrape_protocols = protocols;
  out.external_labels = externalLabels;
  Object.assign(out, limits(context));
  const logFile = spec.string('scrapeFailureLogFile');
  if (logFile && gated(context, minimumPrometheus.scrapeFailureLogFile, 'spec.scrapeFailureLogFile')) out.scrape_failure_log_file = logFilePath(logFile);
  // The operator's code gates the name schemes and histogram settings on these versions (operator.md lists the fields only).
  Object.assign(out, nameSchemes(context, spec));
  const nhcb = spec.boolean('convertClassicHistogramsToNHCB');
  if (nhcb !== undefined && gated(context, 'v3.4.0', 'spec.convertClassicHistogramsToNHCB')) out.convert_classic_histograms_to_nhcb = nhcb;
  const classic = spec.boolean('scrapeClassicHistograms');
  if (classic !== undefined && gated(context, 'v3.5.0', 'spec.scrapeClassicHistograms')) out.always_scrape_classic_histograms = classic;
  const native = spec.boolean('scrapeNativeHistograms');
  if (native !== undefined && gated(context, 'v3.8.0', 'spec.scrapeNativeHistograms')) out.scrape_native_histograms = native;
  return out;
}

const escapings: Record<string, string> = { AllowUTF8: 'allow-utf-8', Underscores: 'underscores', Dots: 'dots', Values: 'values' };

/** metric_name_validation_scheme (Prometheus ≥ 3.0) and metric_name_escaping_scheme (≥ 3.4), globally or for one job. */
export function nameSchemes(context: RenderContext, spec: Fields): Json {
  const out: Json = {};
  const validation = spec.string('nameValidationScheme');
  if (validation && gated(context, 'v3.0.0', spec.at('nameValidationScheme'))) out.metric_name_validation_scheme = validation.toLowerCase();
  const escaping = spec.string('nameEscapingScheme');
  const escapingName = escaping ? own(escapings, escaping) : undefined;
  if (escapingName && gated(context, 'v3.4.0', spec.at('nameEscapingScheme'))) out.metric_name_escaping_scheme = escapingName;
  return out;
}

/** scrape_protocols (Prometheus ≥ 2.49); PrometheusText1.0.0 needs v3 and is left out before. */
export function scrapeProtocols(context: RenderContext, list = context.spec.stringList('scrapeProtocols'), where = 'spec.scrapeProtocols'): string[] | undefined {
  if (!list.length || !gated(context, minimumPrometheus.scrapeProtocols, where)) return undefined;
  return list.filter((protocol) => protocol !== 'PrometheusText1.0.0' || gated(context, 'v3.0.0-rc.0', `${where}: PrometheusText1.0.0`));
}

/** The global limits: the spec's value, capped by the enforced one; the enforced one alone when the spec sets none. */
function limits(context: RenderContext): Json {
  const spec = context.spec;
  const out: Json = {};
  const body = spec.string('bodySizeLimit') || spec.string('enforcedBodySizeLimit');
  if (body && gated(context, minimumPrometheus.globalLimits, 'spec.bodySizeLimit')) out.body_size_limit = body;
  const limit = (key: string, name: string, minimum: string) => {
    const value = spec.integer(key) ?? 0;
    const enforced = spec.integer(`enforced${key[0].toUpperCase()}${key.slice(1)}`) ?? 0;
    const chosen = value > 0 ? (enforced > 0 && value > enforced ? enforced : value) : enforced;
    if (chosen > 0 && gated(context, minimum, `spec.${key}`)) out[name] = chosen;
  };
  limit('sampleLimit', 'sample_limit', minimumPrometheus.globalLimits);
  limit('targetLimit', 'target_limit', minimumPrometheus.globalLimits);
  limit('labelLimit', 'label_limit', minimumPrometheus.globalLimits);
  limit('labelNameLengthLimit', 'label_name_length_limit', minimumPrometheus.globalLimits);
  limit('labelValueLengthLimit', 'label_value_length_limit', minimumPrometheus.globalLimits);
  limit('keepDroppedTargets', 'keep_dropped_targets', minimumPrometheus.keepDroppedTargets);
  return out;
}

import { minimumPrometheus, operatorRefusals, operatorRelease } from '../../model/operator';
import { otlpRefusal } from '../../model/otlpChecks';
import { scrapeClassRefusals } from '../../model/scrapeClassChecks';
import { apiServerConfigRefusal, tracingRefusal } from '../../model/specRefusals';
import { remoteWriteProblem } from '../../model/remoteWriteChecks';
import { asRecord } from '../../util/record';
import { fieldPath } from '../../util/kubernetesText';
import type { RenderContext } from '../context';
import type { Path } from '../../yaml/documents';
import type { Json } from '../fields';
import { sorted } from '../names';
import { parseDuration } from '../../util/duration';
import { quantityValue } from '../../util/quantity';
import { specDefaults } from '../defaults';
import { gated } from './gates';
import { globalConfig } from './global';
import { tlsConfig } from './httpClient';
import { remoteWrite } from './remoteWrite';

/**
 * prometheus.yml as the operator generates it for an agent (operator.md §4): global, runtime, scrape_configs,
 * storage.tsdb, remote_write, otlp, tracing, each behind its version gate. Never evaluation_interval, rule_files,
 * alerting, remote_read or retention.
 */
export function prometheusConfig(context: RenderContext, externalLabels: Record<string, string>, scrapeConfigs: Json[]): Json {
  checkScrapeTimeout(context);
  checkTsdb(context);
  const out: Json = { global: globalConfig(context, externalLabels) };
  const runtime = runtimeConfig(context);
  if (runtime) out.runtime = runtime;
  out.scrape_configs = scrapeConfigs;
  const storage = storageConfig(context);
  if (storage) out.storage = storage;
  const writes = remoteWrite(context);
  if (writes.length) out.remote_write = writes;
  const otlp = otlpConfig(context);
  if (otlp) out.otlp = otlp;
  refuseAt(context, tracingRefusal(context.spec.data(), operatorRelease.version));
  if (context.spec.has('tracingConfig')) out.tracing = tracingConfig(context);
  return out;
}

/**
 * What the operator refuses before it generates prometheus.yml, in its order: the scrape classes, as it creates the
 * config generator; then the remote writes' and the API server's settings, as it loads their credentials. The
 * additional scrape configs' Secret, which it loads next, is read with the scrape jobs (see additionalScrapeConfigs).
 */
export function checkBeforeGenerating(context: RenderContext): void {
  checkScrapeClasses(context);
  context.spec.list('remoteWrite').forEach((item, index) => {
    const entry = asRecord(item);
    const problem = entry && remoteWriteProblem(entry, (minimum) => context.atLeast(minimum), context.version);
    refuseAt(context, problem ? { path: ['remoteWrite', index], message: problem.message } : undefined);
  });
  refuseAt(context, apiServerConfigRefusal(context.spec.data(), operatorRelease.version));
}

/**
 * A refusal of the spec's (its path relative to the spec), if there is one, said where the operator says it; `outcome`
 * says who refuses what, where it is not the operator refusing the agent (see Notes.refuse).
 */
export function refuseAt(context: RenderContext, refusal: { path: Path; message: string } | undefined, outcome?: string): void {
  if (refusal) context.notes.refuse(`${fieldPath(['spec', ...refusal.path])}: ${refusal.message}`, outcome);
}

/**
 * The operator reads the scrape classes before anything else, and stops at the first it refuses. It copies each
 * class's TLS files into the tls-assets Secret under the agent's namespace, whether a job uses the class or not.
 */
function checkScrapeClasses(context: RenderContext): void {
  refuseAt(context, scrapeClassRefusals(context.spec.data(), context.version, operatorRelease.version)[0]);
  for (const scrapeClass of context.spec.children('scrapeClasses')) if (scrapeClass.has('tlsConfig')) context.store.addTlsAssets(context.namespace, scrapeClass.child('tlsConfig'));
}

function checkScrapeTimeout(context: RenderContext): void {
  const timeout = context.spec.string('scrapeTimeout');
  const interval = context.spec.string('scrapeInterval') ?? specDefaults.scrapeInterval;
  if (!timeout) return;
  const timeoutMs = parseDuration(timeout);
  const intervalMs = parseDuration(interval);
  if (timeoutMs !== undefined && intervalMs !== undefined && timeoutMs > intervalMs) {
    context.notes.refuse(`spec.scrapeTimeout: scrapeTimeout ${JSON.stringify(timeout)} greater than scrapeInterval ${JSON.stringify(interval)}`);
  }
}

/** The TSDB settings the operator refuses before writing them, whatever the Prometheus version. */
function checkTsdb(context: RenderContext): void {
  const tsdb = context.spec.child('tsdb');
  const threshold = tsdb.raw('staleSeriesCompactionThreshold');
  if (threshold !== undefined) {
    const value = quantityValue(threshold);
    const { minimum, maximum } = operatorRefusals.staleSeriesCompactionThreshold;
    if (value !== undefined && (value < minimum || value > maximum)) {
      context.notes.refuse(`${tsdb.at('staleSeriesCompactionThreshold')}: ${String(threshold)} is not between ${minimum} and ${maximum}`);
    }
  }
  const feature = operatorRefusals.xorChunksIncompatibleFeature;
  if (tsdb.child('chunkEncoding').string('floats') === 'Xor' && context.spec.stringList('enableFeatures').includes(feature)) {
    context.notes.refuse(`${tsdb.child('chunkEncoding').at('floats')}: chunk encoding "Xor" is incompatible with --enable-feature=${feature} (XOR chunks do not store start timestamps)`);
  }
}

function runtimeConfig(context: RenderContext): Json | undefined {
  if (!context.spec.has('runtime') || !gated(context, minimumPrometheus.runtime, 'spec.runtime')) return undefined;
  const goGC = context.spec.child('runtime').integer('goGC');
  return goGC === undefined ? {} : { gogc: goGC };
}

function storageConfig(context: RenderContext): Json | undefined {
  const tsdb = context.spec.child('tsdb');
  const out: Json = {};
  const window = tsdb.string('outOfOrderTimeWindow');
  if (window && gated(context, minimumPrometheus.outOfOrderTimeWindow, tsdb.at('outOfOrderTimeWindow'))) out.out_of_order_time_window = window;
  const threshold = quantityValue(tsdb.raw('staleSeriesCompactionThreshold'));
  if (threshold !== undefined && gated(context, minimumPrometheus.staleSeriesCompactionThreshold, tsdb.at('staleSeriesCompactionThreshold'))) {
    out.stale_series_compaction_threshold = threshold;
  }
  // operator.md names chunk_encoding.floats; the value is written lower-cased, as the operator writes its other enums.
  const floats = tsdb.child('chunkEncoding').string('floats');
  if (floats && gated(context, minimumPrometheus.chunkEncoding, tsdb.at('chunkEncoding'))) out.chunk_encoding = { floats: floats.toLowerCase() };
  // Shown as one section; the operator writes one for each setting (see agentStorageSections).
  if (Object.keys(out).length > 1) {
    context.notes.add(`spec.tsdb: the operator writes a storage section for each of ${Object.keys(out).join(', ')}, and Prometheus refuses the second ("field storage already set in type config.plain")`);
  }
  return Object.keys(out).length ? { tsdb: out } : undefined;
}

function otlpConfig(context: RenderContext): Json | undefined {
  if (!context.spec.has('otlp')) return undefined;
  const refusal = otlpRefusal(context.spec.data(), (minimum) => context.atLeast(minimum));
  if (refusal) {
    context.notes.refuse(`spec.${refusal.path.join('.')}: ${refusal.message}`);
    return undefined;
  }
  const otlp = context.spec.child('otlp');
  const out: Json = {};
  const promote = otlp.stringList('promoteResourceAttributes');
  if (promote.length) out.promote_resource_attributes = promote;
  const fields: [string, string, string][] = [
    ['translationStrategy', 'translation_strategy', 'v3.0.0'],
    ['keepIdentifyingResourceAttributes', 'keep_identifying_resource_attributes', 'v3.1.0'],
    ['convertHistogramsToNHCB', 'convert_histograms_to_nhcb', 'v3.4.0'],
    ['promoteAllResourceAttributes', 'promote_all_resource_attributes', 'v3.5.0'],
    ['ignoreResourceAttributes', 'ignore_resource_attributes', 'v3.5.0'],
    ['promoteScopeMetadata', 'promote_scope_metadata', 'v3.6.0'],
    // The CRD documents these two as needing 3.8; operator.md is silent on their names in prometheus.yml.
    ['labelNameUnderscoreSanitization', 'label_name_underscore_sanitization', 'v3.8.0'],
    ['labelNamePreserveMultipleUnderscores', 'label_name_preserve_multiple_underscores', 'v3.8.0'],
  ];
  for (const [key, name, minimum] of fields) {
    const value = otlp.raw(key);
    if (value === undefined || (Array.isArray(value) && value.length === 0)) continue;
    if (gated(context, minimum, otlp.at(key))) out[name] = value;
  }
  return Object.keys(out).length ? out : undefined;
}

function tracingConfig(context: RenderContext): Json {
  const tracing = context.spec.child('tracingConfig');
  const out: Json = { endpoint: tracing.string('endpoint') ?? '' };
  const clientType = tracing.string('clientType');
  if (clientType) out.client_type = clientType.toLowerCase();
  const fraction = quantityValue(tracing.raw('samplingFraction'));
  if (fraction !== undefined) out.sampling_fraction = fraction;
  const insecure = tracing.boolean('insecure');
  if (insecure !== undefined) out.insecure = insecure;
  const headers = tracing.strings('headers');
  if (headers && Object.keys(headers).length) out.headers = sorted(headers);
  const compression = tracing.string('compression');
  if (compression) out.compression = compression.toLowerCase();
  const timeout = tracing.string('timeout');
  if (timeout) out.timeout = timeout;
  // The operator writes the paths and copies no file of tracing's (only remote write's, the API server's and the scrape classes').
  if (tracing.has('tlsConfig')) out.tls_config = tlsConfig(context, context.namespace, tracing.child('tlsConfig'), false);
  return out;
}

import type { RenderContext } from '../context';
import { asRecord, type Json } from '../fields';
import { gated } from '../config/gates';
import { basicAuth, oauth2, proxyConfig } from '../config/httpClient';
import { relabelConfigs, shardingRelabels } from '../config/relabel';
import { nameSchemes } from '../config/global';
import { sorted } from '../names';
import {
  histogramSettings, jobLimits, jobNameRelabel, mergedAuthorization, mergedTls, metricRelabelings, protocolSettings, scrapeClassOf,
  withEnforcedNamespace,
} from './job';
import type { Monitor } from './selection';
import { serviceDiscoveries } from './serviceDiscovery';

/**
 * The job of a ScrapeConfig, `scrapeConfig/<ns>/<name>`: its own scrape settings and service discoveries, written as
 * given (Secrets resolved in its namespace). It is sharded only with more than one shard, and not when a relabeling
 * of its own already hashes.
 */
export function scrapeConfigJob(context: RenderContext, scrapeConfig: Monitor): Json {
  const spec = scrapeConfig.spec;
  const ns = scrapeConfig.namespace;
  const scrapeClass = scrapeClassOf(context, scrapeConfig);
  const job: Json = { job_name: `scrapeConfig/${ns}/${scrapeConfig.name}` };
  const relabelings: Json[] = [jobNameRelabel, ...relabelConfigs(scrapeClass.children('relabelings'))];
  const jobName = spec.string('jobName');
  if (jobName !== undefined) relabelings.push({ target_label: 'job', action: 'replace', replacement: jobName });
  const override = context.spec.boolean('overrideHonorTimestamps') ?? false;
  const honorTimestamps = spec.boolean('honorTimestamps');
  if (honorTimestamps !== undefined && gated(context, 'v2.9.0', spec.at('honorTimestamps'))) job.honor_timestamps = honorTimestamps && !override;
  const staleness = spec.boolean('trackTimestampsStaleness');
  if (staleness !== undefined && gated(context, 'v2.48.0', spec.at('trackTimestampsStaleness'))) job.track_timestamps_staleness = staleness;
  const honorLabels = spec.boolean('honorLabels');
  if (honorLabels !== undefined) job.honor_labels = honorLabels && !context.spec.boolean('overrideHonorLabels');
  const metricsPath = spec.string('metricsPath');
  if (metricsPath !== undefined) job.metrics_path = metricsPath;
  const params = asRecord(spec.raw('params'));
  if (params && Object.keys(params).length) job.params = sorted(params);
  const compression = spec.boolean('enableCompression');
  if (compression !== undefined && gated(context, 'v2.49.0', spec.at('enableCompression'))) job.enable_compression = compression;
  const http2 = spec.boolean('enableHTTP2');
  if (http2 !== undefined && gated(context, 'v2.35.0', spec.at('enableHTTP2'))) job.enable_http2 = http2;
  const interval = spec.string('scrapeInterval');
  if (interval !== undefined) job.scrape_interval = interval;
  const timeout = spec.string('scrapeTimeout');
  if (timeout !== undefined) job.scrape_timeout = timeout;
  const { body_size_limit: bodySizeLimit, ...protocols } = protocolSettings(context, scrapeConfig, scrapeClass);
  Object.assign(job, protocols);
  const scheme = spec.string('scheme');
  if (scheme !== undefined) job.scheme = scheme.toLowerCase();
  Object.assign(job, proxyConfig(context, ns, spec));
  if (spec.has('basicAuth')) job.basic_auth = basicAuth(context, ns, spec.child('basicAuth'));
  const auth = mergedAuthorization(context, ns, spec, scrapeClass);
  if (auth) job.authorization = auth;
  if (spec.has('oauth2')) {
    const oauth = oauth2(context, ns, spec.child('oauth2'));
    if (oauth) job.oauth2 = oauth;
  }
  const tls = mergedTls(context, ns, spec, scrapeClass, true);
  if (tls) job.tls_config = tls;
  Object.assign(job, jobLimits(context, scrapeConfig), histogramSettings(context, scrapeConfig));
  if (bodySizeLimit !== undefined) job.body_size_limit = bodySizeLimit;
  Object.assign(job, serviceDiscoveries(context, ns, spec));
  // The operator runs a ScrapeConfig's relabelings through the namespace labeler only when it has some.
  const own = spec.children('relabelings');
  if (own.length) relabelings.push(...withEnforcedNamespace(context, scrapeConfig, own));
  const hashes = relabelings.some((rule) => rule.action === 'hashmod');
  job.relabel_configs = context.shards > 1 && !hashes ? [...relabelings, ...shardingRelabels(context)] : relabelings;
  const metrics = metricRelabelings(context, scrapeConfig, spec, scrapeClass);
  if (metrics.length) job.metric_relabel_configs = metrics;
  Object.assign(job, nameSchemes(context, spec));
  return job;
}

import type { RenderContext } from '../context';
import type { Fields, Json } from '../fields';
import { gated } from '../config/gates';
import { basicAuth, oauth2, proxyConfig } from '../config/httpClient';
import { relabelConfigs, shardingRelabels } from '../config/relabel';
import { sorted } from '../names';
import {
  histogramSettings, jobLimits, jobNameRelabel, kubernetesSdBase, mergedAuthorization, mergedTls, metricRelabelings,
  protocolSettings, scrapeClassOf, withEnforcedNamespace,
} from './job';
import type { Monitor } from './selection';
import { selectorRelabels } from './selectorRelabels';

/** The prober's path when the Probe names none: the CRD's default, which the API server writes in. */
const defaultProberPath = '/probe';

/**
 * The job of a Probe, `probe/<ns>/<name>`: its targets (static, or the hosts and paths of selected Ingresses) become
 * the prober's `target` parameter, and the prober (`spec.prober.url`) is what is scraped. Static targets win over
 * Ingresses when a Probe has both.
 */
export function probeJob(context: RenderContext, probe: Monitor): Json {
  const spec = probe.spec;
  const ns = probe.namespace;
  const scrapeClass = scrapeClassOf(context, probe);
  const prober = spec.child('prober');
  const job: Json = { job_name: `probe/${ns}/${probe.name}` };
  // A prober's timestamps are honoured unless the agent overrides them; Prometheus before 2.9 has no such setting.
  if (context.atLeast('v2.9.0')) job.honor_timestamps = !(context.spec.boolean('overrideHonorTimestamps') ?? false);
  job.metrics_path = prober.string('path') ?? defaultProberPath;
  const interval = spec.string('interval');
  if (interval) job.scrape_interval = interval;
  const timeout = spec.string('scrapeTimeout');
  if (timeout) job.scrape_timeout = timeout;
  const scheme = prober.string('scheme');
  if (scheme) job.scheme = scheme.toLowerCase();
  const params = probeParams(spec);
  if (params) job.params = params;
  Object.assign(job, jobLimits(context, probe), histogramSettings(context, probe), protocolSettings(context, probe, scrapeClass));
  Object.assign(job, proxyConfig(context, ns, prober));
  const followRedirects = spec.boolean('followRedirects');
  if (followRedirects !== undefined && gated(context, 'v2.26.0', spec.at('followRedirects'))) job.follow_redirects = followRedirects;
  const http2 = spec.boolean('enableHttp2');
  if (http2 !== undefined && gated(context, 'v2.35.0', spec.at('enableHttp2'))) job.enable_http2 = http2;
  const tls = mergedTls(context, ns, spec, scrapeClass, true);
  if (tls) job.tls_config = tls;
  const relabelings: Json[] = [jobNameRelabel];
  const jobName = spec.string('jobName');
  if (jobName) relabelings.push({ target_label: 'job', replacement: jobName });
  const targets = spec.child('targets');
  const proberAddress = { target_label: '__address__', replacement: prober.string('url') ?? '' };
  if (targets.has('staticConfig')) {
    const statics = targets.child('staticConfig');
    job.static_configs = [{ targets: statics.stringList('static'), labels: sorted({ namespace: ns, ...(statics.strings('labels') ?? {}) }) }];
    relabelings.push(
      { source_labels: ['__address__'], target_label: '__param_target' },
      { source_labels: ['__param_target'], target_label: 'instance' },
      proberAddress,
      ...relabelConfigs(scrapeClass.children('relabelings')),
      ...withEnforcedNamespace(context, probe, statics.children('relabelingConfigs')),
    );
  } else {
    const ingress = targets.child('ingress');
    relabelings.push(...selectorRelabels(ingress.raw('selector'), 'ingress'));
    job.kubernetes_sd_configs = [kubernetesSdBase(context, 'ingress', ns, ingress.child('namespaceSelector'))];
    relabelings.push(
      {
        source_labels: ['__meta_kubernetes_ingress_scheme', '__address__', '__meta_kubernetes_ingress_path'],
        separator: ';', regex: '(.+);(.+);(.+)', target_label: '__param_target', replacement: '${1}://${2}${3}', action: 'replace',
      },
      { source_labels: ['__meta_kubernetes_namespace'], target_label: 'namespace' },
      { source_labels: ['__meta_kubernetes_ingress_name'], target_label: 'ingress' },
      { source_labels: ['__address__'], separator: ';', regex: '(.*)', target_label: '__tmp_ingress_address', replacement: '$1', action: 'replace' },
      { source_labels: ['__param_target'], target_label: 'instance' },
      proberAddress,
      ...relabelConfigs(scrapeClass.children('relabelings')),
      ...withEnforcedNamespace(context, probe, ingress.children('relabelingConfigs')),
    );
  }
  job.relabel_configs = [...relabelings, ...shardingRelabels(context, '__param_target')];
  if (spec.child('bearerTokenSecret').string('name')) job.bearer_token = context.store.secretKey(ns, spec.child('bearerTokenSecret'));
  if (spec.has('basicAuth')) job.basic_auth = basicAuth(context, ns, spec.child('basicAuth'));
  if (spec.has('oauth2')) {
    const oauth = oauth2(context, ns, spec.child('oauth2'));
    if (oauth) job.oauth2 = oauth;
  }
  const auth = mergedAuthorization(context, ns, spec, scrapeClass);
  if (auth) job.authorization = auth;
  const metrics = metricRelabelings(context, probe, spec, scrapeClass);
  if (metrics.length) job.metric_relabel_configs = metrics;
  return job;
}

/** `module` first (as the prober reads it), then spec.params in order; a `module` param gives way to spec.module. */
function probeParams(spec: Fields): Json | undefined {
  const module = spec.string('module');
  const params: Json = module ? { module: [module] } : {};
  for (const param of spec.children('params')) {
    const name = param.string('name');
    if (name === undefined || (module && name === 'module')) continue;
    params[name] = param.stringList('values');
  }
  return Object.keys(params).length ? params : undefined;
}

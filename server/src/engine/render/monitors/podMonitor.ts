import type { RenderContext } from '../context';
import type { Fields, Json } from '../fields';
import { gated } from '../config/gates';
import { basicAuth, oauth2, proxyConfig } from '../config/httpClient';
import { relabelConfigs, shardingRelabels } from '../config/relabel';
import {
  histogramSettings, honorFlags, jobLimits, jobNameRelabel, kubernetesSd, labelCopy, mergedAuthorization, mergedTls,
  metricRelabelings, protocolSettings, runningFilter, scrapeClassOf, withEnforcedNamespace,
} from './job';
import { selectorRelabels } from './selectorRelabels';
import type { Monitor } from './selection';
import { endpointSettings } from './serviceMonitor';

/** One job per endpoint: `podMonitor/<ns>/<name>/<i>`, discovering the selected pods (of this node in DaemonSet mode). */
export function podMonitorJobs(context: RenderContext, monitor: Monitor): Json[] {
  return monitor.spec.children('podMetricsEndpoints').map((endpoint, index) => podMonitorJob(context, monitor, endpoint, index));
}

function podMonitorJob(context: RenderContext, monitor: Monitor, endpoint: Fields, index: number): Json {
  const scrapeClass = scrapeClassOf(context, monitor);
  const ns = monitor.namespace;
  const job: Json = { job_name: `podMonitor/${ns}/${monitor.name}/${index}`, ...honorFlags(context, endpoint) };
  job.kubernetes_sd_configs = [kubernetesSd(context, monitor, 'pod', 'v2.35.0', scrapeClass, ['pod'])];
  Object.assign(job, endpointSettings(endpoint));
  const followRedirects = endpoint.boolean('followRedirects');
  if (followRedirects !== undefined && gated(context, 'v2.26.0', endpoint.at('followRedirects'))) job.follow_redirects = followRedirects;
  const http2 = endpoint.boolean('enableHttp2');
  if (http2 !== undefined && gated(context, 'v2.35.0', endpoint.at('enableHttp2'))) job.enable_http2 = http2;
  const tls = mergedTls(context, ns, endpoint, scrapeClass, true);
  if (tls) job.tls_config = tls;
  if (endpoint.child('bearerTokenSecret').string('name')) job.bearer_token = context.store.secretKey(ns, endpoint.child('bearerTokenSecret'));
  if (endpoint.has('basicAuth')) job.basic_auth = basicAuth(context, ns, endpoint.child('basicAuth'));
  if (endpoint.has('oauth2')) {
    const oauth = oauth2(context, ns, endpoint.child('oauth2'));
    if (oauth) job.oauth2 = oauth;
  }
  Object.assign(job, proxyConfig(context, ns, endpoint));
  const auth = mergedAuthorization(context, ns, endpoint, scrapeClass);
  if (auth) job.authorization = auth;
  job.relabel_configs = relabelings(context, monitor, endpoint, scrapeClass);
  Object.assign(job, jobLimits(context, monitor), histogramSettings(context, monitor), protocolSettings(context, monitor, scrapeClass));
  const metrics = metricRelabelings(context, monitor, endpoint, scrapeClass);
  if (metrics.length) job.metric_relabel_configs = metrics;
  return job;
}

function relabelings(context: RenderContext, monitor: Monitor, endpoint: Fields, scrapeClass: Fields): Json[] {
  const out: Json[] = [jobNameRelabel];
  if (endpoint.boolean('filterRunning') ?? true) out.push(runningFilter);
  if (monitor.spec.string('selectorMechanism') !== 'RoleSelector') out.push(...selectorRelabels(monitor.spec.raw('selector'), 'pod'));
  const port = endpoint.string('port');
  const portNumber = endpoint.integer('portNumber');
  const targetPort = endpoint.scalar('targetPort');
  if (port) {
    out.push({ action: 'keep', source_labels: ['__meta_kubernetes_pod_container_port_name'], regex: port });
  } else if (portNumber) {
    out.push({ action: 'keep', source_labels: ['__meta_kubernetes_pod_container_port_number'], regex: portNumber });
  } else if (typeof targetPort === 'string' && targetPort) {
    out.push({ action: 'keep', source_labels: ['__meta_kubernetes_pod_container_port_name'], regex: targetPort });
  } else if (typeof targetPort === 'number' && targetPort !== 0) {
    out.push({ action: 'keep', source_labels: ['__meta_kubernetes_pod_container_port_number'], regex: targetPort });
  }
  out.push(
    { source_labels: ['__meta_kubernetes_namespace'], target_label: 'namespace' },
    { source_labels: ['__meta_kubernetes_pod_container_name'], target_label: 'container' },
    { source_labels: ['__meta_kubernetes_pod_name'], target_label: 'pod' },
  );
  for (const label of [...monitor.spec.stringList('podTargetLabels'), ...context.spec.stringList('podTargetLabels')]) {
    out.push(labelCopy('__meta_kubernetes_pod_label_', label));
  }
  out.push({ target_label: 'job', replacement: `${monitor.namespace}/${monitor.name}` });
  const jobLabel = monitor.spec.string('jobLabel');
  if (jobLabel) out.push({ ...labelCopy('__meta_kubernetes_pod_label_', jobLabel), target_label: 'job' });
  if (port) out.push({ target_label: 'endpoint', replacement: port });
  else if (targetPort !== undefined && targetPort !== '') out.push({ target_label: 'endpoint', replacement: String(targetPort) });
  out.push(...relabelConfigs(scrapeClass.children('relabelings')), ...withEnforcedNamespace(context, monitor, endpoint.children('relabelings')));
  if (context.mode !== 'DaemonSet') out.push(...shardingRelabels(context));
  return out;
}

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

/** One job per endpoint: `serviceMonitor/<ns>/<name>/<i>`, discovering the endpoints of the selected Services. */
export function serviceMonitorJobs(context: RenderContext, monitor: Monitor): Json[] {
  if (deniedFileAccess(context, monitor)) return [];
  return monitor.spec.children('endpoints').map((endpoint, index) => serviceMonitorJob(context, monitor, endpoint, index));
}

/** With `arbitraryFSAccessThroughSMs.deny`, the operator rejects a ServiceMonitor that reads files from the agent's disk. */
function deniedFileAccess(context: RenderContext, monitor: Monitor): boolean {
  if (!context.spec.child('arbitraryFSAccessThroughSMs').boolean('deny')) return false;
  const reads = monitor.spec.children('endpoints').some((endpoint) => {
    const tls = endpoint.child('tlsConfig');
    return endpoint.string('bearerTokenFile') || tls.string('caFile') || tls.string('certFile') || tls.string('keyFile');
  });
  if (reads) context.notes.add(`ServiceMonitor ${monitor.key} reads files (bearerTokenFile or tlsConfig files) while spec.arbitraryFSAccessThroughSMs.deny is set; the operator rejects it`);
  return Boolean(reads);
}

function serviceMonitorJob(context: RenderContext, monitor: Monitor, endpoint: Fields, index: number): Json {
  const scrapeClass = scrapeClassOf(context, monitor);
  const ns = monitor.namespace;
  const wantsSlices = (monitor.spec.string('serviceDiscoveryRole') ?? context.spec.string('serviceDiscoveryRole')) === 'EndpointSlice';
  // EndpointSlice discovery needs Prometheus 2.21; the operator also checks that the cluster serves EndpointSlices, which every supported Kubernetes does.
  const role = wantsSlices && context.atLeast('v2.21.0') ? 'endpointslice' : 'endpoints';
  const job: Json = { job_name: `serviceMonitor/${ns}/${monitor.name}/${index}`, ...honorFlags(context, endpoint) };
  job.kubernetes_sd_configs = [kubernetesSd(context, monitor, role, 'v2.37.0', scrapeClass, [role, 'service'])];
  Object.assign(job, endpointSettings(endpoint));
  const followRedirects = endpoint.boolean('followRedirects');
  if (followRedirects !== undefined && gated(context, 'v2.26.0', endpoint.at('followRedirects'))) job.follow_redirects = followRedirects;
  const http2 = endpoint.boolean('enableHttp2');
  if (http2 !== undefined && gated(context, 'v2.35.0', endpoint.at('enableHttp2'))) job.enable_http2 = http2;
  Object.assign(job, proxyConfig(context, ns, endpoint));
  if (endpoint.has('oauth2')) {
    const oauth = oauth2(context, ns, endpoint.child('oauth2'));
    if (oauth) job.oauth2 = oauth;
  }
  const tls = mergedTls(context, ns, endpoint, scrapeClass, false);
  if (tls) job.tls_config = tls;
  const tokenFile = endpoint.string('bearerTokenFile');
  if (tokenFile) job.bearer_token_file = tokenFile;
  if (endpoint.child('bearerTokenSecret').string('name')) job.bearer_token = context.store.secretKey(ns, endpoint.child('bearerTokenSecret'));
  if (endpoint.has('basicAuth')) job.basic_auth = basicAuth(context, ns, endpoint.child('basicAuth'));
  const auth = mergedAuthorization(context, ns, endpoint, scrapeClass);
  if (auth) job.authorization = auth;
  job.relabel_configs = relabelings(context, monitor, endpoint, role, scrapeClass);
  Object.assign(job, jobLimits(context, monitor), histogramSettings(context, monitor), protocolSettings(context, monitor, scrapeClass));
  const metrics = metricRelabelings(context, monitor, endpoint, scrapeClass);
  if (metrics.length) job.metric_relabel_configs = metrics;
  return job;
}

/** interval, scrapeTimeout, path, params, scheme: the same in both monitor kinds. */
export function endpointSettings(endpoint: Fields): Json {
  const out: Json = {};
  const interval = endpoint.string('interval');
  if (interval) out.scrape_interval = interval;
  const timeout = endpoint.string('scrapeTimeout');
  if (timeout) out.scrape_timeout = timeout;
  const path = endpoint.string('path');
  if (path) out.metrics_path = path;
  const params = endpoint.record('params');
  if (params) out.params = params;
  const scheme = endpoint.string('scheme');
  if (scheme) out.scheme = scheme.toLowerCase();
  return out;
}

function relabelings(context: RenderContext, monitor: Monitor, endpoint: Fields, role: string, scrapeClass: Fields): Json[] {
  const slices = role === 'endpointslice';
  const out: Json[] = [jobNameRelabel];
  if (monitor.spec.string('selectorMechanism') !== 'RoleSelector') out.push(...selectorRelabels(monitor.spec.raw('selector'), 'service'));
  const port = endpoint.string('port');
  const targetPort = endpoint.scalar('targetPort');
  if (port) {
    out.push({ action: 'keep', source_labels: [slices ? '__meta_kubernetes_endpointslice_port_name' : '__meta_kubernetes_endpoint_port_name'], regex: port });
  } else if (typeof targetPort === 'string' && targetPort) {
    out.push({ action: 'keep', source_labels: ['__meta_kubernetes_pod_container_port_name'], regex: targetPort });
  } else if (typeof targetPort === 'number' && targetPort !== 0) {
    out.push({ action: 'keep', source_labels: ['__meta_kubernetes_pod_container_port_number'], regex: targetPort });
  }
  const target = slices
    ? ['__meta_kubernetes_endpointslice_address_target_kind', '__meta_kubernetes_endpointslice_address_target_name']
    : ['__meta_kubernetes_endpoint_address_target_kind', '__meta_kubernetes_endpoint_address_target_name'];
  out.push(
    { source_labels: target, separator: ';', regex: 'Node;(.*)', replacement: '${1}', target_label: 'node' },
    { source_labels: target, separator: ';', regex: 'Pod;(.*)', replacement: '${1}', target_label: 'pod' },
    { source_labels: ['__meta_kubernetes_namespace'], target_label: 'namespace' },
    { source_labels: ['__meta_kubernetes_service_name'], target_label: 'service' },
    { source_labels: ['__meta_kubernetes_pod_name'], target_label: 'pod' },
    { source_labels: ['__meta_kubernetes_pod_container_name'], target_label: 'container' },
  );
  if (endpoint.boolean('filterRunning') ?? true) out.push(runningFilter);
  for (const label of monitor.spec.stringList('targetLabels')) out.push(labelCopy('__meta_kubernetes_service_label_', label));
  for (const label of [...monitor.spec.stringList('podTargetLabels'), ...context.spec.stringList('podTargetLabels')]) {
    out.push(labelCopy('__meta_kubernetes_pod_label_', label));
  }
  out.push({ source_labels: ['__meta_kubernetes_service_name'], target_label: 'job', replacement: '${1}' });
  const jobLabel = monitor.spec.string('jobLabel');
  if (jobLabel) out.push({ ...labelCopy('__meta_kubernetes_service_label_', jobLabel), target_label: 'job' });
  if (port) out.push({ target_label: 'endpoint', replacement: port });
  else if (targetPort !== undefined && targetPort !== '') out.push({ target_label: 'endpoint', replacement: String(targetPort) });
  out.push(...relabelConfigs(scrapeClass.children('relabelings')), ...withEnforcedNamespace(context, monitor, endpoint.children('relabelings')));
  // ServiceMonitors are never rendered in DaemonSet mode, so their jobs always shard.
  out.push(...shardingRelabels(context));
  return out;
}

import { asRecord } from '../util/record';
import type { Workspace } from '../workspace';
import type { PodTemplate } from './podTemplate';
import { podsBehind, servicesIn, type ServiceEntry } from './wiring';
import { mayShareCluster } from './environments';
import { featureList, type PrometheusWorkload } from './workloads';
import { isV3 } from './prometheus';

/** The port Prometheus listens on unless `--web.listen-address` says another. */
const defaultWebPort = 9090;

/** A remote_write URL's Service, as cluster DNS resolves it: `svc.ns.svc[.…]`, `svc.ns`, or `svc` in the sender's namespace. */
function serviceNamed(url: URL, fromNamespace: string | undefined): { name: string; namespace: string; qualified: boolean } | undefined {
  const labels = url.hostname.split('.');
  if (labels.length >= 3 && labels[2] === 'svc') return { name: labels[0], namespace: labels[1], qualified: true };
  if (labels.length === 2) return { name: labels[0], namespace: labels[1], qualified: false };
  return labels.length === 1 && fromNamespace ? { name: labels[0], namespace: fromNamespace, qualified: false } : undefined;
}

/**
 * The ports a container serves Prometheus' web on: each `--web.listen-address`'s (repeated from v2.55.0), else 9090;
 * undefined when one is known only when the pod runs.
 */
export function webPorts(workload: PrometheusWorkload): number[] | undefined {
  const addresses = workload.flags.filter((flag) => flag.name === 'web.listen-address');
  if (addresses.length === 0) return [defaultWebPort];
  const ports = addresses.map((address) => (address.runtime ? undefined : /:(\d+)$/.exec(address.value ?? '')?.[1]));
  return ports.every((port) => port !== undefined) ? ports.map(Number) : undefined;
}

/**
 * Whether the Prometheus may accept remote writes: the receiver flag, or the feature flag v2 had before it; or an
 * argument known only when the pod runs, which may be either.
 */
function mayReceive(workload: PrometheusWorkload): boolean {
  return workload.script || workload.positionals.some((positional) => positional.runtime) || workload.flags.some((flag) => flag.runtime
    || (flag.name === 'web.enable-remote-write-receiver' && flag.value !== 'false')
    || (flag.name === 'enable-feature' && featureList(flag).includes('remote-write-receiver') && mayBeV2(workload)));
}

/** The feature flag went in v3.0.0 (CHANGELOG: removed with the deprecated flags): a v3 release, or latest, ignores it. */
function mayBeV2(workload: PrometheusWorkload): boolean {
  const { version } = workload;
  if ('version' in version) return !isV3(version.version);
  return !version.latest && !(version.among && isV3(version.among.from));
}

/** The Prometheus container of the pod that serves `targetPort`, if one does; undefined when another container may. */
function servingPrometheus(template: PodTemplate, targetPort: number | string, workloads: PrometheusWorkload[]): PrometheusWorkload | undefined {
  const declaring = template.containers.find((container) => container.ports.some((port) => (typeof targetPort === 'string' ? port.name === targetPort : port.containerPort === targetPort)));
  if (declaring) return workloads.find((workload) => workload.container === declaring);
  // A port number no container declares is served by whichever listens there: Prometheus, on its web port.
  return typeof targetPort === 'number' ? workloads.find((workload) => webPorts(workload)?.includes(targetPort)) : undefined;
}

/**
 * The Service of the workspace a remote_write URL reaches, when every pod behind it runs Prometheus as a server that
 * does not accept remote writes (it answers 404 to each): the Service and the workloads. Undefined wherever that is not
 * certain: a host outside the cluster or the workspace, a Service or pods whose namespace is not written, a port a
 * proxy or another container may serve, a Prometheus whose mode or flags are not known. `from`: the file writing to it,
 * whose cluster alone resolves the name (see environments).
 */
export function deafReceiver(url: string, fromNamespace: string | undefined, from: string, workspace: Workspace): { service: ServiceEntry; workloads: PrometheusWorkload[] } | undefined {
  let parsed: URL;
  try {
    parsed = new URL(url);
  } catch {
    return undefined;
  }
  const named = serviceNamed(parsed, fromNamespace);
  if (!named) return undefined;
  // One Service of that name in the writer's cluster (several environments of a repository may each hold one), reaching
  // pods through its cluster IP: an ExternalName Service is a DNS name elsewhere, a headless one sends to the pods' own ports.
  const services = servicesIn(workspace, [named.namespace])
    .filter((candidate) => candidate.object.name === named.name && mayShareCluster(workspace, candidate.object.uri, from));
  const [service] = services;
  if (services.length !== 1 || service.object.document.namespace !== named.namespace) return undefined;
  const serviceSpec = asRecord(asRecord(service.object.value)?.spec);
  if (serviceSpec?.type === 'ExternalName' || serviceSpec?.clusterIP === 'None') return undefined;
  const urlPort = parsed.port ? Number(parsed.port) : parsed.protocol === 'https:' ? 443 : 80;
  const servicePort = service.ports.find((port) => port.port === urlPort);
  const targetPort = servicePort?.targetPort ?? servicePort?.port;
  if (targetPort === undefined) return undefined;
  const pods = podsBehind(workspace, service).filter((template) => template.document.namespace === named.namespace);
  // A kustomization that patches or relabels the pods (or the Service) may change what is written.
  const kustomized = (uri: string | undefined) => uri !== undefined && workspace.index.transformedBy(uri) !== undefined;
  if (pods.length === 0 || kustomized(service.object.uri) || pods.some((template) => kustomized(workspace.index.podOf(template)?.uri))) return undefined;
  const workloads: PrometheusWorkload[] = [];
  for (const template of pods) {
    const serving = servingPrometheus(template, targetPort, workspace.index.workloads().filter((workload) => workload.template === template));
    if (!serving || serving.mode !== 'server' || mayReceive(serving)) return undefined;
    workloads.push(serving);
  }
  return { service, workloads };
}

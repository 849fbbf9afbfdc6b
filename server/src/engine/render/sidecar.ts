import { reservedExternalLabels } from '../model/externalLabels';
import { sidecarAnnotations, sidecarJobName } from '../model/sidecarRequest';
import { podPorts, type PodTemplate } from '../model/podTemplate';
import { agentKey, distinctAgents, type PodEntry } from '../model/workspaceIndex';
import { mayShareCluster } from '../model/environments';
import { injects } from '../model/sidecarInjection';
import { names, paths, ports, specDefaults } from './defaults';
import type { RenderContext } from './context';
import { asRecord, type Json } from './fields';
import { checkBeforeGenerating, prometheusConfig } from './config/prometheusConfig';
import { withUserLabels } from './config/global';
import { prefixedName } from './names';
import { prometheusArgs } from './podSpec/args';
import { initReloaderContainer, podNameEnv, prometheusContainer, prometheusImage, reloaderContainer } from './podSpec/containers';
import { prometheusProbes } from './podSpec/probes';
import { configToYaml } from './print';
import { base64, configSecret } from './secrets';

/**
 * Sidecar mode (the injection proposal, never built by the operator; design in docs/sidecar-injection.md): every Pod
 * or workload whose annotations ask for this agent gets, in its pod template, the agent container, the
 * config-reloader and its init container, three volumes; and a Secret in its namespace holds its prometheus.yml.
 */

export interface Injection {
  objects: Json[];
  configs: { name: string; yaml: string }[];
}

/** Volumes of the injected agent, prefixed so they cannot clash with the pod's own `config` volume. */
const volumes = { config: 'prom-agent-config', configOut: 'prom-agent-config-out', data: 'prom-agent-db' };
/** A port name for the agent when the pod already uses the spec's (`web` is a common one). */
const fallbackPortName = 'prom-agent-web';
/** Fields an injected agent does not take (they belong to a StatefulSet or DaemonSet pod). */
const notInjected = ['web', 'volumes', 'volumeMounts', 'secrets', 'configMaps', 'containers', 'initContainers', 'scrapeFailureLogFile'];

export function sidecarInjections(agentContext: RenderContext): Injection {
  for (const field of notInjected) {
    if (agentContext.spec.has(field)) agentContext.notes.add(`spec.${field} is not applied to injected agents (docs/sidecar-injection.md)`);
  }
  // The injected agent reads the spec without those fields: no web TLS for its probes, no log-file path in its config.
  const kept = Object.fromEntries(Object.entries(agentContext.spec.data()).filter(([key]) => !notInjected.includes(key)));
  const context: RenderContext = { ...agentContext, spec: agentContext.spec.derive(kept, 'spec') };
  checkBeforeGenerating(context);
  const pods = requestingPods(context);
  if (!pods.length) {
    context.notes.add(`no Pod or workload in the workspace asks for this agent (annotation ${sidecarAnnotations.scrape}: "true", with ${sidecarAnnotations.agentSelector}: ${agentKey(context)} unless it is the only Sidecar agent)`);
  }
  const out: Injection = { objects: [], configs: [] };
  for (const pod of pods) {
    const injected = inject(context, pod);
    if (!injected) continue;
    out.objects.push(injected.secret, injected.workload);
    out.configs.push({ name: injected.secretName, yaml: injected.configYaml });
  }
  return out;
}

/**
 * The pods of its cluster (see mayShareCluster) that name this agent, or name none while it is the only Sidecar agent
 * of its cluster.
 */
function requestingPods(context: RenderContext): PodEntry[] {
  const { workspace } = context;
  const sidecars = workspace.index.sidecarAgents().filter((agent) => mayShareCluster(workspace, context.agent.uri, agent.uri));
  const several = distinctAgents(sidecars);
  return workspace.index.pods().filter((pod) => {
    if (!pod.request || !mayShareCluster(workspace, pod.uri, context.agent.uri)) return false;
    if (!pod.request.agentSelector && several > 1) {
      context.notes.add(`${pod.template.ownerTitle} asks for an agent without ${sidecarAnnotations.agentSelector}, and ${several} agents run in Sidecar mode; none is injected`);
    }
    return injects(workspace, context.agent, pod);
  });
}


function at(value: unknown, path: readonly (string | number)[]): unknown {
  return path.reduce<unknown>((v, key) => asRecord(v)?.[String(key)], value);
}

/** Every port number the pod's containers and init containers declare. */
function usedPorts(spec: Json): Set<number> {
  const containers = [...(Array.isArray(spec.containers) ? spec.containers : []), ...(Array.isArray(spec.initContainers) ? spec.initContainers : [])];
  return new Set(containers.flatMap((c) => (Array.isArray(asRecord(c)?.ports) ? asRecord(c)!.ports as unknown[] : []))
    .map((p) => asRecord(p)?.containerPort).filter((p): p is number => typeof p === 'number'));
}

function freePort(preferred: number, taken: Set<number>): number {
  let port = preferred;
  while (taken.has(port)) port++;
  taken.add(port);
  return port;
}

function inject(context: RenderContext, pod: PodEntry) {
  const { template } = pod;
  const where = template.ownerTitle;
  const original = structuredClone(template.document.yaml.value) as Json;
  const podTemplate = template.path.length ? asRecord(at(original, template.path)) : original;
  const spec = asRecord(podTemplate?.spec);
  if (!podTemplate || !spec) {
    context.notes.add(`${where}: no pod spec to inject into`);
    return undefined;
  }
  const containers = (Array.isArray(spec.containers) ? spec.containers : []) as Json[];
  const initContainers = (Array.isArray(spec.initContainers) ? spec.initContainers : []) as Json[];
  const clash = [...containers, ...initContainers].map((c) => c.name)
    .find((name) => name === names.prometheusContainer || name === names.reloaderContainer || name === names.initReloaderContainer);
  if (clash) {
    context.notes.add(`${where} already has a container named ${clash}; the injection would skip it`);
    return undefined;
  }
  const taken = usedPorts(spec);
  // The annotated port is in use whether a container declares it or not: the pod's own server listens there.
  if (typeof pod.request?.port === 'number') taken.add(pod.request.port);
  const agentPort = freePort(ports.web, taken);
  const reloaderPort = freePort(ports.reloaderWeb, taken);
  const initPort = freePort(ports.reloaderInit, taken);
  const portNamesUsed = new Set(containers.flatMap((c) => (Array.isArray(c.ports) ? c.ports : []).map((p) => asRecord(p)?.name)));
  const portName = portNamesUsed.has(context.portName) ? fallbackPortName : context.portName;

  if (!template.ownerName) {
    const generated = asRecord(podTemplate.metadata)?.generateName;
    const named = typeof generated === 'string' ? ` (generateName ${JSON.stringify(generated)})` : '';
    context.notes.add(`${where}: a pod named only when created${named} has no name for a Secret of its own here, so it is not rendered`);
    return undefined;
  }
  const kind = template.document.kind ?? 'Pod';
  // The injected agent and reloader never exit: a Job's pod would never complete.
  if (kind === 'Job' || kind === 'CronJob') context.notes.add(`${where}: the injected containers keep running after the job's own have finished, so its pods never complete`);
  const secretName = `${prefixedName(context.name)}-${kind.toLowerCase()}-${template.ownerName}`.slice(0, 253);
  const configYaml = configToYaml(prometheusConfig(context, externalLabels(context, template), scrapeJob(context, pod, where)));
  // One Secret in the pod's namespace holds the config and the TLS files it names (mounted at /etc/prometheus/certs).
  const secret = configSecret(context, secretName, configYaml);
  (secret.metadata as Json).namespace = template.namespace;
  const assets = context.store.assets();
  Object.assign(secret.data as Json, Object.fromEntries(assets.map(([key, value]) => [key, base64(value)])));

  const listenLocal = context.spec.boolean('listenLocal') ?? false;
  const listenAddress = listenLocal ? `127.0.0.1:${agentPort}` : agentPort === ports.web ? undefined : `:${agentPort}`;
  const hasAssets = assets.length > 0;
  const prometheus = prometheusContainer(context, {
    image: prometheusImage(context),
    args: prometheusArgs(context, false, listenAddress),
    ports: listenLocal ? undefined : [{ name: portName, containerPort: agentPort, protocol: 'TCP' }],
    mounts: [
      { name: volumes.configOut, readOnly: true, mountPath: paths.configOutDir },
      ...(hasAssets ? [{ name: volumes.config, readOnly: true, mountPath: paths.tlsAssetsDir }] : []),
      { name: volumes.data, mountPath: paths.storage },
    ],
    probes: prometheusProbes(context, portName, agentPort),
  });
  const reloaderMounts = [{ name: volumes.config, mountPath: paths.configDir }, { name: volumes.configOut, mountPath: paths.configOutDir }];
  const reloader = { mounts: reloaderMounts, env: [podNameEnv], prometheusPort: agentPort };
  spec.containers = [...containers, prometheus, reloaderContainer(context, { ...reloader, listenPort: reloaderPort })];
  spec.initContainers = [...initContainers, initReloaderContainer(context, { ...reloader, listenPort: initPort })];
  spec.volumes = [
    ...(Array.isArray(spec.volumes) ? spec.volumes : []),
    { name: volumes.config, secret: { secretName } },
    { name: volumes.configOut, emptyDir: { medium: 'Memory' } },
    { name: volumes.data, emptyDir: {} },
  ];
  if (context.spec.string('reloadStrategy') === 'ProcessSignal') spec.shareProcessNamespace = true;
  return { secret, secretName, configYaml, workload: original };
}

/** The agent's `prometheus` label, then the pod's namespace and name (substituted per pod by the reloader). */
function externalLabels(context: RenderContext, template: PodTemplate): Record<string, string> {
  return withUserLabels(context, reservedExternalLabels(context.spec.data(), context, template.namespace));
}

/** One job scraping the pod over localhost: the annotated port (a number, or a container port's name) and path. */
function scrapeJob(context: RenderContext, pod: PodEntry, where: string): Json[] {
  const request = pod.request!;
  const port = typeof request.port === 'string'
    ? podPorts(pod.template).find((p) => p.name === request.port)?.containerPort
    : request.port;
  if (port === undefined) {
    context.notes.add(request.port === undefined
      ? `${where}: no ${sidecarAnnotations.port} annotation and no container port; the injected agent has no job`
      : `${where}: ${sidecarAnnotations.port} ${JSON.stringify(request.port)} names no container port; the injected agent has no job`);
    return [];
  }
  return [{
    job_name: sidecarJobName(pod.template),
    scrape_interval: request.scrapeInterval ?? context.spec.string('scrapeInterval') ?? specDefaults.scrapeInterval,
    metrics_path: request.path,
    static_configs: [{ targets: [`localhost:${port}`] }],
  }];
}

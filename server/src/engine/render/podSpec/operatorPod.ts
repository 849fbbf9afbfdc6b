import { envVars, ports } from '../defaults';
import type { RenderContext } from '../context';
import type { Json } from '../fields';
import { prometheusArgs } from './args';
import { initReloaderContainer, podNameEnv, prometheusContainer, prometheusImage, reloaderContainer } from './containers';
import { mergeContainers } from './merge';
import { podMetadata, podSpec } from './podTemplate';
import { prometheusProbes } from './probes';
import { podVolumes } from './volumes';
import { mountsWebConfig } from './webConfig';
import { topologyEnv, zoneSharded } from '../topology';

/** The pod template the operator writes into the StatefulSet of `shard`, or into the DaemonSet (no shard). */
export function operatorPodTemplate(context: RenderContext, shard?: number): { template: Json; volumeClaimTemplate?: Json } {
  const daemonSet = context.mode === 'DaemonSet';
  const volumes = podVolumes(context);
  const listenLocal = context.spec.boolean('listenLocal') ?? false;
  const prometheus = prometheusContainer(context, {
    image: prometheusImage(context),
    args: prometheusArgs(context, mountsWebConfig(context)),
    ports: listenLocal ? undefined : [{ name: context.portName, containerPort: ports.web, protocol: 'TCP' }],
    mounts: volumes.prometheusMounts,
    probes: prometheusProbes(context, context.portName, ports.web),
  });
  // The operator's order: the pod, the node (DaemonSet), the shard, then the shard's zone and its place in the zone.
  const env: Json[] = [podNameEnv];
  if (daemonSet) env.push({ name: envVars.nodeName, valueFrom: { fieldRef: { fieldPath: 'spec.nodeName' } } });
  env.push({ name: envVars.shard, value: String(shard ?? 0) });
  if (shard !== undefined && zoneSharded(context.topology)) env.push(...topologyEnv(context.topology, shard));
  const reloader = { mounts: volumes.reloaderMounts, env, prometheusPort: ports.web };
  const containers = mergeContainers([
    prometheus,
    reloaderContainer(context, { ...reloader, listenPort: ports.reloaderWeb, webConfigFile: volumes.reloaderWebConfigFile }),
  ], context.spec.children('containers'));
  const initContainers = mergeContainers([initReloaderContainer(context, { ...reloader, listenPort: ports.reloaderInit })], context.spec.children('initContainers'));
  return {
    template: { metadata: podMetadata(context, shard), spec: podSpec(context, { containers, initContainers, volumes: volumes.volumes, shard }) },
    volumeClaimTemplate: volumes.volumeClaimTemplate,
  };
}

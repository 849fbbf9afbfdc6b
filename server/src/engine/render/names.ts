import { dataVolumeNameOf, podSelectorLabels } from '../model/operator';
import { labelKeys, names } from './defaults';
import type { RenderContext } from './context';

export const prefixedName = (agent: string) => `${names.prefix}-${agent}`;
/** Shard 0 keeps the plain name, so an agent that grows shards keeps its first StatefulSet. */
export const shardName = (agent: string, shard: number) => (shard === 0 ? prefixedName(agent) : `${prefixedName(agent)}-shard-${shard}`);
export const configSecretName = prefixedName;
export const webConfigSecretName = (agent: string) => `${prefixedName(agent)}-web-config`;
export const tlsAssetsSecretName = (agent: string) => `${prefixedName(agent)}-tls-assets-0`;
export const dataVolumeName = (agent: string) => dataVolumeNameOf('PrometheusAgent', agent);

/** Keys sorted, as the operator's Go maps serialise. */
export function sorted<T>(record: Record<string, T>): Record<string, T> {
  return Object.fromEntries(Object.entries(record).sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0)));
}

/** The pod selector of a workload; the DaemonSet has no shard. */
export function selectorLabels(agent: string, shard?: number): Record<string, string> {
  return sorted({ ...podSelectorLabels('PrometheusAgent', agent), ...(shard === undefined ? {} : { [labelKeys.shard]: String(shard) }) });
}

/** Both managed-by labels: the operator puts them on every object it creates, before anything else. */
const managedBy = () => ({ [labelKeys.legacyManagedBy]: names.managedBy, [labelKeys.managedBy]: names.managedBy });

/** The agent's own labels over the managed-by ones; the mode and the selector labels win over both. */
export function workloadLabels(context: RenderContext, shard?: number): Record<string, string> {
  return sorted({
    ...managedBy(),
    ...(context.metadata.strings('labels') ?? {}),
    [labelKeys.mode]: names.mode,
    ...selectorLabels(context.name, shard),
  });
}

/** The agent's annotations, without kubectl's own (kubectl would prune the workload otherwise). */
export function workloadAnnotations(context: RenderContext): Record<string, string> | undefined {
  const entries = Object.entries(context.metadata.strings('annotations') ?? {}).filter(([key]) => !key.startsWith('kubectl.kubernetes.io/'));
  return entries.length ? sorted(Object.fromEntries(entries)) : undefined;
}

/** Labels of the operator's Secrets and Service: the managed-by ones, then the Service's own. */
export const managedLabels = (extra: Record<string, string> = {}) => sorted({ ...managedBy(), ...extra });

import { labelKeys, names } from './defaults';
import type { RenderContext } from './context';

export const prefixedName = (agent: string) => `${names.prefix}-${agent}`;
/** Shard 0 keeps the plain name, so an agent that grows shards keeps its first StatefulSet. */
export const shardName = (agent: string, shard: number) => (shard === 0 ? prefixedName(agent) : `${prefixedName(agent)}-shard-${shard}`);
export const configSecretName = prefixedName;
export const webConfigSecretName = (agent: string) => `${prefixedName(agent)}-web-config`;
export const tlsAssetsSecretName = (agent: string) => `${prefixedName(agent)}-tls-assets-0`;
export const dataVolumeName = (agent: string) => `${prefixedName(agent)}-db`;

/** Keys sorted, as the operator's Go maps serialise. */
export function sorted<T>(record: Record<string, T>): Record<string, T> {
  return Object.fromEntries(Object.entries(record).sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0)));
}

/** The pod selector of a workload; the DaemonSet has no shard. */
export function selectorLabels(agent: string, shard?: number): Record<string, string> {
  return sorted({
    [labelKeys.name]: names.appName,
    [labelKeys.managedBy]: names.managedBy,
    [labelKeys.instance]: agent,
    [labelKeys.operatorName]: agent,
    ...(shard === undefined ? {} : { [labelKeys.shard]: String(shard) }),
  });
}

/** The agent's own labels under the operator's: managed-by, mode and the selector labels win. */
export function workloadLabels(context: RenderContext, shard?: number): Record<string, string> {
  return sorted({
    [labelKeys.managedBy]: names.managedBy,
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

/** Labels of the operator's Secrets and Service (operator.md §3 names them for the Service; the Secrets get the same). */
export const managedLabels = (extra: Record<string, string> = {}) => sorted({ [labelKeys.managedBy]: names.managedBy, ...extra });

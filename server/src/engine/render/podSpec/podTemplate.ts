import { panicsOnTopologySpread } from '../../model/operator';
import { labelKeys, names, specDefaults } from '../defaults';
import type { RenderContext } from '../context';
import { asRecord, type Json } from '../fields';
import { selectorLabels, sorted } from '../names';
import { zoneNodeSelector, zoneSharded } from '../topology';

/** Pod labels: the version, podMetadata.labels, then the selector labels, which win. */
export function podMetadata(context: RenderContext, shard?: number): Json {
  const podMeta = context.spec.child('podMetadata');
  const labels = sorted({ [labelKeys.version]: context.semver, ...(podMeta.strings('labels') ?? {}), ...selectorLabels(context.name, shard) });
  const annotations = sorted({ [labelKeys.defaultContainer]: names.prometheusContainer, ...(podMeta.strings('annotations') ?? {}) });
  return { labels, annotations };
}

/**
 * topologySpreadConstraints with `additionalLabelSelectors` get the selector labels (OnResource: without the shard),
 * and lose that field, which Kubernetes does not know.
 */
function topologySpread(context: RenderContext, shard?: number): Json[] | undefined {
  const constraints = context.spec.list('topologySpreadConstraints').map((c) => asRecord(c)).filter((c): c is Json => c !== undefined);
  if (!constraints.length) return undefined;
  const panicking = constraints.findIndex(panicsOnTopologySpread);
  if (panicking !== -1) context.notes.refuse(`spec.topologySpreadConstraints[${panicking}].labelSelector: the operator panics adding the selector labels to a labelSelector without matchLabels`);
  return constraints.map(({ additionalLabelSelectors, ...constraint }) => {
    if (additionalLabelSelectors !== 'OnResource' && additionalLabelSelectors !== 'OnShard') return constraint;
    const extra = selectorLabels(context.name, additionalLabelSelectors === 'OnShard' ? shard : undefined);
    const labelSelector = asRecord(constraint.labelSelector) ?? {};
    return { ...constraint, labelSelector: { ...labelSelector, matchLabels: sorted({ ...(asRecord(labelSelector.matchLabels) ?? {}), ...extra }) } };
  });
}

export interface PodSpecParts {
  containers: Json[];
  initContainers: Json[];
  volumes: Json[];
  shard?: number;
}

/** The pod spec of the StatefulSet and DaemonSet: the operator's containers and volumes plus the spec's pod fields. */
export function podSpec(context: RenderContext, parts: PodSpecParts): Json {
  const spec = context.spec;
  const out: Json = {
    shareProcessNamespace: spec.string('reloadStrategy') === 'ProcessSignal',
    containers: parts.containers,
    initContainers: parts.initContainers,
  };
  const passthrough = (key: string) => {
    const value = spec.raw(key);
    if (value !== undefined) out[key] = value;
  };
  passthrough('securityContext');
  passthrough('serviceAccountName');
  out.automountServiceAccountToken = spec.boolean('automountServiceAccountToken') ?? true;
  const nodeSelector = spec.strings('nodeSelector');
  if (parts.shard !== undefined && zoneSharded(context.topology)) out.nodeSelector = sorted(zoneNodeSelector(context.topology, parts.shard, nodeSelector));
  else passthrough('nodeSelector');
  passthrough('priorityClassName');
  out.terminationGracePeriodSeconds = spec.integer('terminationGracePeriodSeconds') ?? specDefaults.terminationGracePeriodSeconds;
  out.volumes = parts.volumes;
  passthrough('tolerations');
  passthrough('affinity');
  const spread = topologySpread(context, parts.shard);
  if (spread) out.topologySpreadConstraints = spread;
  passthrough('hostAliases');
  const hostNetwork = spec.boolean('hostNetwork');
  if (hostNetwork) out.hostNetwork = true;
  const dnsPolicy = spec.string('dnsPolicy') ?? (hostNetwork ? 'ClusterFirstWithHostNet' : undefined);
  if (dnsPolicy) out.dnsPolicy = dnsPolicy;
  passthrough('dnsConfig');
  passthrough('schedulerName');
  passthrough('hostUsers');
  passthrough('enableServiceLinks');
  passthrough('imagePullSecrets');
  return out;
}

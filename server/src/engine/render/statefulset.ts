import { names, specDefaults } from './defaults';
import type { RenderContext } from './context';
import type { Json } from './fields';
import { selectorLabels, shardName, workloadAnnotations, workloadLabels } from './names';
import { operatorPodTemplate } from './podSpec/operatorPod';

/** At most this many StatefulSets are rendered: one agent of a million shards would otherwise hold the CLI for hours. */
const renderedShards = 1000;

/** One StatefulSet per shard: `prom-agent-<name>` for shard 0, `prom-agent-<name>-shard-<i>` after. */
export function statefulSets(context: RenderContext): Json[] {
  if (context.shards > renderedShards) context.notes.add(`spec.shards: the first ${renderedShards} of the ${context.shards} StatefulSets are rendered; the others differ only in their shard number`);
  return Array.from({ length: Math.min(context.shards, renderedShards) }, (_, shard) => statefulSet(context, shard));
}

function statefulSet(context: RenderContext, shard: number): Json {
  const spec = context.spec;
  const { template, volumeClaimTemplate } = operatorPodTemplate(context, shard);
  const replicas = spec.integer('replicas') ?? specDefaults.replicas;
  const minReadySeconds = spec.integer('minReadySeconds') ?? 0;
  const retention = spec.record('persistentVolumeClaimRetentionPolicy');
  const annotations = workloadAnnotations(context);
  return {
    apiVersion: 'apps/v1',
    kind: 'StatefulSet',
    metadata: {
      name: shardName(context.name, shard),
      namespace: context.namespace,
      labels: workloadLabels(context, shard),
      ...(annotations ? { annotations } : {}),
    },
    spec: {
      serviceName: spec.string('serviceName') || names.governingService,
      replicas: replicas < 0 ? specDefaults.replicas : replicas,
      podManagementPolicy: spec.string('podManagementPolicy') ?? specDefaults.podManagementPolicy,
      updateStrategy: updateStrategy(context),
      ...(minReadySeconds > 0 ? { minReadySeconds } : {}),
      selector: { matchLabels: selectorLabels(context.name, shard) },
      template,
      ...(volumeClaimTemplate ? { volumeClaimTemplates: [volumeClaimTemplate] } : {}),
      ...(retention ? { persistentVolumeClaimRetentionPolicy: retention } : {}),
    },
  };
}

/**
 * spec.updateStrategy as the operator converts it (UpdateStrategyForStatefulSet): its type and rollingUpdate's
 * maxUnavailable, nothing else (the CRD has no partition, so the API server drops one before the operator reads it).
 */
function updateStrategy({ spec }: RenderContext): Json {
  const strategy = spec.child('updateStrategy');
  if (!strategy.present()) return { ...specDefaults.updateStrategy };
  const type = strategy.string('type');
  const rollingUpdate = strategy.child('rollingUpdate');
  const maxUnavailable = rollingUpdate.scalar('maxUnavailable');
  return {
    ...(type ? { type } : {}),
    ...(rollingUpdate.present() ? { rollingUpdate: maxUnavailable === undefined ? {} : { maxUnavailable } } : {}),
  };
}

import { names, specDefaults } from './defaults';
import type { RenderContext } from './context';
import type { Json } from './fields';
import { selectorLabels, shardName, workloadAnnotations, workloadLabels } from './names';
import { operatorPodTemplate } from './podSpec/operatorPod';

/** One StatefulSet per shard: `prom-agent-<name>` for shard 0, `prom-agent-<name>-shard-<i>` after. */
export function statefulSets(context: RenderContext): Json[] {
  return Array.from({ length: context.shards }, (_, shard) => statefulSet(context, shard));
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
      updateStrategy: spec.record('updateStrategy') ?? { ...specDefaults.updateStrategy },
      ...(minReadySeconds > 0 ? { minReadySeconds } : {}),
      selector: { matchLabels: selectorLabels(context.name, shard) },
      template,
      ...(volumeClaimTemplate ? { volumeClaimTemplates: [volumeClaimTemplate] } : {}),
      ...(retention ? { persistentVolumeClaimRetentionPolicy: retention } : {}),
    },
  };
}

import { daemonSetGate } from '../model/operatorGates';
import type { RenderContext } from './context';
import type { Json } from './fields';
import { prefixedName, selectorLabels, workloadAnnotations, workloadLabels } from './names';
import { operatorPodTemplate } from './podSpec/operatorPod';

/**
 * Fields the operator never reads in DaemonSet mode and the CRD takes there (its rules refuse replicas, storage,
 * shards and the rest: see celRejection): said in the notes when set.
 */
const ignoredInDaemonSet = ['updateStrategy', 'podManagementPolicy', 'serviceName'];

/** The DaemonSet: selector, minReadySeconds and the pod template only (no updateStrategy, no Service). */
export function daemonSet(context: RenderContext): Json {
  // Said unless the operators that reconcile the agent are seen to run with the gate on.
  if (daemonSetGate(context.workspace, context.agent.uri).state !== 'on') {
    context.notes.add('DaemonSet mode needs the operator flag --feature-gates=PrometheusAgentDaemonSet=true (off by default); without it the operator does not reconcile the agent');
  }
  for (const field of ignoredInDaemonSet) {
    if (context.spec.has(field)) context.notes.add(`spec.${field} is ignored in DaemonSet mode`);
  }
  const { template } = operatorPodTemplate(context);
  const minReadySeconds = context.spec.integer('minReadySeconds') ?? 0;
  const annotations = workloadAnnotations(context);
  return {
    apiVersion: 'apps/v1',
    kind: 'DaemonSet',
    metadata: {
      name: prefixedName(context.name),
      namespace: context.namespace,
      labels: workloadLabels(context),
      ...(annotations ? { annotations } : {}),
    },
    spec: {
      selector: { matchLabels: selectorLabels(context.name) },
      ...(minReadySeconds > 0 ? { minReadySeconds } : {}),
      template,
    },
  };
}

import type { CheckOptions } from '../types';
import { type AgentEntry } from '../model/workspaceIndex';
import type { Workspace } from '../workspace';
import { renderContext, type RenderContext } from './context';
import { operatorRelease } from '../model/operator';
import { withOperatorTarget } from '../model/operatorRelease';
import { targetDifferences } from './target';
import { agentExternalLabels } from './config/global';
import { prometheusConfig } from './config/prometheusConfig';
import { daemonSet } from './daemonset';
import type { Json } from './fields';
import { scrapeConfigs } from './monitors';
import { configSecretName } from './names';
import { configToYaml } from './print';
import { configSecret, tlsAssetsSecret, webConfigSecret } from './secrets';
import { governingService } from './service';
import { sidecarInjections } from './sidecar';
import { statefulSets } from './statefulset';
import type { KubernetesObject, Rendering } from './types';

export type { KubernetesObject, Rendering } from './types';
export type { AgentEntry } from '../model/workspaceIndex';
export { printConfigs, printRendering } from './print';

/**
 * What prometheus-operator v0.93.0 would create for `agent`, from the workspace alone: pure, never throws on a
 * manifest with errors (what it cannot use is in `notes`). For another target release, what promagent knows differs
 * is in `target`.
 */
export function renderAgent(agent: AgentEntry, workspace: Workspace, requested: CheckOptions): Rendering {
  const options = withOperatorTarget(requested, workspace);
  const context = renderContext(agent, workspace, options);
  if (context.spec.boolean('paused')) context.notes.add('spec.paused: the operator does not reconcile a paused agent; shown as it would be once resumed');
  const { objects, configs } = renderObjects(context, options);
  return {
    agent: { namespace: context.namespace, name: context.name, mode: context.mode },
    operatorVersion: operatorRelease.version.slice(1),
    prometheusVersion: context.version,
    objects: objects as KubernetesObject[],
    configs,
    notes: context.notes.list(),
    target: targetDifferences(agent, workspace, { ...options, operator: options.operator! }),
  };
}

/** Every PrometheusAgent of the workspace, rendered, in file order. */
export function renderAllAgents(workspace: Workspace, options: CheckOptions): Rendering[] {
  return workspace.index.agents().map((agent) => renderAgent(agent, workspace, options));
}

function renderObjects(context: RenderContext, options: CheckOptions): { objects: Json[]; configs: Rendering['configs'] } {
  if (context.mode === 'Sidecar') {
    if (options.sidecarMode) return sidecarInjections(context);
    context.notes.add('spec.mode: Sidecar is not accepted with promagent.sidecarMode off (the CRD accepts only StatefulSet and DaemonSet); nothing is rendered');
    return { objects: [], configs: [] };
  }
  const gates = operatorRelease.featureGates;
  if (context.spec.child('shardingStrategy').string('mode') === 'Topology') {
    context.notes.add(`spec.shardingStrategy: Topology sharding (the PrometheusTopologySharding feature gate, ${gates.PrometheusTopologySharding.enabledByDefault ? 'on' : 'off'} by default in ${operatorRelease.version}) is not rendered by promagent; rendered with address sharding`);
  }

  const configYaml = configToYaml(prometheusConfig(context, agentExternalLabels(context), scrapeConfigs(context)));
  const workloads = context.mode === 'DaemonSet' ? [daemonSet(context)] : statefulSets(context);
  const service = context.mode === 'StatefulSet' ? governingService(context) : undefined;
  const name = configSecretName(context.name);
  return {
    objects: [configSecret(context, name, configYaml), tlsAssetsSecret(context), webConfigSecret(context), ...(service ? [service] : []), ...workloads],
    configs: [{ name, yaml: configYaml }],
  };
}

import type { CheckOptions } from '../types';
import type { CrdSchema } from '../model/crdSchema';
import { type AgentEntry } from '../model/workspaceIndex';
import type { Workspace } from '../workspace';
import { renderContext, type RenderContext } from './context';
import { operatorRelease } from '../model/operator';
import { schemaInUse, withOperatorTarget } from '../model/operatorRelease';
import { targetDifferences } from './target';
import { knownReleases } from '../model/operatorReleases';
import { agentExternalLabels } from './config/global';
import { checkBeforeGenerating, prometheusConfig, refuseAt } from './config/prometheusConfig';
import { daemonSet } from './daemonset';
import type { Json } from './fields';
import { scrapeConfigs } from './monitors';
import { configSecretName, dataVolumeName } from './names';
import { configToYaml } from './print';
import { configSecret, tlsAssetsSecret, webConfigSecret } from './secrets';
import { governingService } from './service';
import { sidecarInjections } from './sidecar';
import { statefulSets } from './statefulset';
import { zoneSharded } from './topology';
import { mountsWebConfig } from './podSpec/webConfig';
import { evaluatedValidations } from '../rules/cel/validations';
import { withoutStatus } from '../rules/crd/validate';
import { storageVolumeNameRefusal, volumeNameRefusal, webKeyFileRefusal } from '../model/specRefusals';
import { fieldPath } from '../util/kubernetesText';
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
  const options = withOperatorTarget(requested, workspace, agent.uri);
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
  const nothing = { objects: [], configs: [] };
  const { schema, release } = schemaInUse('PrometheusAgent', context.agent.document.apiVersion, options, context.workspace);
  if (!schema) {
    context.notes.refuse(`no matches for kind "PrometheusAgent" in version "${context.agent.document.apiVersion ?? ''}": prometheus-operator ${release} has no such kind (added in ${knownReleases()[0]})`, 'the API server refuses the PrometheusAgent');
    return stopped(context, nothing, 'nothing is rendered: the cluster has no PrometheusAgent CRD, so no operator ever sees the agent');
  }
  const rejected = celRejection(context, schema, options);
  if (rejected) {
    context.notes.refuse(rejected, 'the API server refuses the PrometheusAgent');
    return stopped(context, nothing, 'nothing is rendered: the API server does not store the agent, so the operator never sees it');
  }
  if (context.mode === 'Sidecar') {
    if (!options.sidecarMode) {
      context.notes.add('spec.mode: Sidecar is not accepted with promagent.sidecarMode off (the CRD accepts only StatefulSet and DaemonSet); nothing is rendered');
      return nothing;
    }
    const injections = sidecarInjections(context);
    return context.notes.refused() ? stopped(context, nothing, 'nothing is rendered: no agent is injected while the agent is refused') : injections;
  }
  if (zoneSharded(context.topology)) {
    context.notes.add('spec.shardingStrategy: a target\'s zone is read from its node\'s label, as on clusters before Kubernetes 1.35; where Kubernetes labels pods with their zone, the operator reads the pod\'s label and attaches no node metadata');
  }

  // The operator stops at its first error: before the configuration, nothing exists; before the web config Secret,
  // the config and TLS assets Secrets do; after the Secrets and the Service, the workload is what is missing.
  const refusedEarly = 'nothing is rendered: the operator creates none of the agent\'s objects';
  if (context.notes.refused()) return stopped(context, nothing, refusedEarly);
  checkBeforeGenerating(context);
  const configYaml = configToYaml(prometheusConfig(context, agentExternalLabels(context), scrapeConfigs(context)));
  if (context.notes.refused()) return stopped(context, nothing, refusedEarly);
  const name = configSecretName(context.name);
  const configs = [{ name, yaml: configYaml }];
  const secrets = [configSecret(context, name, configYaml), tlsAssetsSecret(context)];
  const webConfig = webConfigSecret(context);
  if (!webConfig) {
    return stopped(context, { objects: secrets, configs }, `no web config Secret${context.mode === 'StatefulSet' ? ', Service' : ''} or ${context.mode} is rendered: the operator creates the config and TLS assets Secrets, then stops`);
  }
  const service = context.mode === 'StatefulSet' ? governingService(context) : undefined;
  const created = [...secrets, webConfig, ...(service ? [service] : [])];
  // What fails the workload: a volume the operator cannot name, or what the API server refuses of what it asks for.
  const spec = context.spec.data();
  refuseAt(context, volumeNameRefusal(spec, operatorRelease.version), `the operator fails to make the ${context.mode}`);
  const apiServerRefuses = `the API server refuses the ${context.mode}`;
  if (mountsWebConfig(context)) refuseAt(context, webKeyFileRefusal(spec, operatorRelease.version), apiServerRefuses);
  if (context.mode === 'StatefulSet') refuseAt(context, storageVolumeNameRefusal(spec, operatorRelease.version, dataVolumeName(context.name)), apiServerRefuses);
  const workloads = context.mode === 'DaemonSet' ? [daemonSet(context)] : statefulSets(context);
  if (context.notes.refused()) {
    return stopped(context, { objects: created, configs }, `no ${context.mode} is rendered: the operator creates the Secrets${service ? ' and the Service' : ''}, then stops`);
  }
  return { objects: [...created, ...workloads], configs };
}

/**
 * The first validation rule of the PrometheusAgent CRD the cluster has (the target release's, or the workspace's CRD,
 * as the checks read it) the agent fails, as `path: message`: the API server refuses to store such an object
 * (DaemonSet mode with replicas or storage, say).
 */
function celRejection(context: RenderContext, schema: CrdSchema, options: CheckOptions): string | undefined {
  const data = withoutStatus(context.agent.document.yaml.value);
  if (data === null || typeof data !== 'object') return undefined;
  for (const { instance, validation, outcome } of evaluatedValidations(schema, data, options.sidecarMode)) {
    if ('passed' in outcome && !outcome.passed && validation.severity === 'error') return `${fieldPath(instance.path) || '<root>'}: ${validation.message}`;
  }
  return undefined;
}

/** What was created before the operator's reconciliation failed, with the note saying where it stopped. */
function stopped<T>(context: RenderContext, rendered: T, message: string): T {
  context.notes.add(message);
  return rendered;
}

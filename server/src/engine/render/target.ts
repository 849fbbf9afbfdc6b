import { configReloaderImage, operatorChanges, operatorRelease } from '../model/operator';
import { describeTarget, schemaInUse } from '../model/operatorRelease';
import { fieldReleases } from '../model/operatorReleases';
import type { AgentEntry } from '../model/workspaceIndex';
import type { CheckOptions, OperatorTarget } from '../types';
import { compareVersions } from '../util/version';
import type { Workspace } from '../workspace';

/** The renderer models one release: the release the workspace targets, and what promagent knows differs when it is another. */
export interface TargetDifferences {
  /** The release and why. */
  target: string;
  /** Undefined when the target is the modelled release. */
  differences?: string[];
}

/**
 * How `target` would differ from the rendering, as far as promagent knows: the operator's changes between the two,
 * the reloader's image, and the fields of the agent's spec the target's CRD lacks.
 */
export function targetDifferences(agent: AgentEntry, workspace: Workspace, options: CheckOptions & { operator: OperatorTarget }): TargetDifferences {
  const target = options.operator;
  const modelled = operatorRelease.version;
  if (target.version === modelled) return { target: describeTarget(target) };
  const differences: string[] = [];
  if (compareVersions(target.version, modelled) > 0) {
    differences.push(`${target.version} is newer than ${modelled}: what changed after ${modelled} is not known to promagent`);
  } else {
    for (const change of Object.values(operatorChanges)) {
      if (compareVersions(target.version, change.since) < 0) differences.push(`from ${change.since} on (not in ${target.version}): ${change.what}`);
    }
  }
  differences.push(`the config reloader's image is ${configReloaderImage(target.version)}`);
  const { schema, crd } = schemaInUse('PrometheusAgent', agent.document.apiVersion, options, workspace);
  const declared = schema?.properties?.spec?.properties ?? {};
  for (const field of Object.keys(agent.spec)) {
    if (Object.hasOwn(declared, field) || (field === 'mode' && agent.spec.mode === 'Sidecar')) continue;
    const releases = fieldReleases('PrometheusAgent', ['spec', field], target.version);
    if (!releases) continue;
    const whose = crd ? `the workspace's CRD ${crd.name}` : `${target.version}'s CRD`;
    const when = releases.since && compareVersions(target.version, releases.since) < 0 ? ` (added in ${releases.since})` : releases.until ? ` (removed in ${releases.until})` : '';
    differences.push(`spec.${field}: ${whose} has no such field${when}; the API server rejects or drops it`);
  }
  return { target: describeTarget(target), differences };
}

import type { Workspace } from '../workspace';
import { allocatorMaySelect, chartMaySelect } from './targetAllocators';
import { selectorsOf, wiringUncertain, type MonitorKind } from './wiring';
import type { ObjectEntry } from './workspaceIndex';

/**
 * Why no PrometheusAgent or Prometheus of the workspace selects a monitor: the nearest miss, or that none reads its
 * kind. Undefined where one selects it or may (a namespace it cannot see, another environment's cluster, a target
 * allocator, a Prometheus stack a Helm chart installs), and where a kustomization changes what decides it. The rule and
 * the wiring map say the same. `chartMaySelects` asks about the Helm stacks: a rule watches it, since which chart an
 * installer names is in its text, which the index does not compare.
 */
export function unselectedReason(workspace: Workspace, kind: MonitorKind, monitor: ObjectEntry, chartMaySelects = () => chartMaySelect(workspace, monitor)): string | undefined {
  if (wiringUncertain(workspace, kind, monitor)) return undefined;
  const { selecting, nearest, maySelect } = selectorsOf(workspace, kind, monitor);
  if (selecting.length || maySelect || allocatorMaySelect(workspace, kind, monitor) || chartMaySelects()) return undefined;
  return nearest?.reason ?? 'no agent of the workspace reads this kind';
}

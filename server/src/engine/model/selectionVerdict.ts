import type { Workspace } from '../workspace';
import { allocatorMaySelect, chartMaySelect } from './targetAllocators';
import { selectorsOf, wiringUncertain, type MonitorKind } from './wiring';
import type { ObjectEntry } from './workspaceIndex';

/**
 * Whether a PrometheusAgent or Prometheus of the workspace selects a monitor: `selected`; `unselected`, with the nearest
 * miss (or that none reads its kind); or `undecided`, with why one may (what decides it is changed on the way to the
 * cluster, or who may select it is in no file). The rule and the wiring map say the same. `chartMaySelects` asks about
 * the Helm stacks: a rule watches it, since which chart an installer names is in its text, which the index does not
 * compare.
 */
export function selectionVerdict(workspace: Workspace, kind: MonitorKind, monitor: ObjectEntry, chartMaySelects = () => chartMaySelect(workspace, monitor)):
  { selected: true } | { unselected: string } | { undecided: string } {
  const { selecting, nearest, maySelect } = selectorsOf(workspace, kind, monitor);
  if (selecting.length) return { selected: true };
  if (wiringUncertain(workspace, kind, monitor)) {
    return { undecided: workspace.index.holdsLists() ? 'a List of the workspace holds items promagent does not read (naming no kind): they may be agents'
      : 'a kustomization or a GitOps controller changes the namespace, labels or names of it, of the agents or of the Namespaces: see what it builds' };
  }
  if (maySelect) return { undecided: 'an agent may select it in its cluster: one of another environment folder, or one whose namespace selector asks for labels of a namespace the workspace does not define' };
  if (allocatorMaySelect(workspace, kind, monitor)) return { undecided: 'an OpenTelemetry target allocator of the workspace may discover it' };
  if (chartMaySelects()) return { undecided: 'a Prometheus stack the workspace installs with a Helm chart may select it' };
  return { unselected: nearest?.reason ?? 'no agent of the workspace reads this kind' };
}

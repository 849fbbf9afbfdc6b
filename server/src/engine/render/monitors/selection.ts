import type { RenderContext } from '../context';
import type { Fields } from '../fields';
import { selectedMonitors, selectorFields, type MonitorKind } from '../../model/wiring';
import { agentSelector } from '../../model/workspaceIndex';
import { monitorRefusal } from '../../model/monitorChecks';
import { operatorRelease } from '../../model/operator';

export type { MonitorKind } from '../../model/wiring';

/** A monitor the agent selects: its spec, read with the agent's notes, and `<namespace>/<name>`. */
export interface Monitor {
  kind: MonitorKind;
  namespace: string;
  name: string;
  key: string;
  spec: Fields;
}

/**
 * The monitors of `kind` the agent selects and the operator accepts, sorted by `<namespace>/<name>` as the operator
 * sorts them (the model decides the selection: an absent selector selects nothing, `{}` everything; an absent
 * namespace selector means the agent's own namespace only). A monitor the operator refuses is left out, with a note.
 */
export function selectMonitors(context: RenderContext, kind: MonitorKind): Monitor[] {
  const selecting = { entry: context.agent, kind: 'PrometheusAgent' as const };
  for (const field of Object.values(selectorFields[kind])) {
    const selector = agentSelector(context.agent, field);
    if (selector && 'error' in selector) context.notes.add(`spec.${field}: ${selector.error}; no ${kind} is selected`);
  }
  const seen = new Set<string>();
  return selectedMonitors(context.workspace, selecting, kind).flatMap((object): Monitor[] => {
    const key = `${object.namespace}/${object.name}`;
    if (seen.has(key)) context.notes.add(`${kind} ${key} is defined twice in the workspace; the last one is rendered`);
    seen.add(key);
    // The rendering is v0.93.0's.
    const refusal = monitorRefusal(selecting, kind, object, operatorRelease.version);
    if (refusal) {
      context.notes.add(`${kind} ${key} is not rendered: the operator rejects it (${refusal.message})`);
      return [];
    }
    const value = object.value as { spec?: unknown } | null;
    return [{ kind, namespace: object.namespace, name: object.name, key, spec: context.spec.derive(value?.spec ?? {}, `${kind} ${key} spec`) }];
  }).filter((monitor, index, all) => all.findLastIndex((other) => other.key === monitor.key) === index);
}

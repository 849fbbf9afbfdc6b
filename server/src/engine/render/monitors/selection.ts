import type { RenderContext } from '../context';
import { asRecord, type Fields } from '../fields';
import { monitoringObjects, namespaceLabels } from '../workspaceObjects';
import { matches } from '../../model/labelSelector';
import { agentSelector } from '../../model/workspaceIndex';

export type MonitorKind = 'ServiceMonitor' | 'PodMonitor';

/** A monitor the agent selects: its spec, read with the agent's notes, and `<namespace>/<name>`. */
export interface Monitor {
  kind: MonitorKind;
  namespace: string;
  name: string;
  key: string;
  spec: Fields;
}

const selectorFields: Record<MonitorKind, [string, string]> = {
  ServiceMonitor: ['serviceMonitorSelector', 'serviceMonitorNamespaceSelector'],
  PodMonitor: ['podMonitorSelector', 'podMonitorNamespaceSelector'],
};

/**
 * The monitors of `kind` the agent selects, sorted by `<namespace>/<name>` as the operator sorts them. An absent
 * selector selects nothing, `{}` everything; an absent namespace selector means the agent's own namespace only.
 */
export function selectMonitors(context: RenderContext, kind: MonitorKind): Monitor[] {
  const [selectorField, namespaceField] = selectorFields[kind];
  const selector = agentSelector(context.agent, selectorField);
  if (selector === undefined) return [];
  if ('error' in selector) {
    context.notes.add(`spec.${selectorField}: ${selector.error}; no ${kind} is selected`);
    return [];
  }
  const namespaceSelector = agentSelector(context.agent, namespaceField);
  if (namespaceSelector && 'error' in namespaceSelector) {
    context.notes.add(`spec.${namespaceField}: ${namespaceSelector.error}; no ${kind} is selected`);
    return [];
  }
  const inNamespace = (namespace: string) => namespaceSelector === undefined
    ? namespace === context.namespace
    : matches(namespaceSelector, namespaceLabels(context.workspace, namespace));
  const selected = new Map<string, Monitor>();
  for (const object of monitoringObjects(context.workspace, kind)) {
    const labels = stringLabels(asRecord(object.value.metadata)?.labels);
    if (!inNamespace(object.namespace) || !matches(selector, labels)) continue;
    const key = `${object.namespace}/${object.name}`;
    if (selected.has(key)) context.notes.add(`${kind} ${key} is defined twice in the workspace; the last one is rendered`);
    selected.set(key, { kind, namespace: object.namespace, name: object.name, key, spec: context.spec.derive(object.value.spec ?? {}, `${kind} ${key} spec`) });
  }
  return [...selected.values()].sort((a, b) => (a.key < b.key ? -1 : a.key > b.key ? 1 : 0));
}

function stringLabels(value: unknown): Record<string, string> {
  const out: Record<string, string> = {};
  for (const [key, label] of Object.entries(asRecord(value) ?? {})) if (typeof label === 'string') out[key] = label;
  return out;
}

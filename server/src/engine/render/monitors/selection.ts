import type { RenderContext } from '../context';
import { asRecord, type Fields } from '../fields';
import { monitoringObjects, namespaceLabels } from '../workspaceObjects';
import { matches, parseSelector } from './labelSelector';

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
  const rawSelector = context.spec.raw(selectorField);
  if (rawSelector === undefined) return [];
  const selector = parseSelector(rawSelector);
  if ('error' in selector) {
    context.notes.add(`spec.${selectorField}: ${selector.error}; no ${kind} is selected`);
    return [];
  }
  const rawNamespaceSelector = context.spec.raw(namespaceField);
  const namespaceSelector = rawNamespaceSelector === undefined ? undefined : parseSelector(rawNamespaceSelector);
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
  return Object.fromEntries(Object.entries(asRecord(value) ?? {}).filter((entry): entry is [string, string] => typeof entry[1] === 'string'));
}

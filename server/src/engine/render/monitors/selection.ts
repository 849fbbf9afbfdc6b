import type { RenderContext } from '../context';
import { asRecord, type Fields } from '../fields';
import { monitoringObjects, namespaceLabels } from '../workspaceObjects';
import { matches } from '../../model/labelSelector';
import { agentSelector } from '../../model/workspaceIndex';
import { parseDuration } from '../../util/duration';
import { specDefaults } from '../defaults';

/** The kinds an agent selects for its scrape jobs. */
export type MonitorKind = 'ServiceMonitor' | 'PodMonitor' | 'Probe' | 'ScrapeConfig';

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
  Probe: ['probeSelector', 'probeNamespaceSelector'],
  ScrapeConfig: ['scrapeConfigSelector', 'scrapeConfigNamespaceSelector'],
};

/**
 * The monitors of `kind` the agent selects, sorted by `<namespace>/<name>` as the operator sorts them. An absent
 * selector selects nothing, `{}` everything; an absent namespace selector means the agent's own namespace only. A
 * monitor the operator rejects (see `rejection`) is left out, and the notes say why.
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
  return [...selected.values()].sort((a, b) => (a.key < b.key ? -1 : a.key > b.key ? 1 : 0)).filter((monitor) => {
    const reason = rejection(context, monitor);
    if (reason) context.notes.add(`${kind} ${monitor.key} is rejected by the operator (${reason}); it has no job`);
    return !reason;
  });
}

/**
 * Why the operator would reject a selected monitor: a scrape class the agent does not define, a scrape timeout longer
 * than the interval, a Probe with no targets or with a prober URL that is not `host` or `host:port`.
 */
function rejection(context: RenderContext, monitor: Monitor): string | undefined {
  const spec = monitor.spec;
  const scrapeClass = spec.string('scrapeClass');
  if (scrapeClass && !context.spec.children('scrapeClasses').some((c) => c.string('name') === scrapeClass)) {
    return `scrapeClass ${JSON.stringify(scrapeClass)} not found in the agent's scrapeClasses`;
  }
  const agentInterval = context.spec.string('scrapeInterval') ?? specDefaults.scrapeInterval;
  const timings: [interval: string, timeout: string | undefined][] = monitor.kind === 'ServiceMonitor' || monitor.kind === 'PodMonitor'
    ? spec.children(monitor.kind === 'ServiceMonitor' ? 'endpoints' : 'podMetricsEndpoints').map((endpoint) => [endpoint.string('interval') || agentInterval, endpoint.string('scrapeTimeout')])
    : [[spec.string(monitor.kind === 'Probe' ? 'interval' : 'scrapeInterval') || agentInterval, spec.string('scrapeTimeout')]];
  for (const [interval, timeout] of timings) {
    const [intervalMs, timeoutMs] = [parseDuration(interval), timeout ? parseDuration(timeout) : undefined];
    if (intervalMs !== undefined && timeoutMs !== undefined && timeoutMs > intervalMs) return `scrapeTimeout ${JSON.stringify(timeout)} greater than scrapeInterval ${JSON.stringify(interval)}`;
  }
  if (monitor.kind === 'Probe') {
    const targets = spec.child('targets');
    if (!targets.has('staticConfig') && !targets.has('ingress')) return 'at least one of .spec.targets.staticConfig and .spec.targets.ingress is required';
    const url = spec.child('prober').string('url') ?? '';
    if (!hostAndPort(url)) return `${JSON.stringify(url)} url specified in proberSpec is invalid, it should be of the format \`hostname\` or \`hostname:port\``;
  }
  return undefined;
}

/** A prober URL as the operator accepts it: an IP address or DNS name, with an optional port 1–65535. */
function hostAndPort(url: string): boolean {
  const bracketed = /^\[([^\]]*)\](?::([0-9]+))?$/.exec(url);
  const [host, port] = bracketed ? [bracketed[1], bracketed[2]] : url.split(':').length === 2 ? url.split(':') : [url, undefined];
  if (port !== undefined && !(/^[0-9]+$/.test(port) && Number(port) >= 1 && Number(port) <= 65535)) return false;
  const ipv6 = /^(?=.*:.*:)[0-9a-fA-F]{0,4}(?::[0-9a-fA-F]{0,4}){2,7}$/.test(host) && (host.match(/::/g) ?? []).length <= 1;
  const dnsName = /^(?=.{1,253}$)[a-zA-Z0-9_]([a-zA-Z0-9_-]{0,62}[a-zA-Z0-9_])?(\.[a-zA-Z0-9_]([a-zA-Z0-9_-]{0,62}[a-zA-Z0-9_])?)*\.?$/.test(host);
  return host !== '' && (ipv6 || dnsName);
}

function stringLabels(value: unknown): Record<string, string> {
  const out: Record<string, string> = {};
  for (const [key, label] of Object.entries(asRecord(value) ?? {})) if (typeof label === 'string') out[key] = label;
  return out;
}

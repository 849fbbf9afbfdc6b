import { monitoringGroup, servedKind, type ClassifiedDocument } from '../classify';
import { asRecord, stringEntries } from '../util/record';
import type { Workspace } from '../workspace';
import { matches, parseSelector, selectorString, type ParsedSelector, type Requirement } from './labelSelector';
import type { PodTemplate } from './podTemplate';
import { agentKey, agentSelector, type AgentEntry, type ObjectEntry } from './workspaceIndex';
import { compatible, environmentsIn, mayShareCluster } from './environments';
import { governingServiceLabels, governingServiceNames, podSelectorLabels } from './operator';

/** The resources an agent selects to build its scrape jobs. */
export type MonitorKind = 'ServiceMonitor' | 'PodMonitor' | 'Probe' | 'ScrapeConfig';
export const monitorKinds: readonly MonitorKind[] = ['ServiceMonitor', 'PodMonitor', 'Probe', 'ScrapeConfig'];

/** A ServiceMonitor, PodMonitor, Probe or ScrapeConfig the CRDs serve. */
export const monitorKindOf = (document: ClassifiedDocument): MonitorKind | undefined => {
  const kind = servedKind(document);
  return kind && (monitorKinds as readonly string[]).includes(kind) ? (kind as MonitorKind) : undefined;
};

/** The spec fields an agent selects each kind with: the objects' labels, then their namespaces. */
export const selectorFields: Record<MonitorKind, { selector: string; namespaceSelector: string }> = {
  ServiceMonitor: { selector: 'serviceMonitorSelector', namespaceSelector: 'serviceMonitorNamespaceSelector' },
  PodMonitor: { selector: 'podMonitorSelector', namespaceSelector: 'podMonitorNamespaceSelector' },
  Probe: { selector: 'probeSelector', namespaceSelector: 'probeNamespaceSelector' },
  ScrapeConfig: { selector: 'scrapeConfigSelector', namespaceSelector: 'scrapeConfigNamespaceSelector' },
};

/** What selects monitors: a PrometheusAgent or a Prometheus, as the index holds them. */
export interface Selecting {
  entry: AgentEntry;
  kind: 'PrometheusAgent' | 'Prometheus';
}

/** `PrometheusAgent monitoring/edge` */
export const selectingTitle = ({ entry, kind }: Selecting) => `${kind} ${agentKey(entry)}`;

/**
 * Whether the operator builds jobs from `kind` for this agent at all: a Prometheus and an agent in StatefulSet mode
 * read every kind; DaemonSet mode only PodMonitors (the operator skips the others there); an injected (Sidecar) agent
 * scrapes its own pod only.
 */
export function readsKind({ entry, kind: owner }: Selecting, kind: MonitorKind): boolean {
  if (owner === 'Prometheus' || entry.mode === 'StatefulSet') return true;
  return entry.mode === 'DaemonSet' && kind === 'PodMonitor';
}

/** The agents and servers reading each kind, by the index's lists of agents then of servers (new lists when one changes). */
const selectingLists = new WeakMap<readonly AgentEntry[], WeakMap<readonly AgentEntry[], Map<MonitorKind, Selecting[]>>>();

/** Every agent and server of the workspace that builds jobs from `kind`; found once per kind, as every monitor asks. */
export function selectingAgents(workspace: Workspace, kind: MonitorKind): Selecting[] {
  const agents = workspace.index.agents();
  const servers = workspace.index.servers();
  let byServers = selectingLists.get(agents);
  if (!byServers) selectingLists.set(agents, (byServers = new WeakMap()));
  let byKind = byServers.get(servers);
  if (!byKind) byServers.set(servers, (byKind = new Map()));
  let selecting = byKind.get(kind);
  if (!selecting) {
    selecting = [
      ...agents.map((entry): Selecting => ({ entry, kind: 'PrometheusAgent' })),
      ...servers.map((entry): Selecting => ({ entry, kind: 'Prometheus' })),
    ].filter((candidate) => readsKind(candidate, kind));
    byKind.set(kind, selecting);
  }
  return selecting;
}

/** The monitors of `kind` in the workspace, in file order. */
export function monitorsOf(workspace: Workspace, kind: MonitorKind): ObjectEntry[] {
  return workspace.index.objectsOf(`${monitoringGroup}/${kind}`).filter((object) => servedKind(object.document) === kind);
}

const labelsOfMonitors = new WeakMap<ObjectEntry, Record<string, string>>();

/** A monitor's labels, as a selector reads them (string values only); read once per entry, as every agent asks. */
export function monitorLabels(object: ObjectEntry): Record<string, string> {
  let labels = labelsOfMonitors.get(object);
  if (!labels) labelsOfMonitors.set(object, (labels = stringEntries(asRecord(asRecord(object.value)?.metadata)?.labels)));
  return labels;
}

/**
 * The labels of a namespace, as namespace selectors see them: a `kind: Namespace` object of the workspace gives its
 * labels; Kubernetes adds `kubernetes.io/metadata.name: <name>` to every namespace, so a namespace the workspace does
 * not define has that label only.
 */
export function namespaceLabels(workspace: Workspace, namespace: string): Record<string, string> {
  return definedLabels(workspace.index.objectsNamed('/Namespace', 'default', namespace).at(-1), namespace);
}

/** The labels of one definition of a namespace (none: its name's only). */
const definedLabels = (object: ObjectEntry | undefined, namespace: string): Record<string, string> =>
  ({ ...(object ? stringEntries(asRecord(asRecord(object.value)?.metadata)?.labels) : {}), [namespaceNameLabel]: namespace });

/** The label Kubernetes gives every namespace: its name. */
export const namespaceNameLabel = 'kubernetes.io/metadata.name';

/** Why an agent does not select a monitor, as a user reads it; `misses` ranks how near it came. */
export interface Miss {
  reason: string;
  misses: number;
  /**
   * Missed only for labels of a namespace the workspace does not define: taken to have none but its name's, it may
   * have them in the cluster.
   */
  namespaceUnknown?: boolean;
}

const describeRequirement = ({ key, operator, values }: Requirement) => {
  switch (operator) {
    case 'Equals': return `${key}=${values[0]}`;
    case 'In': return `${key} in (${values.join(', ')})`;
    case 'NotIn': return `${key} not in (${values.join(', ')})`;
    case 'Exists': return `a label ${key}`;
    case 'DoesNotExist': return `no label ${key}`;
  }
};

const failing = (selector: { requirements: Requirement[] }, labels: Record<string, string>) =>
  selector.requirements.filter((requirement) => !matches({ requirements: [requirement] }, labels));

/** What a label set has of the keys a selector asks about: `release=platfrom`, or `no label release`. */
const describeHas = (requirements: Requirement[], labels: Record<string, string>) =>
  requirements.map(({ key }) => (Object.hasOwn(labels, key) ? `${key}=${labels[key]}` : `no label ${key}`)).join(', ');

/** Whether `selecting` selects the monitor; if not, why. */
export function selection(workspace: Workspace, selecting: Selecting, kind: MonitorKind, monitor: ObjectEntry): Miss | undefined {
  const fields = selectorFields[kind];
  const who = selectingTitle(selecting);
  const selector = agentSelector(selecting.entry, fields.selector);
  if (selector === undefined) return { reason: `${who} has no ${fields.selector}, so it selects no ${kind}`, misses: 100 };
  if ('error' in selector) return { reason: `${who}'s ${fields.selector} is no label selector (${selector.error})`, misses: 100 };
  const namespaceMiss = namespaceMissOf(workspace, selecting, fields.namespaceSelector, monitor);
  const labelMisses = failing(selector, monitorLabels(monitor));
  if (!namespaceMiss && labelMisses.length === 0) return undefined;
  if (labelMisses.length) {
    const labels = monitorLabels(monitor);
    const reason = `${who} selects ${labelMisses.map(describeRequirement).join(', ')}; this has ${describeHas(labelMisses, labels)}`;
    return { reason: namespaceMiss ? `${reason}, and ${namespaceMiss.reason}` : reason, misses: labelMisses.length + (namespaceMiss ? 1 : 0) };
  }
  return { reason: `${who} ${namespaceMiss!.reason}`, misses: 1, namespaceUnknown: namespaceMiss!.unknown };
}

/**
 * `unknown`: the miss is only for labels of a namespace the workspace does not define, or for a namespace the monitor
 * or the agent leaves out (`kubectl apply -n`, or kustomize, sets it), taken as `default` (see Miss).
 */
function namespaceMissOf(workspace: Workspace, selecting: Selecting, field: string, monitor: ObjectEntry): { reason: string; unknown?: boolean } | undefined {
  const { namespace } = monitor;
  const unwritten = monitor.document.namespace === undefined || selecting.entry.document.namespace === undefined;
  const selector: ParsedSelector | undefined = agentSelector(selecting.entry, field);
  if (selector === undefined) {
    return namespace === selecting.entry.namespace ? undefined
      : { reason: `looks in its own namespace ${selecting.entry.namespace} only (no ${field}); this is in ${namespace}`, unknown: unwritten };
  }
  if ('error' in selector) return { reason: `has a ${field} that is no label selector (${selector.error})` };
  // The definitions of the namespace the agent's and the monitor's cluster may hold (not another environment folder's).
  const definitions = workspace.index.objectsNamed('/Namespace', 'default', namespace)
    .filter((object) => mayShareCluster(workspace, object.uri, selecting.entry.uri) && mayShareCluster(workspace, object.uri, monitor.uri));
  const labels = definedLabels(definitions.at(-1), namespace);
  const misses = failing(selector, labels);
  const selects = `selects namespaces with ${selectorString(selector) || 'any labels'}`;
  // Defined more than once there (a base and an overlay, say), with labels the selector tells apart: which one the
  // cluster holds is not known.
  if (definitions.length > 1 && new Set(definitions.map((object) => failing(selector, definedLabels(object, namespace)).length === 0)).size > 1) {
    return { reason: `${selects}; namespace ${namespace} is defined ${definitions.length} times, and only some of them have those labels`, unknown: true };
  }
  if (misses.length === 0) return undefined;
  if (monitor.document.namespace === undefined) return { reason: `${selects}; this names no namespace`, unknown: true };
  if (definitions.length === 0) {
    const unknown = misses.some(({ key }) => key !== namespaceNameLabel);
    return { reason: `${selects}; namespace ${namespace} is not defined in the workspace, so only its label ${namespaceNameLabel} is known`, unknown };
  }
  return { reason: `${selects}; namespace ${namespace} has ${describeHas(misses, labels)}` };
}

/** The monitors of `kind` an agent selects (of its cluster: see mayShareCluster), sorted by `<namespace>/<name>` as the operator sorts them. */
export function selectedMonitors(workspace: Workspace, selecting: Selecting, kind: MonitorKind): ObjectEntry[] {
  if (!readsKind(selecting, kind)) return [];
  return monitorsOf(workspace, kind)
    .filter((monitor) => mayShareCluster(workspace, selecting.entry.uri, monitor.uri) && selection(workspace, selecting, kind, monitor) === undefined)
    .sort((a, b) => (`${a.namespace}/${a.name}` < `${b.namespace}/${b.name}` ? -1 : 1));
}

/**
 * A monitor's selectors as last found, with the lists they were found from: the agents reading its kind and the
 * Namespace objects (whose labels namespace selectors read), and the folder holding every file. The index gives new
 * lists when those change.
 */
const foundSelectors = new WeakMap<ObjectEntry, { kind: MonitorKind; candidates: Selecting[]; namespaces: ObjectEntry[]; root: string; found: Selection }>();

/**
 * The agents and servers that select a monitor; when none does, the nearest miss, and whether one misses only for the
 * labels of a namespace the workspace does not define (it may select the monitor in the cluster).
 */
interface Selection {
  selecting: Selecting[];
  nearest?: Miss;
  maySelect?: boolean;
}

/** Who selects a monitor (see Selection), found once for the rules asking. */
export function selectorsOf(workspace: Workspace, kind: MonitorKind, monitor: ObjectEntry): Selection {
  const candidates = selectingAgents(workspace, kind);
  const namespaces = workspace.index.objectsOf('/Namespace');
  const kept = foundSelectors.get(monitor);
  // The folder holding every file decides which are environments (see environments).
  const root = workspace.index.filesRoot();
  if (kept?.kind === kind && kept.candidates === candidates && kept.namespaces === namespaces && kept.root === root) return kept.found;
  // An agent of another environment folder is in another cluster: it may select the monitor there, no more.
  const environmentOfFile = environmentsIn(workspace);
  const own = environmentOfFile(monitor.uri);
  const results = candidates.map((selecting) => ({ selecting, miss: selection(workspace, selecting, kind, monitor), near: compatible(own, environmentOfFile(selecting.entry.uri)) }));
  const selectingOnes = results.filter((result) => !result.miss && result.near).map((result) => result.selecting);
  const nearest = results.flatMap((result) => (result.miss && result.near ? [result.miss] : [])).sort((a, b) => a.misses - b.misses)[0];
  // Agents only in other environment folders: its own cluster's agent is in no file, and may select it.
  const maySelect = results.some((result) => result.miss?.namespaceUnknown || (!result.miss && !result.near)) || (results.length > 0 && !results.some((result) => result.near));
  const found = { selecting: selectingOnes, nearest: selectingOnes.length ? undefined : nearest, maySelect };
  foundSelectors.set(monitor, { kind, candidates, namespaces, root, found });
  return found;
}

/** A Service port as a ServiceMonitor endpoint matches it: by `name`; `targetPort` leads to the pods' container port. */
export interface ServicePort {
  name?: string;
  port?: number;
  targetPort?: number | string;
}

/** A Service of the workspace, read as the operator's kubernetes_sd (role endpoints) sees it. */
export interface ServiceEntry {
  object: ObjectEntry;
  labels: Record<string, string>;
  /** spec.selector: the pods it sends traffic to (none: a Service without selector, its endpoints managed by hand). */
  podSelector?: Record<string, string>;
  ports: ServicePort[];
}

const services = new WeakMap<ObjectEntry, ServiceEntry>();

/** Entries of a list of the index, and each namespace's apart, in their order. */
interface NamespaceIndex<T> {
  all: T[];
  byNamespace: Map<string, T[]>;
  namespaceOf: (entry: T) => string;
  /** Whether the entry's namespace is written: one that is not is wherever `kubectl apply -n` or `helm -n` puts it. */
  placed: (entry: T) => boolean;
  /** Those with no namespace written. */
  unplaced: T[];
  /** Each entry's place in `all`: made when first asked, to keep a union of lists in order. */
  position?: Map<T, number>;
}

/** The Services of a list of the index; made once per list (a new list when one changes). */
const serviceLists = new WeakMap<readonly ObjectEntry[], NamespaceIndex<ServiceEntry>>();

function serviceIndex(workspace: Workspace): NamespaceIndex<ServiceEntry> {
  const objects = workspace.index.objectsOf('/Service');
  let index = serviceLists.get(objects);
  if (!index) {
    const all = objects.filter((object) => object.document.apiVersion === 'v1').map((object) => {
      let service = services.get(object);
      if (!service) services.set(object, (service = readService(object)));
      return service;
    });
    serviceLists.set(objects, (index = namespaceIndex(all, (service) => service.object.namespace, (service) => service.object.document.namespace !== undefined)));
  }
  return index;
}

function namespaceIndex<T>(all: T[], namespaceOf: (entry: T) => string, placed: (entry: T) => boolean): NamespaceIndex<T> {
  const byNamespace = new Map<string, T[]>();
  for (const entry of all) {
    const namespace = namespaceOf(entry);
    const group = byNamespace.get(namespace);
    if (group) group.push(entry);
    else byNamespace.set(namespace, [entry]);
  }
  return { all, byNamespace, namespaceOf, placed, unplaced: all.filter((entry) => !placed(entry)) };
}

/**
 * The entries in these namespaces (undefined: all), with those whose namespace is not written (the output of `helm
 * template` leaves it out of a chart's own objects: `-n` places them with the rest): each namespace's in their order,
 * then those. Not sorted into one order: a repository has thousands of unplaced entries, and every monitor asks.
 */
function inNamespaces<T>(index: NamespaceIndex<T>, namespaces: readonly string[] | undefined): T[] {
  const lists = listsIn(index, namespaces).filter((list) => list.length);
  return lists.length === 1 ? lists[0] : lists.flat();
}

/** The lists inNamespaces joins: each namespace's, then those of no namespace written. */
function listsIn<T>(index: NamespaceIndex<T>, namespaces: readonly string[] | undefined): T[][] {
  if (!namespaces) return [index.all];
  const lists = namespaces.map((namespace) => index.byNamespace.get(namespace) ?? []);
  // Unwritten, a namespace reads as default: that list holds them already.
  if (index.unplaced.length && !namespaces.includes('default')) lists.push(index.unplaced);
  return lists;
}

/**
 * The Services in these namespaces as the lists servicesIn joins, and whether those of no namespace written are among
 * them (they are wherever there are some).
 */
export function serviceListsIn(workspace: Workspace, namespaces: readonly string[] | undefined): { lists: ServiceEntry[][]; unplaced: boolean } {
  const index = serviceIndex(workspace);
  return { lists: listsIn(index, namespaces), unplaced: index.unplaced.length > 0 };
}

/** The pods in these namespaces, as serviceListsIn gives the Services. */
export function podListsIn(workspace: Workspace, namespaces: readonly string[] | undefined): { lists: PodTemplate[][]; unplaced: boolean } {
  const index = podIndex(workspace);
  return { lists: listsIn(index, namespaces), unplaced: index.unplaced.length > 0 };
}

/**
 * What a selector matches in these namespaces, in order. Looked up in each namespace's list and in the list of those of
 * no namespace written, each made once with the index: the lookups made of them are kept (see matching).
 */
function matchingIn<T extends object>(index: NamespaceIndex<T>, namespaces: readonly string[] | undefined, selector: { requirements: Requirement[] }, labelsOf: (entry: T) => Record<string, string>): T[] {
  return inLists(index, namespaces, (list) => matching(list, selector, labelsOf));
}

/** What `of` gives of each list these namespaces draw on (see listsIn), joined in the index's order, each entry once. */
function inLists<T>(index: NamespaceIndex<T>, namespaces: readonly string[] | undefined, of: (list: T[]) => T[]): T[] {
  const lists = listsIn(index, namespaces).map(of);
  return lists.length === 1 ? lists[0] : joinedInOrder(index, lists);
}

/** Lists of one index's entries joined, each entry once, in the index's order. */
function joinedInOrder<T>(index: NamespaceIndex<T>, lists: readonly T[][]): T[] {
  const nonEmpty = lists.filter((list) => list.length);
  if (nonEmpty.length <= 1) return nonEmpty[0] ?? [];
  const position = (index.position ??= new Map(index.all.map((entry, i) => [entry, i])));
  return [...new Set(nonEmpty.flat())].sort((a, b) => position.get(a)! - position.get(b)!);
}

function readService(object: ObjectEntry): ServiceEntry {
  const value = asRecord(object.value);
  const spec = asRecord(value?.spec);
  const selector = asRecord(spec?.selector);
  return {
    object,
    labels: stringEntries(asRecord(value?.metadata)?.labels),
    podSelector: selector && Object.keys(selector).length ? stringEntries(selector) : undefined,
    ports: list(spec?.ports).map((raw) => {
      const port = asRecord(raw);
      const targetPort = port?.targetPort;
      return {
        name: typeof port?.name === 'string' ? port.name : undefined,
        port: typeof port?.port === 'number' ? port.port : undefined,
        targetPort: typeof targetPort === 'number' || typeof targetPort === 'string' ? targetPort : undefined,
      };
    }),
  };
}

const list = (value: unknown) => (Array.isArray(value) ? value : []);

/**
 * The namespaces a ServiceMonitor or PodMonitor looks for its targets in: `namespaceSelector.any` every one
 * (undefined), `matchNames` those, else its own.
 */
export function targetNamespaces(workspace: Workspace, monitor: ObjectEntry): string[] | undefined {
  const selector = asRecord(asRecord(asRecord(monitor.value)?.spec)?.namespaceSelector);
  const names = list(selector?.matchNames).filter((name): name is string => typeof name === 'string');
  const written = selector?.any === true ? undefined : names.length ? names : [monitor.namespace];
  // An agent with ignoreNamespaceSelectors scrapes the monitor's own namespace alone (getNamespacesFromNamespaceSelector);
  // where some selecting it do and some do not, either may hold the targets.
  const kind = monitorKindOf(monitor.document);
  const selecting = kind ? selectorsOf(workspace, kind, monitor).selecting : [];
  const ignoring = selecting.filter(({ entry }) => entry.spec.ignoreNamespaceSelectors === true).length;
  if (ignoring === 0) return written;
  if (ignoring === selecting.length) return [monitor.namespace];
  return written && [...new Set([monitor.namespace, ...written])];
}

/** The monitor's own `spec.selector`, parsed. */
export function targetSelector(monitor: ObjectEntry): ParsedSelector {
  return parseSelector(asRecord(asRecord(monitor.value)?.spec)?.selector ?? {});
}

/**
 * Per set of kustomizations' changes, then per kind and environment: whether they reach the agents reading it, the
 * Namespaces or the targets of that environment, as last found from those lists (see wiringUncertain).
 */
const kustomizedAround = new WeakMap<ReadonlyMap<string, string>, Map<string, { found: readonly unknown[]; value: boolean }>>();

/**
 * Whether the files do not tell what is applied around a monitor: a kustomization changes the namespace, labels or
 * names of the monitor or of what its wiring weighs (the agents reading its kind, the Namespaces, the Services or pods
 * of the workspace), or a List holds an item naming no kind, which promagent does not read. The wiring's verdicts
 * (nothing selects it, it finds no target, no port of that name) are not given then.
 */
export function wiringUncertain(workspace: Workspace, kind: MonitorKind, monitor: ObjectEntry): boolean {
  if (workspace.index.holdsLists()) return true;
  const transformed = workspace.index.transformed();
  if (transformed.size === 0) return false;
  if (transformed.has(monitor.uri)) return true;
  const agents = selectingAgents(workspace, kind);
  const namespaces = workspace.index.objectsOf('/Namespace');
  // Those of another environment folder are in another cluster (see environments): their kustomizations change nothing here.
  const environmentOfFile = environmentsIn(workspace);
  const own = environmentOfFile(monitor.uri);
  const near = (uri: string) => compatible(own, environmentOfFile(uri));
  // Found once per set of kustomizations, agents, Namespaces and targets, and environment: every monitor of a repository asks.
  const found = [agents, namespaces, kind === 'ServiceMonitor' ? serviceIndex(workspace) : workspace.index.pods(), workspace.index.filesRoot()];
  let byKind = kustomizedAround.get(transformed);
  if (!byKind) kustomizedAround.set(transformed, (byKind = new Map()));
  const key = `${kind}|${JSON.stringify(own)}`;
  const kept = byKind.get(key);
  if (kept && kept.found.every((item, i) => item === found[i])) return kept.value;
  const targets = kind === 'ServiceMonitor' ? servicesIn(workspace, undefined).map((service) => service.object.uri)
    : kind === 'PodMonitor' ? workspace.index.pods().map((pod) => pod.uri) : [];
  const changed = (uri: string) => transformed.has(uri) && near(uri);
  const value = agents.some(({ entry }) => changed(entry.uri)) || namespaces.some((namespace) => changed(namespace.uri)) || targets.some(changed);
  byKind.set(key, { found, value });
  return value;
}

/** A governing Service the operator creates for an agent or server of the workspace: in no file, named by the kind. */
export interface OperatorService {
  /** The resource whose StatefulSets it governs. */
  entry: AgentEntry;
  kind: 'PrometheusAgent' | 'Prometheus';
  namespace: string;
  name: string;
  /** spec.portName, `web` by default. */
  port: string;
}

/**
 * The governing Services the operator creates (see governingServiceLabels) that a ServiceMonitor's selector may reach
 * in the namespaces it covers: one for each PrometheusAgent in StatefulSet mode and each Prometheus without a
 * serviceName of its own (of no namespace written, in any). Those Services are in no file.
 */
export function selectedOperatorServices(workspace: Workspace, monitor: ObjectEntry): OperatorService[] {
  const selector = targetSelector(monitor);
  if ('error' in selector || !matches(selector, governingServiceLabels)) return [];
  const namespaces = targetNamespaces(workspace, monitor);
  const governed = (entry: AgentEntry) => entry.spec.serviceName === undefined
    && (namespaces === undefined || entry.document.namespace === undefined || namespaces.includes(entry.namespace));
  const service = (kind: OperatorService['kind']) => (entry: AgentEntry): OperatorService => ({
    entry, kind, namespace: entry.namespace, name: governingServiceNames[kind],
    port: typeof entry.spec.portName === 'string' && entry.spec.portName ? entry.spec.portName : 'web',
  });
  return [
    ...workspace.index.agents().filter((agent) => agent.mode === 'StatefulSet' && governed(agent)).map(service('PrometheusAgent')),
    ...workspace.index.servers().filter(governed).map(service('Prometheus')),
  ];
}

/**
 * Whether a PodMonitor's selector may reach the pods the operator creates for an agent (StatefulSet or DaemonSet mode)
 * or a server of the workspace in the namespaces it covers: labelled as the operator selects them, with the spec's
 * podMetadata labels. Those pods are in no file.
 */
export function selectsOperatorPods(workspace: Workspace, monitor: ObjectEntry): boolean {
  const selector = targetSelector(monitor);
  if ('error' in selector) return false;
  const namespaces = targetNamespaces(workspace, monitor);
  const reaches = (entry: AgentEntry, kind: 'PrometheusAgent' | 'Prometheus') => entry.mode !== 'Sidecar'
    && (namespaces === undefined || entry.document.namespace === undefined || namespaces.includes(entry.namespace))
    && mayShareCluster(workspace, entry.uri, monitor.uri)
    && matches(selector, { ...stringEntries(asRecord(asRecord(entry.spec.podMetadata)?.labels)), ...podSelectorLabels(kind, entry.name) });
  return workspace.index.agents().some((entry) => reaches(entry, 'PrometheusAgent')) || workspace.index.servers().some((entry) => reaches(entry, 'Prometheus'));
}

/**
 * Whether the workspace holds Services (for a ServiceMonitor) or pods (else) whose namespace is written and among these
 * (undefined: any): where only those of no namespace written are there, none may be meant for them.
 */
export function holdsTargetsIn(workspace: Workspace, kind: 'ServiceMonitor' | 'PodMonitor', namespaces: readonly string[] | undefined): boolean {
  const written = <T>(index: NamespaceIndex<T>) => (namespaces ? namespaces.map((namespace) => index.byNamespace.get(namespace) ?? []) : [index.all])
    .some((list) => list.some(index.placed));
  return kind === 'ServiceMonitor' ? written(serviceIndex(workspace)) : written(podIndex(workspace));
}

/** The Services of the workspace in these namespaces (undefined: all), in their order. */
export function servicesIn(workspace: Workspace, namespaces: readonly string[] | undefined): ServiceEntry[] {
  return inNamespaces(serviceIndex(workspace), namespaces);
}

/**
 * The Services a ServiceMonitor selects in the namespaces it covers, of its cluster (`anywhere`: of any environment
 * folder too); undefined when its selector is none.
 */
export function selectedServices(workspace: Workspace, monitor: ObjectEntry, anywhere = false): ServiceEntry[] | undefined {
  const selector = targetSelector(monitor);
  if ('error' in selector) return undefined;
  const namespaces = targetNamespaces(workspace, monitor);
  const selected = matchingIn(serviceIndex(workspace), namespaces, selector, (service) => service.labels);
  return anywhere ? selected : selected.filter((service) => mayShareCluster(workspace, monitor.uri, service.object.uri));
}

/** The entries of a list by each label they have (`key`, NUL, `value`); made once per list (a new list when one changes). */
const labelIndexes = new WeakMap<readonly object[], Map<string, object[]>>();

/**
 * The entries of a list a selector matches, in their order. Every monitor of a namespace matches against its Services:
 * with a `key=value` requirement, only the entries having that label are looked at, not the whole namespace.
 */
function matching<T extends object>(entries: readonly T[], selector: { requirements: Requirement[] }, labelsOf: (entry: T) => Record<string, string>): T[] {
  const equal = selector.requirements.find((requirement) => requirement.operator === 'Equals' || (requirement.operator === 'In' && requirement.values.length === 1));
  if (!equal) return entries.filter((entry) => matches(selector, labelsOf(entry)));
  let byLabel = labelIndexes.get(entries);
  if (!byLabel) {
    byLabel = new Map();
    for (const entry of entries) {
      for (const [key, value] of Object.entries(labelsOf(entry))) {
        const label = `${key}\0${value}`;
        const holders = byLabel.get(label);
        if (holders) holders.push(entry);
        else byLabel.set(label, [entry]);
      }
    }
    labelIndexes.set(entries, byLabel);
  }
  // Keys holding a NUL can meet another label's entry here: the full match below leaves it out.
  return ((byLabel.get(`${equal.key}\0${equal.values[0]}`) ?? []) as T[]).filter((entry) => matches(selector, labelsOf(entry)));
}

/** The pods (Pods and pod templates) a Service sends traffic to: its selector, in its namespace. */
export function podsBehind(workspace: Workspace, service: ServiceEntry): PodTemplate[] {
  const selector = service.podSelector;
  if (!selector) return [];
  const requirements = Object.entries(selector).map(([key, value]): Requirement => ({ key, operator: 'Equals', values: [value] }));
  return matchingIn(podIndex(workspace), [service.object.namespace], { requirements }, (template) => template.labels);
}

/** The pods of a list of the index; made once per list (a new list when one changes). */
const podLists = new WeakMap<readonly unknown[], NamespaceIndex<PodTemplate>>();

function podIndex(workspace: Workspace): NamespaceIndex<PodTemplate> {
  const pods = workspace.index.pods();
  let index = podLists.get(pods);
  if (!index) podLists.set(pods, (index = namespaceIndex(pods.map((pod) => pod.template), (template) => template.namespace, (template) => template.document.namespace !== undefined)));
  return index;
}

/** The pods a PodMonitor selects in the namespaces it covers, as selectedServices gives the Services. */
export function selectedPods(workspace: Workspace, monitor: ObjectEntry, anywhere = false): PodTemplate[] | undefined {
  const selector = targetSelector(monitor);
  if ('error' in selector) return undefined;
  const namespaces = targetNamespaces(workspace, monitor);
  const selected = matchingIn(podIndex(workspace), namespaces, selector, (template) => template.labels);
  const near = (template: PodTemplate) => { const pod = workspace.index.podOf(template); return !pod || mayShareCluster(workspace, monitor.uri, pod.uri); };
  return anywhere ? selected : selected.filter(near);
}

/** The job names the operator gives a monitor's jobs: one per endpoint for Service and Pod monitors. */
export function jobNames(kind: MonitorKind, monitor: ObjectEntry): string[] {
  const spec = asRecord(asRecord(monitor.value)?.spec);
  const prefix = `${kind[0].toLowerCase()}${kind.slice(1)}/${monitor.namespace}/${monitor.name}`;
  if (kind === 'ServiceMonitor' || kind === 'PodMonitor') {
    const endpoints = spec?.[kind === 'ServiceMonitor' ? 'endpoints' : 'podMetricsEndpoints'];
    return Array.isArray(endpoints) ? endpoints.map((_, i) => `${prefix}/${i}`) : [];
  }
  return [prefix];
}

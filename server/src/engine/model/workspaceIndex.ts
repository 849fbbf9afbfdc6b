import { isMap } from 'yaml';
import { holdsUntypedItems, servedKind, type ClassifiedDocument } from '../classify';
import { findPair, keyText } from '../yaml/documents';
import { asRecord } from '../util/record';
import { spliceBetween, spliced, type Splice } from '../util/spliced';
import type { SourceFile } from '../sourceFile';
import { parseSelector, type ParsedSelector } from './labelSelector';
import { imagesSet, kustomizationFile, kustomizationsDiffer, patchedObjects, patchReaches, readKustomization, renamedFiles, transformedFiles, type GeneratedKey, type ImagesSet, type Kustomization, type PatchTarget } from './kustomize';
import { operatorRelease } from './operator';
import { cluesAsBuilt, releaseCluesOf, workspaceCrdOf, type ReleaseClue, type WorkspaceCrd } from './operatorRelease';
import { mayRunPrometheus, podTemplateOf, type PodTemplate } from './podTemplate';
import { sidecarRequest, type SidecarRequest } from './sidecarRequest';
import { asBuilt, prometheusWorkloadsOf, type PrometheusWorkload } from './workloads';
import { decodedUri, uriFileName } from '../util/uriText';
import { folderAppliersOf, substitutedVariable, withApplierBuilds, type FolderApplier, type PickedFolder } from './folderAppliers';

/** A PrometheusAgent, or a Prometheus, somewhere in the workspace: the typed view rules and the renderer share. */
export interface AgentEntry {
  uri: string;
  document: ClassifiedDocument;
  namespace: string;
  name: string;
  /** `namespace/name`, as pods name it in their agent-selector annotation. */
  key: string;
  /** StatefulSet when unset, as the operator reads it. */
  mode: string;
  /** spec.version as written (empty when unset: the operator runs its default). */
  version: string;
  spec: Record<string, unknown>;
}

/** A Pod or pod template somewhere in the workspace, with what its annotations ask of an injected agent. */
export interface PodEntry {
  uri: string;
  template: PodTemplate;
  request?: SidecarRequest;
}

/** Any Kubernetes object of the workspace, by kind, namespace and name. */
export interface ObjectEntry {
  uri: string;
  document: ClassifiedDocument;
  /** The API group (empty for core) and kind: objects of one group and kind share names. */
  groupKind: string;
  kind: string;
  /** As Kubernetes places it: `default` when unset (cluster-scoped kinds included, where it does not matter). */
  namespace: string;
  name: string;
  /** For a ConfigMap (data, binaryData) or a Secret (data, stringData): the keys it holds. */
  keys?: string[];
  /**
   * For a Service, a Namespace, a monitor or a target allocator, whose data rules of other documents read (wiring): the
   * document's data, read when it is indexed. A check of a repository lets go of the trees it is built from (see HeldTrees).
   */
  value?: unknown;
}

/** A Prometheus configuration file of the workspace that pulls in others with scrape_config_files. */
export interface Includer {
  uri: string;
  document: ClassifiedDocument;
  /** Its scrape_config_files patterns, as written. */
  patterns: string[];
}

interface DocumentEntries {
  agents: AgentEntry[];
  servers: AgentEntry[];
  pods: PodEntry[];
  workloads: PrometheusWorkload[];
  objects: ObjectEntry[];
  /** What names the prometheus-operator release: the operator's image, a CRD's annotation, a release's bundle. */
  releaseClues: ReleaseClue[];
  /** monitoring.coreos.com CRDs: the truth for their kinds. */
  crds: WorkspaceCrd[];
  includers: Includer[];
  /** The folders a GitOps controller's object applies (see folderAppliers). */
  appliers: FolderApplier[];
  /** The document they are of. */
  document: ClassifiedDocument;
  /** What rules of other documents read from these entries, hashed: made when first compared (see digestOf). */
  digest?: string;
}

/** A file's entries, in document order. */
type FileIndex = Omit<DocumentEntries, 'document' | 'digest'> & {
  /**
   * The file's documents: the next analysis of the file reuses the entries of those it kept. Their entries are not
   * listed (each document's are kept by it, see entriesOf): a copy of thousands per edit cost more than the lookups.
   */
  documents: readonly ClassifiedDocument[];
  /** For a kustomization file (what its folder applies depends on it): what promagent reads of it. */
  kustomize?: Kustomization;
  /**
   * For a Helm chart's Chart.yaml, its name and its dependencies' (an umbrella chart installs those); for a helmfile,
   * the charts its releases install.
   */
  chartNames?: string[];
  /**
   * How many Lists of objects with items promagent does not read it holds (see holdsLists): an edit counts those of
   * the documents it changed.
   */
  objectLists: number;
  /** How many of its documents hold a `${VAR}` a GitOps controller may substitute (see substitutedVariable). */
  variableDocuments: number;
};

type List = typeof lists[number];

/** What changed from a file's previous index: the lists that changed and how, and whether what others read did. */
interface IndexChange {
  splices: Partial<Record<List, Splice>>;
  readChanged: boolean;
}

const lists = ['agents', 'servers', 'pods', 'workloads', 'objects', 'releaseClues', 'crds', 'includers', 'appliers'] as const;

/**
 * The list every empty list of the index is: most documents have nothing in most lists, and a repository holds
 * thousands of documents. Frozen: a list of the index is replaced, never changed.
 */
const none: never[] = Object.freeze([]) as never[];

/** A list of the index: the shared empty one when it has nothing. */
const orNone = <T>(list: T[]): T[] => (list.length ? list : none);

/** One list of a file's index: its documents' entries in that list, in document order. */
function joined<L extends List>(entries: readonly DocumentEntries[], list: L): DocumentEntries[L] {
  let all: unknown[] = none;
  let copied = false;
  for (const documentEntries of entries) {
    const own: readonly unknown[] = documentEntries[list];
    // Most documents have nothing in most lists: a file with entries in one document shares its list.
    if (own.length === 0) continue;
    if (all === none) all = own as unknown[];
    else {
      if (!copied) all = [...all];
      copied = true;
      for (const entry of own) all.push(entry);
    }
  }
  return all as DocumentEntries[L];
}

/**
 * A digest's text as 64 bits (two FNV-1a hashes) in 16 hex digits: an edited document keeps one, and their text is
 * hundreds of characters each. Digests are only compared for equality, each with the same document's before an edit.
 */
function hashed(text: string): string {
  let low = 0x811c9dc5;
  let high = 0x050c5d1f;
  for (let i = 0; i < text.length; i++) {
    const code = text.charCodeAt(i);
    low = Math.imul(low ^ code, 0x01000193);
    high = Math.imul(high ^ code ^ (low >>> 16), 0x01000193);
  }
  return (high >>> 0).toString(16).padStart(8, '0') + (low >>> 0).toString(16).padStart(8, '0');
}

/** Per file, built once per text from per-document entries: an edit re-indexes the edited document only. */
const indexes = new WeakMap<SourceFile, FileIndex>();
const documentEntries = new WeakMap<ClassifiedDocument, DocumentEntries>();

/** `group/kind` (`/ConfigMap` for core kinds): objects of one group and kind share names. */
export const groupKindOf = ({ apiVersion = '', kind = '' }: { apiVersion?: string; kind?: string }) =>
  `${apiVersion.includes('/') ? apiVersion.slice(0, apiVersion.indexOf('/')) : ''}/${kind}`;

function entriesOf(document: ClassifiedDocument, uri: string): DocumentEntries {
  let entries = documentEntries.get(document);
  if (entries) return entries;
  // Every list the shared empty one, each replaced (never pushed to) as entries are found. Written out: spreading a
  // function's object into a literal cost more than the rest of indexing a document.
  entries = { agents: none, servers: none, pods: none, workloads: none, objects: none, releaseClues: none, crds: none, includers: none, appliers: none, document, digest: undefined };
  if (!document.embedding && document.kind && document.apiVersion && document.name) {
    const groupKind = groupKindOf(document);
    const keys = document.role === 'config-map' ? dataKeys(document, ['data', 'binaryData'])
      : document.role === 'secret' ? dataKeys(document, ['data', 'stringData']) : undefined;
    const value = isWired(groupKind, document) ? document.yaml.value : undefined;
    entries.objects = [{ uri, document, groupKind, kind: document.kind, namespace: document.namespace ?? 'default', name: document.name, keys, value }];
  }
  const kind = servedKind(document);
  if (kind === 'PrometheusAgent' || kind === 'Prometheus') {
    const spec = asRecord(asRecord(document.yaml.value)?.spec) ?? {};
    const entry: AgentEntry = {
      uri, document, namespace: document.namespace ?? 'default', name: document.name ?? '', key: agentKey({ namespace: document.namespace ?? 'default', name: document.name ?? '' }),
      mode: typeof spec.mode === 'string' ? spec.mode : operatorRelease.defaultAgentMode,
      version: typeof spec.version === 'string' ? spec.version : '',
      spec,
    };
    if (kind === 'PrometheusAgent') entries.agents = [entry];
    else entries.servers = [entry];
  }
  const template = podTemplateOf(document);
  if (template) {
    const request = sidecarRequest(template);
    entries.pods = [{ uri, template, request }];
    entries.workloads = orNone(prometheusWorkloadsOf(document));
  }
  if (document.role === 'prometheus-config' && !document.embedding) {
    const files = document.yaml.dataAt(['scrape_config_files']);
    const patterns = Array.isArray(files) ? files.filter((pattern): pattern is string => typeof pattern === 'string') : [];
    if (patterns.length) entries.includers = [{ uri, document, patterns }];
  }
  if (!document.embedding) {
    const crd = workspaceCrdOf(document, uri);
    if (crd) entries.crds = [crd];
    entries.releaseClues = orNone(releaseCluesOf(document, uri));
    entries.appliers = orNone(folderAppliersOf(document, uri));
  }
  documentEntries.set(document, entries);
  return entries;
}

/**
 * The OpenTelemetry Operator's kinds whose target allocator may discover monitors in place of an agent, with the part of
 * their spec wiring reads: a collector's embedded allocator, or a TargetAllocator's own prometheusCR.
 */
export const allocatorSpecs: Readonly<Record<string, readonly string[]>> = {
  'opentelemetry.io/OpenTelemetryCollector': ['spec', 'targetAllocator'],
  'opentelemetry.io/TargetAllocator': ['spec', 'prometheusCR'],
};

/** Kinds whose data rules of other documents read whole (wiring): a Service, a Namespace, a monitor, a target allocator. */
const isWired = (groupKind: string, document: ClassifiedDocument) => groupKind === '/Service' || groupKind === '/Namespace' || document.role === 'monitoring'
  || Object.hasOwn(allocatorSpecs, groupKind);

const hasEntries = (entries: DocumentEntries) => entries.objects.length > 0 || entries.agents.length > 0 || entries.servers.length > 0
  || entries.pods.length > 0 || entries.workloads.length > 0 || entries.crds.length > 0 || entries.releaseClues.length > 0 || entries.includers.length > 0
  || entries.appliers.length > 0;

/**
 * What rules of other documents read from a document's entries, hashed: equal digests, equal findings. Made when an
 * edit compares a document's entries with those before it, not when a document is indexed: a check of a repository
 * never compares, and the document's data does not change (a let-go tree is composed again from the same text).
 */
function digestOf(entries: DocumentEntries): string {
  if (entries.digest !== undefined) return entries.digest;
  const { document } = entries;
  const read: unknown[] = [];
  for (const { groupKind, keys } of entries.objects) {
    // The whole apiVersion, not only its group: wiring reads core v1 Services alone.
    read.push(['object', document.apiVersion, document.kind, document.namespace, document.name, keys]);
    // What wiring reads of other objects: a Service's labels, selector and ports; a target allocator's settings; a
    // Namespace's or a monitor's labels.
    const at = (...path: string[]) => document.yaml.dataAt(path) ?? null;
    if (groupKind === '/Service') read.push([at('metadata', 'labels'), at('spec', 'selector'), at('spec', 'ports')]);
    else if (Object.hasOwn(allocatorSpecs, groupKind)) read.push(at(...allocatorSpecs[groupKind]));
    else if (isWired(groupKind, document)) read.push(at('metadata', 'labels'));
  }
  // Other documents read much of an agent's spec: its mode, version, selectors, scrape settings, remote_write.
  for (const agent of entries.agents) read.push(['PrometheusAgent', document.namespace, agent.name, agent.spec]);
  // What a GitOps controller's object applies, and how it changes it, decides what other documents are once applied.
  for (const applier of entries.appliers) read.push(['applier', applier.path, applier.changes, applier.substitutes, applier.picksFiles]);
  for (const server of entries.servers) read.push(['Prometheus', document.namespace, server.name, server.spec]);
  for (const { template, request } of entries.pods) {
    // Whether it asks for an agent at all, and naming none, counts as much as which one it names (sidecar/unused-agent);
    // its owner's title is how wiring names it.
    const asks = request ? request.agentSelector ?? 'any' : null;
    read.push(['pod', template.namespace, template.ownerTitle, asks, template.labels, template.containers.map((c) => c.ports), template.initContainerPorts]);
    // Which ConfigMaps and Secrets its containers mount, and whether each may be Prometheus: a configuration only
    // other programs mount is theirs.
    read.push(template.volumes.map((volume) => [volume.name, volume.sources.map((source) => `${source.kind}/${source.name}`)]),
      template.containers.map((container) => [container.volumeMounts.map((mount) => mount.name), mayRunPrometheus(container)]));
  }
  for (const workload of entries.workloads) {
    read.push(['prometheus', workload.title, workload.container.name, workload.mode, workload.version, workload.config]);
  }
  for (const crd of entries.crds) read.push(['crd', crd.key]);
  for (const clue of entries.releaseClues) read.push(['release', clue.version, clue.source, clue.what]);
  // Which files a configuration pulls in: they are checked as it runs them.
  for (const includer of entries.includers) read.push(['includer', includer.patterns]);
  entries.digest = hashed(JSON.stringify(read));
  return entries.digest;
}

/** The entries of each document of a file's index, in document order. */
const entriesIn = (index: FileIndex | undefined, uri: string): DocumentEntries[] => index?.documents.map((document) => entriesOf(document, uri)) ?? [];

/** Whether what rules of other documents read differs between two runs of documents' entries, in document order. */
function readDiffers(before: readonly DocumentEntries[], after: readonly DocumentEntries[]): boolean {
  const [read, readNow] = [before.filter(hasEntries), after.filter(hasEntries)];
  // Hashed only when both have as many documents with entries.
  return read.length !== readNow.length || read.some((entries, i) => digestOf(entries) !== digestOf(readNow[i]));
}

/** The PrometheusAgent a document defines, as the index holds it (built once per document). */
export function agentOf(document: ClassifiedDocument, uri: string): AgentEntry | undefined {
  return entriesOf(document, uri).agents[0];
}

/** The Prometheus (server) a document defines, as the index holds it. */
export function serverOf(document: ClassifiedDocument, uri: string): AgentEntry | undefined {
  return entriesOf(document, uri).servers[0];
}

/** The PrometheusAgent or the Prometheus a document defines, as the index holds it. */
export function agentOrServerOf(document: ClassifiedDocument, uri: string): AgentEntry | undefined {
  const entries = entriesOf(document, uri);
  return entries.agents[0] ?? entries.servers[0];
}

/** The keys under the fields of a ConfigMap or Secret, read from the nodes: the values are not built. */
function dataKeys(document: ClassifiedDocument, fields: string[]): string[] {
  const root = document.yaml.ast.contents;
  if (!isMap(root)) return [];
  return fields.flatMap((field) => {
    const values = findPair(root.items, field)?.value;
    return isMap(values) ? values.items.flatMap((pair) => keyText(pair) ?? []) : [];
  });
}

/** How many agents the entries are: copies of one agent in several folders (environments, overlays) are one. */
export const distinctAgents = (agents: readonly AgentEntry[]) => new Set(agents.map((agent) => agent.key)).size;

/** The charts a Chart.yaml (its own, its dependencies) or a helmfile (its releases') names; undefined for another file. */
function chartNamesOf(file: SourceFile): string[] | undefined {
  const name = uriFileName(file.uri);
  const isHelmfile = /^helmfile\.ya?ml$/.test(name) || /\/helmfile\.d\/[^/]+\.ya?ml$/.test(file.uri);
  if (name !== 'Chart.yaml' && !isHelmfile) return undefined;
  const list = (value: unknown) => (Array.isArray(value) ? value : []);
  const names = file.documents.flatMap((document) => {
    const data = asRecord(document.yaml.value);
    return isHelmfile ? list(data?.releases).map((release) => asRecord(release)?.chart)
      : [data?.name, ...list(data?.dependencies).map((dependency) => asRecord(dependency)?.name)];
  });
  return names.filter((chart): chart is string => typeof chart === 'string');
}

/** A file's index, built once per analysis. */
export function indexOf(file: SourceFile): FileIndex {
  return reindexed(file).index;
}

/**
 * A file's index, and what changed from `previous`, the index of the file's previous analysis, when this index is
 * built from it: the documents the two share at their start and end (the same objects: an edit re-analyses the
 * documents around it) keep their entries, and each list is the old one with the changed documents' part replaced.
 * An edit costs what it changed, not what the file holds.
 */
function reindexed(file: SourceFile, previous?: FileIndex): { index: FileIndex; change?: IndexChange } {
  const built = indexes.get(file);
  if (built) return { index: built };
  const { documents } = file;
  const kustomize = kustomizationFile.test(uriFileName(file.uri)) ? readKustomization(file) : undefined;
  const chartNames = chartNamesOf(file);
  if (!previous) {
    const objectLists = documents.reduce((count, document) => count + (holdsUntypedItems(document) ? 1 : 0), 0);
    const variableDocuments = documents.reduce((count, document) => count + (holdsVariable(document) ? 1 : 0), 0);
    const entries = documents.map((document) => entriesOf(document, file.uri));
    const index: FileIndex = {
      agents: joined(entries, 'agents'), servers: joined(entries, 'servers'), pods: joined(entries, 'pods'), workloads: joined(entries, 'workloads'),
      objects: joined(entries, 'objects'), releaseClues: joined(entries, 'releaseClues'), crds: joined(entries, 'crds'), includers: joined(entries, 'includers'),
      appliers: joined(entries, 'appliers'), documents, kustomize, chartNames, objectLists, variableDocuments,
    };
    indexes.set(file, index);
    return { index };
  }
  const old = previous.documents;
  // The analysis says which documents it replaced when it was made from these; else they are compared from both ends.
  const { at: head, removed: removedDocuments } = spliceBetween(old, documents, file.documentsChange?.from.deref() === old ? file.documentsChange : undefined);
  const tail = old.length - head - removedDocuments;
  const oldChanged = old.slice(head, old.length - tail).map((document) => entriesOf(document, file.uri));
  const newChanged = documents.slice(head, documents.length - tail).map((document) => entriesOf(document, file.uri));
  const counted = (changed: readonly DocumentEntries[], holds: (document: ClassifiedDocument) => boolean) => changed.reduce((count, { document }) => count + (holds(document) ? 1 : 0), 0);
  const objectLists = previous.objectLists - counted(oldChanged, holdsUntypedItems) + counted(newChanged, holdsUntypedItems);
  const variableDocuments = previous.variableDocuments - counted(oldChanged, holdsVariable) + counted(newChanged, holdsVariable);
  // Each list is set below.
  const index: FileIndex = {
    agents: none, servers: none, pods: none, workloads: none, objects: none, releaseClues: none, crds: none, includers: none, appliers: none, documents, kustomize,
    chartNames, objectLists, variableDocuments,
  };
  const change: IndexChange = { splices: {}, readChanged: readDiffers(oldChanged, newChanged) };
  for (const list of lists) {
    const before = previous[list] as unknown[];
    const removed = oldChanged.reduce((count, e) => count + e[list].length, 0);
    const added = newChanged.flatMap((e): unknown[] => e[list]);
    if (removed === 0 && added.length === 0) {
      (index[list] as unknown[]) = before;
      continue;
    }
    // Where the changed documents' part of the list starts: at their first old entry, else at the next document's.
    let first = oldChanged.find((e) => e[list].length)?.[list][0];
    for (let i = old.length - tail; first === undefined && i < old.length; i++) first = entriesOf(old[i], file.uri)[list][0];
    const at = first === undefined ? before.length : before.indexOf(first);
    (index[list] as unknown[]) = spliced(before, at, removed, added);
    change.splices[list] = { at, removed, added: added.length };
  }
  indexes.set(file, index);
  return { index, change };
}

/** Whether what other documents read of the file as a whole differs between two of its indexes (its entries apart). */
function fileFactsDiffer(before: FileIndex | undefined, after: FileIndex | undefined): boolean {
  return kustomizationsDiffer(before?.kustomize, after?.kustomize) || holdsLists(before) !== holdsLists(after)
    || JSON.stringify(before?.chartNames) !== JSON.stringify(after?.chartNames) || appliersDiffer(before, after);
}

const holdsLists = (index: FileIndex | undefined) => (index?.objectLists ?? 0) > 0;

/** Whether each document source holds a `${VAR}`: a List's items share their List's source, read once. */
const sourceVariables = new WeakMap<object, boolean>();

/** Whether a document of a file's own text holds a `${VAR}` (an embedded configuration's is its holder's). */
function holdsVariable(document: ClassifiedDocument): boolean {
  if (document.embedding) return false;
  let holds = sourceVariables.get(document.source);
  if (holds === undefined) sourceVariables.set(document.source, (holds = document.source.text.includes('${') && substitutedVariable.test(document.source.text)));
  return holds;
}

const holdsVariables = (index: FileIndex | undefined) => (index?.variableDocuments ?? 0) > 0;

/** Whether what a file's GitOps controllers apply, and how, differs between two of its indexes. */
const appliersDiffer = (before: FileIndex | undefined, after: FileIndex | undefined) => before?.appliers !== after?.appliers
  && JSON.stringify(before?.appliers ?? []) !== JSON.stringify(after?.appliers ?? []);

/** What a workspace installs whose objects are in no file (see WorkspaceIndex.installedElsewhere), each with its file. */
export interface InstalledElsewhere {
  charts: { uri: string; name: string }[];
  remoteResources: { uri: string; name: string }[];
}

/** What the kustomizations of the workspace say (see WorkspaceIndex.kustomizeData). */
interface KustomizeFacts {
  folders: Set<string>;
  patches: Set<string>;
  transformed: Map<string, string>;
  /** The files a kustomization building them may rename (see renamedFiles). */
  renamed: Set<string>;
  /** By file, the images kustomizations set there (see imagesSet). */
  images: Map<string, ImagesSet>;
  /** By file, the objects kustomizations building it patch (see patchedObjects). */
  patched: Map<string, PatchTarget[]>;
  /**
   * The ConfigMaps and Secrets kustomizations generate or patch, as `ConfigMap/name` (see Kustomization.configObjectsChanged, and
   * the objects of the files they list as patches).
   */
  keysSet: Set<string>;
  /** The files a GitOps controller applies substituting `${VAR}` in them (see FolderApplier.substitutes). */
  substituted: Set<string>;
  /** The folders a GitOps controller applies only some files of (see FolderApplier.picksFiles), ending in `/`, and whether those below too. */
  picked: PickedFolder[];
  /** By file, the ConfigMap and Secret keys generators put it into. */
  generatedKeys: Map<string, GeneratedKey[]>;
}

/** The agents of the workspace and the lookups made of them. */
interface GatheredAgents {
  agents: AgentEntry[];
  byKey: Map<string, AgentEntry>;
  sidecars: AgentEntry[];
  sidecarsByKey: Map<string, AgentEntry>;
}

/** The pods of the workspace, and what those asking for an agent ask: the agents they name, and whether one names none. */
interface GatheredPods {
  pods: PodEntry[];
  /** Each pod's entry by its template, made when first asked. */
  byTemplate?: Map<PodTemplate, PodEntry>;
  requested: { named: Set<string>; unnamed: boolean };
}

/** Each list of the workspace gathered from its files, apart: an edit that changes one list leaves the others be. */
interface Gathered {
  agents?: GatheredAgents;
  servers?: AgentEntry[];
  pods?: GatheredPods;
  workloads?: PrometheusWorkload[];
  releaseClues?: ReleaseClue[];
  crds?: WorkspaceCrd[];
  includers?: Includer[];
}

/** The lists gathered from every file (objects are kept by name, apart). */
const gatheredLists = ['agents', 'servers', 'pods', 'workloads', 'releaseClues', 'crds', 'includers'] as const;

/**
 * The index of a whole workspace, kept up to date file by file: the workspace reports each changed file, and the next
 * query re-indexes just those (and, in them, just the documents whose text changed). Other files are not visited.
 */
export class WorkspaceIndex {
  private readonly files = new Map<string, FileIndex>();
  /** Each file's place in `files`' order (the order lists are gathered in), for keeping objects in file order. */
  private readonly fileOrder = new Map<string, number>();
  private nextFileOrder = 0;
  private readonly pending = new Map<string, SourceFile | undefined>();
  /** Grows when what other documents' rules read changes; unlike the workspace's revision, not on every edit. */
  private version = 0;
  private gathered: Gathered = {};
  /** Every object by `group/kind` then `namespace/name`, in file order: kept up to date with each file's changed objects. */
  private objects?: Map<string, Map<string, ObjectEntry[]>>;
  /** The objects of each kind asked for, in file order; a kind is gathered again when a file adds or removes one. */
  private readonly objectsOfKind = new Map<string, ObjectEntry[]>();
  /**
   * What kustomizations say: the folders holding one, the files they list as patches, and the files whose objects they
   * change; gathered again when one changes (or comes, or goes).
   */
  private kustomizeFacts?: KustomizeFacts;
  /** Grows when a kustomization changes. */
  private kustomizeVersion = 0;
  /** What installedElsewhere found, at a version of the index. */
  private installed?: { version: number; elsewhere: InstalledElsewhere };
  /** Whether a file holds a List with items promagent does not read: found again when a file starts or stops to. */
  private listsHeld?: boolean;
  /** The folder holding every file, as a URI ending in `/`: environment folders are read below it (see environments). */
  private root = '';

  /** Records a file's new analysis (undefined: deleted); indexing waits for the next query. */
  changed(uri: string, file: SourceFile | undefined): void {
    this.pending.set(uri, file);
  }

  /** Changes whenever the entries other documents depend on change (see DocumentEntries.digest). */
  digest(): string {
    this.refresh();
    return String(this.version);
  }

  agents(): AgentEntry[] {
    return this.gatheredAgents().agents;
  }

  /** The Prometheus resources (servers) of the workspace. */
  servers(): AgentEntry[] {
    this.refresh();
    return (this.gathered.servers ??= this.flat('servers'));
  }

  pods(): PodEntry[] {
    return this.gatheredPods().pods;
  }

  /** The entry of a pod template of the workspace (its file, its sidecar request). */
  podOf(template: PodTemplate): PodEntry | undefined {
    const gathered = this.gatheredPods();
    gathered.byTemplate ??= new Map(gathered.pods.map((pod) => [pod.template, pod]));
    return gathered.byTemplate.get(template);
  }

  /** Every container of the workspace that runs Prometheus. */
  workloads(): PrometheusWorkload[] {
    this.refresh();
    if (!this.gathered.workloads) {
      const images = this.kustomizeData().images;
      this.gathered.workloads = [...this.files].flatMap(([uri, file]) => (this.isPatch(uri) ? [] : file.workloads.map((workload) => asBuilt(workload, images.get(uri)))));
    }
    return this.gathered.workloads;
  }

  /** What kustomizations set the images of the file's objects to (see imagesSet). */
  imagesSetIn(uri: string): ImagesSet | undefined {
    this.refresh();
    return this.kustomizeData().images.get(uri);
  }

  /** The first agent with this namespace/name. */
  agentNamed(key: string): AgentEntry | undefined {
    return this.gatheredAgents().byKey.get(key);
  }

  sidecarAgents(): AgentEntry[] {
    return this.gatheredAgents().sidecars;
  }

  /**
   * The Sidecar agent that injects a pod asking with `request`: the one its agent-selector names, else the only
   * Sidecar agent of the workspace. Rules, render, preview and navigation all ask here.
   */
  sidecarAgentFor(request: SidecarRequest, within?: (agent: AgentEntry) => boolean): AgentEntry | undefined {
    const gathered = this.gatheredAgents();
    // `within`: the agents that may meet the pod (its cluster's, see environments).
    const sidecars = within ? gathered.sidecars.filter(within) : gathered.sidecars;
    const selector = request.agentSelector;
    if (!selector) return distinctAgents(sidecars) === 1 ? sidecars[0] : undefined;
    // One of no namespace written (helm template) or whose kustomization sets it is wherever it is applied.
    const placedAnywhere = sidecars.filter((agent) => agent.name === selector.name && (agent.document.namespace === undefined || this.transformedBy(agent.uri)));
    const named = within ? sidecars.find((agent) => agent.key === agentKey(selector)) : gathered.sidecarsByKey.get(agentKey(selector));
    return named ?? (distinctAgents(placedAnywhere) === 1 ? placedAnywhere[0] : undefined);
  }

  requestedAgents(): { named: Set<string>; unnamed: boolean } {
    return this.gatheredPods().requested;
  }

  /** What names the prometheus-operator release, in file order, with the image tags kustomizations set. */
  releaseClues(): ReleaseClue[] {
    this.refresh();
    if (!this.gathered.releaseClues) {
      const images = this.kustomizeData().images;
      // A patch's operator image (an overlay's patch of the operator Deployment) names the release that overlay runs.
      const all = [...this.files.values()].flatMap((file) => file.releaseClues.filter((clue) => clue.source === 'deployment' || clue.source === 'unread' || !this.isPatch(clue.uri)));
      this.gathered.releaseClues = all.flatMap((clue) => cluesAsBuilt(clue, images.get(clue.uri)));
    }
    return this.gathered.releaseClues;
  }

  /** The Prometheus configuration files that pull in others with scrape_config_files, in file order. */
  includers(): Includer[] {
    this.refresh();
    return (this.gathered.includers ??= this.flat('includers'));
  }

  /** The workspace's monitoring.coreos.com CRDs, in file order. */
  crds(): WorkspaceCrd[] {
    this.refresh();
    return (this.gathered.crds ??= this.flat('crds'));
  }

  /** The objects of a kind (`group/kind`, `/ConfigMap` for core), in file order; the caller does not change the list. */
  objectsOf(groupKind: string): ObjectEntry[] {
    this.refresh();
    let objects = this.objectsOfKind.get(groupKind);
    if (!objects) {
      objects = [];
      for (const [uri, file] of this.files) if (!this.isPatch(uri)) for (const object of file.objects) if (object.groupKind === groupKind) objects.push(object);
      this.objectsOfKind.set(groupKind, objects);
    }
    return objects;
  }

  /** Whether a folder (`file:///repo/base/`) holds a kustomization file. */
  kustomized(folder: string): boolean {
    this.refresh();
    return this.kustomizeData().folders.has(folder);
  }

  /**
   * What the workspace installs whose objects are in no file, with the file saying so: the Helm charts kustomizations
   * inflate, Chart.yaml files (their own and their dependencies) and helmfiles name, and kustomizations' remote resources.
   */
  installedElsewhere(): InstalledElsewhere {
    this.refresh();
    // Found once per version of the index (a kustomization or a Chart.yaml changing makes a new one): every monitor asks.
    if (this.installed?.version !== this.version) {
      const files = [...this.files];
      this.installed = {
        version: this.version,
        elsewhere: {
          charts: files.flatMap(([uri, file]) => [...file.kustomize?.helmCharts ?? [], ...file.chartNames ?? []].map((name) => ({ uri, name }))),
          remoteResources: files.flatMap(([uri, file]) => (file.kustomize?.remoteResources ?? []).map((name) => ({ uri, name }))),
        },
      };
    }
    return this.installed.elsewhere;
  }

  /** Whether a GitOps controller applies the file substituting `${VAR}` in it (Flux's postBuild): such a value is not what is applied. */
  substituted(uri: string): boolean {
    this.refresh();
    return this.kustomizeData().substituted.has(uri);
  }

  /** Whether a GitOps controller applies only some files of the folder (`file:///repo/agents/`; Argo CD's directory include). */
  picksFiles(folder: string): boolean {
    this.refresh();
    const decoded = decodedUri(folder);
    return this.kustomizeData().picked.some((picked) => decoded === picked.folder || (picked.recurse && decoded.startsWith(picked.folder)));
  }

  /** Whether a kustomization of the workspace lists the file as a strategic-merge patch: part of an object, not one. */
  kustomizePatch(uri: string): boolean {
    this.refresh();
    return this.isPatch(uri);
  }

  /**
   * The kustomization that builds the file's objects changing their namespace, labels or names (see
   * transformedFiles): what is applied is not what the file says.
   */
  transformedBy(uri: string): string | undefined {
    return this.transformed().get(uri);
  }

  /**
   * Whether a kustomization building the file patches this object of it (a patch whose target, or whose object, is
   * of its kind and name; replacements and transformers reach any): what is applied is not what is written.
   */
  mayPatch(uri: string, kind: string | undefined, name: string | undefined): boolean {
    this.refresh();
    return this.kustomizeData().patched.get(uri)?.some((target) => patchReaches(target, kind, name)) ?? false;
  }

  /** Whether a kustomization building the file may rename its objects (namePrefix, nameSuffix, patches…). */
  mayRename(uri: string): boolean {
    this.refresh();
    return this.kustomizeData().renamed.has(uri);
  }

  /** The folder holding every file of the workspace, as a URI ending in `/`. */
  filesRoot(): string {
    this.refresh();
    return this.root;
  }

  /** Every file transformedBy names, with its kustomization: a new map when a kustomization changes. */
  transformed(): ReadonlyMap<string, string> {
    this.refresh();
    return this.kustomizeData().transformed;
  }

  /**
   * Whether a file of the workspace holds a List of objects with an item that names no apiVersion or kind: promagent
   * does not read it (see listItemsOf), so the workspace may hold agents, monitors, Services and pods it does not see.
   */
  holdsLists(): boolean {
    this.refresh();
    return (this.listsHeld ??= [...this.files.values()].some(holdsLists));
  }

  /** The ConfigMap and Secret keys kustomizations' generators put the file into (`configMapGenerator: [{files: …}]`). */
  generatedKeysOf(uri: string): readonly GeneratedKey[] {
    this.refresh();
    return this.kustomizeData().generatedKeys.get(uri) ?? none;
  }

  /**
   * Whether a kustomization generates a ConfigMap or Secret of this name, or adds keys to it with a generator or a
   * patch: its keys are not all written in its file.
   */
  keysSetByKustomize(kind: 'ConfigMap' | 'Secret', name: string): boolean {
    this.refresh();
    return this.kustomizeData().keysSet.has(`${kind}/${name}`);
  }

  /** Changes whenever a kustomization of the workspace changes. */
  kustomizeKey(): string {
    this.refresh();
    return String(this.kustomizeVersion);
  }

  /** Whether the file is a patch, within a refresh: a patch's entries are in no list of the workspace. */
  private isPatch(uri: string): boolean {
    return this.kustomizeData().patches.has(uri);
  }

  /** Found once per set of kustomizations: every object of a repository asks. */
  private kustomizeData(): KustomizeFacts {
    if (!this.kustomizeFacts) {
      const kustomizations = new Map([...this.files].flatMap(([uri, file]) => (file.kustomize ? [[uri, file.kustomize] as const] : [])));
      // A file a kustomization builds as a resource is an object, whatever another lists it as.
      const resources = new Set([...kustomizations.values()].flatMap((kustomization) => kustomization.resources));
      // A GitOps controller's object applying folders builds them as a kustomization would, changing what it applies.
      const appliers = [...this.files.values()].flatMap((file) => file.appliers);
      const { builds, substituted, picked } = withApplierBuilds(kustomizations, appliers, this.root, [...this.files.keys()], (uri) => holdsVariables(this.files.get(uri)));
      this.kustomizeFacts = {
        folders: new Set([...kustomizations.keys()].map((uri) => uri.slice(0, uri.lastIndexOf('/') + 1))),
        patches: new Set([...kustomizations.values()].flatMap((kustomization) => kustomization.patches).filter((uri) => !resources.has(uri))),
        transformed: transformedFiles(builds),
        renamed: renamedFiles(builds),
        images: imagesSet(builds),
        patched: patchedObjects(builds, (uri) => (this.files.get(uri)?.objects ?? []).map(({ kind, name }) => ({ kind, name }))),
        substituted,
        picked,
        generatedKeys: new Map(),
        keysSet: new Set([
          ...[...kustomizations.values()].flatMap((kustomization) => kustomization.configObjectsChanged),
          ...[...kustomizations.values()].flatMap((kustomization) => kustomization.patches)
            .flatMap((uri) => this.files.get(uri)?.objects ?? []).flatMap((object) => (object.kind === 'ConfigMap' || object.kind === 'Secret' ? [`${object.kind}/${object.name}`] : [])),
        ]),
      };
      for (const generated of [...kustomizations.values()].flatMap((kustomization) => kustomization.generatedKeys)) {
        this.kustomizeFacts.generatedKeys.set(generated.uri, [...this.kustomizeFacts.generatedKeys.get(generated.uri) ?? [], generated]);
      }
    }
    return this.kustomizeFacts;
  }

  /** Every object of a kind with this namespace and name; more than one is a duplicate. */
  objectsNamed(groupKind: string, namespace: string, name: string): ObjectEntry[] {
    return this.objectsByName().get(groupKind)?.get(`${namespace}/${name}`) ?? [];
  }

  /** One list of every file, in file order. */
  private flat<L extends typeof gatheredLists[number]>(list: L): FileIndex[L] {
    const all: unknown[] = [];
    for (const [uri, file] of this.files) if (!this.isPatch(uri)) for (const entry of file[list]) all.push(entry);
    return all as FileIndex[L];
  }

  private gatheredAgents(): GatheredAgents {
    this.refresh();
    if (!this.gathered.agents) {
      const agents = this.flat('agents');
      const firstByKey = (entries: AgentEntry[]) => {
        const byKey = new Map<string, AgentEntry>();
        for (const agent of entries) if (!byKey.has(agent.key)) byKey.set(agent.key, agent);
        return byKey;
      };
      const sidecars = agents.filter((a) => a.mode === 'Sidecar');
      this.gathered.agents = { agents, byKey: firstByKey(agents), sidecars, sidecarsByKey: firstByKey(sidecars) };
    }
    return this.gathered.agents;
  }

  private gatheredPods(): GatheredPods {
    this.refresh();
    if (!this.gathered.pods) {
      const pods = this.flat('pods');
      // A kustomize patch asking for an agent makes the pods it patches ask for it.
      const requests = [...this.files.values()].flatMap((file) => file.pods).flatMap(({ request }) => (request ? [request] : []));
      const requested = {
        named: new Set(requests.flatMap(({ agentSelector }) => (agentSelector ? [agentKey(agentSelector)] : []))),
        unnamed: requests.some(({ agentSelector }) => !agentSelector),
      };
      this.gathered.pods = { pods, requested };
    }
    return this.gathered.pods;
  }

  private objectsByName(): Map<string, Map<string, ObjectEntry[]>> {
    this.refresh();
    if (!this.objects) {
      this.objects = new Map();
      for (const [uri, file] of this.files) {
        if (!this.isPatch(uri)) for (const object of file.objects) this.byName(object.groupKind).set(objectKey(object), [...this.named(object), object]);
      }
    }
    return this.objects;
  }

  private byName(groupKind: string): Map<string, ObjectEntry[]> {
    let byName = this.objects!.get(groupKind);
    if (!byName) this.objects!.set(groupKind, (byName = new Map()));
    return byName;
  }

  private named(object: ObjectEntry): ObjectEntry[] {
    return this.objects!.get(object.groupKind)?.get(objectKey(object)) ?? [];
  }

  /**
   * A file's objects changed (`splice` of its list): the names of the objects that went and came are gathered again,
   * the file's own objects put where the file comes. Unchanged documents keep their entries, so an edit touches a name
   * or two.
   */
  private objectsChanged(uri: string, before: readonly ObjectEntry[], after: readonly ObjectEntry[], { at, removed, added }: Splice): void {
    const gone = before.slice(at, at + removed);
    const come = after.slice(at, at + added);
    for (const object of [...gone, ...come]) this.objectsOfKind.delete(object.groupKind);
    if (!this.objects || this.isPatch(uri)) return;
    const order = this.fileOrder.get(uri) ?? Infinity;
    const done = new Set<string>();
    for (const object of [...gone, ...come]) {
      const key = objectKey(object);
      if (done.has(`${object.groupKind} ${key}`)) continue;
      done.add(`${object.groupKind} ${key}`);
      const same = (entry: ObjectEntry) => entry.groupKind === object.groupKind && entry.name === object.name && entry.namespace === object.namespace;
      const named = this.named(object);
      const others = named.filter((entry) => entry.uri !== uri);
      // The file's own objects of this name: those that came, unless others of the file kept it (a duplicate), in file order.
      const own = named.some((entry) => entry.uri === uri && !gone.includes(entry)) ? after.filter(same) : come.filter(same);
      const place = others.findIndex((entry) => (this.fileOrder.get(entry.uri) ?? Infinity) > order);
      const entries = place === -1 ? [...others, ...own] : [...others.slice(0, place), ...own, ...others.slice(place)];
      if (entries.length) this.byName(object.groupKind).set(key, entries);
      else this.objects.get(object.groupKind)?.delete(key);
    }
  }

  /**
   * An edit that rewrote agents without changing their names or modes (a scrape interval typed) swaps the new entries
   * into the gathered agents and their lookups, instead of their being gathered again from every file. Whether it did.
   */
  private agentsSwapped(before: readonly AgentEntry[], after: readonly AgentEntry[], { at, removed, added }: Splice): boolean {
    const gathered = this.gathered.agents;
    if (!gathered || removed !== added) return false;
    const swaps = [];
    for (let i = at; i < at + added; i++) {
      const [gone, come] = [before[i], after[i]];
      const place = gathered.agents.indexOf(gone);
      if (gone.key !== come.key || gone.mode !== come.mode || place === -1) return false;
      swaps.push({ gone, come, place, sidecarPlace: gathered.sidecars.indexOf(gone) });
    }
    let { agents, sidecars } = gathered;
    for (const { gone, come, place, sidecarPlace } of swaps) {
      agents = agents.with(place, come);
      if (gathered.byKey.get(gone.key) === gone) gathered.byKey.set(come.key, come);
      if (sidecarPlace === -1) continue;
      sidecars = sidecars.with(sidecarPlace, come);
      if (gathered.sidecarsByKey.get(gone.key) === gone) gathered.sidecarsByKey.set(come.key, come);
    }
    this.gathered.agents = { ...gathered, agents, sidecars };
    return true;
  }

  private refresh(): void {
    let kustomizationChanged = false;
    let filesChanged = false;
    for (const [uri, file] of this.pending) {
      if (!file !== !this.files.has(uri)) filesChanged = true;
      const before = this.files.get(uri);
      const { index: after, change } = file ? reindexed(file, before) : { index: undefined, change: undefined };
      // What a GitOps controller applies is built as a kustomization is; what it substitutes may change anything.
      if (kustomizationsDiffer(before?.kustomize, after?.kustomize) || appliersDiffer(before, after)) kustomizationChanged = true;
      if (holdsVariables(before) !== holdsVariables(after) && this.kustomizeFacts?.substituted.has(uri)) {
        // What other documents read of this one may now be anything: no entry of it says so.
        kustomizationChanged = true;
        this.version++;
      }
      if (holdsLists(before) !== holdsLists(after)) this.listsHeld = undefined;
      if (after) {
        if (!this.files.has(uri)) this.fileOrder.set(uri, this.nextFileOrder++);
        this.files.set(uri, after);
      } else {
        this.files.delete(uri);
        this.fileOrder.delete(uri);
      }
      // An edit's change says whether the entries of its documents read otherwise; the file's own facts are compared.
      if (fileFactsDiffer(before, after) || (change ? change.readChanged : readDiffers(entriesIn(before, uri), entriesIn(after, uri)))) this.version++;
      for (const list of gatheredLists) {
        const splice = change?.splices[list];
        if (list === 'agents' && splice && this.agentsSwapped(before!.agents, after!.agents, splice)) continue;
        if (change ? splice : !sameEntries<unknown>(before?.[list], after?.[list])) this.gathered[list] = undefined;
      }
      const [objectsBefore, objectsAfter] = [before?.objects ?? [], after?.objects ?? []];
      const objects = change ? change.splices.objects : sameEntries(objectsBefore, objectsAfter) ? undefined : spliceBetween(objectsBefore, objectsAfter);
      if (objects) this.objectsChanged(uri, objectsBefore, objectsAfter, objects);
      // A patch file's objects are what kustomizations patch (see patchedObjects).
      if (objects && this.kustomizeFacts?.patches.has(uri)) kustomizationChanged = true;
    }
    this.pending.clear();
    if (filesChanged) {
      // A file come or gone may be in a folder a GitOps controller applies.
      if ([...this.files.values()].some((file) => file.appliers.length > 0)) kustomizationChanged = true;
      const root = commonFolder(this.files.keys());
      // Which folders are environments is read below it: what meets what may change with it.
      if (root !== this.root) this.version++;
      this.root = root;
    }
    if (kustomizationChanged) {
      // What a patch file holds is in no list: every list is gathered again.
      this.kustomizeFacts = undefined;
      this.kustomizeVersion++;
      this.gathered = {};
      this.objects = undefined;
      this.objectsOfKind.clear();
    }
  }
}

/** The deepest folder holding every one of these file URIs, ending in `/`; empty for none. */
function commonFolder(uris: Iterable<string>): string {
  let common: string | undefined;
  for (const uri of uris) {
    const folder = uri.slice(0, uri.lastIndexOf('/') + 1);
    if (common === undefined) common = folder;
    else while (!folder.startsWith(common)) common = common.slice(0, common.lastIndexOf('/', common.length - 2) + 1);
  }
  return common ?? '';
}

const objectKey = (object: ObjectEntry) => `${object.namespace}/${object.name}`;

function sameEntries<T>(before: readonly T[] = [], after: readonly T[] = []): boolean {
  return before === after || before.length === after.length && before.every((entry, i) => entry === after[i]);
}

const parsedSelectors = new WeakMap<AgentEntry, Map<string, ParsedSelector | undefined>>();

/**
 * A label selector of an agent's spec (`serviceMonitorSelector`, `podMonitorNamespaceSelector`, …), parsed once per
 * agent: its requirements, or why it is none; undefined when the spec leaves it out (null counts as left out).
 */
export function agentSelector(entry: AgentEntry, field: string): ParsedSelector | undefined {
  let selectors = parsedSelectors.get(entry);
  if (!selectors) parsedSelectors.set(entry, (selectors = new Map()));
  if (!selectors.has(field)) {
    const raw = Object.hasOwn(entry.spec, field) ? entry.spec[field] : undefined;
    selectors.set(field, raw === undefined || raw === null ? undefined : parseSelector(raw));
  }
  return selectors.get(field);
}

export const agentKey = (agent: { namespace: string; name: string }) => `${agent.namespace}/${agent.name}`;

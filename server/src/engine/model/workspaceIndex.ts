import { isMap } from 'yaml';
import { servedKind, type ClassifiedDocument } from '../classify';
import { findPair, keyText } from '../yaml/documents';
import { asRecord } from '../util/record';
import type { SourceFile } from '../sourceFile';
import { parseSelector, type ParsedSelector } from './labelSelector';
import { operatorRelease } from './operator';
import { releaseCluesOf, workspaceCrdOf, type ReleaseClue, type WorkspaceCrd } from './operatorRelease';
import { podTemplateOf, type PodTemplate } from './podTemplate';
import { sidecarRequest, type SidecarRequest } from './sidecarRequest';
import { prometheusWorkloadsOf, type PrometheusWorkload } from './workloads';

/** A PrometheusAgent, or a Prometheus, somewhere in the workspace: the typed view rules and the renderer share. */
export interface AgentEntry {
  uri: string;
  document: ClassifiedDocument;
  namespace: string;
  name: string;
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
  /** What rules of other documents read from these entries, as text: equal digests, equal findings. */
  digest: string;
}

type FileIndex = DocumentEntries;

const emptyEntries = (): DocumentEntries => ({ agents: [], servers: [], pods: [], workloads: [], objects: [], releaseClues: [], crds: [], digest: '' });

/** Per file, built once per text from per-document entries: an edit re-indexes the edited document only. */
const indexes = new WeakMap<SourceFile, FileIndex>();
const documentEntries = new WeakMap<ClassifiedDocument, DocumentEntries>();

/** `group/kind` (`/ConfigMap` for core kinds): objects of one group and kind share names. */
export const groupKindOf = ({ apiVersion = '', kind = '' }: { apiVersion?: string; kind?: string }) =>
  `${apiVersion.includes('/') ? apiVersion.slice(0, apiVersion.indexOf('/')) : ''}/${kind}`;

function entriesOf(document: ClassifiedDocument, uri: string): DocumentEntries {
  let entries = documentEntries.get(document);
  if (entries) return entries;
  entries = emptyEntries();
  if (!document.embedding && document.kind && document.apiVersion && document.name) {
    const groupKind = groupKindOf(document);
    const keys = document.role === 'config-map' ? dataKeys(document, ['data', 'binaryData'])
      : document.role === 'secret' ? dataKeys(document, ['data', 'stringData']) : undefined;
    entries.objects.push({ uri, document, groupKind, kind: document.kind, namespace: document.namespace ?? 'default', name: document.name, keys });
    entries.digest += JSON.stringify(['object', groupKind, document.namespace, document.name, keys]);
    // What wiring reads of other objects: a Service's labels, selector and ports; a Namespace's or a monitor's labels.
    // Read at their paths: building a whole document's data costs far more, and most documents are not built.
    const at = (...path: string[]) => document.yaml.dataAt(path) ?? null;
    if (groupKind === '/Service') entries.digest += JSON.stringify([at('metadata', 'labels'), at('spec', 'selector'), at('spec', 'ports')]);
    else if (groupKind === '/Namespace' || document.role === 'monitoring') entries.digest += JSON.stringify(at('metadata', 'labels'));
  }
  const kind = servedKind(document);
  if (kind === 'PrometheusAgent' || kind === 'Prometheus') {
    const spec = asRecord(asRecord(document.yaml.value)?.spec) ?? {};
    const entry: AgentEntry = {
      uri, document, namespace: document.namespace ?? 'default', name: document.name ?? '',
      mode: typeof spec.mode === 'string' ? spec.mode : operatorRelease.defaultAgentMode,
      version: typeof spec.version === 'string' ? spec.version : '',
      spec,
    };
    (kind === 'PrometheusAgent' ? entries.agents : entries.servers).push(entry);
    // Other documents read much of an agent's spec: its mode, version, selectors, scrape settings, remote_write.
    entries.digest += JSON.stringify([kind, document.namespace, entry.name, spec]);
  }
  const template = podTemplateOf(document);
  if (template) {
    const request = sidecarRequest(template);
    entries.pods.push({ uri, template, request });
    entries.digest += JSON.stringify(['pod', template.namespace, request?.agentSelector ?? null, template.labels, template.containers.map((c) => c.ports)]);
    for (const workload of prometheusWorkloadsOf(document)) {
      entries.workloads.push(workload);
      entries.digest += JSON.stringify(['prometheus', workload.title, workload.container.name, workload.mode, workload.version, workload.config]);
    }
  }
  if (!document.embedding) {
    const crd = workspaceCrdOf(document, uri);
    if (crd) {
      entries.crds.push(crd);
      entries.digest += JSON.stringify(['crd', crd.key]);
    }
    for (const clue of releaseCluesOf(document, uri)) {
      entries.releaseClues.push(clue);
      entries.digest += JSON.stringify(['release', clue.version, clue.source, clue.what]);
    }
  }
  documentEntries.set(document, entries);
  return entries;
}

/** The PrometheusAgent a document defines, as the index holds it (built once per document). */
export function agentOf(document: ClassifiedDocument, uri: string): AgentEntry | undefined {
  return entriesOf(document, uri).agents[0];
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

const kustomizationFile = /^(kustomization\.ya?ml|Kustomization)$/;

export function indexOf(file: SourceFile): FileIndex {
  let index = indexes.get(file);
  if (!index) {
    index = emptyEntries();
    for (const document of file.documents) {
      const entries = entriesOf(document, file.uri);
      index.agents.push(...entries.agents);
      index.servers.push(...entries.servers);
      index.pods.push(...entries.pods);
      index.workloads.push(...entries.workloads);
      index.objects.push(...entries.objects);
      index.releaseClues.push(...entries.releaseClues);
      index.crds.push(...entries.crds);
      index.digest += entries.digest;
    }
    // A kustomization decides what its folder applies (it may hold patches naming the objects they patch).
    if (kustomizationFile.test(decodeURIComponent(file.uri.slice(file.uri.lastIndexOf('/') + 1)))) index.digest += JSON.stringify(['kustomization', file.uri]);
    indexes.set(file, index);
  }
  return index;
}

interface Gathered {
  releaseClues: ReleaseClue[];
  crds: WorkspaceCrd[];
  agents: AgentEntry[];
  servers: AgentEntry[];
  pods: PodEntry[];
  workloads: PrometheusWorkload[];
  byKey: Map<string, AgentEntry>;
  sidecars: AgentEntry[];
  sidecarsByKey: Map<string, AgentEntry>;
  /** What the pods asking for an agent ask: the agents they name, and whether one names none. */
  requested: { named: Set<string>; unnamed: boolean };
}

/**
 * The index of a whole workspace, kept up to date file by file: the workspace reports each changed file, and the next
 * query re-indexes just those (and, in them, just the documents whose text changed). Other files are not visited.
 */
export class WorkspaceIndex {
  private readonly files = new Map<string, FileIndex>();
  private readonly pending = new Map<string, SourceFile | undefined>();
  /** Grows when what other documents' rules read changes; unlike the workspace's revision, not on every edit. */
  private version = 0;
  private gathered?: Gathered;
  /** Every object by `group/kind` then `namespace/name`, in file order: gathered apart, as every edit moves it. */
  private objects?: Map<string, Map<string, ObjectEntry[]>>;

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
    return this.entries().agents;
  }

  /** The Prometheus resources (servers) of the workspace. */
  servers(): AgentEntry[] {
    return this.entries().servers;
  }

  pods(): PodEntry[] {
    return this.entries().pods;
  }

  /** Every container of the workspace that runs Prometheus. */
  workloads(): PrometheusWorkload[] {
    return this.entries().workloads;
  }

  /** The first agent with this namespace/name. */
  agentNamed(key: string): AgentEntry | undefined {
    return this.entries().byKey.get(key);
  }

  sidecarAgents(): AgentEntry[] {
    return this.entries().sidecars;
  }

  /**
   * The Sidecar agent that injects a pod asking with `request`: the one its agent-selector names, else the only
   * Sidecar agent of the workspace. Rules, render, preview and navigation all ask here.
   */
  sidecarAgentFor(request: SidecarRequest): AgentEntry | undefined {
    const { sidecars, sidecarsByKey } = this.entries();
    return request.agentSelector ? sidecarsByKey.get(agentKey(request.agentSelector)) : sidecars.length === 1 ? sidecars[0] : undefined;
  }

  requestedAgents(): { named: Set<string>; unnamed: boolean } {
    return this.entries().requested;
  }

  /** What names the prometheus-operator release, in file order. */
  releaseClues(): ReleaseClue[] {
    return this.entries().releaseClues;
  }

  /** The workspace's monitoring.coreos.com CRDs, in file order. */
  crds(): WorkspaceCrd[] {
    return this.entries().crds;
  }

  /** The objects of a kind (`group/kind`, `/ConfigMap` for core), in file order. */
  objectsOf(groupKind: string): ObjectEntry[] {
    return [...(this.objectsByName().get(groupKind)?.values() ?? [])].flat();
  }

  /** Whether a folder (`file:///repo/base/`) holds a kustomization file. */
  kustomized(folder: string): boolean {
    this.refresh();
    return [...this.files.keys()].some((uri) => uri.startsWith(folder) && !uri.slice(folder.length).includes('/')
      && kustomizationFile.test(decodeURIComponent(uri.slice(folder.length))));
  }

  /** Every object of a kind with this namespace and name; more than one is a duplicate. */
  objectsNamed(groupKind: string, namespace: string, name: string): ObjectEntry[] {
    return this.objectsByName().get(groupKind)?.get(`${namespace}/${name}`) ?? [];
  }

  private objectsByName(): Map<string, Map<string, ObjectEntry[]>> {
    this.refresh();
    if (!this.objects) {
      this.objects = new Map();
      for (const file of this.files.values()) {
        for (const object of file.objects) {
          let byName = this.objects.get(object.groupKind);
          if (!byName) this.objects.set(object.groupKind, (byName = new Map()));
          const key = `${object.namespace}/${object.name}`;
          byName.set(key, [...(byName.get(key) ?? []), object]);
        }
      }
    }
    return this.objects;
  }

  private entries(): Gathered {
    this.refresh();
    if (!this.gathered) {
      const files = [...this.files.values()];
      const agents = files.flatMap((f) => f.agents);
      const firstByKey = (entries: AgentEntry[]) => {
        const byKey = new Map<string, AgentEntry>();
        for (const agent of entries) if (!byKey.has(agentKey(agent))) byKey.set(agentKey(agent), agent);
        return byKey;
      };
      const sidecars = agents.filter((a) => a.mode === 'Sidecar');
      const pods = files.flatMap((f) => f.pods);
      const requests = pods.flatMap(({ request }) => (request ? [request] : []));
      const requested = {
        named: new Set(requests.flatMap(({ agentSelector }) => (agentSelector ? [agentKey(agentSelector)] : []))),
        unnamed: requests.some(({ agentSelector }) => !agentSelector),
      };
      this.gathered = {
        releaseClues: files.flatMap((f) => f.releaseClues), crds: files.flatMap((f) => f.crds),
        agents, servers: files.flatMap((f) => f.servers), pods, workloads: files.flatMap((f) => f.workloads),
        byKey: firstByKey(agents), sidecars, sidecarsByKey: firstByKey(sidecars), requested,
      };
    }
    return this.gathered;
  }

  private refresh(): void {
    for (const [uri, file] of this.pending) {
      const before = this.files.get(uri);
      const after = file && indexOf(file);
      if (after) this.files.set(uri, after);
      else this.files.delete(uri);
      if ((before?.digest ?? '') !== (after?.digest ?? '')) this.version++;
      const lists = ['agents', 'servers', 'pods', 'workloads', 'releaseClues', 'crds'] as const;
      if (lists.some((list) => !sameEntries<unknown>(before?.[list], after?.[list]))) this.gathered = undefined;
      if (!sameEntries(before?.objects, after?.objects)) this.objects = undefined;
    }
    this.pending.clear();
  }
}

function sameEntries<T>(before: readonly T[] = [], after: readonly T[] = []): boolean {
  return before.length === after.length && before.every((entry, i) => entry === after[i]);
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

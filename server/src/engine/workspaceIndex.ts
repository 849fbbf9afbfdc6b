import type { ClassifiedDocument } from './classify';
import { servedKind } from './rules/crd/validate';
import { sidecarRequest, type SidecarRequest } from './sidecar/annotations';
import { podTemplateOf, type PodTemplate } from './sidecar/podTemplate';
import type { SourceFile, Workspace } from './workspace';

/** A PrometheusAgent somewhere in the workspace. */
export interface AgentEntry {
  uri: string;
  document: ClassifiedDocument;
  namespace: string;
  name: string;
  /** StatefulSet when unset, as the operator reads it. */
  mode: string;
  spec: Record<string, unknown>;
}

/** A Pod or pod template somewhere in the workspace, with what its annotations ask of an injected agent. */
export interface PodEntry {
  uri: string;
  template: PodTemplate;
  request?: SidecarRequest;
}

interface FileIndex {
  agents: AgentEntry[];
  pods: PodEntry[];
  /** What rules of other documents read from these entries, as text: equal digests, equal findings. */
  digest: string;
}

/** Per file, built once per text from per-document entries: an edit re-indexes the edited document only. */
const indexes = new WeakMap<SourceFile, FileIndex>();
const documentEntries = new WeakMap<ClassifiedDocument, { agents: AgentEntry[]; pods: PodEntry[]; digest: string }>();

function entriesOf(document: ClassifiedDocument, uri: string) {
  let entries = documentEntries.get(document);
  if (!entries) {
    entries = { agents: [], pods: [], digest: '' };
    if (servedKind(document) === 'PrometheusAgent') {
      const raw = (document.yaml.value as { spec?: unknown } | null)?.spec;
      const spec = raw !== null && typeof raw === 'object' && !Array.isArray(raw) ? (raw as Record<string, unknown>) : {};
      const agent = { uri, document, namespace: document.namespace ?? 'default', name: document.name ?? '', mode: typeof spec.mode === 'string' ? spec.mode : 'StatefulSet', spec };
      entries.agents.push(agent);
      entries.digest += JSON.stringify(['agent', document.namespace, agent.name, agent.mode, spec.scrapeTimeout, spec.version, spec.additionalScrapeConfigs]);
    }
    const template = podTemplateOf(document);
    if (template) {
      const request = sidecarRequest(template);
      entries.pods.push({ uri, template, request });
      if (request) entries.digest += JSON.stringify(['pod', template.namespace, request.agentSelector ?? null]);
    }
    documentEntries.set(document, entries);
  }
  return entries;
}

export function indexOf(file: SourceFile): FileIndex {
  let index = indexes.get(file);
  if (!index) {
    index = { agents: [], pods: [], digest: '' };
    for (const document of file.documents) {
      const entries = entriesOf(document, file.uri);
      index.agents.push(...entries.agents);
      index.pods.push(...entries.pods);
      index.digest += entries.digest;
    }
    indexes.set(file, index);
  }
  return index;
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
  private gathered?: {
    agents: AgentEntry[];
    pods: PodEntry[];
    byKey: Map<string, AgentEntry>;
    sidecars: AgentEntry[];
    sidecarsByKey: Map<string, AgentEntry>;
    /** What the pods asking for an agent ask: the agents they name, and whether one names none. */
    requested: { named: Set<string>; unnamed: boolean };
  };

  /** Records a file's new analysis (undefined: deleted); indexing waits for the next query. */
  changed(uri: string, file: SourceFile | undefined): void {
    this.pending.set(uri, file);
  }

  /** Changes whenever the entries other documents depend on change (see FileIndex.digest). */
  digest(): string {
    this.refresh();
    return String(this.version);
  }

  agents(): AgentEntry[] {
    return this.entries().agents;
  }

  pods(): PodEntry[] {
    return this.entries().pods;
  }

  /** The first agent with this namespace/name. */
  agentNamed(key: string): AgentEntry | undefined {
    return this.entries().byKey.get(key);
  }

  sidecarAgents(): AgentEntry[] {
    return this.entries().sidecars;
  }

  /** The first agent in Sidecar mode with this namespace/name. */
  sidecarNamed(key: string): AgentEntry | undefined {
    return this.entries().sidecarsByKey.get(key);
  }

  requestedAgents(): { named: Set<string>; unnamed: boolean } {
    return this.entries().requested;
  }

  private entries() {
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
      this.gathered = { agents, pods, byKey: firstByKey(agents), sidecars, sidecarsByKey: firstByKey(sidecars), requested };
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
      if (!sameEntries(before?.agents, after?.agents) || !sameEntries(before?.pods, after?.pods)) this.gathered = undefined;
    }
    this.pending.clear();
  }
}

function sameEntries<T>(before: readonly T[] = [], after: readonly T[] = []): boolean {
  return before.length === after.length && before.every((entry, i) => entry === after[i]);
}

/** What rules that read other documents depend on: equal digests, equal findings. */
export function indexDigest(workspace: Workspace): string {
  return workspace.index.digest();
}

export function allAgents(workspace: Workspace): AgentEntry[] {
  return workspace.index.agents();
}

export function allPods(workspace: Workspace): PodEntry[] {
  return workspace.index.pods();
}

export function agentNamed(workspace: Workspace, key: string): AgentEntry | undefined {
  return workspace.index.agentNamed(key);
}

/** The agents the workspace's pods ask to be injected by, by name; `unnamed` when some pod names none. */
export function requestedAgents(workspace: Workspace): { named: Set<string>; unnamed: boolean } {
  return workspace.index.requestedAgents();
}

/** The agents in Sidecar mode: the ones that inject pods. */
export function sidecarAgents(workspace: Workspace): AgentEntry[] {
  return workspace.index.sidecarAgents();
}

export function sidecarAgentNamed(workspace: Workspace, key: string): AgentEntry | undefined {
  return workspace.index.sidecarNamed(key);
}

export const agentKey = (agent: { namespace: string; name: string }) => `${agent.namespace}/${agent.name}`;

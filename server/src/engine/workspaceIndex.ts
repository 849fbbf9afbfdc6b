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

const digests = new WeakMap<Workspace, { revision: number; digest: string }>();

/** A short fingerprint of every file's index, recomputed only when some file changed. */
export function indexDigest(workspace: Workspace): string {
  const cached = digests.get(workspace);
  if (cached?.revision === workspace.revision) return cached.digest;
  let hash = 0x811c9dc5;
  for (const file of workspace.all()) {
    const text = `${file.uri}\n${indexOf(file).digest}\n`;
    for (let i = 0; i < text.length; i++) hash = Math.imul(hash ^ text.charCodeAt(i), 0x01000193) >>> 0;
  }
  const digest = hash.toString(36);
  digests.set(workspace, { revision: workspace.revision, digest });
  return digest;
}

const everything = new WeakMap<Workspace, { revision: number; agents: AgentEntry[]; pods: PodEntry[] }>();

/** The entries of every file, gathered once per workspace revision (rules of every document ask for them). */
function gathered(workspace: Workspace) {
  let all = everything.get(workspace);
  if (all?.revision !== workspace.revision) {
    const files = [...workspace.all()].map(indexOf);
    all = { revision: workspace.revision, agents: files.flatMap((f) => f.agents), pods: files.flatMap((f) => f.pods) };
    everything.set(workspace, all);
  }
  return all;
}

export function allAgents(workspace: Workspace): AgentEntry[] {
  return gathered(workspace).agents;
}

export function allPods(workspace: Workspace): PodEntry[] {
  return gathered(workspace).pods;
}

export const agentKey = (agent: { namespace: string; name: string }) => `${agent.namespace}/${agent.name}`;

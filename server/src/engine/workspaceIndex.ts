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
}

/** Per file, built once per text: a change to one file re-indexes that file only. */
const indexes = new WeakMap<SourceFile, FileIndex>();

export function indexOf(file: SourceFile): FileIndex {
  let index = indexes.get(file);
  if (!index) {
    index = { agents: [], pods: [] };
    for (const document of file.documents) {
      if (servedKind(document) === 'PrometheusAgent') {
        const raw = (document.yaml.value as { spec?: unknown } | null)?.spec;
        const spec = raw !== null && typeof raw === 'object' && !Array.isArray(raw) ? (raw as Record<string, unknown>) : {};
        index.agents.push({
          uri: file.uri,
          document,
          namespace: document.namespace ?? 'default',
          name: document.name ?? '',
          mode: typeof spec.mode === 'string' ? spec.mode : 'StatefulSet',
          spec,
        });
      }
      const template = podTemplateOf(document);
      if (template) index.pods.push({ uri: file.uri, template, request: sidecarRequest(template) });
    }
    indexes.set(file, index);
  }
  return index;
}

export function allAgents(workspace: Workspace): AgentEntry[] {
  return [...workspace.all()].flatMap((file) => indexOf(file).agents);
}

export function allPods(workspace: Workspace): PodEntry[] {
  return [...workspace.all()].flatMap((file) => indexOf(file).pods);
}

export const agentKey = (agent: { namespace: string; name: string }) => `${agent.namespace}/${agent.name}`;

import { injects } from '../model/sidecarInjection';
import { agentKey, indexOf, type AgentEntry, type PodEntry } from '../model/workspaceIndex';
import { sidecarAnnotations } from '../model/sidecarRequest';
import type { SourceFile } from '../sourceFile';
import type { Workspace } from '../workspace';
import { documentAt } from './documentAt';
import { annotationKeySpan, annotationValueSpan, selectorAt, type Place } from './places';

/** The pods that ask for `agent`: by selector, or with none when it is the one Sidecar agent that serves them. */
export function podsSelecting(agent: AgentEntry, workspace: Workspace): PodEntry[] {
  // A selector names its agent whatever its mode (the rule says when that agent injects nothing); without one, the pod
  // refers to the agent that would serve it.
  return workspace.index.pods().filter((pod) => pod.request && (pod.request.agentSelector
    ? agentKey(pod.request.agentSelector) === agentKey(agent)
    : injects(workspace, agent, pod)));
}

/** References of the agent under the cursor (in its own document, or named by a selector): the pods asking for it. */
export function referencesAt(file: SourceFile, offset: number, workspace: Workspace): Place[] {
  const document = documentAt(file, offset);
  const agent = indexOf(file).agents.find((a) => a.document === document) ?? selectorAt(file, offset, workspace)?.agent;
  if (!agent) return [];
  return podsSelecting(agent, workspace).map(({ uri, template }) => ({
    uri,
    span: annotationValueSpan(template, sidecarAnnotations.agentSelector) ?? annotationKeySpan(template, sidecarAnnotations.scrape)!,
  }));
}

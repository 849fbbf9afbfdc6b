import type { Workspace } from '../workspace';
import { mayShareCluster } from './environments';
import type { AgentEntry, PodEntry } from './workspaceIndex';

/**
 * The Sidecar agent that injects a pod: the one its agent-selector names, or the only one, among the agents of its
 * cluster (see environments); of those that may also meet `agent` when given (the cluster `agent` is rendered for).
 */
export function injectingAgent(workspace: Workspace, pod: PodEntry, agent?: AgentEntry): AgentEntry | undefined {
  if (!pod.request || (agent && !mayShareCluster(workspace, pod.uri, agent.uri))) return undefined;
  return workspace.index.sidecarAgentFor(pod.request, (candidate) => mayShareCluster(workspace, candidate.uri, pod.uri)
    && (!agent || mayShareCluster(workspace, candidate.uri, agent.uri)));
}

/** Whether `agent` injects the pod in its cluster: it, or a copy of it there (see injectingAgent), is the one. */
export function injects(workspace: Workspace, agent: AgentEntry, pod: PodEntry): boolean {
  return injectingAgent(workspace, pod, agent)?.key === agent.key;
}

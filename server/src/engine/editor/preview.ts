import { printConfigs, printRendering, renderAgent } from '../render';
import type { CheckOptions } from '../types';
import type { SourceFile, Workspace } from '../workspace';
import { agentKey, agentNamed, indexOf, sidecarAgents, type AgentEntry } from '../workspaceIndex';
import { documentAt } from './documentAt';

export interface Preview {
  text: string;
}

/** The agent a preview at `line` shows: the PrometheusAgent there, or the agent an annotated pod template there asks for. */
function agentAt(file: SourceFile, line: number, workspace: Workspace): AgentEntry | undefined {
  const index = indexOf(file);
  const document = documentAt(file, file.lines.lineStart(line));
  const own = index.agents.find((a) => a.document === document);
  if (own) return own;
  const request = index.pods.find((p) => p.template.document === document)?.request;
  if (!request) return index.agents[0];
  const sidecars = sidecarAgents(workspace);
  return request.agentSelector ? agentNamed(workspace, agentKey(request.agentSelector)) : sidecars.length === 1 ? sidecars[0] : undefined;
}

/**
 * What the operator would create for the agent at `line` (its objects as a YAML stream), followed by each generated
 * prometheus.yml decoded from its Secret: the text of the read-only preview beside the editor.
 */
export function previewAt(file: SourceFile, line: number, workspace: Workspace, options: CheckOptions): Preview {
  const agent = agentAt(file, line, workspace);
  if (!agent) {
    return { text: '# promagent: nothing to render here. Put the cursor in a PrometheusAgent, or in a workload whose annotations ask for a Sidecar agent.\n' };
  }
  const rendered = renderAgent(agent, workspace, options);
  // What a user looks for first comes first: the workload (StatefulSets, the DaemonSet, or each injected workload),
  // then the Service, then the Secrets, whose generated configuration follows decoded.
  const rank = (kind: string) => (kind === 'Secret' ? 2 : kind === 'Service' ? 1 : 0);
  const rendering = { ...rendered, objects: [...rendered.objects].sort((a, b) => rank(a.kind) - rank(b.kind)) };
  const configs = rendering.configs.length ? `---\n# The generated configuration, decoded from its Secret:\n${printConfigs(rendering)}` : '';
  return { text: printRendering(rendering) + configs };
}

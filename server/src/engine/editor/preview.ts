import { printConfigs, printRendering, renderAgent } from '../render';
import type { CheckOptions } from '../types';
import type { SourceFile, Workspace } from '../workspace';
import { indexOf, type AgentEntry } from '../model/workspaceIndex';
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
  return request ? workspace.index.sidecarAgentFor(request) : index.agents[0];
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
  const rendering = renderAgent(agent, workspace, options);
  const configs = rendering.configs.length ? `---\n# The generated configuration, decoded from its Secret:\n${printConfigs(rendering)}` : '';
  return { text: printRendering(rendering) + configs };
}

import { agentKey } from '../model/workspaceIndex';
import type { SourceFile } from '../sourceFile';
import type { Workspace } from '../workspace';
import type { Span } from '../yaml/documents';
import { selectorAt } from './places';

/** Markdown about the agent a selector names: its mode and where its samples go. */
export function selectorHover(file: SourceFile, offset: number, workspace: Workspace): { span: Span; markdown: string } | undefined {
  const selector = selectorAt(file, offset, workspace);
  if (!selector) return undefined;
  if (!selector.agent) return { span: selector.span, markdown: `No PrometheusAgent \`${selector.key}\` in the workspace.` };
  const { agent } = selector;
  const urls = (Array.isArray(agent.spec.remoteWrite) ? agent.spec.remoteWrite : [])
    .map((rw) => (rw !== null && typeof rw === 'object' ? (rw as { url?: unknown }).url : undefined))
    .filter((url): url is string => typeof url === 'string');
  const lines = [
    `**PrometheusAgent** \`${agentKey(agent)}\``,
    `Mode: ${agent.mode}${agent.mode === 'Sidecar' ? '' : ' (not Sidecar: it injects no agent)'}`,
    urls.length ? `remote_write:\n${urls.map((u) => `- ${u}`).join('\n')}` : 'remote_write: none',
  ];
  return { span: selector.span, markdown: lines.join('\n\n') };
}

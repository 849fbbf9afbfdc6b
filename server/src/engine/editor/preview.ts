import { injectingAgent } from '../model/sidecarInjection';
import type { ClassifiedDocument } from '../classify';
import { printConfigs, printRendering, renderAgent } from '../render';
import type { CheckOptions } from '../types';
import type { SourceFile, Workspace } from '../workspace';
import { indexOf, type AgentEntry } from '../model/workspaceIndex';
import { mounts } from '../model/runners';
import type { PrometheusWorkload } from '../model/workloads';
import { documentAt } from './documentAt';
import { runnerLines, workloadLines, workloadsAt } from './whoRuns';
import { decodedUri } from '../util/uriText';

export interface Preview {
  text: string;
}

const comment = (lines: string[]) => lines.map((line) => `# ${line}`.trimEnd()).join('\n') + '\n';

/** The agent a preview at `document` shows: the PrometheusAgent there, or the agent an annotated pod template there asks for. */
function agentAt(file: SourceFile, document: ClassifiedDocument | undefined, workspace: Workspace): AgentEntry | null | undefined {
  const index = indexOf(file);
  const own = index.agents.find((a) => a.document === document);
  if (own) return own;
  const pod = index.pods.find((p) => p.template.document === document);
  // A pod asking for an agent that none serves previews nothing (null): the rule says why.
  return pod?.request ? injectingAgent(workspace, pod) ?? null : undefined;
}

/** The configurations a Prometheus workload runs, each under who runs it and where it comes from. */
function workloadPreview(workloads: PrometheusWorkload[], workspace: Workspace, options: CheckOptions): string {
  return workloads.map((workload) => {
    const header = comment(['promagent: what this Prometheus runs', ...workloadLines(workload)]);
    const verdicts = configDocuments(workspace).map((config) => ({ ...config, mounted: config.document.embedding && mounts(workload, config.document.embedding, config.uri, workspace) }));
    const config = verdicts.find(({ mounted }) => mounted === 'yes');
    if (!config) {
      const several = verdicts.some(({ mounted }) => mounted === 'maybe');
      return `${header}# The workspace holds ${several ? 'several such configurations, which the namespaces written do not tell apart' : 'no such configuration'}.\n`;
    }
    return header + configPreview(config.document, config.uri, workspace, options);
  }).join('---\n');
}

function configDocuments(workspace: Workspace): { document: ClassifiedDocument; uri: string }[] {
  return [...workspace.all()].flatMap((file) => file.documents.filter((d) => d.role === 'prometheus-config').map((document) => ({ document, uri: file.uri })));
}

/** A configuration as its file holds it (decoded from base64 for a Secret's data), under who runs it. */
function configPreview(document: ClassifiedDocument, uri: string, workspace: Workspace, options: CheckOptions): string {
  const holder = document.embedding?.holder;
  const where = holder ? `${holder.kind} ${holder.namespace ?? 'default'}/${holder.name ?? ''}, key ${holder.key}` : decodedUri(uri);
  const text = document.embedding?.text ?? document.source.text.slice(document.yaml.span.start, document.yaml.span.end);
  return comment([`The Prometheus configuration in ${where}:`, ...runnerLines(document, uri, workspace, options)]) + (text.endsWith('\n') ? text : `${text}\n`);
}

function agentPreview(agent: AgentEntry, workspace: Workspace, options: CheckOptions): Preview {
  const rendered = renderAgent(agent, workspace, options);
  // What a user looks for first comes first: the workload (StatefulSets, the DaemonSet, or each injected workload),
  // then the Service, then the Secrets, whose generated configuration follows decoded.
  const rank = (kind: string) => (kind === 'Secret' ? 2 : kind === 'Service' ? 1 : 0);
  const rendering = { ...rendered, objects: [...rendered.objects].sort((a, b) => rank(a.kind) - rank(b.kind)) };
  const configs = rendering.configs.length ? `---\n# The generated configuration, decoded from its Secret:\n${printConfigs(rendering)}` : '';
  return { text: printRendering(rendering) + configs };
}

/**
 * What the preview beside the editor shows for `line`: for a PrometheusAgent (or a pod asking for a Sidecar agent),
 * what the operator would create, then each generated prometheus.yml decoded from its Secret; for a container running
 * Prometheus, or a configuration, who runs which configuration, and the configuration.
 */
export function previewAt(file: SourceFile, line: number, workspace: Workspace, options: CheckOptions): Preview {
  const offset = file.lines.lineStart(line);
  const document = documentAt(file, offset);
  const agent = agentAt(file, document, workspace);
  if (agent) return agentPreview(agent, workspace, options);
  const workloads = workloadsAt(file, offset, workspace);
  if (agent === undefined && workloads.length) return { text: workloadPreview(workloads, workspace, options) };
  const configs = file.documents.filter((d) => d.role === 'prometheus-config' && (d.embedding ? documentAt(file, d.source.offset + d.embedding.keySpan.start) === document : d === document));
  if (agent === undefined && configs.length) return { text: configs.map((config) => configPreview(config, file.uri, workspace, options)).join('---\n') };
  const first = agent === undefined ? indexOf(file).agents[0] : undefined;
  if (first) return agentPreview(first, workspace, options);
  return { text: '# promagent: nothing to render here. Put the cursor in a PrometheusAgent, in a workload whose annotations ask for a Sidecar agent, in a container running Prometheus, or in a Prometheus configuration.\n' };
}

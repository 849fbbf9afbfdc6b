import { servedKind } from '../classify';
import { monitorRefusal } from '../model/monitorChecks';
import { withOperatorTarget } from '../model/operatorRelease';
import type { CheckOptions } from '../types';
import { jobNames, monitorKinds, readsKind, selectedMonitors, selectorFields, type Selecting } from '../model/wiring';
import type { SourceFile } from '../sourceFile';
import type { Workspace } from '../workspace';
import type { Node } from 'yaml';
import { keySpan, nodeSpan, walkPath, type Span } from '../yaml/documents';
import { documentAt } from './documentAt';

/**
 * Hover on an agent's (or a Prometheus') monitor selector: the monitors of the workspace it selects, the job each
 * becomes, and those the operator would reject.
 */
export function monitorSelectorHover(file: SourceFile, offset: number, workspace: Workspace, options: CheckOptions): { span: Span; markdown: string } | undefined {
  const document = documentAt(file, offset);
  const ownerKind = document && servedKind(document);
  if (!document || (ownerKind !== 'PrometheusAgent' && ownerKind !== 'Prometheus')) return undefined;
  const entry = (ownerKind === 'PrometheusAgent' ? workspace.index.agents() : workspace.index.servers()).find((candidate) => candidate.document === document);
  if (!entry) return undefined;
  const release = withOperatorTarget(options, workspace, file.uri).operator!.version;
  const selecting: Selecting = { entry, kind: ownerKind };
  for (const kind of monitorKinds) {
    const steps = walkPath(document.yaml.ast.contents, ['spec', selectorFields[kind].selector]);
    const pair = steps.length === 2 ? steps[1].pair : undefined;
    const start = pair && keySpan(pair)?.start;
    const end = nodeSpan(pair?.value as Node | null)?.end;
    if (start === undefined || end === undefined) continue;
    const span = { start: document.source.offset + start, end: document.source.offset + end };
    if (offset < span.start || offset > span.end) continue;
    if (!readsKind(selecting, kind)) {
      return { span, markdown: `**${kind}s**: a PrometheusAgent in ${entry.mode} mode reads none (the operator skips them).` };
    }
    const monitors = selectedMonitors(workspace, selecting, kind);
    const lines = monitors.map((monitor) => {
      const refusal = monitorRefusal(selecting, kind, monitor, release);
      const jobs = jobNames(kind, monitor).map((job) => `\`${job}\``).join(', ');
      return refusal ? `- \`${monitor.namespace}/${monitor.name}\`: rejected by the operator (${refusal.message})` : `- \`${monitor.namespace}/${monitor.name}\` → ${jobs || 'no endpoint, no job'}`;
    });
    const title = `**${kind}s selected**: ${monitors.length} of the workspace`;
    return { span, markdown: [title, ...lines].join('\n') };
  }
  return undefined;
}

import type { ClassifiedDocument } from '../classify';
import type { SourceFile } from '../workspace';
import { indexOf } from '../model/workspaceIndex';

export interface PreviewTarget {
  /** 0-based line where a CodeLens goes: the document's first line of content. */
  line: number;
  title: string;
}

/** The documents a preview exists for: every PrometheusAgent, every pod template asking for an agent or running Prometheus. */
export function previewTargets(file: SourceFile): PreviewTarget[] {
  const index = indexOf(file);
  const lineOf = (document: ClassifiedDocument) =>
    file.lines.position(document.source.offset + (document.yaml.ast.contents?.range?.[0] ?? document.yaml.span.start)).line;
  return [
    ...index.agents.map((agent) => ({ line: lineOf(agent.document), title: 'Preview rendered manifests' })),
    ...index.pods.filter((pod) => pod.request).map((pod) => ({ line: lineOf(pod.template.document), title: 'Preview injected agent' })),
    ...[...new Set(index.workloads.map((workload) => workload.template.document))].map((document) => ({ line: lineOf(document), title: 'Preview what this Prometheus runs' })),
  ].sort((a, b) => a.line - b.line);
}

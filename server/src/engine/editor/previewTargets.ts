import type { ClassifiedDocument } from '../classify';
import type { SourceFile } from '../workspace';
import { indexOf } from '../model/workspaceIndex';

export interface PreviewTarget {
  /** 0-based line where a CodeLens goes: the document's first line of content. */
  line: number;
  title: string;
}

/** The documents a rendered preview exists for: every PrometheusAgent, and every pod template asking for an agent. */
export function previewTargets(file: SourceFile): PreviewTarget[] {
  const index = indexOf(file);
  const lineOf = (document: ClassifiedDocument) =>
    file.lines.position(document.source.offset + (document.yaml.ast.contents?.range?.[0] ?? document.yaml.span.start)).line;
  return [
    ...index.agents.map((agent) => ({ line: lineOf(agent.document), title: 'Preview rendered manifests' })),
    ...index.pods.filter((pod) => pod.request).map((pod) => ({ line: lineOf(pod.template.document), title: 'Preview injected agent' })),
  ].sort((a, b) => a.line - b.line);
}

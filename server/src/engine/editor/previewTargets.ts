import type { ClassifiedDocument } from '../classify';
import type { SourceFile, Workspace } from '../workspace';
import { indexOf } from '../model/workspaceIndex';
import { jobNames, monitorKindOf, selectingTitle, selectorsOf, type MonitorKind } from '../model/wiring';

export interface PreviewTarget {
  /** 0-based line where a CodeLens goes: the document's first line of content. */
  line: number;
  title: string;
  /**
   * What a click previews: a line of this file, or of another (a monitor's lens opens its agent's rendering, at the
   * monitor's first job); none for a monitor no agent scrapes.
   */
  preview?: { uri: string; line: number; job?: string };
}

const lineOf = (document: ClassifiedDocument) =>
  document.source.line + document.source.lines.position(document.yaml.ast.contents?.range?.[0] ?? document.yaml.span.start).line;

/**
 * The CodeLenses of a file: a preview for every PrometheusAgent, every pod template asking for an agent or running
 * Prometheus; on every monitor, which agents scrape it (a click opens the first one's rendering, where its job is).
 */
export function previewTargets(file: SourceFile, workspace: Workspace): PreviewTarget[] {
  const index = indexOf(file);
  const monitors = index.objects.flatMap((object) => {
    const kind: MonitorKind | undefined = monitorKindOf(object.document);
    if (!kind) return [];
    const { selecting } = selectorsOf(workspace, kind, object);
    const first = selecting[0]?.entry;
    return [{
      line: lineOf(object.document),
      title: selecting.length ? `Scraped by ${selecting.map(selectingTitle).join(', ')}` : 'Scraped by no agent of the workspace',
      preview: first && { uri: first.uri, line: lineOf(first.document), job: jobNames(kind, object)[0] },
    }];
  });
  const here = (document: ClassifiedDocument, title: string): PreviewTarget => ({ line: lineOf(document), title, preview: { uri: file.uri, line: lineOf(document) } });
  return [
    ...index.agents.map((agent) => here(agent.document, 'Preview rendered manifests')),
    ...index.pods.filter((pod) => pod.request).map((pod) => here(pod.template.document, 'Preview injected agent')),
    ...[...new Set(index.workloads.map((workload) => workload.template.document))].map((document) => here(document, 'Preview what this Prometheus runs')),
    ...monitors,
  ].sort((a, b) => a.line - b.line);
}

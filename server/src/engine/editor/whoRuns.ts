import type { ClassifiedDocument } from '../classify';
import { configKeys, describeRunner, runnersOf, type Runner } from '../model/runners';
import { indexOf } from '../model/workspaceIndex';
import { asBuilt, type PrometheusWorkload } from '../model/workloads';
import type { CheckOptions } from '../types';
import type { SourceFile, Workspace } from '../workspace';
import type { Span } from '../yaml/documents';
import { documentAt } from './documentAt';

/** Where a configuration starts in its file: its key for one held in a ConfigMap or Secret, else its first line. */
function firstLineSpan(file: SourceFile, document: ClassifiedDocument): Span {
  const embedding = document.embedding;
  const start = document.source.offset + (embedding ? embedding.keySpan.start : document.yaml.span.start);
  const end = document.source.offset + (embedding ? embedding.keySpan.end : document.source.lines.lineEnd(document.yaml.span.start));
  return { start, end: Math.max(start, Math.min(end, file.lines.lineEnd(start))) };
}

/** `- run by …: Prometheus v3.5.0, agent mode (said by its argument --agent)` */
function runnerLine(runner: Runner): string {
  return `- ${describeRunner(runner)}${runner.mode ? ` (said by ${runner.modeFrom})` : ''}`;
}

/** What the model knows of who runs a configuration: the lines a hover and a preview header show. */
export function runnerLines(document: ClassifiedDocument, uri: string, workspace: Workspace, options: CheckOptions): string[] {
  const runners = runnersOf(document, uri, workspace, options);
  if (!runners) return ['Not a configuration anyone loads: no PrometheusAgent or Prometheus names this scrape-config list.'];
  const assumed = runners.flatMap((runner) => (runner.assumption ? [runner.assumption] : []));
  return [...runners.map(runnerLine), ...[...new Set(assumed)].map((line) => `${line[0].toUpperCase()}${line.slice(1)}.`)];
}

const title = (document: ClassifiedDocument) => {
  const holder = document.embedding?.holder;
  return holder ? `**Prometheus configuration** in ${holder.kind} \`${holder.namespace ?? 'default'}/${holder.name ?? ''}\`, key \`${holder.key}\`` : '**Prometheus configuration**';
};

/** Hover on a configuration's first line (or the key holding it): who runs it, as its checks assume. */
export function whoRunsHover(file: SourceFile, offset: number, workspace: Workspace, options: CheckOptions): { span: Span; markdown: string } | undefined {
  for (const document of file.documents) {
    if (document.role !== 'prometheus-config') continue;
    const span = firstLineSpan(file, document);
    if (offset < span.start || offset > span.end) continue;
    return { span, markdown: [title(document), ...runnerLines(document, file.uri, workspace, options)].join('\n\n') };
  }
  return undefined;
}

/** How a preview header names what a container runs and where its configuration comes from. */
export function workloadLines(workload: PrometheusWorkload): string[] {
  const version = 'version' in workload.version ? workload.version.version : `an unknown release (${workload.version.unknown})`;
  const mode = workload.mode ? `${workload.mode} mode` : `agent or server mode (${workload.modeUnknown})`;
  const source = workload.config;
  return [
    `${workload.title}, container ${JSON.stringify(workload.container.name)}: Prometheus ${version}, ${mode}`,
    `--config.file ${workload.configFile}: ${'unresolved' in source ? source.unresolved
      : configKeys(workload).map(({ kind, name, key }) => `${kind} ${source.namespace}/${name}, key ${key}`).join(', or ')}`,
  ];
}

/** The Prometheus containers of the document at `offset`, if it runs any, as what builds them runs them (see asBuilt). */
export function workloadsAt(file: SourceFile, offset: number, workspace: Workspace): PrometheusWorkload[] {
  const document = documentAt(file, offset);
  if (!document) return [];
  const imagesSet = workspace.index.imagesSetIn(file.uri);
  return indexOf(file).workloads.filter((workload) => workload.template.document === document).map((workload) => asBuilt(workload, imagesSet));
}

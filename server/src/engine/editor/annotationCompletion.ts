import { podTemplateOf, type PodTemplate } from '../model/podTemplate';
import { agentKey } from '../model/workspaceIndex';
import { sidecarAnnotations, sidecarPrefix } from '../model/sidecarRequest';
import type { SourceFile } from '../sourceFile';
import type { Workspace } from '../workspace';
import { walkPath, type Span } from '../yaml/documents';
import { documentAt } from './documentAt';
import { fileSpan } from './places';

export interface AnnotationCompletion {
  label: string;
  insertText: string;
  detail: string;
  /** The text typed so far that the completion replaces. */
  replace: Span;
}

const annotationDocs: Record<string, string> = {
  [sidecarAnnotations.scrape]: 'Ask for an injected agent: "true" or "false"',
  [sidecarAnnotations.path]: 'The metrics path to scrape (default /metrics)',
  [sidecarAnnotations.port]: 'The port number, or the name of a container port, to scrape',
  [sidecarAnnotations.scrapeInterval]: "How often to scrape (default: the agent's scrapeInterval)",
  [sidecarAnnotations.agentSelector]: '<namespace>/<name> of the PrometheusAgent in Sidecar mode',
};

/**
 * Completion inside the annotations of a Pod or pod template: the sidecar keys not yet present, and after
 * `agent-selector:` the workspace's Sidecar agents. Read from the line's text, so a half-typed key still completes.
 */
export function annotationCompletions(file: SourceFile, offset: number, workspace: Workspace): AnnotationCompletion[] {
  const document = documentAt(file, offset);
  const template = document ? podTemplateOf(document) : undefined;
  if (!template || !insideAnnotations(file, template, offset)) return [];
  const lineStart = file.lines.lineStart(file.lines.position(offset).line);
  const before = file.content.slice(lineStart, offset);
  const selectorValue = /^\s*prometheus\.operator\.io\/agent-selector:\s*["']?([\w./-]*)$/.exec(before);
  if (selectorValue) {
    const replace = { start: offset - selectorValue[1].length, end: offset };
    return workspace.index.sidecarAgents().map((a) => ({
      label: agentKey(a), insertText: agentKey(a), detail: 'PrometheusAgent in Sidecar mode', replace,
    }));
  }
  const typedKey = /^\s*([\w./-]*)$/.exec(before);
  if (!typedKey) return [];
  const replace = { start: offset - typedKey[1].length, end: offset };
  return Object.values(sidecarAnnotations)
    .filter((key) => !(key in template.annotations) && key.startsWith(typedKey[1].slice(0, sidecarPrefix.length)))
    .map((key) => ({ label: key, insertText: `${key}: "$1"`, detail: annotationDocs[key], replace }));
}

/** Whether `offset` is on a line of the template's `metadata.annotations` block (below its key, indented deeper). */
function insideAnnotations(file: SourceFile, template: PodTemplate, offset: number): boolean {
  const steps = walkPath(template.document.yaml.ast.contents, [...template.path, 'metadata', 'annotations']);
  const key = steps.length === template.path.length + 2 ? fileSpan(template.document, steps[steps.length - 1].pair?.key) : undefined;
  if (!key) return false;
  const keyLine = file.lines.position(key.start).line;
  const keyIndent = key.start - file.lines.lineStart(keyLine);
  const cursorLine = file.lines.position(offset).line;
  if (cursorLine <= keyLine) return false;
  for (let line = keyLine + 1; line <= cursorLine; line++) {
    const start = file.lines.lineStart(line);
    const text = line === cursorLine ? file.content.slice(start, offset) : file.content.slice(start, file.lines.lineEnd(start));
    if (text.trim() === '' && line !== cursorLine) continue;
    if (text.length - text.trimStart().length <= keyIndent && !(line === cursorLine && text.trim() === '' && text.length > keyIndent)) return false;
  }
  return true;
}

import { isScalar } from 'yaml';
import type { ClassifiedDocument } from './classify';
import { documentAt, fileSpanOf } from './editor/documentAt';
import { sidecarAnnotations, sidecarPrefix } from './sidecar/annotations';
import { podTemplateOf, type PodTemplate } from './model/podTemplate';
import { walkPath, type Span } from './yaml/documents';
import { agentKey, agentNamed, allPods, indexOf, sidecarAgents, type AgentEntry, type PodEntry } from './model/workspaceIndex';
import type { SourceFile, Workspace } from './workspace';

/** A place in some file of the workspace. */
export interface Place {
  uri: string;
  span: Span;
}

/** A node's span in its file (node ranges count from the start of the document's source). */
function fileSpan(document: ClassifiedDocument, node: unknown): Span | undefined {
  return isScalar(node) && node.range ? { start: document.source.offset + node.range[0], end: document.source.offset + node.range[1] } : undefined;
}

function annotationValueSpan(template: PodTemplate, key: string): Span | undefined {
  const steps = walkPath(template.document.yaml.ast.contents, [...template.path, 'metadata', 'annotations', key]);
  return steps.length === template.path.length + 3 ? fileSpan(template.document, steps[steps.length - 1].node) : undefined;
}

function annotationKeySpan(template: PodTemplate, key: string): Span | undefined {
  const steps = walkPath(template.document.yaml.ast.contents, [...template.path, 'metadata', 'annotations', key]);
  return steps.length === template.path.length + 3 ? fileSpan(template.document, steps[steps.length - 1].pair?.key) : undefined;
}

const within = (span: Span | undefined, offset: number) => span !== undefined && offset >= span.start && offset <= span.end;

/** The agent-selector annotation under the cursor, and the agent it names (when the workspace has it). */
export function selectorAt(file: SourceFile, offset: number, workspace: Workspace): { span: Span; key: string; agent?: AgentEntry } | undefined {
  const document = documentAt(file, offset);
  const template = document ? podTemplateOf(document) : undefined;
  if (!template) return undefined;
  const span = annotationValueSpan(template, sidecarAnnotations.agentSelector);
  const key = template.annotations[sidecarAnnotations.agentSelector];
  if (!within(span, offset) || typeof key !== 'string') return undefined;
  return { span: span!, key, agent: agentNamed(workspace, key) };
}

/** Where an agent is defined: its metadata.name value (or the start of its document). */
export function agentPlace(agent: AgentEntry): Place {
  const steps = walkPath(agent.document.yaml.ast.contents, ['metadata', 'name']);
  const start = fileSpanOf(agent.document).start;
  return { uri: agent.uri, span: (steps.length === 2 ? fileSpan(agent.document, steps[1].node) : undefined) ?? { start, end: start } };
}

export function definitionAt(file: SourceFile, offset: number, workspace: Workspace): Place | undefined {
  const selector = selectorAt(file, offset, workspace);
  return selector?.agent ? agentPlace(selector.agent) : undefined;
}

/** The pods that ask for `agent`: by selector, or with none when it is the one Sidecar agent that serves them. */
export function podsSelecting(agent: AgentEntry, workspace: Workspace): PodEntry[] {
  // A selector names its agent whatever its mode (the rule says when that agent injects nothing); without one, the pod
  // refers to the agent that would serve it.
  return allPods(workspace).filter(({ request }) => request && (request.agentSelector
    ? agentKey(request.agentSelector) === agentKey(agent)
    : workspace.index.sidecarAgentFor(request) === agent));
}

/** References of the agent under the cursor (in its own document, or named by a selector): the pods asking for it. */
export function referencesAt(file: SourceFile, offset: number, workspace: Workspace): Place[] {
  const document = documentAt(file, offset);
  const agent = indexOf(file).agents.find((a) => a.document === document) ?? selectorAt(file, offset, workspace)?.agent;
  if (!agent) return [];
  return podsSelecting(agent, workspace).map(({ uri, template }) => ({
    uri,
    span: annotationValueSpan(template, sidecarAnnotations.agentSelector) ?? annotationKeySpan(template, sidecarAnnotations.scrape)!,
  }));
}

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
  const before = file.text.slice(lineStart, offset);
  const selectorValue = /^\s*prometheus\.operator\.io\/agent-selector:\s*["']?([\w./-]*)$/.exec(before);
  if (selectorValue) {
    const replace = { start: offset - selectorValue[1].length, end: offset };
    return sidecarAgents(workspace).map((a) => ({
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
    const text = line === cursorLine ? file.text.slice(start, offset) : file.text.slice(start, file.lines.lineEnd(start));
    if (text.trim() === '' && line !== cursorLine) continue;
    if (text.length - text.trimStart().length <= keyIndent && !(line === cursorLine && text.trim() === '' && text.length > keyIndent)) return false;
  }
  return true;
}

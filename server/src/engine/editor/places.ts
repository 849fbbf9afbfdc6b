import { isScalar } from 'yaml';
import type { ClassifiedDocument } from '../classify';
import { podTemplateOf, type PodTemplate } from '../model/podTemplate';
import type { AgentEntry } from '../model/workspaceIndex';
import { sidecarAnnotations } from '../sidecar/annotations';
import type { SourceFile } from '../sourceFile';
import type { Workspace } from '../workspace';
import { walkPath, type Span } from '../yaml/documents';
import { documentAt, fileSpanOf } from './documentAt';

/** A place in some file of the workspace. */
export interface Place {
  uri: string;
  span: Span;
}

/** A node's span in its file (node ranges count from the start of the document's source). */
export function fileSpan(document: ClassifiedDocument, node: unknown): Span | undefined {
  return isScalar(node) && node.range ? { start: document.source.offset + node.range[0], end: document.source.offset + node.range[1] } : undefined;
}

export function annotationValueSpan(template: PodTemplate, key: string): Span | undefined {
  const steps = walkPath(template.document.yaml.ast.contents, [...template.path, 'metadata', 'annotations', key]);
  return steps.length === template.path.length + 3 ? fileSpan(template.document, steps[steps.length - 1].node) : undefined;
}

export function annotationKeySpan(template: PodTemplate, key: string): Span | undefined {
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
  return { span: span!, key, agent: workspace.index.agentNamed(key) };
}

/** Where an agent is defined: its metadata.name value (or the start of its document). */
export function agentPlace(agent: AgentEntry): Place {
  const steps = walkPath(agent.document.yaml.ast.contents, ['metadata', 'name']);
  const start = fileSpanOf(agent.document).start;
  return { uri: agent.uri, span: (steps.length === 2 ? fileSpan(agent.document, steps[1].node) : undefined) ?? { start, end: start } };
}

import { sidecarRequest, type SidecarRequest } from '../../sidecar/annotations';
import { podTemplateOf, type PodTemplate } from '../../model/podTemplate';
import type { Path } from '../../yaml/documents';
import { locate } from '../../yaml/locate';
import type { RuleContext } from '../rule';

export const hasPodTemplate = (document: Parameters<typeof podTemplateOf>[0]) => podTemplateOf(document) !== undefined;

export function templateOf(context: RuleContext): PodTemplate {
  return podTemplateOf(context.document)!;
}

export function annotationPath(template: PodTemplate, key: string): Path {
  return [...template.path, 'metadata', 'annotations', key];
}

export function annotationSpan(context: RuleContext, template: PodTemplate, key: string, anchor: 'key' | 'value') {
  return locate(context.document.yaml, context.lines, annotationPath(template, key), anchor);
}

/** What the pod template asks of an injected agent (undefined unless scrape is "true"), read once per document. */
export function requestOf(context: RuleContext): SidecarRequest | undefined {
  return context.memo('sidecar-request', () => sidecarRequest(templateOf(context)));
}

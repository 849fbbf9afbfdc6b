import { isCollection } from 'yaml';
import type { Node } from 'yaml';
import type { LineIndex } from './lineIndex';
import { keySpan, nodeSpan, walkPath, type Path, type Span, type YamlDocument } from './documents';

/** What a finding points at for a field: its key, its value, or the key of the object that should hold it. */
export type Anchor = 'key' | 'value' | 'parent';

/**
 * The span a finding about `path` should underline. Where the path cannot be followed to the end (a merge key, an
 * alias), the deepest node reached stands in. Multi-line nodes are cut to their first line, so a squiggle never covers
 * a whole block.
 */
export function locate(document: YamlDocument, lines: LineIndex, path: Path, anchor: Anchor): Span {
  const target = anchor === 'parent' ? path.slice(0, -1) : path;
  const steps = walkPath(document.ast.contents, target);
  const reached = steps.length === target.length;
  const last = steps[steps.length - 1];
  if (!last) return firstLine(lines, nodeSpan(document.ast.contents) ?? document.span);
  if (anchor === 'value' && reached && last.node && !isCollection(last.node)) {
    return nodeSpan(last.node) ?? firstLine(lines, document.span);
  }
  if (last.pair) {
    const span = keySpan(last.pair);
    if (span) return span;
  }
  return firstLine(lines, nodeSpan(last.node as Node | null) ?? document.span);
}

export function firstLine(lines: LineIndex, span: Span): Span {
  return { start: span.start, end: Math.max(span.start, Math.min(span.end, lines.lineEnd(span.start))) };
}

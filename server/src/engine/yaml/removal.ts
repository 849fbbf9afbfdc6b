import { isMap, isSeq } from 'yaml';
import type { Node, Pair, YAMLMap, YAMLSeq } from 'yaml';
import type { EditDraft } from '../report';
import type { LineIndex } from './lineIndex';

/**
 * Edits that delete one entry of a mapping or one item of a sequence, block or flow style, and nothing else: comments
 * above and below stay, a trailing comment on the entry's own lines goes with it. A collection left empty becomes
 * `{}` or `[]`, so `spec:` never turns into a null. Returns undefined where no clean edit exists (an entry sharing its
 * line with a `- ` of its parent list, say).
 */
export function removeEntry(text: string, lines: LineIndex, parent: YAMLMap | YAMLSeq, item: Pair | Node): EditDraft | undefined {
  const span = entrySpan(item);
  if (!span) return undefined;
  if (parent.flow) return removeFlowEntry(text, parent, span);
  const lineStart = lines.lineStart(lines.position(span.start).line);
  const prefix = text.slice(lineStart, span.start);
  // A block sequence item starts at its `- ` indicator, which the item's own range leaves out.
  const indicator = isSeq(parent) ? /^(\s*)-\s+$/.exec(prefix) : /^(\s*)$/.exec(prefix);
  if (!indicator) return undefined;
  // A block collection's range runs to the start of the next line: its last line is that of its last character.
  let valueEnd = span.end;
  while (valueEnd > span.start && /\s/.test(text[valueEnd - 1])) valueEnd--;
  if (parent.items.length === 1) {
    const start = isMap(parent) ? span.start : lineStart + indicator[1].length;
    return { start, end: valueEnd, newText: isMap(parent) ? '{}' : '[]' };
  }
  const lastLine = lastLineOfBlock(text, lines, lines.position(valueEnd).line, indicator[1].length);
  const end = lastLine + 1 < lines.lineCount ? lines.lineStart(lastLine + 1) : text.length;
  // The text's last line, with no line break after it (a `|-` block scalar's configuration, a file without a final
  // newline): the break before it goes instead, so the text still ends without one.
  const lastUnbroken = end === text.length && lineStart > 0 && !/[\r\n]$/.test(text);
  const breakBefore = !lastUnbroken ? 0 : text.slice(lineStart - 2, lineStart) === '\r\n' ? 2 : 1;
  return { start: lineStart - breakBefore, end, newText: '' };
}

function entrySpan(item: Pair | Node): { start: number; end: number } | undefined {
  if ('key' in item) {
    const key = item.key as Node | null;
    const value = item.value as Node | null;
    const start = key?.range?.[0];
    const end = value?.range?.[1] ?? key?.range?.[1];
    return start === undefined || end === undefined ? undefined : { start, end };
  }
  return item.range ? { start: item.range[0], end: item.range[1] } : undefined;
}

/** The last line of an entry: its value's lines, and any deeper-indented (comment) lines right after them. */
function lastLineOfBlock(text: string, lines: LineIndex, valueEndLine: number, indent: number): number {
  let last = valueEndLine;
  for (let line = valueEndLine + 1; line < lines.lineCount; line++) {
    const start = lines.lineStart(line);
    const content = text.slice(start, lines.lineEnd(start));
    if (content.trim() === '') continue;
    const contentIndent = content.length - content.trimStart().length;
    if (contentIndent <= indent) break;
    last = line;
  }
  return last;
}

function removeFlowEntry(text: string, parent: YAMLMap | YAMLSeq, span: { start: number; end: number }): EditDraft | undefined {
  if (parent.items.length === 1) return { start: span.start, end: span.end, newText: '' };
  const after = /^\s*,[ \t]*/.exec(text.slice(span.end));
  if (after) return { start: span.start, end: span.end + after[0].length, newText: '' };
  const before = /,\s*$/.exec(text.slice(0, span.start));
  return before ? { start: before.index, end: span.end, newText: '' } : undefined;
}

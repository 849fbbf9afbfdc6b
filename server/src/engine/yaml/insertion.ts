import type { Node, Pair, YAMLMap } from 'yaml';
import type { EditDraft } from '../rules/rule';
import type { LineIndex } from './lineIndex';

/**
 * An edit that appends `lines` (each `key: value`, already written) as new entries at the end of a block mapping,
 * at the indentation of its entries. Nested lines keep their own leading spaces relative to that indentation.
 * Returns undefined for a flow mapping with entries or an empty mapping with no place to indent from.
 */
export function appendEntries(text: string, lines: LineIndex, map: YAMLMap, entries: string[]): EditDraft | undefined {
  if (map.flow) {
    if (map.items.length > 0 || !map.range) return undefined;
    return { start: map.range[0], end: map.range[1], newText: `{${entries.map((e) => e.trim()).join(', ')}}` };
  }
  const first = map.items[0] as Pair | undefined;
  const last = map.items[map.items.length - 1] as Pair | undefined;
  const firstKey = first?.key as Node | null | undefined;
  if (!firstKey?.range || !last) return undefined;
  const indent = firstKey.range[0] - lines.lineStart(lines.position(firstKey.range[0]).line);
  const end = lastContentOffset(text, last);
  const at = lines.lineEnd(end);
  return { start: at, end: at, newText: entries.map((e) => `\n${' '.repeat(indent)}${e}`).join('') };
}

/** The offset of the last character of an entry (its value's, trailing whitespace left out). */
function lastContentOffset(text: string, pair: Pair): number {
  const value = pair.value as Node | null;
  const key = pair.key as Node | null;
  let end = value?.range?.[1] ?? key?.range?.[1] ?? 0;
  while (end > 0 && /\s/.test(text[end - 1])) end--;
  return Math.max(0, end - 1);
}

import { isMap, isPair, isScalar, isSeq, type Node, type Pair, type Scalar, type YAMLMap, type YAMLSeq } from 'yaml';
import type { EditDraft } from '../report';
import type { LineIndex } from './lineIndex';

/**
 * An edit that appends `entries` (each `key: value`, already written) at the end of a mapping. In a block mapping they
 * go on new lines at the indentation of its entries, with the line ending the file uses; nested lines keep their own
 * leading spaces relative to that indentation. In a flow mapping they follow its last entry. Returns undefined for an
 * empty block mapping (no indentation to follow) and for entries bound for a flow mapping that cannot go there as
 * written: a comment would swallow the closing bracket (and dropping it would lose it), a plain `,` `[` `]` `{` `}`
 * would split or nest the value.
 */
export function appendEntries(text: string, lines: LineIndex, map: YAMLMap, entries: WrittenEntry[]): EditDraft | undefined {
  const last = map.items[map.items.length - 1] as Pair | undefined;
  if (map.flow) {
    if (!map.range || entries.some((e) => !e.flowSafe)) return undefined;
    const flowText = entries.map((e) => e.entry).join(', ');
    if (!last) return { start: map.range[0], end: map.range[1], newText: `{${flowText}}` };
    const at = lastContentOffset(text, last) + 1;
    return { start: at, end: at, newText: `, ${flowText}` };
  }
  const firstKey = (map.items[0] as Pair | undefined)?.key as Node | null | undefined;
  if (!firstKey?.range || !last) return undefined;
  const indent = firstKey.range[0] - lines.lineStart(lines.position(firstKey.range[0]).line);
  const value = endingScalar(last.value as Node | null);
  if (value?.range && /^[|>][1-9]?\+/.test(text.slice(value.range[0], value.range[0] + 3))) {
    // A kept block scalar (`|+`) holds the blank lines after it: the entries go after them, each ending its line.
    const at = value.range[1];
    if (text[at - 1] !== '\n') return undefined;
    const newline = text[at - 2] === '\r' ? '\r\n' : '\n';
    return { start: at, end: at, newText: entries.map(({ entry }) => `${' '.repeat(indent)}${entry}${newline}`).join('') };
  }
  const at = lines.lineEnd(lastContentOffset(text, last));
  return { start: at, end: at, newText: entries.map(({ entry }) => `${lineBreakAt(text, at)}${' '.repeat(indent)}${entry}`).join('') };
}

/**
 * The scalar a block node's text ends with: itself, or its last entry's value followed down (a flow collection ends
 * with its bracket). A kept block scalar there may end the mapping with blank lines of its own.
 */
function endingScalar(node: Node | null): Scalar | undefined {
  let at: unknown = node;
  while ((isMap(at) || isSeq(at)) && !at.flow) {
    const item: unknown = at.items[at.items.length - 1];
    at = isPair(item) ? item.value : item;
  }
  return isScalar(at) ? at : undefined;
}

/** The line break at `at`, the end of a line: the one the line before uses when it ends the file without one. */
function lineBreakAt(text: string, at: number): string {
  const before = text.lastIndexOf('\n', at - 1);
  return text.startsWith('\r\n', at) || (at === text.length && before > 0 && text[before - 1] === '\r') ? '\r\n' : '\n';
}

/** An entry to append, as written (`key: value  # comment`), and whether it reads the same inside a flow mapping. */
export interface WrittenEntry {
  entry: string;
  flowSafe: boolean;
}

/** The offset of the last character of an entry (its value's, trailing whitespace left out). */
function lastContentOffset(text: string, pair: Pair): number {
  const value = pair.value as Node | null;
  const key = pair.key as Node | null;
  return lastCharacterBefore(text, value?.range?.[1] ?? key?.range?.[1] ?? 0);
}

/** The offset of the last character before `end` that is not whitespace. */
function lastCharacterBefore(text: string, end: number): number {
  while (end > 0 && /\s/.test(text[end - 1])) end--;
  return Math.max(0, end - 1);
}

/**
 * An edit that appends an item (already written) at the end of a sequence: in a block sequence on a new line at the
 * indentation of its items, with the line ending the file uses; in a flow sequence after its last item. Undefined for
 * an empty sequence, one that ends in a block scalar (`|`, `>`: the lines after it may be its own), and an item bound
 * for a flow sequence that does not read the same there (see WrittenEntry).
 */
export function appendItem(text: string, lines: LineIndex, seq: YAMLSeq, item: WrittenEntry): EditDraft | undefined {
  const last = seq.items[seq.items.length - 1] as Node | null | undefined;
  if (!seq.range || !last?.range) return undefined;
  const lastCharacter = lastCharacterBefore(text, last.range[1]);
  if (seq.flow) return item.flowSafe ? { start: lastCharacter + 1, end: lastCharacter + 1, newText: `, ${item.entry}` } : undefined;
  const ending = endingScalar(last);
  if (ending?.range && /^[|>]/.test(text[ending.range[0]])) return undefined;
  const indent = seq.range[0] - lines.lineStart(lines.position(seq.range[0]).line);
  const at = lines.lineEnd(lastCharacter);
  return { start: at, end: at, newText: `${lineBreakAt(text, at)}${' '.repeat(indent)}- ${item.entry}` };
}

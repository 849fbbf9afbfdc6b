import { createTwoFilesPatch, formatPatch } from 'diff';

/**
 * How far the line diff searches for the smallest patch: its time grows with the file's length times the changes, and
 * 20,000 labels quoted at once would take a minute. Past it, the patch is one hunk over the changed lines.
 */
const maxEditLength = 2000;

/** A unified diff of a file `fix --dry-run` would change, with three lines of context. */
export function unifiedDiff(path: string, before: string, after: string): string {
  return createTwoFilesPatch(path, path, before, after, '', '', { context: 3, maxEditLength }) ?? oneHunk(path, before, after);
}

/** The patch as one hunk: the lines both texts share at the start and the end are context, the rest is replaced. */
function oneHunk(path: string, before: string, after: string): string {
  const old = linesOf(before);
  const now = linesOf(after);
  let head = 0;
  while (head < old.length && head < now.length && old[head] === now[head]) head++;
  // A last line that gains or loses its line feed is a change, though its text is the same.
  let tail = before.endsWith('\n') === after.endsWith('\n') ? 0 : -1;
  if (tail === 0) while (tail < old.length - head && tail < now.length - head && old[old.length - 1 - tail] === now[now.length - 1 - tail]) tail++;
  tail = Math.max(0, tail);
  const start = Math.max(0, head - 3);
  const oldEnd = Math.min(old.length, old.length - tail + 3);
  const newEnd = Math.min(now.length, now.length - tail + 3);
  const lines = [
    ...prefixed(' ', old, start, head, before),
    ...prefixed('-', old, head, old.length - tail, before),
    ...prefixed('+', now, head, now.length - tail, after),
    ...prefixed(' ', old, old.length - tail, oldEnd, before),
  ];
  const hunk = { oldStart: start + 1, oldLines: oldEnd - start, newStart: start + 1, newLines: newEnd - start, lines };
  return formatPatch({ oldFileName: path, newFileName: path, oldHeader: '', newHeader: '', hunks: [hunk] });
}

/** A text's lines without their line feeds (a final line feed ends the last line, it starts none). */
function linesOf(text: string): string[] {
  const lines = text.split('\n');
  if (text.endsWith('\n')) lines.pop();
  return lines;
}

/** Lines [from, to) of a text as a hunk writes them, marked after the last line when it has no line feed. */
function prefixed(prefix: string, lines: string[], from: number, to: number, text: string): string[] {
  const out = lines.slice(from, to).map((line) => `${prefix}${line}`);
  if (to === lines.length && to > from && !text.endsWith('\n')) out.push('\\ No newline at end of file');
  return out;
}

/** How a list changed: [at, at + removed) of the old list became [at, at + added) of the new one. */
export interface Splice {
  at: number;
  removed: number;
  added: number;
}

/**
 * `list` with [at, at + removed) replaced by `inserted`, as one new array: an edit of a file of thousands of documents
 * copies its lists once, not in three parts. toSpliced takes the items as arguments; a long run goes by concat.
 */
export function spliced<T>(list: readonly T[], at: number, removed: number, inserted: readonly T[]): T[] {
  return inserted.length <= 1024 ? list.toSpliced(at, removed, ...inserted) : list.slice(0, at).concat(inserted, list.slice(at + removed));
}

/**
 * The part two lists do not share (the same items) at their start and end. `known`, a splice that holds between them
 * (what an edit replaced), is where the comparison starts: the items outside it are not visited.
 */
export function spliceBetween<T>(before: readonly T[], after: readonly T[], known?: Splice): Splice {
  let head = known?.at ?? 0;
  while (head < before.length && head < after.length && before[head] === after[head]) head++;
  let tail = known ? Math.min(before.length - known.at - known.removed, before.length - head, after.length - head) : 0;
  while (tail < before.length - head && tail < after.length - head && before[before.length - 1 - tail] === after[after.length - 1 - tail]) tail++;
  return { at: head, removed: before.length - head - tail, added: after.length - head - tail };
}

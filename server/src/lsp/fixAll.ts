import { diffLines } from 'diff';
import type { Position, TextEdit } from 'vscode-languageserver/node';

/**
 * The edits that turn `before` into `after`, one per run of changed lines: a fix-all rewrites only the lines its fixes
 * touched, so the editor keeps the cursor, folds and markers everywhere else. (`promagent fix` may take several
 * passes, each on the text the last one left, so its result is compared with the text rather than its fixes merged.)
 */
export function lineEdits(before: string, after: string, positionAt: (offset: number) => Position): TextEdit[] {
  const edits: TextEdit[] = [];
  let offset = 0;
  let pending: { start: number; end: number; newText: string } | undefined;
  const flush = () => {
    if (pending) edits.push({ range: { start: positionAt(pending.start), end: positionAt(pending.end) }, newText: pending.newText });
    pending = undefined;
  };
  for (const change of diffLines(before, after)) {
    if (!change.added && !change.removed) {
      flush();
      offset += change.value.length;
      continue;
    }
    pending ??= { start: offset, end: offset, newText: '' };
    if (change.added) {
      pending.newText += change.value;
    } else {
      offset += change.value.length;
      pending.end = offset;
    }
  }
  flush();
  return edits;
}

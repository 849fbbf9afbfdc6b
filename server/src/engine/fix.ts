import { checkFile } from './check';
import type { CheckOptions, Finding, TextEdit } from './types';
import type { Workspace } from './workspace';
import { LineIndex } from './yaml/lineIndex';

export interface FixResult {
  text: string;
  /** How many fixes were applied, over all passes. */
  applied: number;
  /** Findings left after fixing. */
  remaining: Finding[];
}

/** Passes are bounded: a fix that re-creates the finding it fixed must not loop forever. */
const maxPasses = 10;

/**
 * Applies each finding's preferred fix, like `eslint --fix`: fixes whose edits overlap an earlier one wait for the next
 * pass, which re-checks the new text. Only the edited spans change; every other byte stays.
 */
export function fixFile(uri: string, text: string, workspace: Workspace, options: CheckOptions): FixResult {
  let current = text;
  let applied = 0;
  for (let pass = 0; pass < maxPasses; pass++) {
    const file = workspace.set(uri, current);
    const edits = nonOverlappingEdits(checkFile(file, workspace, options), file.lines);
    if (edits.count === 0) break;
    current = applyEdits(current, edits.list);
    applied += edits.count;
  }
  const file = workspace.set(uri, current);
  return { text: current, applied, remaining: checkFile(file, workspace, options) };
}

interface OffsetEdit {
  start: number;
  end: number;
  newText: string;
}

function nonOverlappingEdits(findings: Finding[], lines: LineIndex): { list: OffsetEdit[]; count: number } {
  const taken: OffsetEdit[] = [];
  let count = 0;
  for (const finding of findings) {
    const fix = finding.fixes.find((f) => f.preferred);
    if (!fix) continue;
    const edits = fix.edits.map((e: TextEdit) => ({ start: lines.offset(e.range.start), end: lines.offset(e.range.end), newText: e.newText }));
    const clashes = edits.some((e) => taken.some((t) => e.start < t.end && t.start < e.end || (e.start === e.end && e.start === t.start)));
    if (clashes) continue;
    taken.push(...edits);
    count++;
  }
  return { list: taken, count };
}

function applyEdits(text: string, edits: readonly OffsetEdit[]): string {
  return [...edits].sort((a, b) => b.start - a.start).reduce((out, e) => out.slice(0, e.start) + e.newText + out.slice(e.end), text);
}

import { checkFile } from './check';
import type { CheckOptions, Finding, TextEdit } from './types';
import type { SourceFile, Workspace } from './workspace';
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
    const fixes = nonOverlappingFixes(checkFile(file, workspace, options), file.lines);
    if (fixes.length === 0) break;
    let next = applyEdits(current, fixes.flat());
    let count = fixes.length;
    // Each fix is sound alone, but two can clash in meaning (two keys renamed to the same name): when applying them
    // together breaks the YAML, the first goes alone and the next pass re-checks.
    if (yamlErrorCount(workspace.set(uri, next)) > yamlErrorCount(file)) {
      next = applyEdits(current, fixes[0]);
      count = 1;
    }
    current = next;
    applied += count;
  }
  const file = workspace.set(uri, current);
  return { text: current, applied, remaining: checkFile(file, workspace, options) };
}

interface OffsetEdit {
  start: number;
  end: number;
  newText: string;
}

function yamlErrorCount(file: SourceFile): number {
  return file.documents.reduce((count, document) => count + document.yaml.problems.filter((problem) => problem.isError).length, 0);
}

/** The preferred fixes of the findings, in order, leaving out each one whose edits overlap an earlier one's. */
function nonOverlappingFixes(findings: Finding[], lines: LineIndex): OffsetEdit[][] {
  const fixes: OffsetEdit[][] = [];
  for (const finding of findings) {
    const fix = finding.fixes.find((f) => f.preferred);
    if (!fix) continue;
    const edits = fix.edits.map((e: TextEdit) => ({ start: lines.offset(e.range.start), end: lines.offset(e.range.end), newText: e.newText }));
    const clashes = edits.some((e) => fixes.flat().some((t) => e.start < t.end && t.start < e.end || (e.start === e.end && e.start === t.start)));
    if (!clashes) fixes.push(edits);
  }
  return fixes;
}

function applyEdits(text: string, edits: readonly OffsetEdit[]): string {
  return [...edits].sort((a, b) => b.start - a.start).reduce((out, e) => out.slice(0, e.start) + e.newText + out.slice(e.end), text);
}

import { isScalar, visit } from 'yaml';
import { checkFile } from './check';
import type { ClassifiedDocument, FileReading } from './classify';
import type { CheckOptions, Finding, Fix } from './types';
import { analyzeFile, analyzePiece, type SourceFile, type Workspace } from './workspace';
import { aliasTargets, unknownAnchors } from './yaml/documents';
import type { Lines } from './fileLines';

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
    const findings = checkFile(file, workspace, options);
    let fixes = nonOverlappingFixes(findings, file.lines, () => true);
    // Nothing to fix (a file too large to read has no analysis to check fixes against).
    if (fixes.length === 0) return { text: current, applied, remaining: findings };
    const damage = yamlDamage(file.documents);
    // Checked together first, one parse for the pass; only when that breaks the YAML is each fix checked alone.
    if (!keepsSound(file, damage, fixes.flatMap((fix) => fix.edits))) {
      fixes = nonOverlappingFixes(findings, file.lines, (fix) => isSoundFix(file, fix));
      // Each fix is sound alone, but two can clash in meaning (two keys renamed to the same name): the first goes
      // alone then, and the next pass re-checks.
      // A fix checked alone is checked in its own document: what it breaks across a `---` shows in the whole file only.
      if (!keepsSound(file, damage, fixes.flatMap((fix) => fix.edits))) {
        const first = fixes.find(({ edits }) => keepsSound(file, damage, edits));
        fixes = first ? [first] : [];
      }
    }
    const next = applyEdits(current, fixes.flatMap((fix) => fix.edits));
    // A pass that fixes nothing leaves the text as it was checked.
    if (fixes.length === 0) return { text: current, applied, remaining: findings };
    current = next;
    applied += fixes.length;
  }
  const file = workspace.set(uri, current);
  return { text: current, applied, remaining: checkFile(file, workspace, options) };
}

interface OffsetEdit {
  start: number;
  end: number;
  newText: string;
}

/** The preferred fixes of the findings that `accept` lets through, in order, leaving out each one that overlaps an earlier one. */
function nonOverlappingFixes(findings: Finding[], lines: Lines, accept: (fix: Fix) => boolean): { fix: Fix; edits: OffsetEdit[] }[] {
  const fixes: { fix: Fix; edits: OffsetEdit[] }[] = [];
  // The edits taken so far, sorted by start: none clashes with another, so a new edit can only clash with its
  // neighbours there. 20,000 fixes in one pass are no longer compared pair by pair.
  const taken: OffsetEdit[] = [];
  const insertionPoint = (edit: OffsetEdit) => {
    let low = 0;
    let high = taken.length;
    while (low < high) {
      const mid = (low + high) >> 1;
      if (taken[mid].start < edit.start) low = mid + 1;
      else high = mid;
    }
    return low;
  };
  const clashesWithTaken = (edit: OffsetEdit) => {
    const at = insertionPoint(edit);
    return (at > 0 && clash(edit, taken[at - 1])) || (at < taken.length && clash(edit, taken[at]));
  };
  for (const finding of findings) {
    const fix = finding.fixes.find((f) => f.preferred);
    if (!fix) continue;
    const edits = offsetEdits(fix, lines);
    if (clashAmong(edits) || edits.some(clashesWithTaken) || !accept(fix)) continue;
    fixes.push({ fix, edits });
    for (const edit of edits) taken.splice(insertionPoint(edit), 0, edit);
  }
  return fixes;
}

/** Two edits that overlap, or insert at the same place: which goes first would be a guess. */
function clash(a: OffsetEdit, b: OffsetEdit): boolean {
  return (a.start < b.end && b.start < a.end) || (a.start === a.end && a.start === b.start) || (b.start === b.end && b.start === a.start);
}

/** Whether some of a fix's own edits clash: applied together, they would write one over another. */
const clashAmong = (edits: readonly OffsetEdit[]) => edits.some((e, i) => edits.slice(i + 1).some((other) => clash(e, other)));

function offsetEdits(fix: Fix, lines: Lines): OffsetEdit[] {
  return fix.edits.map((e) => ({ start: lines.offset(e.range.start), end: lines.offset(e.range.end), newText: e.newText }));
}

/** The text with edits that do not overlap applied, built in one pass over it. */
function applyEdits(text: string, edits: readonly OffsetEdit[]): string {
  const parts: string[] = [];
  let at = 0;
  for (const edit of [...edits].sort((a, b) => a.start - b.start)) {
    parts.push(text.slice(at, edit.start), edit.newText);
    at = edit.end;
  }
  parts.push(text.slice(at));
  return parts.join('');
}

/**
 * What is wrong with the YAML of some documents (configurations held in ConfigMaps included): each error by code,
 * message and the text of its line (so an error fixed in one place does not hide the same error made in another),
 * with how often it occurs. An alias without its anchor counts once per alias, and so does a key left without a value.
 */
function yamlDamage(documents: readonly ClassifiedDocument[]): Map<string, number> {
  const damage = new Map<string, number>();
  for (const { yaml, source, embedding } of documents) {
    const { text, lines } = embedding ?? source;
    const add = (what: string, at: number) => {
      const line = text.slice(lines.lineStart(lines.position(at).line), lines.lineEnd(at)).trim();
      const key = `${what} | ${line}`;
      damage.set(key, (damage.get(key) ?? 0) + 1);
    };
    for (const problem of yaml.problems) if (problem.isError) add(`${problem.code} ${problem.message}`, problem.span.start);
    // A value left empty reads as null: two removals that each leave `{}` alone can together empty a mapping.
    visit(yaml.ast, {
      Pair(_, pair) {
        const value = pair.value;
        if (isScalar(value) && value.range && value.range[0] === value.range[1] && isScalar(pair.key) && pair.key.range) add('empty value', pair.key.range[0]);
      },
    });
    const unknown = unknownAnchors(yaml);
    for (const alias of unknown) add(`alias ${alias.source}`, alias.span.start);
    if (unknown.length === 0 && yaml.valueError !== undefined) add(`value ${yaml.valueError}`, yaml.span.start);
  }
  return damage;
}

/** Whether `after` has no YAML error that `before` did not have as often. */
function addsNoDamage(before: Map<string, number>, after: Map<string, number>): boolean {
  for (const [error, count] of after) if (count > (before.get(error) ?? 0)) return false;
  return true;
}

/**
 * Whether the file's text with the edits applied has no YAML error beyond the file's `damage`, and its aliases name
 * what they named. Analysed apart from the workspace.
 */
function keepsSound(file: SourceFile, damage: Map<string, number>, edits: readonly OffsetEdit[]): boolean {
  const { readAs } = JSON.parse(file.reading) as FileReading;
  const after = analyzeFile(file.uri, applyEdits(file.text, edits), readAs).documents;
  return addsNoDamage(damage, yamlDamage(after)) && keepsAliasTargets(file.documents, after, edits);
}

const pieceDamage = new WeakMap<object, Map<string, number>>();
const soundness = new WeakMap<Fix, boolean>();

/**
 * Whether a fix, applied alone, leaves the YAML of its document (and of the configurations it holds) as sound as it
 * was: its edits do not overlap, and it adds no error (an anchor removed while an alias still names it, a comment that
 * swallows a closing bracket). It parses the document again, so it is asked when a fix is about to be offered or
 * applied, not for every finding; the answer is kept with the fix.
 */
export function isSoundFix(file: SourceFile, fix: Fix): boolean {
  let sound = soundness.get(fix);
  if (sound === undefined) soundness.set(fix, (sound = checkSoundness(file, fix)));
  return sound;
}

function checkSoundness(file: SourceFile, fix: Fix): boolean {
  const edits = offsetEdits(fix, file.lines);
  if (clashAmong(edits)) return false;
  const piece = file.pieces.find(({ source }) => edits.every((e) => e.start >= source.offset && e.end <= source.offset + source.text.length));
  if (!piece || !file.reading) return false;
  const local = edits.map((e) => ({ ...e, start: e.start - piece.source.offset, end: e.end - piece.source.offset }));
  let before = pieceDamage.get(piece);
  if (!before) pieceDamage.set(piece, (before = yamlDamage(piece.documents)));
  const after = analyzePiece(applyEdits(piece.source.text, local), JSON.parse(file.reading)).documents;
  return addsNoDamage(before, yamlDamage(after)) && keepsAliasTargets(piece.documents, after, edits, piece.source.offset);
}

/**
 * Each alias of the documents with the offset of the node it names (undefined: none), both in the text their pieces
 * are of; a configuration's held in a ConfigMap where its text can be traced back to its holder's.
 */
function aliasBindings(documents: readonly ClassifiedDocument[], textStart: number): Map<number, number | undefined> {
  const bindings = new Map<number, number | undefined>();
  for (const { yaml, embedding, source } of documents) {
    const inSource = embedding ? embedding.toFileOffset : (offset: number) => offset;
    if (!inSource) continue;
    const at = (offset: number) => textStart + source.offset + inSource(offset);
    for (const [alias, target] of aliasTargets(yaml.ast)) {
      if (alias.range) bindings.set(at(alias.range[0]), target?.range ? at(target.range[0]) : undefined);
    }
  }
  return bindings;
}

/** Where an offset of the text stands once the edits are applied; undefined when an edit replaces it. */
function movedBy(edits: readonly OffsetEdit[], offset: number): number | undefined {
  let moved = offset;
  for (const edit of edits) {
    if (offset >= edit.start && offset < edit.end) return undefined;
    if (edit.end <= offset) moved += edit.newText.length - (edit.end - edit.start);
  }
  return moved;
}

/**
 * Whether every alias the edits leave names the node it named: removing a node whose anchor repeats an earlier one's
 * name leaves the aliases after it naming the earlier node, a value changed that no error shows. `after` is analysed
 * from the edited text of the file from `afterStart` on (a piece's).
 */
function keepsAliasTargets(before: readonly ClassifiedDocument[], after: readonly ClassifiedDocument[], edits: readonly OffsetEdit[], afterStart = 0): boolean {
  const now = aliasBindings(after, afterStart);
  for (const [alias, target] of aliasBindings(before, 0)) {
    const at = movedBy(edits, alias);
    if (at === undefined || !now.has(at)) continue;
    const expected = target === undefined ? undefined : movedBy(edits, target);
    if (now.get(at) !== expected) return false;
  }
  return true;
}

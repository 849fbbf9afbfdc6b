import { servedKind, type ClassifiedDocument, type DocumentSource, type Embedding } from './classify';
import { possibleReleases, withOperatorTarget } from './model/operatorRelease';
import { releasesWithFields } from './model/operatorReleases';
import { schemaRules } from './rules/crd';
import { describeRunner, pulledInSignature, releaseUnknownMessage, runnersOf, type Runner } from './model/runners';
import type { ReleaseBounds } from './model/prometheus';
import { includersOf } from './model/scrapeConfigFiles';
import { fileNotRead, fileTooLarge, helmTemplate, invalidUtf8, nestingTooDeep, operatorReleaseUnknown, patchRules, releaseUnknown, ruleFailed, rules } from './rules/registry';
import type { EditDraft, FixDraft, Report } from './report';
import type { Rule, RuleContext } from './rules/rule';
import type { CheckOptions, Finding, Fix, OperatorTarget, Range, TextEdit } from './types';
import type { Piece, SourceFile } from './sourceFile';
import { pieceIndexAt } from './fileLines';
import type { Workspace } from './workspace';
import { maxNesting } from './yaml/nesting';
import { keyVersion } from './rules/promconfig/structure';
import type { KeyReleases } from './rules/promconfig/decode';
import { spliceBetween, spliced } from './util/spliced';
import { compareVersions } from './util/version';
import { aliasedSpans, type Span } from './yaml/documents';
import { kustomizationFile } from './model/kustomize';
import { substitutedVariable } from './model/folderAppliers';
import { folderOf } from './util/folderOf';
import { uriFileName } from './util/uriText';

/** A rule's report about a document, in the coordinates of the document's source. */
interface DocumentReport {
  code: string;
  severity: Finding['severity'];
  report: Report;
  /** Where the rule reported it, before it was placed (a Secret's base64 value places every report on its key). */
  origin?: Span;
  /** For promconfig/key-version: the releases that have the key (see Report.keyReleases). */
  keyReleases?: KeyReleases;
}

/** Runs every rule that applies to each document of `file`; never throws. Findings come sorted by position. */
export function checkFile(file: SourceFile, workspace: Workspace, requested: CheckOptions): Finding[] {
  if (file.tooLarge) return [tooLargeFinding(file.tooLarge)];
  // The prometheus-operator release is the one the file's cluster runs: rules read it in the options, and findings are
  // redone when it changes.
  const options = withOperatorTarget(requested, workspace, file.uri);
  const optionsKey = optionsKeyOf(options);
  const fileKeys: FileKeys = {
    siblings: String(file.documents.some((d) => d.role !== 'unrelated')),
    first: file.documents.length ? documentId(file.documents[0]) : '',
    includers: () => includersOf(file.uri, workspace).map((includer) => documentId(includer.document)).join(','),
  };
  // Documents read one of a few sets of things: each set's key is made once per check, not once per document.
  const keys = new Map<string, string>();
  const keyOf = (reads: string) => {
    let key = keys.get(reads);
    if (key === undefined) keys.set(reads, (key = internedKey(reads, `${optionsKey}|${dependencyKey(reads, workspace, fileKeys)}`)));
    return key;
  };
  const last = workspace.checks.get(file.uri);
  // When what every piece of the last check read still holds, a piece it checked needs no look at its documents.
  const readsHold = last !== undefined && [...last.keys].every(([reads, key]) => keyOf(reads) === key)
    && watchesHold(last.watches);
  const { pieces } = file;
  const old = last?.pieces ?? [];
  // The analysis says which pieces it replaced when it was made from those checked last; else they are compared.
  const { at: head, removed } = spliceBetween(old, pieces, file.piecesChange?.from.deref() === old ? file.piecesChange : undefined);
  const tail = old.length - head - removed;
  const check = (piece: Piece, kept: PieceCheck | undefined) => checkPiece(piece, kept, readsHold, file, workspace, options, keyOf);
  const between = new Map(last?.checks.slice(head, old.length - tail).map((kept) => [kept.piece, kept]));
  const middle = pieces.slice(head, pieces.length - tail).map((piece) => check(piece, between.get(piece)));
  const lastChecks = last?.checks ?? [];
  const checked = (from: number, to: number) => lastChecks.slice(from, to).map((kept) => check(kept.piece, kept));
  // An edit leaves the pieces before and after it as they were: when nothing they read changed, those before keep
  // their findings as they are, and so do those after unless the edit added or took lines (they are placed again).
  let fileCheck: FileCheck;
  if (readsHold) {
    const firstAfter = tail > 0 ? lastChecks[old.length - tail] : undefined;
    const moved = firstAfter !== undefined && firstAfter.line !== firstAfter.piece.source.line;
    fileCheck = moved ? joined(last, head, middle.concat(checked(old.length - tail, old.length)), old.length, pieces, keys)
      : joined(last, head, middle, old.length - tail, pieces, keys);
  } else {
    fileCheck = collected([...checked(0, head), ...middle, ...checked(old.length - tail, old.length)], pieces, keys);
  }
  workspace.checks.set(file.uri, fileCheck);
  const findings = workspace.index.substituted(file.uri) ? fileCheck.findings.filter((finding) => !aboutVariable(file, finding)) : fileCheck.findings;
  return file.carriageReturns && !file.text.includes('\n') ? findings.map(withCarriageReturns) : findings;
}

/**
 * Whether a finding of a file a GitOps controller applies substituting variables is about one: on a line holding a
 * `${VAR}`, or naming one. What is applied holds the variable's value, which promagent does not know.
 */
function aboutVariable(file: SourceFile, finding: Finding): boolean {
  if (substitutedVariable.test(finding.message)) return true;
  // Its first line: a finding spanning a block is not about each line of it.
  const start = file.lines.offset({ line: finding.range.start.line, character: 0 });
  const end = file.lines.offset({ line: finding.range.start.line + 1, character: 0 });
  return substitutedVariable.test(file.content.slice(start, end));
}

/** Each options object's text, made once: every file of a repository is checked with one (see withOperatorTarget). */
const optionsKeys = new WeakMap<CheckOptions, string>();

function optionsKeyOf(options: CheckOptions): string {
  let key = optionsKeys.get(options);
  if (key === undefined) optionsKeys.set(options, (key = JSON.stringify(options)));
  return key;
}

/**
 * A finding of a file whose lines end in lone CRs (old Mac editors), which rules read as line feeds: the lines its
 * fixes write end as the file's do.
 */
function withCarriageReturns(finding: Finding): Finding {
  if (!finding.fixes.some((fix) => fix.edits.some((edit) => edit.newText.includes('\n')))) return finding;
  const fixes = finding.fixes.map((fix) => ({ ...fix, edits: fix.edits.map((edit) => ({ ...edit, newText: edit.newText.replace(/\n/g, '\r') })) }));
  return { ...finding, fixes };
}

/** What the last check of a file leaves for the next: each piece's check, and the keys they were made at. */
export interface FileCheck {
  pieces: readonly Piece[];
  checks: readonly PieceCheck[];
  findings: Finding[];
  /** Where each piece's findings start in `findings`, and (last) how many there are. */
  findingStarts: Int32Array;
  /**
   * What every piece's reports watch, with the piece check it is of: read on every edit, and a file of thousands of
   * pieces has few (visiting each piece's documents for them cost a third of an edit at 200k lines, in cache misses).
   */
  watches: PieceWatch[];
  keys: ReadonlyMap<string, string>;
}

/** A watch, and the check of the piece whose reports it is of. */
interface PieceWatch {
  watch: Watch;
  of: PieceCheck;
}

/** Something a report depends on that no key says, and what it read when the report was made. */
interface Watch {
  read: () => string;
  value: string;
}

/** Whether what a file's reports watch still reads as it did: every edit asks. */
function watchesHold(watches: readonly PieceWatch[]): boolean {
  // Every configuration a ConfigMap holds watches the same thing (see pulledInReader): each reader is read once.
  const read = new Map<() => string, string>();
  // Indexed: iterators allocate a result per step until V8 optimises the loop, which one call per edit rarely gets.
  for (let i = 0; i < watches.length; i++) {
    const { watch } = watches[i];
    let now = read.get(watch.read);
    if (now === undefined) read.set(watch.read, (now = watch.read()));
    if (now !== watch.value) return false;
  }
  return true;
}

/** The watches of piece checks' documents. Loops: few documents have any, and flatMap's arrays were a tenth of a check. */
function watchesOf(checks: readonly PieceCheck[]): PieceWatch[] {
  const watches: PieceWatch[] = [];
  for (const check of checks) {
    for (const document of check.documents) for (const watch of document.watches) watches.push({ watch, of: check });
  }
  return watches;
}

/** A piece's checks, one per document, and its findings, sorted, placed at the line the piece started at then. */
interface PieceCheck {
  piece: Piece;
  documents: DocumentCheck[];
  line: number;
  findings: Finding[];
}

/** A document's reports, with what the rules that ran read (joined) and the key (options and those reads) they were made at. */
interface DocumentCheck {
  reads: string;
  key: string;
  reports: DocumentReport[];
  watches: Watch[];
}

/** A file's check from its pieces' checks, in file order: pieces follow each other, and so do their sorted findings. */
function collected(checks: PieceCheck[], pieces: readonly Piece[], keys: ReadonlyMap<string, string>): FileCheck {
  const findings: Finding[] = [];
  const findingStarts = new Int32Array(checks.length + 1);
  checks.forEach((check, i) => {
    for (const finding of check.findings) findings.push(finding);
    findingStarts[i + 1] = findings.length;
  });
  return { pieces, checks, findings, findingStarts, watches: watchesOf(checks), keys };
}

/** The last check with its pieces [head, tail) replaced by `middle`: the rest is copied, not visited. */
function joined(last: FileCheck, head: number, middle: PieceCheck[], tail: number, pieces: readonly Piece[], keys: ReadonlyMap<string, string>): FileCheck {
  const checks = spliced(last.checks, head, tail - head, middle);
  const findings = spliced(last.findings, last.findingStarts[head], last.findingStarts[tail] - last.findingStarts[head], middle.flatMap((check) => check.findings));
  const findingStarts = new Int32Array(checks.length + 1);
  findingStarts.set(last.findingStarts.subarray(0, head + 1));
  middle.forEach((check, i) => (findingStarts[head + i + 1] = findingStarts[head + i] + check.findings.length));
  const moved = findingStarts[head + middle.length] - last.findingStarts[tail];
  for (let i = head + middle.length + 1; i <= checks.length; i++) findingStarts[i] = last.findingStarts[i - checks.length + last.checks.length] + moved;
  // The watches of the checks replaced go and those of the checks replacing them come (a kept check is among both).
  const replaced = last.watches.length ? new Set(last.checks.slice(head, tail)) : undefined;
  const keptWatches = replaced ? last.watches.filter((watch) => !replaced.has(watch.of)) : last.watches;
  const watches = keptWatches.concat(watchesOf(middle));
  return { pieces, checks, findings, findingStarts, watches, keys };
}

/**
 * What rules read beyond the document; what kustomizations say of its file (a patch: see patchRules); and, for a
 * configuration, which document comes first in its file and the configurations that pull it in (their text).
 */
type Reads = NonNullable<ReturnType<NonNullable<Rule['reads']>>> | 'kustomize' | 'first' | 'includers';

const documentIds = new WeakMap<ClassifiedDocument, string>();
let documentCount = 0;

/** A name for a document, the same while it is the same object: a file's first document is read by that (see Reads). */
function documentId(document: ClassifiedDocument): string {
  let id = documentIds.get(document);
  if (id === undefined) documentIds.set(document, (id = String(++documentCount)));
  return id;
}

/** The last key made for each set of reads: an equal key is the same string, so checking that a cache holds costs little. */
const lastKeys = new Map<string, string>();

function internedKey(reads: string, key: string): string {
  const last = lastKeys.get(reads);
  if (last === key) return last;
  lastKeys.set(reads, key);
  return key;
}

/**
 * A piece's check. Reports are kept per document with what they depend on: the options and, for rules that read other
 * documents, the workspace's index or its files. An edit re-checks the edited piece and the documents that depend on
 * what the edit changed; every other piece keeps its findings, placed again only when it moved to another line.
 */
function checkPiece(
  piece: Piece, kept: PieceCheck | undefined, readsHold: boolean, file: SourceFile, workspace: Workspace, options: CheckOptions,
  keyOf: (reads: string) => string,
): PieceCheck {
  const holds = (check: DocumentCheck | undefined): check is DocumentCheck =>
    check !== undefined && check.key === keyOf(check.reads) && check.watches.every(({ read, value }) => read() === value);
  let documents = kept?.documents;
  if (!documents || (!readsHold && !documents.every(holds))) {
    documents = piece.documents.map((document, i) => {
      const check = kept?.documents[i];
      if (holds(check)) return check;
      const { reports, reads, watches } = checkDocument(document, file, workspace, options);
      const readsText = reads.join();
      return { reads: readsText, key: keyOf(readsText), reports, watches };
    });
  } else if (kept!.line === piece.source.line) {
    return kept!;
  }
  const findings: Finding[] = piece.tooDeep ? [tooDeepFinding(piece.source, piece.tooDeep)] : [];
  piece.documents.forEach((document, i) => {
    for (const { code, severity, report } of documents[i].reports) findings.push(toFinding(document.source, report, code, severity));
  });
  findings.sort((a, b) => a.range.start.line - b.range.start.line || a.range.start.character - b.range.start.character);
  return { piece, documents, line: piece.source.line, findings };
}

/** What documents of a file read of it: whether others are ones promagent checks, which comes first, who pulls it in. */
interface FileKeys {
  siblings: string;
  first: string;
  /** Made only when a document reads it: the documents of the configurations pulling the file in. */
  includers: () => string;
}

/** What a document's reports depend on beyond its own text and the options, as it stands now. */
function dependencyKey(reads: string, workspace: Workspace, fileKeys: FileKeys): string {
  return (reads ? reads.split(',') as Reads[] : []).map((read) => {
    switch (read) {
      case 'files': return `files:${workspace.revision}`;
      case 'index': return `index:${workspace.index.digest()}`;
      case 'siblings': return `siblings:${fileKeys.siblings}`;
      case 'kustomize': return `kustomize:${workspace.index.kustomizeKey()}`;
      case 'first': return `first:${fileKeys.first}`;
      case 'includers': return `includers:${fileKeys.includers()}`;
    }
  }).join('|');
}

const pulledInReaders = new WeakMap<Workspace, () => string>();

/** One reader of what configurations held in ConfigMaps are pulled in by, per workspace: watches of it are read once. */
function pulledInReader(workspace: Workspace): () => string {
  let read = pulledInReaders.get(workspace);
  if (!read) pulledInReaders.set(workspace, (read = () => pulledInSignature(workspace)));
  return read;
}

/**
 * Runs the rules that apply to a document, and gathers what they read beyond it. A Prometheus configuration is checked
 * as the Prometheus that runs it (the model's runners): once per distinct mode and version when several disagree, a
 * finding that only some of them raise naming them.
 */
function checkDocument(
  document: ClassifiedDocument, file: SourceFile, workspace: Workspace, options: CheckOptions,
): { reports: DocumentReport[]; reads: Reads[]; watches: Watch[] } {
  const reads = new Set<Reads>();
  const watches: Watch[] = [];
  if (document.role !== 'prometheus-config') {
    // A manifest a kustomization lists as a patch is checked as part of an object (see patchRules).
    if (!document.embedding) reads.add('kustomize');
    const run = (operator: OperatorTarget | undefined, only?: ReadonlySet<string>, tracked?: ReleaseReads) => {
      const withheld = { any: false };
      const reports = runRules(document, file, workspace, { ...options, operator }, undefined, reads, watches, { only, withheld, tracked });
      return { reports, withheld: withheld.any };
    };
    return { reports: heldByEveryOperatorRelease(document, options.operator, run), reads: [...reads].sort(), watches };
  }
  // Prometheus reads the first document of a file (yaml.UnmarshalStrict): no finding holds in another.
  if (!document.embedding) {
    reads.add('first');
    if (file.documents[0] !== document) return { reports: [], reads: [...reads], watches };
  }
  // A configuration's runners are found through the index: the workloads mounting it, the agents naming it, the
  // configurations pulling it in. One pulled in is checked with what theirs hold (their global, their first line).
  reads.add('index');
  const runners = runnersOf(document, file.uri, workspace, options);
  if (!runners) return { reports: [], reads: [...reads].sort(), watches };
  // Pulled in or not by what its includers say (their first line's version too).
  if (!document.embedding && includersOf(file.uri, workspace).length > 0) reads.add('includers');
  // Held in a ConfigMap, it may be pulled in by a configuration another holds, and checked with that one's global: the
  // index keeps neither.
  const embedding = document.embedding;
  if (embedding) {
    const read = pulledInReader(workspace);
    watches.push({ read, value: read() });
  }
  const groups = new Map<string, Runner[]>();
  for (const runner of runners) groups.set(groupKey(runner), [...(groups.get(groupKey(runner)) ?? []), runner]);
  const runAs = (runner: Runner) => runRules(document, file, workspace, { ...options, prometheusVersion: runner.version, runBy: { mode: runner.mode, version: runner.version } }, runner, reads, watches);
  const runs = [...groups.values()].map((group) => ({
    group,
    reports: group[0].releases ? heldByEveryRelease(document, group[0], runAs) : runAs(group[0]),
  }));
  return { reports: runs.length === 1 ? runs[0].reports : mergeRuns(runs), reads: [...reads].sort(), watches };
}

/**
 * The reports of a configuration whose release nothing says (see Runner.releases): its keys date it (a release that
 * does not have one of them is not what runs it), and what the first and the last release left both raise where they
 * stand is said, in the words of the default release where it is one of them. Checks start or stop at one release
 * each, so what both ends raise every release between raises. Where no release has every key, each refuses one: the
 * first's and the last's are said, with what both raise besides. When something was held back, one information says
 * what was assumed and how to tell, on the configuration's first line (on the one pulling it in, for a file pulled
 * in). Where the default release raises nothing, that is all there is to say: no other release is asked, each costing
 * a check.
 */
function heldByEveryRelease(document: ClassifiedDocument, runner: Runner, runAs: (runner: Runner) => DocumentReport[]): DocumentReport[] {
  const bounds = runner.releases!;
  const primary = runAs(runner);
  if (primary.length === 0) return primary;
  const runs = new Map([[runner.version, primary]]);
  const at = (version: string) => {
    let reports = runs.get(version);
    if (!reports) runs.set(version, (reports = runAs({ ...runner, version })));
    return reports;
  };
  // A key under a parent the first release lacks is only seen once that release is left out: dated again until settled.
  let [first, last] = [bounds.from, bounds.to];
  for (let round = 0; round < 4 && compareVersions(first, last) <= 0; round++) {
    const keyReleases = [...at(first), ...at(last)].flatMap((report) => (report.code === keyVersion.id && report.keyReleases ? [report.keyReleases] : []));
    const since = [first, ...keyReleases.flatMap((releases) => releases.since ?? [])].sort(compareVersions).at(-1)!;
    const gone = keyReleases.flatMap((releases) => releases.removedIn ?? []).sort(compareVersions)[0];
    const until = gone === undefined || compareVersions(releaseBefore(gone), last) > 0 ? last : releaseBefore(gone);
    if (since === first && until === last) break;
    [first, last] = [since, until];
  }
  const keyOf = ({ code, origin, report }: DocumentReport) => `${code}|${(origin ?? report.span).start}|${(origin ?? report.span).end}`;
  const withInformation = (reports: DocumentReport[]) => (runner.includedBy ? reports : [...reports, releaseUnknownReport(document, bounds)]);
  if (compareVersions(first, last) > 0) {
    // Each release refuses one of its keys: those the first and the last refuse are said, and what both raise besides.
    const [oldest, newest] = [at(bounds.from), at(bounds.to)];
    const raisedByOldest = new Set(oldest.map(keyOf));
    const refused = new Map([...oldest, ...newest].filter((report) => report.code === keyVersion.id).map((report) => [keyOf(report), report]));
    return withInformation([...refused.values(), ...newest.filter((report) => report.code !== keyVersion.id && raisedByOldest.has(keyOf(report)))]);
  }
  const shown = compareVersions(runner.version, first) >= 0 && compareVersions(runner.version, last) <= 0 ? primary : at(first);
  const ends = [at(first), at(last)];
  const raisedByBoth = ends.map((reports) => new Set(reports.map(keyOf)));
  const held = shown.filter((report) => raisedByBoth.every((raised) => raised.has(keyOf(report))));
  const heldKeys = new Set(held.map(keyOf));
  // An information only some releases give (who runs it, say) holds nothing back.
  const heldBack = [shown, ...ends].some((reports) => reports.some((report) => report.severity !== 'information' && !heldKeys.has(keyOf(report))));
  return heldBack ? withInformation(held) : held;
}

/**
 * The reports of an object whose prometheus-operator release is not known exactly (see possibleReleases): what every
 * release it may be (that has its kind) raises where it stands, in the words of the one assumed; and, where that held
 * something back, one information on the object's first line saying so. The schema's verdicts come held already (the
 * CRD rules read the schema's history, see schemaRules); the other rules that read the release gate on it from or
 * until one release, so the first and the last release it may be are asked. An object whose rules never read the
 * release is checked once, and so is one they find nothing wrong with.
 */
function heldByEveryOperatorRelease(
  document: ClassifiedDocument, target: OperatorTarget | undefined,
  run: (operator: OperatorTarget | undefined, only?: ReadonlySet<string>, tracked?: ReleaseReads) => { reports: DocumentReport[]; withheld: boolean },
): DocumentReport[] {
  if (!target) return run(target).reports;
  const tracked: ReleaseReads = { rule: '', count: 0, readers: new Set() };
  const read = () => {
    tracked.count++;
    tracked.readers.add(tracked.rule);
  };
  const watched = Object.defineProperty({ ...target }, 'version', { get: () => (read(), target.version), enumerable: true });
  Object.defineProperty(watched, 'data', { get: () => (read(), target.data), enumerable: true });
  const { reports: primary, withheld } = run(watched, undefined, tracked);
  const possible = possibleReleases(target);
  if (!possible) return primary;
  // Only the rules that read the release and reported something are asked again (the schema's come held already).
  const asked = new Set(primary.filter((report) => tracked.readers.has(report.code) && !schemaRules.has(report.code)).map((report) => report.code));
  let held = primary;
  if (primary.some((report) => report.severity !== 'information' && asked.has(report.code))) {
    const releases = releasesOf(document, possible);
    // No release has every field it uses: each refuses one, and what the one assumed finds is said.
    if (releases.length === 0) return primary;
    const keyOf = ({ code, origin, report }: DocumentReport) => `${code}|${(origin ?? report.span).start}|${(origin ?? report.span).end}`;
    for (const version of new Set([releases[0], releases[releases.length - 1]])) {
      if (version === target.data) continue;
      const raised = new Set(run(targetAt(target, version), asked).reports.map(keyOf));
      held = held.filter((report) => !asked.has(report.code) || raised.has(keyOf(report)));
    }
  }
  const heldBack = withheld || primary.some((report) => report.severity !== 'information' && !held.includes(report));
  return heldBack ? [...held, releaseUnknownInformation(document, target, possible)] : held;
}

/**
 * Of the releases a target may be, those with every field the object writes (and so its kind: a field's releases are
 * within its kind's); all of them for an object of no monitoring kind.
 */
function releasesOf(document: ClassifiedDocument, possible: readonly string[]): readonly string[] {
  const kind = servedKind(document);
  return kind ? releasesWithFields(kind, document.yaml.value, possible) : possible;
}

/** Said once on an object where a release not known exactly held a finding back (see heldByEveryOperatorRelease). */
function releaseUnknownInformation(document: ClassifiedDocument, target: OperatorTarget, possible: readonly string[]): DocumentReport {
  const dated = releasesOf(document, possible);
  const embedding = document.embedding;
  const lines = embedding?.lines ?? document.source.lines;
  const start = document.yaml.ast.contents?.range?.[0] ?? document.yaml.span.start;
  const message = target.from === 'default'
    ? `checked for what ${dated.length > 1 ? `every prometheus-operator release from ${dated[0]} to ${dated[dated.length - 1]} that has each field it uses refuses` : `prometheus-operator ${dated[0]}, the one release with every field it uses, refuses`}, not ${target.version} alone (${target.reason}); name the release with promagent.operatorVersion (promagent check --operator-version), or keep the operator's Deployment or its CRDs in the workspace`
    : target.named
      ? `checked for what every prometheus-operator release the workspace names refuses (${possible.join(', ')}), not ${target.version} alone: ${target.reason}; name the one that reconciles it with promagent.operatorVersion (promagent check --operator-version), or, where the workspace's CRDs of a kind differ (which decide whatever the release), check each environment's folder on its own`
      : `checked for what both prometheus-operator ${possible.join(' and ')} refuse: promagent has no CRDs of ${target.version}, a patch release that may carry what the next minor release changed`;
  const report: Report = { span: { start, end: lines.lineEnd(start) }, message, quotesNoValue: true };
  return { code: operatorReleaseUnknown.id, severity: operatorReleaseUnknown.severity, report: embedding ? placeReport(embedding, report) : report };
}

const targetsAt = new WeakMap<OperatorTarget, Map<string, OperatorTarget>>();

/** The target as if it were `version`: one object per release, so what the model keeps per target is made once. */
function targetAt(target: OperatorTarget, version: string): OperatorTarget {
  let byVersion = targetsAt.get(target);
  if (!byVersion) targetsAt.set(target, (byVersion = new Map()));
  let at = byVersion.get(version);
  if (!at) byVersion.set(version, (at = { ...target, version, data: version }));
  return at;
}

/** The release just before `release`, as the version checks compare it (v3.0.0: v2.999.999); no such release need exist. */
function releaseBefore(release: string): string {
  const [major, minor, patch] = release.replace(/^v/, '').split(/[.-]/).map(Number);
  return patch > 0 ? `v${major}.${minor}.${patch - 1}` : minor > 0 ? `v${major}.${minor - 1}.999` : `v${major - 1}.999.999`;
}

/** The information of a configuration nothing dates, on its first line that holds something. */
function releaseUnknownReport(document: ClassifiedDocument, bounds: ReleaseBounds): DocumentReport {
  const embedding = document.embedding;
  const text = embedding?.text ?? document.source.text;
  const lines = embedding?.lines ?? document.source.lines;
  const start = Math.max(0, text.search(/[^\s\ufeff]/));
  const report: Report = { span: { start, end: lines.lineEnd(start) }, message: releaseUnknownMessage(bounds), quotesNoValue: true };
  return { code: releaseUnknown.id, severity: releaseUnknown.severity, report: embedding ? placeReport(embedding, report) : report };
}

/** Runners checked as one: the same mode and release, assumed or not, and pulled in by the same configuration or none. */
const groupKey = (runner: Runner) => {
  const holder = runner.includedBy?.document.embedding?.holder;
  return `${runner.mode}|${runner.version}|${runner.releases?.from ?? ''}-${runner.releases?.to ?? ''}|${runner.includedBy?.uri ?? ''}|${holder ? JSON.stringify(holder) : ''}|${runner.features?.join() ?? ''}`;
};

/**
 * Reports of several runs: one raised by every run is kept as it is; another names the runners that raise it, and
 * offers no fix: the configuration is theirs together, and what one runner refuses another may need (a server's
 * rule_files in a ConfigMap an agent mounts too).
 */
function mergeRuns(runs: { group: Runner[]; reports: DocumentReport[] }[]): DocumentReport[] {
  const keyOf = ({ code, report }: DocumentReport) => JSON.stringify([code, report.span.start, report.span.end, report.message]);
  const raisedBy = new Map<string, { report: DocumentReport; groups: Runner[][] }>();
  for (const { group, reports } of runs) {
    for (const report of reports) {
      const key = keyOf(report);
      const entry = raisedBy.get(key);
      if (entry) {
        if (!entry.groups.includes(group)) entry.groups.push(group);
      } else {
        raisedBy.set(key, { report, groups: [group] });
      }
    }
  }
  return [...raisedBy.values()].map(({ report, groups }) => {
    if (groups.length === runs.length) return report;
    const by = groups.map((group) => describeRunner({ ...group[0], by: group.map((runner) => runner.by).join(' and ') })).join('; ');
    return { ...report, report: { ...report.report, message: `${report.report.message} (${by})`, fixes: undefined } };
  });
}

/**
 * Which rules of a run read the prometheus-operator release: `rule` is the one running, `count` grows with each read.
 * A rule that takes work another did for the document (a memo) reads what that work read.
 */
interface ReleaseReads {
  rule: string;
  count: number;
  readers: Set<string>;
}

/**
 * Every rule that applies to the document (of `only`, when given), run with these options; `withheld` learns whether
 * a rule kept a finding back for a release not known exactly, `tracked` which rules read the release.
 */
function runRules(
  document: ClassifiedDocument, file: SourceFile, workspace: Workspace, options: CheckOptions, runner: Runner | undefined, reads: Set<Reads>,
  watches: Watch[], { only, withheld, tracked }: { only?: ReadonlySet<string>; withheld?: { any: boolean }; tracked?: ReleaseReads } = {},
): DocumentReport[] {
  const reports: DocumentReport[] = [];
  const memos = new Map<string, unknown>();
  const releaseMemos = new Set<string>();
  // An embedded configuration is checked in its own text; its findings are placed back into its holder's text.
  const embedding = document.embedding;
  // An embedded configuration's fixes are placed in its holder's text, where its value itself may be an anchor.
  const holders = () => file.pieces[pieceIndexAt(file.pieces, document.source.offset)]?.documents.filter((held) => !held.embedding) ?? [];
  const place = (report: Report) => (embedding
    ? withoutAliasedEdits(placeReport(embedding, withoutAliasedEdits(report, () => aliasedSpans(document.yaml))), () => holders().flatMap((holder) => aliasedSpans(holder.yaml)))
    : withoutAliasedEdits(report, () => aliasedSpans(document.yaml)));
  const patch = !embedding && document.role !== 'prometheus-config' && workspace.index.kustomizePatch(file.uri);
  // One context serves every rule in turn: `report` files under the rule running now.
  let rule = rules[0];
  const context: RuleContext = {
    document,
    text: embedding?.text ?? document.source.text,
    lines: embedding?.lines ?? document.source.lines,
    file,
    workspace,
    options,
    runner,
    report: (report: Report) => reports.push({ code: rule.id, severity: report.severity ?? rule.severity, report: place(report), origin: report.span, keyReleases: report.keyReleases }),
    watch: (read: () => string) => {
      const value = read();
      watches.push({ read, value });
      return value;
    },
    withheld() {
      if (withheld) withheld.any = true;
    },
    memo<T>(key: string, compute: () => T): T {
      if (!memos.has(key)) {
        const before = tracked?.count;
        memos.set(key, compute());
        if (tracked && tracked.count !== before) releaseMemos.add(key);
      }
      if (tracked && releaseMemos.has(key)) tracked.readers.add(rule.id);
      return memos.get(key) as T;
    },
  };
  for (rule of rules) {
    try {
      if ((only && !only.has(rule.id)) || (patch && !patchRules.has(rule.id))) continue;
      if (tracked) tracked.rule = rule.id;
      if (!rule.appliesTo(document, options)) continue;
      const read = rule.reads?.(document);
      if (read) reads.add(read);
      rule.check(context);
    } catch (error) {
      // A rule that failed may succeed once what it reads changes.
      const read = rule.reads?.(document);
      if (read) reads.add(read);
      const detail = error instanceof Error ? error.message : String(error);
      const start = document.yaml.ast.contents?.range?.[0] ?? document.yaml.span.start;
      reports.push({
        code: ruleFailed.id,
        severity: ruleFailed.severity,
        report: place({ span: { start, end: context.lines.lineEnd(start) }, message: `rule ${rule.id} failed on this document: ${detail}` }),
      });
    }
  }
  return withoutRecoveredLines(reports, document, context.lines);
}

/**
 * The reports not on a line where the parser recovered from a syntax error: what it made of that line is a guess (a
 * flow sequence cut short reads as an empty item), and the file is refused for the syntax error alone.
 */
function withoutRecoveredLines(reports: DocumentReport[], document: ClassifiedDocument, lines: RuleContext['lines']): DocumentReport[] {
  const broken = document.yaml.problems.filter((problem) => problem.isError && problem.code !== 'DUPLICATE_KEY');
  if (broken.length === 0) return reports;
  const recovered = new Set(broken.map((problem) => lines.position(problem.span.start).line));
  return reports.filter((report) => report.code.startsWith('yaml/') || report.origin === undefined || !recovered.has(lines.position(report.origin.start).line));
}

/**
 * A report without the fixes that edit inside a node an alias repeats: the alias (another object's spec, another
 * container's args) would change with it, and a fix changes only what it names.
 */
function withoutAliasedEdits(report: Report, spans: () => Span[]): Report {
  if (!report.fixes?.length) return report;
  const aliased = spans();
  if (aliased.length === 0) return report;
  const inside = (edit: EditDraft) => aliased.some((span) => (edit.start === edit.end ? edit.start >= span.start && edit.start <= span.end : edit.start < span.end && edit.end > span.start));
  const fixes = report.fixes.filter((fix) => !fix.edits.some(inside));
  return fixes.length === report.fixes.length ? report : { ...report, fixes };
}

/** A report about the embedded text, placed in the file. */
export function placeReport(embedding: Embedding, report: Report): Report {
  const toFile = embedding.toFileOffset;
  const message = embedding.secret && !report.quotesNoValue ? withoutHeldValues(report.message, embedding.text) : report.message;
  if (!toFile) {
    const { line } = embedding.lines.position(report.span.start);
    const start = embedding.lines.lineStart(line);
    const quoted = embedding.secret ? '' : `: ${JSON.stringify(embedding.text.slice(start, embedding.lines.lineEnd(start)).trim())}`;
    return {
      span: embedding.keySpan,
      message: `${message} (${embedding.base64 ? 'decoded ' : ''}line ${line + 1} of ${embedding.holder.key}${quoted})`,
      severity: report.severity,
    };
  }
  return {
    ...report,
    message,
    span: { start: toFile(report.span.start), end: toFile(report.span.end) },
    fixes: (report.fixes ?? []).flatMap((fix) => placeFix(embedding, fix)),
  };
}

/**
 * A message with each quoted part that comes from the held text (a value, a line) masked: what a rule adds of its own
 * (a key it suggests, a type) stays.
 */
function withoutHeldValues(message: string, held: string): string {
  return message.replace(/"(?:[^"\\]|\\.)*"|`[^`]*`|'[^']*'/g, (quoted) => {
    let inner = quoted.slice(1, -1);
    if (quoted.startsWith('"')) {
      try {
        inner = JSON.parse(quoted) as string;
      } catch {
        // Go's quoting escapes a little differently; the raw text is close enough to look for.
      }
    }
    return inner !== '' && held.includes(inner) ? `${quoted[0]}***${quoted[0]}` : quoted;
  });
}

function placeFix(embedding: Embedding, fix: FixDraft): FixDraft[] {
  const edits = fix.edits.map((edit) => embedding.edit?.(edit.start, edit.end, edit.newText));
  return edits.every((edit): edit is EditDraft => edit !== undefined) ? [{ ...fix, edits }] : [];
}

/** A range in the file from offsets in a document's source: the source's own lines, moved down to where it starts. */
function fileRange(source: DocumentSource, start: number, end: number): Range {
  const local = source.lines.range(start, end);
  return {
    start: { line: source.line + local.start.line, character: local.start.character },
    end: { line: source.line + local.end.line, character: local.end.character },
  };
}

/**
 * Findings quote what files hold: a value of megabytes (a label 4 MB long) would make a message, and a line, as
 * long.
 */
const maxMessageLength = 2000;

function bounded(message: string): string {
  if (message.length <= maxMessageLength) return message;
  // Not between the halves of a surrogate pair.
  const cut = /[\uD800-\uDBFF]/.test(message[maxMessageLength - 1]) ? maxMessageLength - 1 : maxMessageLength;
  return `${message.slice(0, cut)}… (${message.length - cut} characters more)`;
}

function toFinding(source: DocumentSource, report: Report, code: string, severity: Finding['severity']): Finding {
  return {
    range: fileRange(source, report.span.start, report.span.end),
    severity,
    code,
    message: bounded(report.message),
    fixes: (report.fixes ?? []).map((fix) => toFix(source, fix)),
  };
}

function toFix(source: DocumentSource, fix: FixDraft): Fix {
  const edits: TextEdit[] = fix.edits.map((edit: EditDraft) => ({ range: fileRange(source, edit.start, edit.end), newText: edit.newText }));
  return fix.preferred ? { title: fix.title, edits, preferred: true } : { title: fix.title, edits };
}

function tooDeepFinding(source: DocumentSource, { at, by }: NonNullable<Piece['tooDeep']>): Finding {
  const why = by === 'nesting'
    ? `it nests too deep here to parse safely (indentation plus open brackets past ${maxNesting})`
    : `recovering from an error above, the YAML parser nests each line deeper than the last, past ${maxNesting} levels here (look for a line indented unlike the keys around it)`;
  return {
    range: fileRange(source, at, source.lines.lineEnd(at)),
    severity: nestingTooDeep.severity,
    code: nestingTooDeep.id,
    message: `document not checked: ${why}`,
    fixes: [],
  };
}

/**
 * The first byte that is not UTF-8, at `offset` of the text decoded so far. go-yaml refuses it: Prometheus reading a
 * configuration file, kustomize reading its kustomization and patches (and the resources it builds). kubectl's own file
 * reader turns it into U+FFFD and applies what that makes of the value.
 */
export function invalidUtf8Finding(file: SourceFile, offset: number, byte: number, workspace: Workspace): Finding {
  const at = file.lines.position(offset);
  const found = `not valid UTF-8: byte 0x${byte.toString(16).toUpperCase().padStart(2, '0')} here`;
  const name = uriFileName(file.uri);
  const refusedBy = file.documents.some((document) => document.role === 'prometheus-config' && !document.embedding) ? 'Prometheus'
    : kustomizationFile.test(name) || workspace.index.kustomizePatch(file.uri) ? 'kustomize' : undefined;
  const kustomized = workspace.index.kustomized(folderOf(file.uri));
  return {
    range: { start: at, end: at },
    severity: refusedBy ? invalidUtf8.severity : 'warning',
    code: invalidUtf8.id,
    message: refusedBy
      ? `${found}; ${refusedBy} refuses the file (save it as UTF-8)`
      : `${found}; kubectl reads it as U+FFFD, so what it applies is not what the file holds${kustomized ? ', and kustomize (kubectl apply -k) refuses the file' : ''} (save it as UTF-8)`,
    fixes: [],
  };
}

/** What is said of a file that was not read, where its first line would be. */
export function notReadFinding(reason: string): Finding {
  const start = { line: 0, character: 0 };
  return { range: { start, end: start }, severity: fileNotRead.severity, code: fileNotRead.id, message: `not read: ${reason}`, fixes: [] };
}

/** What is said of a Helm chart's template the CLI was given, which it does not read (see helmTemplate). */
export function helmTemplateFinding(): Finding {
  const start = { line: 0, character: 0 };
  const message = 'not checked: a Helm chart\'s template is a Go template, not YAML; check what `helm template` renders';
  return { range: { start, end: start }, severity: helmTemplate.severity, code: helmTemplate.id, message, fixes: [] };
}

function tooLargeFinding({ size, limit }: { size: number; limit: number }): Finding {
  const megabytes = (n: number) => `${(n / 1024 / 1024).toFixed(1)} MB`;
  return {
    range: { start: { line: 0, character: 0 }, end: { line: 0, character: 0 } },
    severity: fileTooLarge.severity,
    code: fileTooLarge.id,
    message: `not checked: the file is ${megabytes(size)}, above promagent.maxFileSize (${megabytes(limit)})`,
    fixes: [],
  };
}

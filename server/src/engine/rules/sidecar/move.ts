import { isMap, isScalar } from 'yaml';
import type { Node, Pair, YAMLMap } from 'yaml';
import { podTemplatePaths } from '../../classify';
import { asRecord } from '../../util/record';
import { sidecarPrefix, sidecarRequest } from '../../model/sidecarRequest';
import { podTemplateOf } from '../../model/podTemplate';
import { keyText, nodeAt, walkPath, type Path } from '../../yaml/documents';
import { appendEntries, type WrittenEntry } from '../../yaml/insertion';
import { removeEntry } from '../../yaml/removal';
import { locate } from '../../yaml/locate';
import type { EditDraft, FixDraft, Rule, RuleContext } from '../rule';
import { own } from '../../util/own';

const legacyPrefix = 'prometheus.operator.com/';
const isSidecarKey = (key: string) => key.startsWith(sidecarPrefix) || key.startsWith(legacyPrefix);

/**
 * The entries as written (`key: value  # comment`), one line each, each after the comment lines right above it in a
 * block mapping (they move with it); undefined when one spans several lines. A flow entry ends at its value: the rest
 * of its line belongs to other entries.
 */
function writtenEntries(context: RuleContext, annotations: YAMLMap, pairs: Pair[]): WrittenEntry[] | undefined {
  const entries: WrittenEntry[] = [];
  for (const pair of pairs) {
    const start = (pair.key as Node).range![0];
    const lineEnd = context.lines.lineEnd(start);
    const valueEnd = (pair.value as Node | null)?.range?.[1] ?? (pair.key as Node).range![1];
    if (valueEnd > lineEnd) return undefined;
    if (!annotations.flow) {
      for (const line of commentLinesAbove(context, start)) entries.push({ entry: context.text.slice(line, context.lines.lineEnd(line)).trim(), flowSafe: false });
    }
    const entry = context.text.slice(start, annotations.flow ? valueEnd : lineEnd).trimEnd();
    // A block entry with a comment or a flow indicator (even quoted, kept simple) is not moved into a flow mapping.
    entries.push({ entry, flowSafe: annotations.flow || !/[,[\]{}#]/.test(entry) });
  }
  return entries;
}

/** The starts of the comment-only lines right above the line at `offset`, top first (a blank line ends them). */
function commentLinesAbove(context: RuleContext, offset: number): number[] {
  const starts: number[] = [];
  for (let line = context.lines.position(offset).line - 1; line >= 0; line--) {
    const start = context.lines.lineStart(line);
    if (!context.text.slice(start, context.lines.lineEnd(start)).trimStart().startsWith('#')) break;
    starts.unshift(start);
  }
  return starts;
}

/**
 * The comments removing `pair` whole (by `removal`) takes that are not in `carried` (the starts of comment lines that
 * move with an entry): the one after its key or its flow value, and comment lines in its block, in order.
 */
function commentsRemoved(context: RuleContext, pair: Pair, removal: EditDraft, carried: Set<number>): string[] {
  const comments: string[] = [];
  const value = pair.value as Node | null;
  const afterKey = isMap(value) && value.flow && value.range ? value.range[1] : (pair.key as Node).range![1];
  const rest = context.text.slice(afterKey, context.lines.lineEnd(afterKey));
  const trailing = /^\s*:?\s*(#.*)$/.exec(rest)?.[1];
  if (trailing) comments.push(trailing.trimEnd());
  for (let line = context.lines.position(afterKey).line + 1; line < context.lines.lineCount; line++) {
    const start = context.lines.lineStart(line);
    if (start >= removal.end) break;
    const text = context.text.slice(start, context.lines.lineEnd(start)).trim();
    if (text.startsWith('#') && !carried.has(start)) comments.push(text);
  }
  return comments;
}

/**
 * Entries under new parent keys, for the mapping that gets them: one line per key, each level two spaces deeper, in a
 * block mapping; one nested flow entry (`metadata: {annotations: {…}}`) in a flow mapping.
 */
function nested(into: YAMLMap, parents: string[], entries: WrittenEntry[]): WrittenEntry[] {
  if (into.flow) {
    const inner = `{${entries.map((e) => e.entry).join(', ')}}`;
    const entry = parents.reduceRight((value, key, i) => (i === 0 ? `${key}: ${value}` : `{${key}: ${value}}`), inner);
    return [{ entry, flowSafe: entries.every((e) => e.flowSafe) }];
  }
  const indent = ' '.repeat(2 * parents.length);
  return [
    ...parents.map((key, i) => ({ entry: `${' '.repeat(2 * i)}${key}:`, flowSafe: false })),
    ...entries.map(({ entry, flowSafe }) => ({ entry: `${indent}${entry}`, flowSafe })),
  ];
}

function moveFix(context: RuleContext, metadataPath: Path, templatePath: Path, annotations: YAMLMap, moved: Pair[]): FixDraft[] {
  const entries = writtenEntries(context, annotations, moved);
  if (!entries) return [];
  const root = context.document.yaml.ast.contents;
  const edits: EditDraft[] = [];
  const metadata = nodeAt(root, metadataPath);
  if (moved.length === annotations.items.length && isMap(metadata)) {
    const pair = walkPath(root, [...metadataPath, 'annotations']).at(-1)?.pair;
    const edit = pair && removeEntry(context.text, context.lines, metadata as YAMLMap, pair);
    if (!edit) return [];
    edits.push(edit);
    // The entry goes whole: the comments it holds that no moved entry carries go along, after them.
    const carried = new Set(annotations.flow ? [] : moved.flatMap((moving) => commentLinesAbove(context, (moving.key as Node).range![0])));
    for (const comment of commentsRemoved(context, pair, edit, carried)) entries.push({ entry: comment, flowSafe: false });
  } else {
    for (const pair of moved) {
      const edit = removeEntry(context.text, context.lines, annotations, pair);
      if (!edit) return [];
      // The comment lines above a moved entry go with it (see writtenEntries).
      const comments = commentLinesAbove(context, (pair.key as Node).range![0]);
      edits.push(comments.length && edit.newText === '' ? { ...edit, start: comments[0] } : edit);
    }
  }
  const target = nodeAt(root, [...templatePath, 'metadata', 'annotations']);
  const templateMetadata = nodeAt(root, [...templatePath, 'metadata']);
  const template = nodeAt(root, templatePath);
  let insertion: EditDraft | undefined;
  if (isMap(target)) insertion = appendEntries(context.text, context.lines, target, entries);
  else if (isMap(templateMetadata)) insertion = appendEntries(context.text, context.lines, templateMetadata, nested(templateMetadata, ['annotations'], entries));
  else if (isMap(template)) insertion = appendEntries(context.text, context.lines, template, nested(template, ['metadata', 'annotations'], entries));
  if (!insertion) return [];
  edits.push(insertion);
  // Moved, a request for scraping with no port anywhere becomes an error (sidecar/port): offered, not applied unasked.
  const pods = podTemplateOf(context.document);
  const movedValues = Object.fromEntries(moved.map((pair) => [keyText(pair), isScalar(pair.value) ? pair.value.value : undefined]));
  const asked = pods && sidecarRequest({ ...pods, annotations: { ...pods.annotations, ...movedValues } });
  return [{ title: 'Move to pod template', edits, preferred: !asked || asked.port !== undefined }];
}

/** The metadata of a workload that its pods do not get: its own, and a CronJob's Job template's. */
function ownMetadata(kind: string): { path: Path; owner: string }[] {
  const workload = { path: ['metadata'], owner: `the ${kind}'s own metadata` };
  return kind === 'CronJob' ? [workload, { path: ['spec', 'jobTemplate', 'metadata'], owner: "the Job template's metadata (spec.jobTemplate.metadata)" }] : [workload];
}

export const workloadAnnotations: Rule = {
  id: 'sidecar/workload-metadata',
  severity: 'warning',
  docs: "Sidecar annotations on a workload's own metadata, or a CronJob's Job template's (and not on its pod template with the same value): they never reach its pods. Fix: move them to the pod template (created when missing; comments kept), not applied by `promagent fix` where it would ask for scraping with no port anywhere (sidecar/port would be an error).",
  appliesTo: (document) => document.role === 'workload',
  check(context) {
    const kind = context.document.kind ?? '';
    const templatePath = own(podTemplatePaths, kind);
    if (!templatePath) return;
    // kustomize's commonAnnotations and Helm charts write them on both: those the pod template has, with the same value, reach the pods.
    const onPods = podTemplateOf(context.document)?.annotations ?? {};
    const onPodsToo = (pair: Pair) => Object.hasOwn(onPods, keyText(pair)!) && isScalar(pair.value) && String(onPods[keyText(pair)!]) === String(pair.value.value);
    // A Rollout with a workloadRef runs the pod template of the workload it names, and may have none of its own.
    const reference = kind === 'Rollout' ? asRecord(asRecord(asRecord(context.document.yaml.value)?.spec)?.workloadRef) : undefined;
    const where = reference
      ? `the pod template of the ${String(reference.kind ?? 'workload')} ${String(reference.name ?? '')} its workloadRef names`
      : `the pod template (${[...templatePath, 'metadata', 'annotations'].join('.')})`;
    for (const { path: metadataPath, owner } of ownMetadata(kind)) {
      const annotations = nodeAt(context.document.yaml.ast.contents, [...metadataPath, 'annotations']);
      if (!isMap(annotations)) continue;
      const moved = (annotations.items as Pair[]).filter((p) => isScalar(p.key) && isSidecarKey(keyText(p) ?? '') && !onPodsToo(p));
      if (moved.length === 0) continue;
      const fixes = reference ? [] : moveFix(context, metadataPath, templatePath, annotations as YAMLMap, moved);
      for (const pair of moved) {
        const key = keyText(pair)!;
        context.report({
          span: locate(context.document.yaml, context.lines, [...metadataPath, 'annotations', key], 'key'),
          message: `${key} is on ${owner}: only annotations of ${where} reach its pods`,
          fixes,
        });
      }
    }
  },
};

import { isScalar, visit } from 'yaml';
import { unknownAnchors, type Span, type YamlDocument } from '../../yaml/documents';
import { LineIndex } from '../../yaml/lineIndex';
import { parsedSafely } from '../../yaml/nesting';
import { classifyDocuments, type ClassifiedDocument, type FileReading } from '../../classify';
import type { Rule, RuleContext } from '../rule';

/** Whether a file holds a document promagent checks: asked per document, answered once per file. */
const owned = new WeakMap<object, boolean>();

/** YAML problems matter in a file promagent owns, even in a document it could not classify because it is broken. */
function inOwnedFile(context: RuleContext): boolean {
  if (context.document.role !== 'unrelated') return true;
  const { file } = context;
  let answer = owned.get(file);
  if (answer === undefined) owned.set(file, (answer = file.documents.some((d) => d.role !== 'unrelated')));
  return answer;
}

/** An unclassified document's findings depend on the other documents of its file (see inOwnedFile). */
const readsSiblings = (document: ClassifiedDocument) => (document.role === 'unrelated' ? 'siblings' as const : undefined);

/** The YAML of an item of a List is the List's: its problems are said once, on the List. */
const ofOwnText = (document: ClassifiedDocument) => !document.listItem;

export const syntax: Rule = {
  id: 'yaml/syntax',
  severity: 'error',
  docs: 'YAML the parser cannot read (bad indentation, an unclosed bracket, a tab): kubectl and Prometheus refuse the file.',
  appliesTo: ofOwnText,
  reads: readsSiblings,
  check(context) {
    if (!inOwnedFile(context)) return;
    for (const problem of context.document.yaml.problems) {
      if (!problem.isError || problem.code === 'DUPLICATE_KEY') continue;
      context.report({ span: problem.span, message: problem.message });
    }
  },
};

export const duplicateKey: Rule = {
  id: 'yaml/duplicate-key',
  severity: 'error',
  docs: 'The same key twice in one mapping: kubectl refuses it (`key already set in map`), and which value wins is unclear.',
  // A Prometheus configuration gets promconfig/duplicate-key instead, in go-yaml's words for each Go type.
  appliesTo: (document) => document.role !== 'prometheus-config' && !document.listItem,
  check(context) {
    if (!inOwnedFile(context)) return;
    let keys: Map<number, { span: Span; text: string }> | undefined;
    for (const problem of context.document.yaml.problems) {
      if (problem.code !== 'DUPLICATE_KEY') continue;
      const key = (keys ??= keysByStart(context.document.yaml)).get(problem.span.start);
      const span = key?.span ?? problem.span;
      context.report({ span, message: `key ${JSON.stringify(key?.text ?? context.text.slice(span.start, span.end))} already set in map` });
    }
  },
};

/** The parser points a duplicate key's error at its first character: each scalar key by where it starts, found in one walk. */
function keysByStart(document: YamlDocument): Map<number, { span: Span; text: string }> {
  const keys = new Map<number, { span: Span; text: string }>();
  visit(document.ast, {
    Pair(_, pair) {
      const key = pair.key;
      if (isScalar(key) && key.range && !keys.has(key.range[0])) keys.set(key.range[0], { span: { start: key.range[0], end: key.range[1] }, text: String(key.value) });
    },
  });
  return keys;
}

export const aliasExpansion: Rule = {
  id: 'yaml/alias-expansion',
  severity: 'error',
  docs: 'A document whose aliases expand past what go-yaml (kubectl, Prometheus) allows, an alias bomb: more than 100 of its nodes through aliases, more than 1,000 in all, and a share through aliases past 99% (10% for millions of nodes). It is not expanded: rules that read its data say nothing of it (what others find in its text, as written, stands), and the file counts as not checked in full.',
  appliesTo: ofOwnText,
  reads: readsSiblings,
  check(context) {
    if (!inOwnedFile(context)) return;
    const { valueError, ast } = context.document.yaml;
    if (valueError === undefined || unknownAnchors(context.document.yaml).length > 0) return;
    const start = ast.contents?.range?.[0] ?? ast.range[0];
    context.report({ span: { start, end: context.lines.lineEnd(start) }, message: `document not checked: ${valueError}` });
  },
};

export const unknownAnchor: Rule = {
  id: 'yaml/unknown-anchor',
  severity: 'error',
  docs: 'An alias (`*name`) with no anchor (`&name`) before it in its document: kubectl and Prometheus refuse the file (`unknown anchor \'name\' referenced`).',
  appliesTo: ofOwnText,
  reads: readsSiblings,
  check(context) {
    if (!inOwnedFile(context) || context.document.yaml.valueError === undefined) return;
    for (const { source, span } of unknownAnchors(context.document.yaml)) {
      context.report({ span, message: `unknown anchor '${source}' referenced: no &${source} before this alias in the document` });
    }
  },
};

/**
 * A line that was meant as a `---` document marker and is not one: two dashes, or four and more (`----`, `-- `). YAML
 * reads it as text, so the documents around it run together into one.
 */
const brokenMarker = /^(?:--|-{4,})(?=[ \t\n]|$)/gm;

function brokenMarkers(context: RuleContext): Span[] {
  const { span } = context.document.yaml;
  const text = context.text.slice(span.start, span.end);
  return [...text.matchAll(brokenMarker)].map((match) => ({ start: span.start + match.index, end: span.start + match.index + match[0].length }));
}

/**
 * Whether a document merged at broken markers holds, in one of its parts, something promagent checks: a PrometheusAgent
 * written after a Deployment's `----` reads as neither, and its file must not pass unchecked.
 */
function mergesOwnedDocuments(context: RuleContext, markers: readonly Span[]): boolean {
  const { span } = context.document.yaml;
  const bounds = [span.start, ...markers.flatMap((marker) => [marker.start, context.lines.lineEnd(marker.start)]), span.end];
  const reading = JSON.parse(context.file.reading) as FileReading;
  for (let i = 0; i < bounds.length; i += 2) {
    const part = context.text.slice(bounds[i], bounds[i + 1]);
    const source = { text: part, lines: new LineIndex(part), offset: 0, line: 0 };
    // A part the parser cannot compose safely is not read: the document as a whole was.
    const parsed = parsedSafely(source.lines);
    if ('tooDeep' in parsed) continue;
    if (classifyDocuments(parsed.documents, reading, source).some((document) => document.role !== 'unrelated')) return true;
  }
  return false;
}

export const documentMarker: Rule = {
  id: 'yaml/document-marker',
  severity: 'error',
  docs: 'A `----` or `-- ` line where a `---` document marker was meant: YAML reads it as text and the documents around it run together into one broken document, which kubectl refuses. Fix: `---`, where nothing but a comment follows the dashes (kubectl refuses other text after a `---`).',
  appliesTo: (document) => document.embedding === undefined && !document.listItem,
  reads: readsSiblings,
  check(context) {
    // Only where the merge broke the YAML: a line of dashes in a document that parses is text someone meant.
    if (!context.document.yaml.problems.some((problem) => problem.isError)) return;
    const markers = brokenMarkers(context);
    if (markers.length === 0 || (!inOwnedFile(context) && !mergesOwnedDocuments(context, markers))) return;
    for (const span of markers) {
      const written = context.text.slice(span.start, span.end);
      // kubectl takes only spaces and a comment after a `---` ("invalid Yaml document separator"): text there is no marker.
      const rest = context.text.slice(span.end, context.lines.lineEnd(span.start)).trim();
      context.report({
        span,
        message: `${JSON.stringify(written)} is not a document marker: YAML reads it as text, and what comes before and after it runs together into one document, which kubectl rejects; write "---"`,
        fixes: rest === '' || rest.startsWith('#') ? [{ title: 'Write the document marker ---', edits: [{ ...span, newText: '---' }], preferred: true }] : [],
      });
    }
  },
};

export const yamlRules: Rule[] = [documentMarker, syntax, duplicateKey, aliasExpansion, unknownAnchor];

import { Composer, Document as YamlDocumentNode, Parser, isAlias, isMap, isNode, isPair, isScalar, isSeq, visit } from 'yaml';
import { Scalar } from 'yaml';
import type { Alias, CST, Document, Node, Pair, ScalarTag, Tags } from 'yaml';

export type PathSegment = string | number;
export type Path = readonly PathSegment[];

/** Offsets into the text a document was parsed from: [start, end). */
export interface Span {
  start: number;
  end: number;
}

export interface YamlProblem {
  span: Span;
  code: string;
  message: string;
  /** YAML errors stop a manifest from applying; warnings (e.g. unknown tags) do not. */
  isError: boolean;
}

export interface YamlDocument {
  readonly index: number;
  readonly ast: Document.Parsed;
  readonly span: Span;
  /** The document as plain data; undefined when it could not be built (see `valueError`). */
  readonly value: unknown;
  readonly valueError?: string;
  /** `value` at a path, without building the whole document when it need not be built. */
  dataAt(path: Path): unknown;
  /** The number of items of the list at a path (0 when there is none), likewise without building the document. */
  lengthAt(path: Path): number;
  readonly problems: YamlProblem[];
}

/**
 * The texts whose trees are held until the holder lets them go: a check of a repository holds the documents of every
 * file for the index, but not their trees (tens of times their text), which are composed again from the text when a
 * rule next reads them. The holder lets go between files, never while a rule holds a node. Without one, trees are held
 * as long as their documents.
 */
export class HeldTrees {
  private readonly texts = new Set<ComposedText>();

  /** How many texts' trees are held. */
  get count(): number {
    return this.texts.size;
  }

  composed(text: ComposedText): void {
    this.texts.add(text);
  }

  letGo(): void {
    for (const text of this.texts) text.drop();
    this.texts.clear();
  }
}

interface Built {
  value: unknown;
  valueError?: string;
}

/** The documents of one text, composed from it again after they were let go (see HeldTrees). */
class ComposedText {
  private trees?: { asts: Document.Parsed[]; built: (Built | undefined)[] };

  constructor(readonly text: string, asts: Document.Parsed[], private readonly held: HeldTrees | undefined) {
    this.trees = { asts, built: [] };
    held?.composed(this);
  }

  private composedTrees() {
    if (!this.trees) {
      // The same text composed the same way: the documents it held before, node for node.
      this.trees = { asts: Array.from(composer(this.text).compose(new Parser().parse(this.text))), built: [] };
      this.held?.composed(this);
    }
    return this.trees;
  }

  ast(index: number): Document.Parsed {
    return this.composedTrees().asts[index];
  }

  built(index: number, build: (ast: Document.Parsed) => Built): Built {
    const trees = this.composedTrees();
    return (trees.built[index] ??= build(trees.asts[index]));
  }

  drop(): void {
    this.trees = undefined;
  }
}

class ParsedDocument implements YamlDocument {
  private refersOut?: boolean;
  /**
   * Whether the whole document was built, once: from then on its data and whether it has any are read from that
   * build, as before its tree was let go and built again (a check gives the same findings either way).
   */
  private wasBuilt = false;

  constructor(private readonly composed: ComposedText, readonly index: number, readonly span: Span, readonly problems: YamlProblem[]) {}

  get ast(): Document.Parsed {
    return this.composed.ast(this.index);
  }

  get value(): unknown {
    return this.build().value;
  }

  get valueError(): string | undefined {
    return this.needsWhole() ? this.build().valueError : undefined;
  }

  dataAt(path: Path): unknown {
    if (!this.needsWhole()) {
      // No alias or merge key: the data of a node is built from that node alone.
      const ast = this.ast;
      const node = nodeAt(ast.contents, path);
      try {
        return node ? node.toJS(ast) : node;
      } catch {
        // A node that is no data (an ordered map with a key twice) leaves the whole document without: its build says why.
      }
    }
    return dataPath(this.build().value, path);
  }

  lengthAt(path: Path): number {
    if (this.needsWhole()) {
      const list = dataPath(this.build().value, path);
      return Array.isArray(list) ? list.length : 0;
    }
    const node = nodeAt(this.ast.contents, path);
    return isSeq(node) ? node.items.length : 0;
  }

  private mayRefer(): boolean {
    return (this.refersOut ??= mayReferOut(this.composed.text, this.span));
  }

  // Built on first use: documents promagent does not check never need their data.
  private build(): Built {
    this.wasBuilt = true;
    return this.composed.built(this.index, (ast) => toData(ast, this.mayRefer()));
  }

  private needsWhole(): boolean {
    return this.wasBuilt || this.mayRefer();
  }
}

/**
 * Kubernetes and Prometheus both read YAML with go-yaml v2, which speaks YAML 1.1 (`yes` is a boolean, `<<` merges):
 * parse the same way so values mean what they will mean in the cluster.
 * logLevel 'error': the library's warnings (e.g. a collection used as a key) would go to the console of the server or
 * CLI; what matters reaches the user as findings.
 * uniqueKeys: the parser compares each key with every earlier key of its map, quadratic in a map's size (50,000
 * external_labels take seconds); duplicateKeys finds the same keys with a set.
 */
const composerOptions = {
  version: '1.1', customTags: stringsFirst, prettyErrors: false, merge: true, keepSourceTokens: false, logLevel: 'error',
  uniqueKeys: false,
} as const;

/**
 * Those options with the schema they make, made once: the library makes one per document (its tags listed and
 * reordered anew), a twentieth of parsing a repository. Composing never changes a YAML 1.1 schema (only 1.2's known
 * tags are added to one as they are met).
 */
let withSharedSchema: ConstructorParameters<typeof Composer>[0] | undefined;

/**
 * The composer of a text's documents. A text with a `%YAML` directive gets the library's own schema per document: a
 * document that declares 1.2 is read as 1.2.
 */
const composer = (text: string) => {
  // Any `%YAML` in the text, wherever it stands (after a byte order mark, in a comment): the library's way is never wrong.
  if (text.includes('%YAML')) return new Composer(composerOptions);
  withSharedSchema ??= { ...composerOptions, schema: new YamlDocumentNode(undefined, composerOptions).schema };
  return new Composer(withSharedSchema);
};

/**
 * The documents of a text. `tokens`, the text's syntax tokens when a StagedParse made them already, are composed
 * instead of parsing the text again. With `held`, their trees are let go when it says.
 */
export function parseDocuments(text: string, tokens?: readonly CST.Token[], held?: HeldTrees): YamlDocument[] {
  const parsed = Array.from(composer(text).compose(tokens ?? new Parser().parse(text)));
  const composed = new ComposedText(text, parsed, held);
  return parsed.map((ast, index) => {
    const problems: YamlProblem[] = [
      ...ast.errors.map((e) => ({ span: spanOfPos(e.pos, text.length), code: e.code, message: e.message, isError: true })),
      ...ast.warnings.map((w) => ({ span: spanOfPos(w.pos, text.length), code: w.code, message: w.message, isError: false })),
      ...duplicateKeys(ast.contents),
    ];
    return new ParsedDocument(composed, index, { start: ast.range[0], end: ast.range[2] }, problems);
  });
}

/**
 * An item of a List of objects (`items[i]` of `list`) as a document of its own: kubectl applies each item as an object.
 * Its nodes and data are the List's; its tree is the List's tree with the item as its contents (an alias to an anchor
 * in another item reads as none there, its data as go-yaml reads it). The List's problems stay the List's.
 */
class ListItemDocument implements YamlDocument {
  readonly problems: YamlProblem[] = [];

  constructor(readonly list: YamlDocument, private readonly item: number, readonly span: Span) {}

  get index(): number {
    return this.list.index;
  }

  get ast(): Document.Parsed {
    const listAst = this.list.ast;
    let asts = itemAsts.get(listAst);
    if (!asts) itemAsts.set(listAst, (asts = []));
    return (asts[this.item] ??= Object.create(listAst, { contents: { value: nodeAt(listAst.contents, ['items', this.item]) ?? null, writable: true } }));
  }

  get value(): unknown {
    return this.list.dataAt(['items', this.item]);
  }

  get valueError(): string | undefined {
    return this.list.valueError;
  }

  dataAt(path: Path): unknown {
    return this.list.dataAt(['items', this.item, ...path]);
  }

  lengthAt(path: Path): number {
    return this.list.lengthAt(['items', this.item, ...path]);
  }
}

/** Per tree of a List, its items' trees: made once per tree, so a node of one is the same object every read. */
const itemAsts = new WeakMap<Document.Parsed, Document.Parsed[]>();

/** The items of a List document that are mappings, each as a document of its own (see ListItemDocument). */
export function listItemDocuments(list: YamlDocument): YamlDocument[] {
  const items = nodeAt(list.ast.contents, ['items']);
  if (!isSeq(items)) return [];
  return items.items.flatMap((item, index) => (isMap(item) && item.range ? [new ListItemDocument(list, index, { start: item.range[0], end: item.range[2] })] : []));
}

const aliasedSpansOf = new WeakMap<Document, Span[]>();

/**
 * Where the nodes some alias repeats are (`&x` … `*x`, `<<: *x`), in the whole tree (a List's, for one of its items): an
 * edit inside one changes every alias of it too.
 */
export function aliasedSpans(document: YamlDocument): Span[] {
  const tree = document instanceof ListItemDocument ? document.list.ast : document.ast;
  let spans = aliasedSpansOf.get(tree);
  if (!spans) {
    const targets = new Set([...aliasTargets(tree).values()]);
    spans = [...targets].flatMap((node) => (node?.range ? [{ start: node.range[0], end: node.range[2] }] : []));
    aliasedSpansOf.set(tree, spans);
  }
  return spans;
}

/** Aliases with no anchor of their name before them in their document, in document order. */
export function unknownAnchors(document: YamlDocument): { source: string; span: Span }[] {
  const found: { source: string; span: Span }[] = [];
  for (const [alias, target] of aliasTargets(document.ast)) {
    if (!target && alias.range) found.push({ source: alias.source, span: { start: alias.range[0], end: alias.range[1] } });
  }
  return found;
}

const targets = new WeakMap<Document, Map<Alias, Node | undefined>>();

/**
 * Each alias of a document with the node it names: the last node anchored with its name before it, in document order;
 * undefined when there is none. Made in one walk per document: the parser's own `resolve` walks the whole document for
 * each alias, which thousands of aliases make minutes.
 */
export function aliasTargets(doc: Document): Map<Alias, Node | undefined> {
  let found = targets.get(doc);
  if (!found) {
    const anchors = new Map<string, Node>();
    const resolved = new Map<Alias, Node | undefined>();
    visit(doc, (_, node) => {
      if (isAlias(node)) resolved.set(node, anchors.get(node.source));
      else if (isNode(node) && node.anchor) anchors.set(node.anchor, node);
    });
    targets.set(doc, (found = resolved));
  }
  return found;
}

/** The node an alias names (see aliasTargets), or the node itself when it is no alias. */
export function resolveAlias(doc: Document, node: unknown): Node | null {
  if (isAlias(node)) return aliasTargets(doc).get(node) ?? null;
  return (node as Node | null | undefined) ?? null;
}

/**
 * What go-yaml (kubectl, Prometheus) refuses in a document's aliases, in its words: an alias inside the node its anchor
 * is on, and its bound on alias expansion. A document fails with "document contains excessive aliasing" once, while
 * it is decoded in document order, more than 100 nodes came through aliases, more than 1,000 were decoded in all, and
 * the share that came through aliases passes what its size allows: 99% up to 400,000 nodes, falling to 10% at
 * 4,000,000. Sizes are counted, not expanded: an anchored node's expanded size is kept.
 */
export function aliasingError(doc: Document): string | undefined {
  const resolved = aliasTargets(doc);
  const expandedSize = new Map<Node, number>();
  let decoded = 1;
  let throughAliases = 0;
  let error: string | undefined;
  const excessive = () => throughAliases > 100 && decoded > 1000 && throughAliases / decoded > allowedAliasRatio(decoded);
  // Returns the node's expanded size, or undefined once an error is found. Recursion follows the nesting, which
  // parsedSafely bounds; an alias is never followed, its target's size is known.
  const decode = (node: unknown): number | undefined => {
    if (isAlias(node)) {
      const target = resolved.get(node);
      // Anchors come before their aliases: a target without a size yet is being decoded, and holds the alias.
      const size = target ? expandedSize.get(target) : 0;
      if (size === undefined) {
        error = `anchor '${node.source}' value contains itself`;
        return undefined;
      }
      decoded += 1 + size;
      throughAliases += size;
      if (excessive()) error = 'document contains excessive aliasing';
      return error ? undefined : 1 + size;
    }
    if (!isNode(node)) return 0;
    decoded++;
    if (excessive()) {
      error = 'document contains excessive aliasing';
      return undefined;
    }
    let size = 1;
    const children: unknown[] = isMap(node) ? node.items.flatMap((pair) => [pair.key, pair.value]) : isSeq(node) ? node.items : [];
    for (const child of children) {
      const childSize = decode(child);
      if (childSize === undefined) return undefined;
      size += childSize;
    }
    if (node.anchor) expandedSize.set(node, size);
    return size;
  };
  decode(doc.contents);
  return error;
}

/**
 * The document as plain data, each alias built as a copy of its target, as go-yaml decodes it. The parser's own
 * `toJS` finds each alias's anchor by a scan of all anchors and aliases before it: minutes for tens of thousands. The
 * aliases are swapped for their targets while it runs (aliasingError has bounded the copies), then put back. A root
 * that is an alias has no anchor before it: it is left for the parser to refuse.
 */
function dataOf(doc: Document.Parsed): unknown {
  const resolved = aliasTargets(doc);
  // Found first, swapped after: a walk would go on into the targets swapped in.
  const slots: { swap: () => void; restore: () => void }[] = [];
  const slot = (node: unknown, put: (value: Node | unknown) => void) => {
    const target = isAlias(node) ? resolved.get(node) : undefined;
    if (target) slots.push({ swap: () => put(target), restore: () => put(node) });
  };
  visit(doc, {
    Pair(_, pair) {
      slot(pair.key, (node) => { pair.key = node; });
      slot(pair.value, (node) => { pair.value = node; });
    },
    Seq(_, seq) {
      seq.items.forEach((item, i) => slot(item, (node) => { seq.items[i] = node; }));
    },
  });
  for (const { swap } of slots) swap();
  try {
    return doc.toJS({ maxAliasCount: -1 });
  } finally {
    for (const { restore } of slots) restore();
  }
}

/** How much of a document of `decoded` nodes go-yaml lets come through aliases. */
function allowedAliasRatio(decoded: number): number {
  if (decoded <= 400_000) return 0.99;
  if (decoded >= 4_000_000) return 0.1;
  return 0.99 - 0.89 * ((decoded - 400_000) / 3_600_000);
}

/**
 * Keys written twice in one mapping, as the parser's uniqueKeys reports them (scalar keys of the same value; a key
 * that is a collection is never equal to another), but in linear time: problems point at the repeated key.
 */
function duplicateKeys(root: Node | null): YamlProblem[] {
  const problems: YamlProblem[] = [];
  const pending: unknown[] = [root];
  while (pending.length > 0) {
    const node = pending.pop();
    if (isMap(node)) {
      const seen = new Set<unknown>();
      for (const pair of node.items) {
        const key = pair.key;
        // The parser compares with ===, by which `.nan` never equals `.nan`.
        if (isScalar(key) && !Number.isNaN(key.value)) {
          if (seen.has(key.value) && key.range) {
            problems.push({ span: { start: key.range[0], end: key.range[0] + 1 }, code: 'DUPLICATE_KEY', message: 'Map keys must be unique', isError: true });
          }
          seen.add(key.value);
        } else if (key) {
          pending.push(key);
        }
        pending.push(pair.value);
      }
    } else if (isSeq(node)) {
      for (const item of node.items) pending.push(item);
    }
  }
  return problems.sort((a, b) => a.span.start - b.span.start);
}

/**
 * The plain scalars go-yaml (kubectl's and Prometheus's reader) can only read as strings: not empty, not a null or
 * boolean word, not starting like a number, a float or a timestamp (a sign, a dot or a digit), `~` or the merge key
 * `<<`. Most keys and values of a manifest are such strings. `e5` is one: go-yaml reads a number only from a sign, a
 * dot or a digit, where the YAML 1.1 schema also takes an exponent alone.
 */
const onlyAString = /^(?![-+.0-9~<]|(?:[yYnN]|[Yy]es|YES|[Nn]o|NO|[Tt]rue|TRUE|[Ff]alse|FALSE|[Oo]n|ON|[Oo]ff|OFF|[Nn]ull|NULL)$)[\s\S]/;

/**
 * Plain scalars the YAML 1.1 schema reads as numbers and go-yaml as strings: sexagesimals (`12:30`, `1:20.5`), which
 * go-yaml does not implement; a dot then no digit before the end or an exponent, or an underscore (`.`, `._5`, `.e3`),
 * which Go's float parser refuses; a sign then no digit (`+.`, `-e1`); a hex or binary prefix with underscores and no
 * digit (`0x_`), which Go's integer parser refuses.
 */
const goYamlStrings = /^(?:[-+]?[0-9][0-9_]*(?::[0-5]?[0-9])+(?:\.[0-9_]*)?|\.(?![0-9]+(?:[eE][-+]?[0-9]+)?$)[0-9_]*(?:[eE][-+]?[0-9]+)?|[-+](?:\._*(?:[eE][-+]?[0-9]+)?|[eE][-+]?[0-9]+)|[-+]?0[xb]_+)$/;

/**
 * The integers go-yaml reads that YAML 1.1 does not: Go's strconv.ParseInt(s, 0, 64), which go-yaml tries on every
 * plain scalar starting like a number (its underscores dropped), also takes `0o17`, `0O17`, `0X1F` and `0B101`.
 */
const goYamlIntegers = /^[-+]?0(?:[oO]_*[0-7][0-7_]*|X_*[0-9a-fA-F][0-9a-fA-F_]*|B_*[01][01_]*)$/;

export const goYamlInteger: ScalarTag = {
  identify: () => false,
  default: true,
  tag: 'tag:yaml.org,2002:int',
  test: goYamlIntegers,
  resolve(source: string) {
    const text = source.replace(/_/g, '');
    const sign = text[0] === '-' ? -1 : 1;
    const digits = text.replace(/^[-+]/, '');
    const radix = /^0[oO]/.test(digits) ? 8 : /^0[xX]/.test(digits) ? 16 : 2;
    return sign * parseInt(digits.slice(2), radix);
  },
};

/**
 * YAML 1.1 tries a dozen patterns on every plain scalar before settling on a string. Tried first, a copy of the string
 * tag that takes what can only be a string settles most of them at once (a tenth less parse time); a second copy takes
 * what go-yaml reads as a string where YAML 1.1 would read a number; then the integers only go-yaml reads.
 */
function stringsFirst(tags: Tags): Tags {
  const string = tags.find((tag): tag is ScalarTag => typeof tag === 'object' && !tag.collection && tag.tag === 'tag:yaml.org,2002:str');
  if (!string) return tags;
  if (settled?.string !== string) settled = { string, first: [{ ...string, test: onlyAString }, { ...string, test: goYamlStrings }, goYamlInteger] };
  return [...settled.first, ...tags.map((tag) => (isTimestamp(tag) ? { ...tag, resolve: timestampText } : tag))];
}

/** The format of a scalar read as a timestamp (its value the text as written): what go-yaml's errors call `!!timestamp`. */
export const timestampFormat = 'TIMESTAMP';

const isTimestamp = (tag: Tags[number]): tag is ScalarTag => typeof tag === 'object' && tag.tag === 'tag:yaml.org,2002:timestamp';

/**
 * A timestamp as go-yaml v2 hands it on: the text as written. Decoding into interface{} (Kubernetes' JSON, maps of
 * labels) it keeps a timestamp a string "for backward compatibility", and a string field takes the text too. What it
 * resolves as a timestamp, as its errors name it (`cannot unmarshal !!timestamp`), carries timestampFormat.
 */
function timestampText(text: string): Scalar {
  const scalar = new Scalar(text);
  if (goTimestamp(text)) scalar.format = timestampFormat;
  return scalar;
}

/**
 * go-yaml v2's parseTimestamp: four digits and a dash, then one of its layouts as Go's time.Parse takes it: a date
 * (`2006-1-2`), with a time after `T`, `t` and a zone (`Z`, `±07:00`), or after one space without a zone.
 */
function goTimestamp(text: string): boolean {
  const match = /^(\d{4})-(\d\d?)-(\d\d?)(?:([Tt])(\d\d?):(\d\d?):(\d\d?)(?:\.\d+)?(?:Z|[-+]\d\d:\d\d)| (\d\d?):(\d\d?):(\d\d?)(?:\.\d+)?)?$/.exec(text);
  if (!match) return false;
  const [year, month, day] = [Number(match[1]), Number(match[2]), Number(match[3])];
  const [hour, minute, second] = (match[4] ? match.slice(5, 8) : match.slice(8, 11)).map((part) => Number(part ?? 0));
  const leap = year % 4 === 0 && (year % 100 !== 0 || year % 400 === 0);
  const days = [31, leap ? 29 : 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31][month - 1] ?? 0;
  return month >= 1 && month <= 12 && day >= 1 && day <= days && hour < 24 && minute < 60 && second < 60;
}

/** The schema is built per document: its first tags are made once. */
let settled: { string: ScalarTag; first: ScalarTag[] } | undefined;

/**
 * Whether a document may hold an alias, a merge key or an anchor: the only ways its data can depend on nodes elsewhere,
 * or fail to build (an unknown alias, an expansion too far, a merge of a non-map, an anchor whose name the builder
 * refuses). A `*` or `&` right after a letter, a digit, `.`, `(`, `)`, `_` or `/` is inside a scalar (`.*` in a regex,
 * `a=1&b=2` in a URL); any other may start an alias or an anchor.
 */
function mayReferOut(text: string, { start, end }: Span): boolean {
  const source = text.slice(start, end);
  if (source.includes('<<')) return true;
  for (const mark of ['*', '&']) {
    for (let at = source.indexOf(mark); at !== -1; at = source.indexOf(mark, at + 1)) {
      if (at === 0 || !insideScalar.test(source[at - 1])) return true;
    }
  }
  return false;
}

const insideScalar = /[A-Za-z0-9.()_/]/;

/** The data at a path, read as walkPath reads nodes: a number indexes a list, anything else keys a map. */
function dataPath(value: unknown, path: Path): unknown {
  let current = value;
  for (const segment of path) {
    if (current === null || typeof current !== 'object') return undefined;
    if (Array.isArray(current)) {
      if (typeof segment !== 'number') return undefined;
      current = current[segment];
    } else {
      const key = String(segment);
      current = Object.hasOwn(current, key) ? (current as Record<string, unknown>)[key] : undefined;
    }
  }
  return current;
}

/** The document's data; `mayReferOut` false (no alias, no merge key) spares the walks that follow aliases. */
function toData(ast: Document.Parsed, mayReferOut: boolean): { value: unknown; valueError?: string } {
  const aliasing = mayReferOut ? aliasingError(ast) : undefined;
  if (aliasing) return { value: undefined, valueError: aliasing };
  try {
    return { value: mayReferOut ? dataOf(ast) : ast.toJS() };
  } catch (error) {
    return { value: undefined, valueError: error instanceof Error ? error.message : String(error) };
  }
}

function spanOfPos(pos: [number, number], textLength: number): Span {
  const start = Math.min(pos[0], textLength);
  return { start, end: Math.max(start, Math.min(pos[1], textLength)) };
}

export interface PathStep {
  segment: PathSegment;
  /** The map entry for a string segment. */
  pair?: Pair;
  node: Node | null;
}

/** Follows `path` through the document's nodes, as far as it goes (aliases and merge keys end the walk). */
export function walkPath(root: Node | null, path: Path): PathStep[] {
  const steps: PathStep[] = [];
  let current: Node | null = root;
  for (const segment of path) {
    if (current === null || isAlias(current)) break;
    if (isMap(current)) {
      const pair = findPair(current.items, String(segment));
      if (!pair) break;
      current = (pair.value as Node | null) ?? null;
      steps.push({ segment, pair, node: current });
    } else if (isSeq(current) && typeof segment === 'number') {
      const item = current.items[segment] as Node | undefined;
      if (item === undefined) break;
      current = item ?? null;
      steps.push({ segment, node: current });
    } else {
      break;
    }
  }
  return steps;
}

export function findPair(items: readonly Pair[], key: string): Pair | undefined {
  for (let i = items.length - 1; i >= 0; i--) {
    const item = items[i];
    if (isPair(item) && keyText(item) === key) return item;
  }
  return undefined;
}

/** An entry of a mapping as go-yaml reads it. */
export interface ReadEntry {
  key: string;
  keyNode: Node | null;
  /** The value, an alias followed to its anchor. */
  value: Node | null;
  /** The alias the entry (or its value) comes through: findings about it go there, and fixes, which would edit the anchor, do not. */
  via?: Alias;
}

/**
 * A mapping's entries as go-yaml reads them: its own, then those its merge keys bring in that it does not set itself;
 * aliases followed. `via` names the alias a whole mapping came through.
 */
export function readEntries(doc: Document, map: Node | null | undefined, via?: Alias, seen = new Set<Node>()): ReadEntry[] {
  const resolve = (node: unknown): Node | null => resolveAlias(doc, node);
  const mapping = resolve(map);
  // A mapping that merges itself (`&a {<<: *a}`) is read once.
  if (!isMap(mapping) || seen.has(mapping)) return [];
  seen.add(mapping);
  const through = via ?? (isAlias(map) ? map : undefined);
  const own: ReadEntry[] = [];
  const merged: ReadEntry[] = [];
  for (const pair of mapping.items) {
    if (isMergeKey(pair)) {
      for (const source of isSeq(pair.value) ? pair.value.items : [pair.value]) {
        merged.push(...readEntries(doc, source as Node | null, through ?? (isAlias(source) ? source : undefined), seen));
      }
      continue;
    }
    const value = pair.value as Node | null;
    own.push({ key: keyText(pair) ?? '', keyNode: pair.key as Node | null, value: resolve(value), via: through ?? (isAlias(value) ? value : undefined) });
  }
  const ownKeys = new Set(own.map((entry) => entry.key));
  return [...own, ...merged.filter((entry) => !ownKeys.has(entry.key))];
}

/** A merge key (`<<: *defaults`), which the YAML 1.1 schema resolves to a symbol. */
export function isMergeKey(pair: Pair): boolean {
  return isScalar(pair.key) && typeof pair.key.value === 'symbol';
}

/** A key as text: a collection as the library prints it, undefined when it cannot (`{<<: 1}`, a merge of no map). */
export function keyText(pair: Pair): string | undefined {
  const key = pair.key;
  if (isScalar(key)) return key.value === null ? '' : String(key.value);
  if (key === null || key === undefined) return undefined;
  try {
    return String(key);
  } catch {
    return undefined;
  }
}

export function nodeAt(root: Node | null, path: Path): Node | null | undefined {
  const steps = walkPath(root, path);
  if (steps.length !== path.length) return undefined;
  return path.length === 0 ? root : steps[steps.length - 1].node;
}

export function nodeSpan(node: Node | null | undefined): Span | undefined {
  if (!node || !node.range) return undefined;
  return { start: node.range[0], end: node.range[1] };
}

export function keySpan(pair: Pair): Span | undefined {
  return nodeSpan(pair.key as Node | null);
}

import { isAlias, isMap, isPair, isScalar, isSeq } from 'yaml';
import type { Document, Node, Pair, Scalar, YAMLMap } from 'yaml';
import { isMergeKey, keyText, resolveAlias, timestampFormat, type Path, type Span } from '../../yaml/documents';

/** How go-yaml v2 (which Prometheus reads its configuration with) sees the parsed YAML nodes. */

import { goQuote } from '../../util/goQuote';

export { goQuote };

/**
 * A !!binary value whose bytes are not valid UTF-8, as Go's %q prints them (`"\xff"`): the only way a YAML file puts
 * such bytes in a string. Undefined for any other node.
 */
export function invalidUtf8Quoted(node: unknown): string | undefined {
  if (!isScalar(node) || !(node.value instanceof Uint8Array)) return undefined;
  const bytes = node.value;
  let out = '"';
  let valid = true;
  for (let i = 0; i < bytes.length;) {
    const length = utf8SequenceLength(bytes, i);
    if (length === 0) {
      out += `\\x${bytes[i].toString(16).padStart(2, '0')}`;
      valid = false;
      i += 1;
    } else {
      out += goQuote(new TextDecoder().decode(bytes.slice(i, i + length))).slice(1, -1);
      i += length;
    }
  }
  return valid ? undefined : `${out}"`;
}

/** The length of the UTF-8 sequence starting at `i`; 0 where utf8.DecodeRune finds none (Go then moves one byte on). */
function utf8SequenceLength(bytes: Uint8Array, i: number): number {
  const lead = bytes[i];
  if (lead < 0x80) return 1;
  const length = lead >= 0xc2 && lead <= 0xdf ? 2 : lead >= 0xe0 && lead <= 0xef ? 3 : lead >= 0xf0 && lead <= 0xf4 ? 4 : 0;
  if (length === 0 || i + length > bytes.length) return 0;
  // The second byte's range rules out overlong forms, surrogates and code points above U+10FFFF.
  const low = lead === 0xe0 ? 0xa0 : lead === 0xf0 ? 0x90 : 0x80;
  const high = lead === 0xed ? 0x9f : lead === 0xf4 ? 0x8f : 0xbf;
  if (bytes[i + 1] < low || bytes[i + 1] > high) return 0;
  for (let k = 2; k < length; k++) if (bytes[i + k] < 0x80 || bytes[i + k] > 0xbf) return 0;
  return length;
}

/** The node an alias stands for; the node itself otherwise. */
export function resolved(node: unknown, doc: Document): Node | null {
  if (node === undefined || node === null) return null;
  if (isAlias(node)) return resolveAlias(doc, node);
  return node as Node;
}

export function isNullNode(node: Node | null): boolean {
  return node === null || (isScalar(node) && node.value === null);
}

/** The text Go reads into a string: plain scalars as written (`0x10` stays `0x10`), quoted ones decoded, null as "". */
export function goText(scalar: Scalar): string {
  if (scalar.value === null) return '';
  // A !!binary value is its decoded bytes; bytes that are not UTF-8 read here as U+FFFD (invalidUtf8Quoted tells them).
  if (scalar.value instanceof Uint8Array) return new TextDecoder().decode(scalar.value);
  if (typeof scalar.source === 'string') return scalar.source;
  return String(scalar.value);
}

/** A key as go-yaml decodes it into a string (a map's key, a struct's field name): as written, `on` and not `true`. */
export function goKey(pair: Pair): string | undefined {
  return isScalar(pair.key) ? goText(pair.key) : keyText(pair);
}

/** An integer as go-yaml reads one (strconv.ParseInt, base 0): a sign, then a prefixed or decimal number, `_` between. */
export const yamlIntSource = /^[-+]?(0[bB][01_]+|0[xX][0-9a-fA-F_]+|0[oO][0-7_]+|[0-9][0-9_]*)$/;

/** The tag go-yaml resolves a node to, as its errors print it (`!!str`, `!!int`, `!!seq` …). */
export function goTag(node: Node): string {
  if (isMap(node)) return '!!map';
  if (isSeq(node)) return '!!seq';
  if (!isScalar(node)) return '!!str';
  if (node.tag && !node.tag.startsWith('tag:yaml.org,2002:')) return node.tag;
  const value = node.value;
  if (node.tag === 'tag:yaml.org,2002:binary') return '!!binary';
  if (value === null) return '!!null';
  if (typeof value === 'boolean') return '!!bool';
  if (typeof value === 'number' || typeof value === 'bigint') return yamlIntSource.test(goText(node)) ? '!!int' : '!!float';
  return node.format === timestampFormat ? '!!timestamp' : '!!str';
}

/** go-yaml's `cannot unmarshal …` text: scalar values longer than 10 bytes are cut to 7 and an ellipsis. */
export function cannotUnmarshal(node: Node, goType: string): string {
  const tag = goTag(node);
  if (tag === '!!seq' || tag === '!!map') return `cannot unmarshal ${tag} into ${goType}`;
  const text = isScalar(node) ? goText(node) : '';
  const bytes = new TextEncoder().encode(text);
  const shown = bytes.length > 10 ? `${new TextDecoder().decode(bytes.slice(0, 7))}...` : text;
  return `cannot unmarshal ${tag} \`${shown}\` into ${goType}`;
}

export function spanOf(node: Node | null | undefined): Span | undefined {
  return node?.range ? { start: node.range[0], end: node.range[1] } : undefined;
}

/**
 * The views of one decoding of a document: what the decoder learnt about a mapping (entries it skipped) holds wherever
 * a rule reads that mapping. A new decoding (another Prometheus version) starts afresh.
 */
export class Views {
  private readonly byNode = new Map<YAMLMap, MapView>();

  constructor(readonly doc: Document) {}

  of(node: YAMLMap, path: Path): MapView {
    let view = this.byNode.get(node);
    if (!view) this.byNode.set(node, view = new MapView(node, this, path));
    return view;
  }
}

/**
 * A YAML mapping read as Go reads it into a struct: entries in order, each set over what came before, a merge key's
 * maps too (`<<: *defaults` written after a key overrides it; of a list of maps, the first wins); of two equal keys
 * written in the mapping itself, the first counts (go-yaml skips and reports the second). A field set twice is read
 * from the later entry whole: go-yaml decodes the later one into what the earlier left, which only matters for a
 * mapping both set.
 */
export class MapView {
  private entries?: Map<string, Pair>;
  /** Entries go-yaml never decodes (a key the target version lacks): rules read past them. */
  private readonly skipped = new Set<Pair>();

  constructor(readonly node: YAMLMap, readonly views: Views, readonly path: Path) {}

  get doc(): Document {
    return this.views.doc;
  }

  skip(pair: Pair): void {
    this.skipped.add(pair);
    this.entries = undefined;
  }

  /** The entries, by key, in the order their keys first appear. */
  pairs(): Map<string, Pair> {
    this.entries ??= this.decoded(this.node, new Set([this.node]));
    return this.entries;
  }

  /** go-yaml's decoder.mappingStruct: a merged map is decoded on its own, then set over what the mapping set so far. */
  private decoded(map: YAMLMap, merging: Set<YAMLMap>): Map<string, Pair> {
    const entries = new Map<string, Pair>();
    const written = new Set<string>();
    for (const item of map.items) {
      if (!isPair(item)) continue;
      const name = goKey(item);
      if (name === undefined) continue;
      if (isMergeKey(item)) {
        const sources = isSeq(item.value) ? item.value.items : [item.value];
        // decoder.merge steps backwards through a list: earlier maps take precedence.
        for (const source of [...sources].reverse()) {
          const merged = resolved(source, this.doc);
          if (!isMap(merged) || merging.has(merged)) continue;
          merging.add(merged);
          for (const [key, pair] of this.decoded(merged, merging)) entries.set(key, pair);
          merging.delete(merged);
        }
        continue;
      }
      if (this.skipped.has(item) || written.has(name)) continue;
      written.add(name);
      entries.set(name, item);
    }
    return entries;
  }

  pair(key: string): Pair | undefined {
    return this.pairs().get(key);
  }

  /** The value node (aliases followed); null for `key:` with no value; undefined when the key is absent. */
  value(key: string): Node | null | undefined {
    const pair = this.pair(key);
    return pair ? resolved(pair.value, this.doc) : undefined;
  }

  /** Set to something other than null: what Go sees as a non-nil pointer, a non-nil slice, a set string. */
  has(key: string): boolean {
    const value = this.value(key);
    return value !== undefined && !isNullNode(value);
  }

  /**
   * Configured as prometheus/common's checks count it: a string set to something other than "" (`len(s) > 0`), a
   * section written with a value (a non-nil pointer).
   */
  configured(key: string): boolean {
    const text = this.text(key);
    return text === undefined ? this.has(key) : text !== '';
  }

  /** The Go text of a scalar value ("" for null); undefined when absent or not a scalar. */
  text(key: string): string | undefined {
    const value = this.value(key);
    if (value === null) return '';
    return isScalar(value) ? goText(value) : undefined;
  }

  /** A boolean as go-yaml reads it; undefined when absent, null or not a boolean. */
  bool(key: string): boolean | undefined {
    const value = this.value(key);
    return isScalar(value) && typeof value.value === 'boolean' ? value.value : undefined;
  }

  /** An integer value; undefined when absent, null or not a number. */
  number(key: string): number | undefined {
    const value = this.value(key);
    if (!isScalar(value)) return undefined;
    if (typeof value.value === 'number') return Math.trunc(value.value);
    return typeof value.value === 'bigint' ? Number(value.value) : undefined;
  }

  map(key: string): MapView | undefined {
    const value = this.value(key);
    return isMap(value) ? this.views.of(value, [...this.path, key]) : undefined;
  }

  /** The items of a list value (aliases followed); empty when absent or not a list. */
  items(key: string): (Node | null)[] {
    const value = this.value(key);
    return isSeq(value) ? value.items.map((item) => resolved(item, this.doc)) : [];
  }

  /** The texts of a list of scalars, skipping items that are not scalars. */
  texts(key: string): string[] {
    return this.items(key).flatMap((item) => (item === null ? [''] : isScalar(item) ? [goText(item)] : []));
  }

  keySpan(key: string): Span | undefined {
    return spanOf(this.pair(key)?.key as Node | null);
  }

  /** Where a finding about `key` goes: its value when that is a scalar, else its key; the mapping when absent. */
  spanFor(key: string): Span {
    const value = this.value(key);
    if (isScalar(value) && value.value !== null) return spanOf(value) ?? this.anchor();
    return this.keySpan(key) ?? this.anchor();
  }

  /** The first key of the mapping: where findings about the mapping as a whole go. */
  anchor(): Span {
    const first = this.node.items.find(isPair);
    return spanOf(first?.key as Node | null) ?? spanOf(this.node) ?? { start: 0, end: 0 };
  }
}

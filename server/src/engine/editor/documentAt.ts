import { isMap, isPair, isScalar, Scalar } from 'yaml';
import { isObjectList, type ClassifiedDocument } from '../classify';
import { findPair, keyText } from '../yaml/documents';
import type { Piece } from '../sourceFile';
import { pieceIndexAt, type SourceFile } from '../workspace';

/**
 * The documents that can hold a file offset, in file order: those of the last piece starting at or before it, and of
 * the piece before (a document may end right where the next piece starts). A file of thousands of documents is not
 * searched through on every hover.
 */
function documentsAround(file: SourceFile, offset: number): ClassifiedDocument[] {
  const { pieces } = file;
  if (pieces.length === 0) return file.documents;
  const at = pieceIndexAt(pieces, offset);
  return pieces.slice(Math.max(0, at - 1), at + 1).flatMap((piece: Piece) => piece.documents);
}

/**
 * The document of `file` that holds the file offset `offset`: in a List of objects, the item there, which kubectl
 * applies as an object of its own (configurations embedded in a document are not candidates).
 */
export function documentAt(file: SourceFile, offset: number): ClassifiedDocument | undefined {
  return itemAt(file, offset, false);
}

/**
 * The document a key typed at `offset` goes into: the one holding it, else the one whose piece it ends, where only
 * blank space follows the document (`spec:` then a new indented line, at the end of a document); in a List, the item
 * that blank space follows, at its keys' column or right of it.
 */
export function documentTypedAt(file: SourceFile, offset: number): ClassifiedDocument | undefined {
  return itemAt(file, offset, true) ?? documentsAround(file, offset).find((d) => {
    if (d.embedding || d.listItem) return false;
    const end = d.source.offset + d.yaml.span.end;
    return offset > end && offset <= d.source.offset + d.source.text.length && file.content.slice(end, offset).trim() === '';
  });
}

/**
 * The document holding `offset`, and in a List the innermost item holding it (an item may be a List of its own): left
 * of an item's keys, a key of the List (or its next item) is typed. `typed`: an item holds the blank space after it.
 */
function itemAt(file: SourceFile, offset: number, typed: boolean): ClassifiedDocument | undefined {
  const around = documentsAround(file, offset);
  const holds = (d: ClassifiedDocument) => offset - d.source.offset >= d.yaml.span.start && offset - d.source.offset <= d.yaml.span.end;
  const outer = around.find((d) => !d.embedding && !d.listItem && holds(d));
  if (!outer || !isObjectList(outer)) return outer;
  const column = file.lines.position(offset).character;
  const inItem = (d: ClassifiedDocument) => {
    const { start, end } = fileSpanOf(d);
    if (offset < start || column < file.lines.position(start).character) return false;
    return offset <= end || (typed && file.content.slice(end, offset).trim() === '');
  };
  const items = around.filter((d) => d.listItem && d.source === outer.source && inItem(d));
  return items.reduce<ClassifiedDocument | undefined>((inner, d) => (!inner || d.yaml.span.start >= inner.yaml.span.start ? d : inner), undefined) ?? outer;
}

/** Where a document's own text starts and ends in its file. */
export function fileSpanOf(document: ClassifiedDocument): { start: number; end: number } {
  return { start: document.source.offset + document.yaml.span.start, end: document.source.offset + document.yaml.span.end };
}

/** Text cut from a file, and the file position of its first character, to translate positions between the two. */
export interface TextView {
  text: string;
  line: number;
  character: number;
}

/**
 * The document's own text, alone: a YAML service that cannot tell documents apart sees only this one, and its work
 * follows the document's size, not the file's.
 */
export function documentView(file: SourceFile, document: ClassifiedDocument): TextView {
  const { start, end: itemEnd } = fileSpanOf(document);
  if (document.listItem) {
    // An item alone, its first line indented as the others (`- ` becomes spaces): a mapping of its own; with the blank
    // lines after it, where its next key is typed.
    const at = file.lines.position(start);
    const blank = /^[ \t\r\n]*/.exec(file.content.slice(itemEnd, document.source.offset + document.source.text.length))![0];
    return { text: ' '.repeat(at.character) + file.content.slice(start, itemEnd + blank.length), line: at.line, character: 0 };
  }
  // To the end of the document's piece: the blank lines after its last content line are where the next key is typed.
  const end = document.source.offset + document.source.text.length;
  return { text: file.content.slice(start, end), ...file.lines.position(start) };
}

/**
 * The configuration held in a literal block scalar (`prometheus.yml: |`) of a ConfigMap or Secret at the file offset
 * `offset`: the block's lines alone, indented as in the file; or one being typed (see configBlockTypedAt). Other
 * styles (quoted, folded, base64) do not keep lines and columns.
 */
export function embeddedConfigAt(file: SourceFile, offset: number): TextView | undefined {
  // A block's lines, and the blank lines after it, end before the next piece's `---`.
  for (const document of documentsAround(file, offset)) {
    const embedding = document.embedding;
    const toFile = embedding?.literal && embedding.content === 'config' ? embedding.toFileOffset : undefined;
    if (!embedding || !toFile) continue;
    const lines = file.lines;
    const first = lines.position(document.source.offset + toFile(0));
    const start = lines.lineStart(first.line);
    const valueEnd = document.source.offset + toFile(embedding.text.length);
    // The block's lines run to its last character, then over the blank lines after it, where the next key is typed
    // (at the block's indentation: to the left of it, a key of the ConfigMap is typed).
    const contentEnd = lines.lineEnd(file.content.slice(valueEnd - 1, valueEnd) === '\n' ? valueEnd - 1 : valueEnd);
    let lastLine = lines.position(contentEnd).line;
    while (lastLine + 1 < lines.lineCount && file.content.slice(lines.lineStart(lastLine + 1), lines.lineEnd(lines.lineStart(lastLine + 1))).trim() === '') lastLine++;
    const end = lines.lineEnd(lines.lineStart(lastLine));
    if (offset < start || offset > end || (offset > contentEnd && lines.position(offset).character < first.character)) continue;
    return { text: file.content.slice(start, end), line: first.line, character: 0 };
  }
  return configBlockTypedAt(file, offset);
}

/** A key that names a Prometheus configuration outright (`*agent*.yml` is Grafana Agent's too; rule files are not one). */
const configKeyName = /^prometheus(?![^/]*rule)[^/]*\.ya?ml$/i;

/**
 * A literal block under a ConfigMap key (a Secret's stringData key) named like a Prometheus configuration
 * (`prometheus.yml: |`) that holds none yet, empty or half typed: completion and hover read it as one. No check does
 * (see embeddedDocuments): until it holds one of a configuration's keys, nothing says it is one.
 */
function configBlockTypedAt(file: SourceFile, offset: number): TextView | undefined {
  const document = documentTypedAt(file, offset);
  if (!document || (document.role !== 'config-map' && document.role !== 'secret')) return undefined;
  const root = document.yaml.ast.contents;
  const values = isMap(root) ? findPair(root.items, document.role === 'config-map' ? 'data' : 'stringData')?.value : undefined;
  if (!isMap(values)) return undefined;
  const { lines } = file;
  const held = documentsAround(file, offset).flatMap((d) => (d.embedding && d.source === document.source ? [d.embedding.keySpan.start] : []));
  for (const pair of values.items) {
    const { key, value } = pair;
    if (!isPair(pair) || !isScalar(key) || !key.range || !configKeyName.test(keyText(pair) ?? '') || held.includes(key.range[0])) continue;
    if (!isScalar(value) || value.type !== Scalar.BLOCK_LITERAL || !value.range) continue;
    // The block's lines: those after its header, blank or indented past its key, and the blank lines after them.
    const keyColumn = lines.position(document.source.offset + key.range[0]).character;
    const first = lines.position(document.source.offset + value.range[0]).line + 1;
    let last = first - 1;
    for (let line = first; line < lines.lineCount; line++) {
      const text = file.content.slice(lines.lineStart(line), lines.lineEnd(lines.lineStart(line)));
      if (text.trim() !== '' && text.length - text.trimStart().length <= keyColumn) break;
      last = line;
    }
    if (last < first) continue;
    const start = lines.lineStart(first);
    const end = lines.lineEnd(lines.lineStart(last));
    // At the key's column or left of it, a key of the ConfigMap is typed.
    if (offset < start || offset > end || lines.position(offset).character <= keyColumn) continue;
    return { text: file.content.slice(start, end), line: first, character: 0 };
  }
  return undefined;
}

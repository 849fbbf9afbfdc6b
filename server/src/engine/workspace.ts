import { classifyDocuments, listItemsOf, readingOf, type ClassifiedDocument, type FileReading } from './classify';
import type { Piece, SourceFile, TextSnapshot } from './sourceFile';
import { embeddedDocuments } from './embedded';
import type { ReadAs } from './types';
import { splitDocuments, type Chunk } from './yaml/chunks';
import { LineIndex } from './yaml/lineIndex';
import type { HeldTrees } from './yaml/documents';
import { StagedParse } from './yaml/stagedParse';
import type { CST } from 'yaml';
import { parsedSafely } from './yaml/nesting';
import { spliced } from './util/spliced';
import { PieceLines, pieceIndexAt, type Lines } from './fileLines';
import { indexOf, WorkspaceIndex } from './model/workspaceIndex';
import type { FileCheck } from './check';
import { folderOf } from './util/folderOf';
import { decodedUri } from './util/uriText';

/** Files larger than this are not parsed by default: one YAML file of several megabytes is data, not a manifest. */
export const defaultMaxFileSize = 5 * 1024 * 1024;

/**
 * How a file's text changed: only [start, end) of the new text differs from `base`, the text the workspace held (it
 * replaced base's [start, end - growth), where growth is how much longer the new text is). An editor knows this of
 * every keystroke; with it, only the documents around the change are split and looked at again.
 */
export interface TextChange {
  base: TextSnapshot;
  start: number;
  end: number;
}

/**
 * Parses and classifies a file, one document at a time. Given the file's previous analysis, a document whose text
 * did not change keeps its analysis (and everything cached on it), only moved to where it now starts.
 */
export type { SourceFile, TextSnapshot } from './sourceFile';
export { pieceIndexAt } from './fileLines';

export function analyzeFile(
  uri: string, content: TextSnapshot, readAs?: ReadAs, previous?: SourceFile, maxFileSize = defaultMaxFileSize,
  staged?: ReadonlyMap<string, readonly CST.Token[]>, change?: TextChange, held?: HeldTrees,
): SourceFile {
  if (content.length > maxFileSize) {
    return new AnalyzedFile(uri, content, { documents: [], pieces: [], documentStarts: new Int32Array(1), carriageReturns: 0, reading: '', tooLarge: { size: content.length, limit: maxFileSize } });
  }
  const carriageReturns = carriageReturnsOf(content, previous, change);
  const parsed = carriageReturns ? withLineFeeds(content.toString()) : content;
  const reading = readingOf({ uri, text: parsed, readAs });
  const readingKey = JSON.stringify(reading);
  const reusable = previous?.reading === readingKey ? previous : undefined;
  const around = reusable && change?.base === reusable.content ? aroundChange(parsed, reusable.pieces, change) : undefined;
  // The previous pieces [first, end) are replaced by those split again; without a change, all of them.
  const previousPieces = reusable?.pieces ?? [];
  const { first, end, chunks } = around ?? { first: 0, end: previousPieces.length, chunks: splitDocuments(parsed.toString()) };
  const keptAfter = previousPieces.length - end;
  const unchanged = new Map<string, Piece[]>();
  // Last first, taken with pop: thousands of pieces of one text (`---` lines) are found in linear time.
  for (let i = end - 1; i >= first; i--) {
    const piece = previousPieces[i];
    const same = unchanged.get(piece.source.text);
    if (same) same.push(piece);
    else unchanged.set(piece.source.text, [piece]);
  }
  const split = chunks.map((chunk): Piece => {
    // Looking a text up hashes all of it: only done when there is a previous analysis to reuse.
    const reused = unchanged.size ? unchanged.get(chunk.text)?.pop() : undefined;
    // A file of one document is its own piece: its text is no view of a larger one, and a copy would hold it twice.
    return reused ?? analyzePiece(chunk.text.length === parsed.length ? chunk.text : ownCopy(chunk.text), reading, staged?.get(chunk.text), held);
  });
  const pieces = around ? spliced(previousPieces, first, end - first, split) : split;
  // The kept pieces stand where they stood; the split ones follow them; those after move by what the change added.
  const lastKept = first > 0 ? previousPieces[first - 1].source : undefined;
  let offset = lastKept ? lastKept.offset + lastKept.text.length : 0;
  let line = lastKept ? lastKept.line + lastKept.lines.lineCount - 1 : 0;
  const documentStarts = new Int32Array(pieces.length + 1);
  if (around) documentStarts.set(reusable!.documentStarts.subarray(0, first + 1));
  const newDocuments: ClassifiedDocument[] = [];
  split.forEach((piece, i) => {
    piece.source.offset = offset;
    piece.source.line = line;
    offset += piece.source.text.length;
    line += piece.source.lines.lineCount - 1;
    for (const document of piece.documents) newDocuments.push(document);
    documentStarts[first + i + 1] = documentStarts[first] + newDocuments.length;
  });
  let documents = newDocuments;
  let documentsChange: SourceFile['documentsChange'];
  const piecesChange = around ? { from: new WeakRef(previousPieces), at: first, removed: end - first, added: split.length } : undefined;
  if (around) {
    const previousStarts = reusable!.documentStarts;
    const afterStart = previousStarts[end];
    const nextKept = previousPieces[end]?.source;
    const moved = { offset: offset - (nextKept?.offset ?? offset), line: line - (nextKept?.line ?? line) };
    if (moved.offset || moved.line) {
      for (let i = end; i < previousPieces.length; i++) {
        const { source } = previousPieces[i];
        source.offset += moved.offset;
        source.line += moved.line;
      }
    }
    const documentsMoved = documentStarts[first + split.length] - afterStart;
    for (let i = 1; i <= keptAfter; i++) documentStarts[first + split.length + i] = previousStarts[end + i] + documentsMoved;
    documents = spliced(reusable!.documents, documentStarts[first], afterStart - documentStarts[first], newDocuments);
    documentsChange = { from: new WeakRef(reusable!.documents), at: documentStarts[first], removed: afterStart - documentStarts[first], added: newDocuments.length };
  }
  return new AnalyzedFile(uri, content, { documents, pieces, documentStarts, carriageReturns, reading: readingKey, documentsChange, piecesChange });
}

type Analysis = Omit<SourceFile, 'uri' | 'content' | 'text' | 'lines'>;

/**
 * A file's analysis, its whole text and line index made when first asked for. A class, every field set in one order:
 * a repository holds thousands, and an object literal with getters and a spread of the analysis was a dictionary of
 * about 450 bytes each.
 */
class AnalyzedFile implements SourceFile {
  readonly documents: ClassifiedDocument[];
  readonly pieces: Piece[];
  readonly documentStarts: Int32Array;
  readonly carriageReturns: number;
  readonly reading: string;
  readonly documentsChange: SourceFile['documentsChange'];
  readonly piecesChange: SourceFile['piecesChange'];
  readonly tooLarge: SourceFile['tooLarge'];
  private joinedText: string | undefined = undefined;
  private lineIndex: Lines | undefined = undefined;

  constructor(readonly uri: string, readonly content: TextSnapshot, analysis: Analysis) {
    this.documents = analysis.documents;
    this.pieces = analysis.pieces;
    this.documentStarts = analysis.documentStarts;
    this.carriageReturns = analysis.carriageReturns;
    this.reading = analysis.reading;
    this.documentsChange = analysis.documentsChange;
    this.piecesChange = analysis.piecesChange;
    this.tooLarge = analysis.tooLarge;
  }

  get text(): string {
    return (this.joinedText ??= this.content.toString());
  }

  get lines(): Lines {
    // A file read with CRs turned into line feeds has pieces that are not its text: its lines are read in its text.
    this.lineIndex ??= this.tooLarge ? new LineIndex('') : this.carriageReturns ? new LineIndex(this.text) : new PieceLines(this.pieces, this.content.length);
    return this.lineIndex;
  }
}

/** Whether a change a host reports can be one that made `text` from its base. */
function fitsText(change: TextChange, text: TextSnapshot): boolean {
  const growth = text.length - change.base.length;
  return change.start >= 0 && change.start <= change.end && change.end <= text.length && change.end - growth >= change.start;
}


/**
 * The pieces a change replaces, [first, end), and their text split again: from the piece before the one the
 * change starts in to the piece after the one it ends in. Those two neighbours are split again because a change at a
 * piece's edge (a line break taken from before a `---`) can join or part them; the pieces beyond are untouched.
 */
function aroundChange(text: TextSnapshot, pieces: readonly Piece[], change: TextChange): { first: number; end: number; chunks: Chunk[] } | undefined {
  if (pieces.length === 0 || !fitsText(change, text)) return undefined;
  const growth = text.length - change.base.length;
  const containing = (offset: number) => pieceIndexAt(pieces, offset);
  const first = Math.max(0, containing(change.start) - 1);
  const last = Math.min(pieces.length - 1, containing(change.end - growth) + 1);
  const start = pieces[first].source.offset;
  const end = pieces[last].source.offset + pieces[last].source.text.length + growth;
  const chunks = splitDocuments(text.slice(start, end)).map((chunk) => ({ offset: start + chunk.offset, text: chunk.text }));
  return { first, end: last + 1, chunks };
}

/**
 * The text as a string of its own. A substring is a view of the string it was cut from and keeps all of it alive:
 * a piece kept across edits (and the names and values the workspace index reads from it) would hold one whole copy
 * of the file per edit. Buffer's UTF-8 round trip copies fast; a lone surrogate, which it would replace, is copied
 * by JSON instead, exactly.
 */
function ownCopy(text: string): string {
  const copy = Buffer.from(text, 'utf8').toString('utf8');
  return copy === text ? copy : JSON.parse(JSON.stringify(text));
}

/**
 * How many CRs the text holds: counted again only in what changed when the previous analysis is of the change's base
 * (looking through a text of megabytes on every keystroke costs more than the rest of the edit).
 */
function carriageReturnsOf(text: TextSnapshot, previous: SourceFile | undefined, change: TextChange | undefined): number {
  const count = (from: string) => {
    let found = 0;
    for (let at = from.indexOf('\r'); at !== -1; at = from.indexOf('\r', at + 1)) found++;
    return found;
  };
  if (!previous || !change || change.base !== previous.content || previous.tooLarge || !fitsText(change, text)) return count(text.toString());
  const growth = text.length - change.base.length;
  // The spans are short: counted in slices, so a search for a CR that is not there stops at their end.
  return previous.carriageReturns - count(change.base.slice(change.start, change.end - growth)) + count(text.slice(change.start, change.end));
}

/**
 * go-yaml (kubectl, Prometheus) takes a lone CR for a line break, as old Mac editors write them; the parser does not.
 * Each becomes a line feed, one character for one: offsets, and so positions and edits, stay those of the file.
 */
function withLineFeeds(text: string): string {
  return text.includes('\r') ? text.replace(/\r(?!\n)/g, '\n') : text;
}

/** `tokens`: the piece's syntax tokens, when a StagedParse made them; `held`: what lets go of its trees (see HeldTrees). */
export function analyzePiece(text: string, reading: FileReading, tokens?: readonly CST.Token[], held?: HeldTrees): Piece {
  const source = { text, lines: new LineIndex(text), offset: 0, line: 0 };
  const parsed = parsedSafely(source.lines, tokens, held);
  if ('tooDeep' in parsed) return { source, documents: [], tooDeep: parsed.tooDeep };
  const own = classifyDocuments(parsed.documents, reading, source);
  const items = listItemsOf(own);
  const objects = items.length ? [...own, ...items] : own;
  return { source, documents: [...objects, ...embeddedDocuments(objects, held)] };
}

/** Documents of at least this many characters are parsed a slice at a time when a host prepares a text. */
export const stagedPieceLength = 64 * 1024;

/** A text a host prepares for Workspace.set a slice at a time (see Workspace.prepare). */
export interface PreparedText {
  readonly text: TextSnapshot;
  /** Parses up to `lexemes` more of the text's large new documents; whether all are parsed. */
  advance(lexemes: number): boolean;
}

class Preparation implements PreparedText {
  private next = 0;

  constructor(readonly text: TextSnapshot, private readonly parses: StagedParse[]) {}

  advance(lexemes: number): boolean {
    while (this.next < this.parses.length && this.parses[this.next].advance(lexemes)) this.next++;
    return this.next === this.parses.length;
  }

  /** The syntax tokens of each piece parsed in full, by its text. */
  tokens(): Map<string, readonly CST.Token[]> {
    return new Map(this.parses.slice(0, this.next).flatMap((parse) => (parse.failed ? [] : [[parse.text, parse.tokens]])));
  }
}

/** The folder directly holding a file, as listDirectory names it: the URI up to its last `/`. */

/** A file read for the workspace: its text, or why it was not read (a FIFO, a device, too large). */
/** `invalidByte`: the first byte of a file that is not UTF-8, at this offset of its text (which holds U+FFFD there). */
export type HostFile = { text: string; invalidByte?: InvalidByte } | { notRead: string };

export interface InvalidByte {
  offset: number;
  byte: number;
}

/** Reads files the workspace does not hold (the files a configuration's scrape_config_files names). */
export interface WorkspaceHost {
  /** Regular files of at most `maxSize` bytes only, never blocking; undefined when there is no such file. */
  readFile(uri: string, maxSize: number): HostFile | undefined;
  /** The names of a directory's entries; undefined when it cannot be listed. */
  listDirectory(uri: string): string[] | undefined;
}

/**
 * Every file the user works with: the open editors and the files of the workspace folders (server), or the paths
 * given on the command line (CLI). Rules that resolve references across files read it.
 */
export class Workspace {
  private readonly files = new Map<string, SourceFile>();
  /** Grows with every change to any file: what depends on other files is stale when it moves. */
  revision = 0;

  /** The size above which a file is not checked (`promagent.maxFileSize`); a change applies as files change. */
  maxFileSize = defaultMaxFileSize;

  /** The agents and pods of every file, updated with each change. */
  readonly index = new WorkspaceIndex();

  /** What the last check of each file leaves for the next (see checkFile). */
  readonly checks = new Map<string, FileCheck>();

  /**
   * Set by a check of a repository, whose memory would otherwise grow with its files: its files' trees are let go once
   * each file is indexed (as it is set, while they are held) and once it is checked (see HeldTrees). Undefined (an
   * editor's workspace): every tree is held.
   */
  heldTrees?: HeldTrees;

  /** The URIs of the files held, by the folder directly holding them (`file:///repo/base/`): what listDirectory adds. */
  private readonly folders = new Map<string, Set<string>>();

  /** Texts a host is preparing, by URI: set takes a preparation of the text it is given. */
  private readonly prepared = new Map<string, Preparation>();

  constructor(private readonly readAs?: ReadAs, private readonly host?: WorkspaceHost) {}

  /**
   * Starts the analysis of a file's next text without doing it: its large documents that are new (a single document
   * of 100,000 keys) are parsed as the host advances the preparation, a slice at a time, between which it can answer
   * other requests. `set` with that text then only composes them. Preparing another text of the file drops this one.
   * Undefined when the text has no such document: `set` does all there is to do at once.
   */
  prepare(uri: string, text: TextSnapshot, change?: TextChange): PreparedText | undefined {
    const current = this.files.get(uri);
    // Told where the text changed, only the documents around the change can be new.
    const parsed = carriageReturnsOf(text, current, change) ? withLineFeeds(text.toString()) : text;
    const around = current && change?.base === current.content ? aroundChange(parsed, current.pieces, change) : undefined;
    const candidates = text.length > this.maxFileSize ? [] : around ? around.chunks : splitDocuments(parsed.toString());
    const large = candidates.filter((chunk) => chunk.text.length >= stagedPieceLength);
    // Only large documents are looked up among the current ones: hashing every document's text is for analyzeFile.
    const known = new Set(large.length ? current?.pieces.flatMap((piece) => piece.source.text.length >= stagedPieceLength ? [piece.source.text] : []) : []);
    const parses = large.filter((chunk) => !known.has(chunk.text)).map((chunk) => new StagedParse(chunk.text));
    if (parses.length === 0) {
      this.prepared.delete(uri);
      return undefined;
    }
    const preparation = new Preparation(text, parses);
    this.prepared.set(uri, preparation);
    return preparation;
  }

  /**
   * A check of many files that will not check this one again is done with it: what its next check would reuse goes,
   * and so do the trees that rules of this file composed again.
   */
  checkedOnce(uri: string): void {
    this.checks.delete(uri);
    this.heldTrees?.letGo();
  }

  /**
   * Records the file's text; analysis is redone only when the text changed, and only around `change` when the host
   * says where the text changed since the workspace's copy (see TextChange).
   */
  set(uri: string, text: TextSnapshot, change?: TextChange): SourceFile {
    const preparation = this.prepared.get(uri);
    this.prepared.delete(uri);
    const current = this.files.get(uri);
    // The same text under the same size bound is the same analysis (maxFileSize may have changed since).
    if (current && current.content === text && (current.tooLarge ? current.tooLarge.limit === this.maxFileSize : text.length <= this.maxFileSize)) return current;
    const staged = preparation?.text === text ? preparation.tokens() : undefined;
    const file = analyzeFile(uri, text, this.readAs, current, this.maxFileSize, staged, change, this.heldTrees);
    this.files.set(uri, file);
    if (this.heldTrees) {
      indexOf(file);
      this.heldTrees.letGo();
    }
    const folder = folderOf(uri);
    const held = this.folders.get(folder);
    if (held) held.add(uri);
    else this.folders.set(folder, new Set([uri]));
    this.index.changed(uri, file);
    this.revision++;
    return file;
  }

  get(uri: string): SourceFile | undefined {
    return this.files.get(uri);
  }

  delete(uri: string): void {
    this.prepared.delete(uri);
    this.checks.delete(uri);
    if (!this.files.delete(uri)) return;
    const held = this.folders.get(folderOf(uri));
    held?.delete(uri);
    if (held?.size === 0) this.folders.delete(folderOf(uri));
    this.index.changed(uri, undefined);
    this.revision++;
  }

  all(): IterableIterator<SourceFile> {
    return this.files.values();
  }

  /** A file's text: the workspace's copy (an editor's unsaved text) first, else the host's. */
  readFile(uri: string): HostFile | undefined {
    const held = this.files.get(uri);
    if (!held) return this.host?.readFile(uri, this.maxFileSize);
    return held.tooLarge ? { notRead: `it is larger than promagent.maxFileSize (${held.tooLarge.limit} bytes)` } : { text: held.text };
  }

  /** A directory's entries: the host's, and the workspace files directly inside it. */
  listDirectory(uri: string): string[] | undefined {
    const directory = uri.endsWith('/') ? uri : `${uri}/`;
    // Looked up by folder: every configuration including a folder's files asks, and a repository holds thousands of files.
    const held = [...this.folders.get(directory) ?? []].map((file) => decodedUri(file.slice(directory.length)));
    const listed = this.host?.listDirectory(uri);
    if (!listed && held.length === 0) return undefined;
    return [...new Set([...(listed ?? []), ...held])].sort();
  }
}

import type { ClassifiedDocument, DocumentSource } from './classify';
import type { Lines } from './fileLines';
import type { Splice } from './util/spliced';
import type { TooDeep } from './yaml/nesting';

/** The documents parsed from one piece of a file (its own, then the configurations embedded in them). */
export interface Piece {
  source: DocumentSource;
  documents: ClassifiedDocument[];
  /**
   * Set when the piece nests too deep to parse safely: where, in its text, and by what: its indentation and brackets,
   * or the parser's recovery from an error. It has no documents then.
   */
  tooDeep?: TooDeep;
}

/**
 * A file's text as its host holds it: a string, or an editor's document kept in parts, of which a change reads only
 * the spans around it (a file of megabytes is not copied on every keystroke). A string is one.
 */
export interface TextSnapshot {
  readonly length: number;
  slice(start: number, end: number): string;
  /** The whole text: a string is itself; a document in parts is joined, once. */
  toString(): string;
}

/**
 * How a list of a file's analysis differs from the same list of the analysis it was made from (`from`, held weakly:
 * what still holds that list can use the change, and the previous analysis is not kept alive by it).
 */
export interface ListChange<T> extends Splice {
  from: WeakRef<readonly T[]>;
}

/** One file, parsed and classified once per text. */
export interface SourceFile {
  uri: string;
  /** The text as the host gave it: the next change's base is this, or the file is analysed whole. */
  content: TextSnapshot;
  /** The whole text, joined on first use (checking a file after an edit does not need it). */
  readonly text: string;
  /** The whole file's lines, indexed on first use (checking a file does not need them). */
  readonly lines: Lines;
  documents: ClassifiedDocument[];
  pieces: Piece[];
  /** Where each piece's documents start in `documents`, and (last) how many there are: an edit's analysis copies the rest. */
  documentStarts: Int32Array;
  /** How many CRs the text holds (most files: none, and the text is parsed as it is). */
  carriageReturns: number;
  /** How the file as a whole is read; pieces are only reused under the same reading. */
  reading: string;
  /**
   * Set when this analysis was made from a previous one around a change: that analysis's documents, and the part of
   * them [at, at + removed) that this one's [at, at + added) replaced. What follows an edit reads the change from it
   * instead of comparing thousands of documents.
   */
  documentsChange?: ListChange<ClassifiedDocument>;
  /** Likewise for the pieces: what follows an edit keeps what it had of the others. */
  piecesChange?: ListChange<Piece>;
  /** Set when the file is larger than the workspace's bound: it is not parsed, and its one finding says so. */
  tooLarge?: { size: number; limit: number };
}

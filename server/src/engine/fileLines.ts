import type { Position, Range } from './types';
import type { Piece } from './sourceFile';

/** What a file's positions are read through: a line index of its whole text, or of its pieces. */
export interface Lines {
  readonly lineCount: number;
  position(offset: number): Position;
  range(start: number, end: number): Range;
  offset(position: Position): number;
  lineStart(line: number): number;
  /** Offset of the end of the line holding `offset`, before its line break. */
  lineEnd(offset: number): number;
}

/** The index of the last of a file's pieces (non-empty, in file order) that starts at or before a file offset. */
export function pieceIndexAt(pieces: readonly Piece[], offset: number): number {
  return lastAtOrBefore(pieces, offset, (piece) => piece.source.offset);
}

function lastAtOrBefore(pieces: readonly Piece[], value: number, of: (piece: Piece) => number): number {
  let low = 0;
  let high = pieces.length - 1;
  while (low < high) {
    const middle = (low + high + 1) >> 1;
    if (of(pieces[middle]) <= value) low = middle;
    else high = middle - 1;
  }
  return low;
}

/**
 * A file's lines read through its pieces' own line indexes, for a text whose pieces are it, cut where documents start
 * (no CR was turned into a line feed): a position after an edit needs no index of the whole text, nor the text joined.
 */
export class PieceLines implements Lines {
  constructor(private readonly pieces: readonly Piece[], private readonly length: number) {}

  get lineCount(): number {
    const last = this.pieces.at(-1)?.source;
    return last ? last.line + last.lines.lineCount : 1;
  }

  position(offset: number): Position {
    const at = Math.max(0, Math.min(offset, this.length));
    if (this.pieces.length === 0) return { line: 0, character: at };
    const { source } = this.pieces[pieceIndexAt(this.pieces, at)];
    const { line, character } = source.lines.position(at - source.offset);
    return { line: source.line + line, character };
  }

  range(start: number, end: number): Range {
    return { start: this.position(start), end: this.position(end) };
  }

  offset(position: Position): number {
    if (position.line >= this.lineCount) return this.length;
    if (this.pieces.length === 0) return 0;
    const { source } = this.pieces[this.pieceOfLine(position.line)];
    return source.offset + source.lines.offset({ line: position.line - source.line, character: position.character });
  }

  lineStart(line: number): number {
    if (this.pieces.length === 0) return 0;
    const clamped = Math.max(0, Math.min(line, this.lineCount - 1));
    const { source } = this.pieces[this.pieceOfLine(clamped)];
    return source.offset + source.lines.lineStart(clamped - source.line);
  }

  lineEnd(offset: number): number {
    const at = Math.max(0, Math.min(offset, this.length));
    if (this.pieces.length === 0) return at;
    const { source } = this.pieces[pieceIndexAt(this.pieces, at)];
    return source.offset + source.lines.lineEnd(at - source.offset);
  }

  /** The piece a line starts in: a piece's last line, after its last line break, is the next piece's first. */
  private pieceOfLine(line: number): number {
    return lastAtOrBefore(this.pieces, line, (piece) => piece.source.line);
  }
}

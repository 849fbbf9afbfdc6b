import type { Position, Range, TextDocumentContentChangeEvent } from 'vscode-languageserver';
import type { TextDocument } from 'vscode-languageserver-textdocument';
import { LineIndex, type TextSnapshot } from '../engine';

/** About how many characters a block holds: it ends at the first `\n` after that many. */
const defaultBlockLength = 8 * 1024;

/**
 * A block: whole lines of a text (the last block's last line may have no break), indexed as LSP counts lines (`\r\n`,
 * `\r` and `\n` each end one). Its last line, after its last break, is the next block's first.
 */
type Block = LineIndex;

/** A text cut into blocks, each ending right after a `\n` (so no block splits a `\r\n`), but the last. */
function blocksOf(text: string, blockLength: number): Block[] {
  const blocks: Block[] = [];
  let start = 0;
  while (start < text.length) {
    const lineFeed = text.indexOf('\n', start + blockLength - 1);
    const end = lineFeed === -1 ? text.length : lineFeed + 1;
    blocks.push(new LineIndex(text.slice(start, end)));
    start = end;
  }
  return blocks;
}

const isLineBreak = (code: number) => code === 10 || code === 13;

/**
 * An editor's text as blocks of whole lines, each version a value of its own sharing the blocks an edit left: a
 * keystroke in a file of megabytes costs the blocks it lands in, and the whole text is joined only when asked for.
 */
export class BlockText implements TextSnapshot {
  /** Where each block starts, and (last) the length of the text. */
  private readonly offsets: Int32Array;
  /** The line each block starts on, and (last) the number of line breaks. */
  private readonly lines: Int32Array;
  private joined: string | undefined;

  private constructor(private readonly blocks: readonly Block[], private readonly blockLength: number) {
    this.offsets = new Int32Array(blocks.length + 1);
    this.lines = new Int32Array(blocks.length + 1);
    blocks.forEach((block, i) => {
      this.offsets[i + 1] = this.offsets[i] + block.text.length;
      this.lines[i + 1] = this.lines[i] + block.lineCount - 1;
    });
  }

  /** `blockLength`: tests cut small blocks to have many. */
  static of(text: string, blockLength = defaultBlockLength): BlockText {
    const made = new BlockText(blocksOf(text, blockLength), blockLength);
    // The blocks are views of the text: joined, they would be a second copy of it.
    made.joined = text;
    return made;
  }

  get length(): number {
    return this.offsets[this.blocks.length];
  }

  get lineCount(): number {
    return this.lines[this.blocks.length] + 1;
  }

  toString(): string {
    return (this.joined ??= this.blocks.map((block) => block.text).join(''));
  }

  slice(start: number, end: number): string {
    const from = Math.max(0, Math.min(start, this.length));
    const to = Math.max(from, Math.min(end, this.length));
    if (this.joined !== undefined) return this.joined.slice(from, to);
    const parts: string[] = [];
    for (let i = this.blockAt(from); i < this.blocks.length && this.offsets[i] < to; i++) {
      parts.push(this.blocks[i].text.slice(Math.max(0, from - this.offsets[i]), to - this.offsets[i]));
    }
    return parts.join('');
  }

  /** The text with [start, end) replaced by `inserted`: the blocks it touches are cut again, the others shared. */
  replaced(start: number, end: number, inserted: string): BlockText {
    if (this.blocks.length === 0) return BlockText.of(inserted, this.blockLength);
    const first = this.blockAt(start);
    let last = this.blockAt(Math.max(start, end - 1));
    const head = this.blocks[first].text.slice(0, start - this.offsets[first]);
    let text = head + inserted + this.blocks[last].text.slice(end - this.offsets[last]);
    // The cut text must end where a block may: after a `\n`, or at the end of the whole text.
    while (last + 1 < this.blocks.length && !text.endsWith('\n')) text += this.blocks[++last].text;
    return new BlockText([...this.blocks.slice(0, first), ...blocksOf(text, this.blockLength), ...this.blocks.slice(last + 1)], this.blockLength);
  }

  positionAt(offset: number): Position {
    const at = Math.max(0, Math.min(offset, this.length));
    const i = this.blockAt(at);
    const block = this.blocks[i];
    if (!block) return { line: 0, character: 0 };
    const local = at - this.offsets[i];
    const { line, character: past } = block.position(local);
    const lineStart = local - past;
    // Between a `\r` and its `\n`, or past either: the end of the line's characters.
    let character = past;
    while (character > 0 && isLineBreak(block.text.charCodeAt(lineStart + character - 1))) character--;
    return { line: this.lines[i] + line, character };
  }

  offsetAt(position: Position): number {
    if (position.line < 0) return 0;
    if (position.line >= this.lineCount) return this.length;
    const i = this.blockOfLine(position.line);
    const block = this.blocks[i];
    if (!block) return 0;
    const line = position.line - this.lines[i];
    const lineStart = block.lineStart(line);
    const lineEnd = line + 1 < block.lineCount ? block.lineStart(line + 1) : block.text.length;
    let local = Math.min(lineStart + Math.max(0, position.character), lineEnd);
    while (local > lineStart && isLineBreak(block.text.charCodeAt(local - 1))) local--;
    return this.offsets[i] + local;
  }

  /** The block holding an offset (the last one for the end of the text). */
  private blockAt(offset: number): number {
    return Math.max(0, Math.min(lastAtOrBefore(this.offsets, offset), this.blocks.length - 1));
  }

  /** The block a line starts in: the last whose first line is at or before it. */
  private blockOfLine(line: number): number {
    return Math.max(0, Math.min(lastAtOrBefore(this.lines, line), this.blocks.length - 1));
  }
}

/** The index of the last of the sorted values at or before `value`; -1 when there is none. */
function lastAtOrBefore(sorted: Int32Array, value: number): number {
  let low = 0;
  let high = sorted.length;
  while (low < high) {
    const middle = (low + high) >> 1;
    if (sorted[middle] <= value) low = middle + 1;
    else high = middle;
  }
  return low - 1;
}

/** An open document as the server holds it: its text a BlockText, the version and language the client gave. */
export class EditedDocument implements TextDocument {
  constructor(readonly uri: string, readonly languageId: string, readonly version: number, readonly content: BlockText) {}

  get lineCount(): number {
    return this.content.lineCount;
  }

  getText(range?: Range): string {
    if (!range) return this.content.toString();
    // A range given backwards is read forwards, as the LSP library reads it.
    const [start, end] = [this.offsetAt(range.start), this.offsetAt(range.end)].sort((a, b) => a - b);
    return this.content.slice(start, end);
  }

  positionAt(offset: number): Position {
    return this.content.positionAt(offset);
  }

  offsetAt(position: Position): number {
    return this.content.offsetAt(position);
  }

  getLineRange(line: number): Range {
    if (line < 0) return { start: { line: 0, character: 0 }, end: { line: 0, character: 0 } };
    const last = Math.min(line, this.lineCount - 1);
    return { start: { line: last, character: 0 }, end: this.positionAt(this.lineEnd(last)) };
  }

  getEOLCharacters(line: number): string {
    if (line < 0 || line >= this.lineCount) return '';
    const next = line + 1 < this.lineCount ? this.offsetAt({ line: line + 1, character: 0 }) : this.content.length;
    return this.content.slice(this.lineEnd(line), next);
  }

  /** Where a line's characters end, before its line break. */
  private lineEnd(line: number): number {
    return this.offsetAt({ line, character: Number.MAX_SAFE_INTEGER });
  }

  /**
   * The document after the client's changes, applied one at a time, each where it lands; `changed` hears each
   * (`[start, end)` of the text before it became `inserted`) before it is applied.
   */
  updated(changes: readonly TextDocumentContentChangeEvent[], version: number, changed: (before: BlockText, start: number, end: number, inserted: string) => void): EditedDocument {
    let content = this.content;
    for (const change of changes) {
      // Text that is not a string (a broken client) is left out: kept, it would break every later request.
      if (typeof change.text !== 'string') continue;
      const [start, end] = 'range' in change
        ? [content.offsetAt(change.range.start), content.offsetAt(change.range.end)].sort((a, b) => a - b)
        : [0, content.length];
      changed(content, start, end, change.text);
      content = content.replaced(start, end, change.text);
    }
    return new EditedDocument(this.uri, this.languageId, version, content);
  }
}

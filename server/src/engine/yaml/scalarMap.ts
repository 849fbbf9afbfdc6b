import { Scalar } from 'yaml';
import type { EditDraft } from '../report';

/**
 * A scalar's string value with, for each of its characters, where that character is written in the source: what lets
 * findings about an embedded document (a prometheus.yml in a ConfigMap) land on the exact line and column.
 */
export interface ScalarMap {
  value: string;
  /** The source offset of each character of `value`, then of the value's end (`value.length + 1` entries). */
  offsets: number[];
  /** Writes a replacement of `value[start, end)` back into the source; undefined where this style cannot hold it. */
  edit(start: number, end: number, newText: string): EditDraft | undefined;
}

/**
 * Maps a string scalar written in `text`. Undefined when the rebuilt value differs from the parser's: the caller then
 * places findings on the scalar's key instead of guessing.
 */
export function mapScalar(text: string, node: Scalar): ScalarMap | undefined {
  if (typeof node.value !== 'string' || !node.range) return undefined;
  const [start, end] = node.range;
  let built: ScalarMap | undefined;
  switch (node.type) {
    case Scalar.BLOCK_LITERAL: built = mapBlock(text, start, end, false); break;
    case Scalar.BLOCK_FOLDED: built = mapBlock(text, start, end, true); break;
    case Scalar.QUOTE_DOUBLE: built = mapFlow(text, start + 1, end - 1, 'double'); break;
    case Scalar.QUOTE_SINGLE: built = mapFlow(text, start + 1, end - 1, 'single'); break;
    default: built = mapFlow(text, start, end, 'plain');
  }
  return built && built.value === node.value ? built : undefined;
}

class Builder {
  value = '';
  offsets: number[] = [];

  push(chars: string, offset: number): void {
    this.value += chars;
    for (let i = 0; i < chars.length; i++) this.offsets.push(offset);
  }
}

interface SourceLine {
  start: number;
  /** Before the line break. */
  end: number;
  /** After the line break: the next line's start. */
  next: number;
}

function sourceLines(text: string, from: number, to: number): SourceLine[] {
  const lines: SourceLine[] = [];
  for (let pos = from; pos < to;) {
    const newline = text.indexOf('\n', pos);
    const next = newline < 0 || newline >= to ? to : newline + 1;
    let lineEnd = newline < 0 || newline >= to ? to : newline;
    if (text[lineEnd - 1] === '\r') lineEnd--;
    lines.push({ start: pos, end: lineEnd, next });
    pos = next;
  }
  return lines;
}

function mapBlock(text: string, start: number, end: number, folded: boolean): ScalarMap | undefined {
  const headerEnd = text.indexOf('\n', start);
  if (headerEnd < 0 || headerEnd >= end) return undefined;
  const header = text.slice(start + 1, headerEnd).replace(/\s#.*$/, '').trim();
  const chomping = header.includes('-') ? 'strip' : header.includes('+') ? 'keep' : 'clip';
  const lines = sourceLines(text, headerEnd + 1, end);
  const explicit = /[1-9]/.exec(header);
  const headerLineStart = text.lastIndexOf('\n', start) + 1;
  const firstContent = lines.find((line) => text.slice(line.start, line.end).trim() !== '');
  const indent = explicit
    ? /^ */.exec(text.slice(headerLineStart, start))![0].length + Number(explicit[0])
    : firstContent ? /^ */.exec(text.slice(firstContent.start, firstContent.end))![0].length : 0;
  const content = (line: SourceLine) => (line.end - line.start > indent ? text.slice(line.start + indent, line.end) : undefined);
  let last = lines.length - 1;
  while (last >= 0 && content(lines[last]) === undefined) last--;

  const out = new Builder();
  /** For each offset of the value that starts a line: the source line's first column (for whole-line edits). */
  const lineStarts = new Map<number, number>();
  const newline = (line: SourceLine, at = line.end) => out.push('\n', at);
  const emptyLine = (line: SourceLine) => { lineStarts.set(out.value.length, line.start); newline(line); };
  const moreIndented = (line: SourceLine) => /^[ \t]/.test(content(line) ?? '');
  let previous: SourceLine | undefined;
  let empties: SourceLine[] = [];
  for (const line of lines.slice(0, last + 1)) {
    const chars = content(line);
    if (chars === undefined) {
      empties.push(line);
      continue;
    }
    // Folding: a break between two plain text lines becomes a space, or is dropped when empty lines follow it.
    const fold = folded && previous !== undefined && !moreIndented(previous) && !moreIndented(line);
    if (fold && empties.length === 0) out.push(' ', previous!.end);
    else if (previous && !fold) newline(previous);
    empties.forEach(emptyLine);
    empties = [];
    lineStarts.set(out.value.length, line.start);
    for (let j = 0; j < chars.length; j++) out.push(chars[j], line.start + indent + j);
    previous = line;
  }
  if (previous && chomping !== 'strip') newline(previous);
  if (chomping === 'keep') lines.slice(last + 1).forEach(emptyLine);
  const valueEnd = chomping === 'keep' || !previous ? end : chomping === 'strip' ? previous.end : previous.next;
  lineStarts.set(out.value.length, valueEnd);
  out.offsets.push(valueEnd);
  const indentText = ' '.repeat(indent);
  return {
    value: out.value,
    offsets: out.offsets,
    edit(from, to, newText) {
      if (folded) return undefined;
      // Whole lines (what removing an entry deletes) map to whole source lines, indentation included.
      const wholeStart = lineStarts.get(from);
      const wholeEnd = lineStarts.get(to);
      if (wholeStart !== undefined && wholeEnd !== undefined) {
        return { start: wholeStart, end: wholeEnd, newText: newText.replace(/^(?=[^\n])/gm, indentText) };
      }
      // Within lines: the indentation before `from` stays, and an end at a line start keeps that line's indentation.
      return { start: out.offsets[from], end: wholeEnd ?? out.offsets[to], newText: newText.replace(/\n(?=[^\n])/g, `\n${indentText}`) };
    },
  };
}

const simpleEscapes: Record<string, string> = {
  '0': '\0', a: '\x07', b: '\b', t: '\t', '\t': '\t', n: '\n', v: '\v', f: '\f', r: '\r', e: '\x1b', ' ': ' ',
  '"': '"', '/': '/', '\\': '\\', N: '\x85', _: '\xa0', L: '\u2028', P: '\u2029',
};
const hexLengths: Record<string, number> = { x: 2, u: 4, U: 8 };

/** Quoted and plain scalars: escapes (double quotes), `''` (single quotes), and line folding. */
function mapFlow(text: string, start: number, end: number, style: 'double' | 'single' | 'plain'): ScalarMap | undefined {
  const out = new Builder();
  let pos = start;
  let whitespace = '';
  let whitespaceAt = start;
  const flushWhitespace = () => { out.push(whitespace, whitespaceAt); whitespace = ''; };
  while (pos < end) {
    const char = text[pos];
    if (char === ' ' || char === '\t') {
      if (!whitespace) whitespaceAt = pos;
      whitespace += char;
      pos++;
      continue;
    }
    if (char === '\n' || char === '\r') {
      // Folding: trailing spaces go, a single break becomes a space, each empty line a newline.
      whitespace = '';
      const breakAt = pos;
      let breaks = 0;
      while (pos < end && /[\s]/.test(text[pos])) {
        if (text[pos] === '\n') breaks++;
        pos++;
      }
      out.push(breaks > 1 ? '\n'.repeat(breaks - 1) : ' ', breakAt);
      continue;
    }
    flushWhitespace();
    if (style === 'single' && char === "'" && text[pos + 1] === "'") {
      out.push("'", pos);
      pos += 2;
    } else if (style === 'double' && char === '\\') {
      const code = text[pos + 1];
      if (code === '\n' || code === '\r') {
        pos += 2;
        while (pos < end && /[\s]/.test(text[pos])) pos++;
      } else if (simpleEscapes[code] !== undefined) {
        out.push(simpleEscapes[code], pos);
        pos += 2;
      } else if (hexLengths[code]) {
        const digits = text.slice(pos + 2, pos + 2 + hexLengths[code]);
        if (!/^[0-9a-fA-F]+$/.test(digits) || digits.length !== hexLengths[code]) return undefined;
        out.push(String.fromCodePoint(parseInt(digits, 16)), pos);
        pos += 2 + digits.length;
      } else {
        return undefined;
      }
    } else {
      out.push(char, pos);
      pos++;
    }
  }
  flushWhitespace();
  out.offsets.push(end);
  return {
    value: out.value,
    offsets: out.offsets,
    edit(from, to, newText) {
      const range = { start: out.offsets[from], end: out.offsets[to] };
      if (style === 'double') return { ...range, newText: JSON.stringify(newText).slice(1, -1) };
      if (style === 'single' && !newText.includes('\n')) return { ...range, newText: newText.replace(/'/g, "''") };
      return undefined;
    },
  };
}

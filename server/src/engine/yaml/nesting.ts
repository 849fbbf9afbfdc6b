import { CST, Lexer, Parser } from 'yaml';
import { parseDocuments, type HeldTrees, type YamlDocument } from './documents';
import type { LineIndex } from './lineIndex';

/**
 * How deep a document may nest to be parsed, measured as below. The parser recurses once per level: near the stack's
 * end it fails, and V8 can abort the whole process if a regular expression is compiled right there. Real manifests
 * measure a few dozen; the parser copes with several hundred levels.
 */
export const maxNesting = 500;

/**
 * A quick bound without lexing: every `[` and `{` of the text, quoted or not, plus the deepest indentation. Only lines
 * longer than what is left of the bound can be indented past it, and only those are read.
 */
function nestingBound(lines: LineIndex): number {
  const { text, lineCount } = lines;
  let opens = 0;
  for (const bracket of ['[', '{']) {
    for (let i = text.indexOf(bracket); i !== -1 && opens <= maxNesting; i = text.indexOf(bracket, i + 1)) opens++;
  }
  let deepestIndent = 0;
  for (let line = 0; line < lineCount && opens + deepestIndent <= maxNesting; line++) {
    const start = lines.lineStart(line);
    const end = line + 1 < lineCount ? lines.lineStart(line + 1) : text.length;
    if (end - start <= maxNesting - opens) continue;
    let i = start;
    for (let c = text.charCodeAt(i); c === 32 || c === 9 || c === 45 || c === 63 || c === 58; c = text.charCodeAt(++i));
    deepestIndent = Math.max(deepestIndent, i - start);
  }
  return opens + deepestIndent;
}

/**
 * How deep a text nests, measured with the lexer (which knows a bracket in a scalar from one that opens a collection)
 * a lexeme at a time, so that what parses a text measures it on the way and lexes it once. A line's nesting is its
 * indentation (block indicators included) plus the flow collections open on it. Block levels take about a column each
 * at least (a map and the sequence it holds may share one, the next level then moves two), so the parser's depth there
 * is at most about as much.
 */
export class NestingMeter {
  private offset = 0;
  private lineStart = 0;
  private indent = 0;
  private atIndent = true;
  private flow = 0;
  private inScalar = false;

  /** Takes the text's next lexeme: the offset of the line that nests past maxNesting when this one does. */
  next(source: string): number | undefined {
    // The lexer marks a scalar, a document and a flow error with control characters that are not in the text.
    if (source === CST.SCALAR) {
      this.inScalar = true;
      return undefined;
    }
    if (source === CST.DOCUMENT || source === CST.FLOW_END) return undefined;
    const type = this.inScalar ? 'scalar' : CST.tokenType(source);
    this.inScalar = false;
    if (type === 'newline') {
      this.lineStart = this.offset + source.length;
      this.indent = 0;
      this.atIndent = true;
    } else if (this.atIndent && (type === 'space' || type === 'seq-item-ind' || type === 'explicit-key-ind' || type === 'map-value-ind')) {
      this.indent += source.length;
    } else {
      this.atIndent = false;
      if (type === 'scalar' && source.includes('\n')) this.lineStart = this.offset + source.lastIndexOf('\n') + 1;
      if (type === 'flow-map-start' || type === 'flow-seq-start') this.flow++;
      else if ((type === 'flow-map-end' || type === 'flow-seq-end') && this.flow > 0) this.flow--;
    }
    if (this.indent + this.flow > maxNesting) return this.lineStart;
    this.offset += source.length;
    return undefined;
  }
}

/** Where a text first nests past maxNesting (see NestingMeter): the offset of that line; undefined when it never does. */
function deepLine(text: string): number | undefined {
  const meter = new NestingMeter();
  for (const source of new Lexer().lex(text)) {
    const at = meter.next(source);
    if (at !== undefined) return at;
  }
  return undefined;
}

/**
 * A text's syntax tokens, parsed a lexeme at a time once each is measured (see NestingMeter), or the line where it
 * nests too deep: the text is lexed once. A parser that runs out of stack on the way leaves the rest to be measured.
 */
function measuredTokens(text: string): { tokens: CST.Token[] } | { tooDeep: TooDeep } {
  const meter = new NestingMeter();
  const parser = new Parser();
  const tokens: CST.Token[] = [];
  try {
    for (const source of new Lexer().lex(text)) {
      const at = meter.next(source);
      if (at !== undefined) return { tooDeep: { at, by: 'nesting' } };
      for (const token of parser.next(source)) tokens.push(token);
    }
    for (const token of parser.end()) tokens.push(token);
  } catch (error) {
    if (!(error instanceof RangeError)) throw error;
    const at = deepLine(text);
    return { tooDeep: at === undefined ? { at: 0, by: 'recovery' } : { at, by: 'nesting' } };
  }
  return { tokens };
}

/**
 * Where the tree the tokens make nests past maxNesting, if it does. Recovering from some errors, the parser nests each
 * following line one level deeper than the last (a line indented between its map's keys and their parent's, in a map
 * of thousands of keys): the text's indentation does not bound that, and composing such a tree overflows the stack.
 */
function treeTooDeepAt(tokens: readonly CST.Token[]): number | undefined {
  // Walked with a stack of its own (the tree is as deep as it is), holding documents and collections only: scalars
  // nest nothing, and most tokens are scalars.
  const stack: (CST.Document | CST.BlockMap | CST.BlockSequence | CST.FlowCollection)[] = [];
  const depths: number[] = [];
  const visit = (token: CST.Token | undefined, depth: number) => {
    if (token?.type === 'document' || token?.type === 'block-map' || token?.type === 'block-seq' || token?.type === 'flow-collection') {
      stack.push(token);
      depths.push(depth);
    }
  };
  for (const token of tokens) visit(token, 0);
  for (let token = stack.pop(); token; token = stack.pop()) {
    const depth = depths.pop()! + (token.type === 'document' ? 0 : 1);
    if (depth > maxNesting) return token.offset;
    if (token.type === 'document') visit(token.value, depth);
    else {
      for (const item of token.items) {
        if ('key' in item) visit(item.key ?? undefined, depth);
        visit(item.value, depth);
      }
    }
  }
  return undefined;
}

/** Why a text was not parsed: where it nests too deep, by its indentation and brackets or the parser's recovery. */
export interface TooDeep {
  at: number;
  by: 'nesting' | 'recovery';
}

/**
 * The documents of a text, parsed only when that is safe (see NestingMeter and treeTooDeepAt); else where and why it
 * is not, at the start of that line. A parser that runs out of stack counts as the parser's recovery. `tokens`: the
 * text's syntax tokens, when a StagedParse made them (it measures the nesting as it goes).
 */
export function parsedSafely(lines: LineIndex, tokens?: readonly CST.Token[], held?: HeldTrees): { documents: YamlDocument[] } | { tooDeep: TooDeep } {
  let parsed = tokens;
  if (!parsed && nestingBound(lines) <= maxNesting) {
    try {
      parsed = [...new Parser().parse(lines.text)];
    } catch (error) {
      if (!(error instanceof RangeError)) throw error;
      return { tooDeep: { at: 0, by: 'recovery' } };
    }
  } else if (!parsed) {
    const measured = measuredTokens(lines.text);
    if ('tooDeep' in measured) return measured;
    parsed = measured.tokens;
  }
  const deepAt = treeTooDeepAt(parsed);
  if (deepAt !== undefined) return { tooDeep: { at: lines.lineStart(lines.position(deepAt).line), by: 'recovery' } };
  return { documents: parseDocuments(lines.text, parsed, held) };
}

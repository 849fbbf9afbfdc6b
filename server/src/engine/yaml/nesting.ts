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
 * Where a text first nests past maxNesting, as the offset of that line; undefined when it never does. A line's nesting
 * is measured as its indentation (block indicators included) plus the flow collections open on it. Block levels take
 * about a column each at least (a map and the sequence it holds may share one, the next level then moves two), so the
 * parser's depth there is at most about as much.
 */
export function tooDeepAt(lines: LineIndex): number | undefined {
  return nestingBound(lines) <= maxNesting ? undefined : deepLine(lines.text);
}

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

/** The same measure with the lexer, which knows a bracket in a scalar from one that opens a collection. */
function deepLine(text: string): number | undefined {
  let offset = 0;
  let lineStart = 0;
  let indent = 0;
  let atIndent = true;
  let flow = 0;
  let inScalar = false;
  for (const source of new Lexer().lex(text)) {
    // The lexer marks a scalar, a document and a flow error with control characters that are not in the text.
    if (source === CST.SCALAR) {
      inScalar = true;
      continue;
    }
    if (source === CST.DOCUMENT || source === CST.FLOW_END) continue;
    const type = inScalar ? 'scalar' : CST.tokenType(source);
    inScalar = false;
    if (type === 'newline') {
      lineStart = offset + source.length;
      indent = 0;
      atIndent = true;
    } else if (atIndent && (type === 'space' || type === 'seq-item-ind' || type === 'explicit-key-ind' || type === 'map-value-ind')) {
      indent += source.length;
    } else {
      atIndent = false;
      if (type === 'scalar' && source.includes('\n')) lineStart = offset + source.lastIndexOf('\n') + 1;
      if (type === 'flow-map-start' || type === 'flow-seq-start') flow++;
      else if ((type === 'flow-map-end' || type === 'flow-seq-end') && flow > 0) flow--;
    }
    if (indent + flow > maxNesting) return lineStart;
    offset += source.length;
  }
  return undefined;
}

/**
 * A text's syntax tokens (`tokens` when a StagedParse made them), or where the tree they make nests past maxNesting.
 * Recovering from some errors, the parser nests each following line one level deeper than the last (a line indented
 * between its map's keys and their parent's, in a map of thousands of keys): the text's indentation does not bound
 * that, and composing such a tree overflows the stack. A parser that overflows it itself counts alike.
 */
export function tokensWithin(text: string, tokens?: readonly CST.Token[]): { tokens: readonly CST.Token[] } | { tooDeepAt: number } {
  let parsed: readonly CST.Token[];
  try {
    parsed = tokens ?? [...new Parser().parse(text)];
  } catch (error) {
    if (error instanceof RangeError) return { tooDeepAt: 0 };
    throw error;
  }
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
  for (const token of parsed) visit(token, 0);
  for (let token = stack.pop(); token; token = stack.pop()) {
    const depth = depths.pop()! + (token.type === 'document' ? 0 : 1);
    if (depth > maxNesting) return { tooDeepAt: token.offset };
    if (token.type === 'document') visit(token.value, depth);
    else {
      for (const item of token.items) {
        if ('key' in item) visit(item.key ?? undefined, depth);
        visit(item.value, depth);
      }
    }
  }
  return { tokens: parsed };
}

/** Why a text was not parsed: where it nests too deep, by its indentation and brackets or the parser's recovery. */
export interface TooDeep {
  at: number;
  by: 'nesting' | 'recovery';
}

/**
 * The documents of a text, parsed only when that is safe (see tooDeepAt and tokensWithin); else where and why it is
 * not, at the start of that line. `tokens`: the text's syntax tokens, when a StagedParse made them.
 */
export function parsedSafely(lines: LineIndex, tokens?: readonly CST.Token[], held?: HeldTrees): { documents: YamlDocument[] } | { tooDeep: TooDeep } {
  const deep = tooDeepAt(lines);
  if (deep !== undefined) return { tooDeep: { at: deep, by: 'nesting' } };
  const parsed = tokensWithin(lines.text, tokens);
  if ('tooDeepAt' in parsed) return { tooDeep: { at: lines.lineStart(lines.position(parsed.tooDeepAt).line), by: 'recovery' } };
  return { documents: parseDocuments(lines.text, parsed.tokens, held) };
}

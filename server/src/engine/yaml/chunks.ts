/** A document's text within a file: where it starts, and its text up to the next document. */
export interface Chunk {
  offset: number;
  text: string;
}

/**
 * Splits a YAML stream at its `---` document markers without parsing it. A `---` at the start of a line always
 * begins a document (YAML forbids it inside scalars), so each piece parses alone to the same nodes, and a piece whose
 * text did not change need not be parsed again.
 */
export function splitDocuments(text: string): Chunk[] {
  const chunks: Chunk[] = [];
  const marker = /^---(?=[ \t\r\n]|$)/gm;
  let start = 0;
  for (let match = marker.exec(text); match; match = marker.exec(text)) {
    // `^` also matches after a lone CR or U+2028, which the parser does not take for line breaks.
    if (match.index > 0 && text[match.index - 1] !== '\n') continue;
    // Directives (`%TAG`, `%YAML`) written before a `---` belong to the document it starts.
    const split = directivesStart(text, start, match.index);
    if (split > start) chunks.push({ offset: start, text: text.slice(start, split) });
    start = split;
  }
  if (start < text.length || chunks.length === 0) chunks.push({ offset: start, text: text.slice(start) });
  return chunks;
}

/**
 * Where the directives before the `---` at `end` begin (with the comments and blank lines among them), or `end` when
 * there are none. Directives stand at the start of their line, and only at the start of the stream or after a `...`;
 * elsewhere a `%` line is content (or an error the parser reports where it is).
 */
function directivesStart(text: string, start: number, end: number): number {
  let split = end;
  let directives = false;
  // Line by line back from the `---`, whose line starts right after a line feed: usually one line is read.
  while (split > start) {
    const lineFeed = split - 1;
    const lineStart = lineFeed > start ? Math.max(start, text.lastIndexOf('\n', lineFeed - 1) + 1) : start;
    const line = text.slice(lineStart, lineFeed);
    const trimmed = line.trim();
    if (line.replace(/^\uFEFF/, '').startsWith('%')) directives = true;
    else if (trimmed !== '' && !trimmed.startsWith('#')) return directives && /^\.\.\.(\s+#.*)?$/.test(trimmed) ? split : end;
    split = lineStart;
  }
  return directives && start === 0 ? split : end;
}

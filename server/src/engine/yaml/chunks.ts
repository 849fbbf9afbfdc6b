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
    // Directives (`%TAG`, `%YAML`) written before a `---` belong to the document it starts.
    const split = directivesStart(text, start, match.index);
    if (split > start) chunks.push({ offset: start, text: text.slice(start, split) });
    start = split;
  }
  if (start < text.length || chunks.length === 0) chunks.push({ offset: start, text: text.slice(start) });
  return chunks;
}

/**
 * Where the directive lines before a `---` at `end` begin (with the comments and blank lines among them), or `end` when
 * there are none.
 */
function directivesStart(text: string, start: number, end: number): number {
  let split = end;
  let directives = false;
  let lineEnd = end;
  while (lineEnd > start) {
    const lineStart = Math.max(start, text.lastIndexOf('\n', lineEnd - 1 - 1) + 1);
    const line = text.slice(lineStart, lineEnd).trim();
    if (line.startsWith('%')) directives = true;
    else if (line !== '' && !line.startsWith('#')) break;
    split = lineStart;
    lineEnd = lineStart;
  }
  return directives ? split : end;
}

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
  // At the start of the text or after a line feed: the parser takes neither a lone CR nor U+2028 for a line break.
  const marker = /(?<=^|\n)---(?=[ \t\r\n]|$)/g;
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
 * Where the directives before the `---` at `end` begin (with the comments and blank lines among them), or `end` when
 * there are none. Directives stand at the start of their line, and only at the start of the stream or after a `...`;
 * elsewhere a `%` line is content (or an error the parser reports where it is).
 */
function directivesStart(text: string, start: number, end: number): number {
  const lines = text.slice(start, end).split('\n');
  // The piece ends with a line break: its last element is the empty text after it.
  let offset = end - start - lines[lines.length - 1].length;
  let directives = false;
  let i = lines.length - 2;
  for (; i >= 0; i--) {
    const line = lines[i];
    const trimmed = line.trim();
    if (line.replace(/^\uFEFF/, '').startsWith('%')) directives = true;
    else if (trimmed !== '' && !trimmed.startsWith('#')) break;
    offset -= line.length + 1;
  }
  const afterDocumentEnd = i < 0 ? start === 0 : /^\.\.\.(\s+#.*)?\s*$/.test(lines[i]);
  return directives && afterDocumentEnd ? start + offset : end;
}

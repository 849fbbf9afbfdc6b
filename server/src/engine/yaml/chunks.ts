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
    if (match.index > start) chunks.push({ offset: start, text: text.slice(start, match.index) });
    start = match.index;
  }
  if (start < text.length || chunks.length === 0) chunks.push({ offset: start, text: text.slice(start) });
  return chunks;
}

import type { ClassifiedDocument } from '../classify';
import type { SourceFile } from '../workspace';

/** The document of `file` that holds the file offset `offset` (configurations embedded in it are not candidates). */
export function documentAt(file: SourceFile, offset: number): ClassifiedDocument | undefined {
  return file.documents.find((d) => {
    if (d.embedding) return false;
    const local = offset - d.source.offset;
    return local >= d.yaml.span.start && local <= d.yaml.span.end;
  });
}

/** Where a document's own text starts and ends in its file. */
export function fileSpanOf(document: ClassifiedDocument): { start: number; end: number } {
  return { start: document.source.offset + document.yaml.span.start, end: document.source.offset + document.yaml.span.end };
}

/**
 * The file's text with every other document blanked to empty lines: a single-document view whose lines and columns
 * are the file's, so a YAML service that cannot tell documents apart sees only this one.
 */
export function isolatedText(file: SourceFile, document: ClassifiedDocument): string {
  const { start, end } = fileSpanOf(document);
  return blankLines(file.text.slice(0, start)) + file.text.slice(start, end) + blankLines(file.text.slice(end));
}

const blankLines = (text: string) => text.replace(/[^\r\n]+/g, '');

/**
 * The configuration held in a literal block scalar (`prometheus.yml: |`) of a ConfigMap or Secret at the file offset
 * `offset`, with the file's text blanked around the block's lines: the configuration alone, indented as in the file,
 * at the file's own lines and columns. Other styles (quoted, folded, base64) do not keep lines and columns.
 */
export function embeddedConfigAt(file: SourceFile, offset: number): { document: ClassifiedDocument; text: string } | undefined {
  for (const document of file.documents) {
    const embedding = document.embedding;
    const toFile = embedding?.literal && embedding.content === 'config' ? embedding.toFileOffset : undefined;
    if (!embedding || !toFile) continue;
    const lines = file.lines;
    const first = lines.position(document.source.offset + toFile(0));
    const start = lines.lineStart(first.line);
    const valueEnd = document.source.offset + toFile(embedding.text.length);
    // The block's lines run to its last character, then over the blank lines after it, where the next key is typed
    // (at the block's indentation: to the left of it, a key of the ConfigMap is typed).
    const contentEnd = lines.lineEnd(file.text[valueEnd - 1] === '\n' ? valueEnd - 1 : valueEnd);
    let lastLine = lines.position(contentEnd).line;
    while (lastLine + 1 < lines.lineCount && file.text.slice(lines.lineStart(lastLine + 1), lines.lineEnd(lines.lineStart(lastLine + 1))).trim() === '') lastLine++;
    const end = lines.lineEnd(lines.lineStart(lastLine));
    if (offset < start || offset > end || (offset > contentEnd && lines.position(offset).character < first.character)) continue;
    return { document, text: blankLines(file.text.slice(0, start)) + file.text.slice(start, end) + blankLines(file.text.slice(end)) };
  }
  return undefined;
}

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
  const blank = (text: string) => text.replace(/[^\r\n]+/g, '');
  return blank(file.text.slice(0, start)) + file.text.slice(start, end) + blank(file.text.slice(end));
}

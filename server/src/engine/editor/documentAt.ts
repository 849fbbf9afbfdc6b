import type { ClassifiedDocument } from '../classify';
import type { SourceFile } from '../workspace';

/** The document of `file` that holds `offset`: the file's own documents come before any embedded in them. */
export function documentAt(file: SourceFile, offset: number): ClassifiedDocument | undefined {
  return file.documents.find((d) => offset >= d.yaml.span.start && offset <= d.yaml.span.end);
}

/**
 * The file's text with every other document blanked to empty lines: a single-document view whose lines and columns
 * are the file's, so a YAML service that cannot tell documents apart sees only this one.
 */
export function isolatedText(file: SourceFile, document: ClassifiedDocument): string {
  const { start, end } = document.yaml.span;
  const blank = (text: string) => text.replace(/[^\r\n]+/g, '');
  return blank(file.text.slice(0, start)) + file.text.slice(start, end) + blank(file.text.slice(end));
}

import { classifyDocuments, type ClassifiedDocument } from './classify';
import type { ReadAs } from './types';
import { LineIndex } from './yaml/lineIndex';
import { parseDocuments } from './yaml/documents';

/** One file, parsed and classified once per text. */
export interface SourceFile {
  uri: string;
  text: string;
  lines: LineIndex;
  documents: ClassifiedDocument[];
}

export function analyzeFile(uri: string, text: string, readAs?: ReadAs): SourceFile {
  const documents = classifyDocuments(parseDocuments(text), { uri, text, readAs });
  return { uri, text, lines: new LineIndex(text), documents };
}

/**
 * Every file the user works with: the open editors and the files of the workspace folders (server), or the paths
 * given on the command line (CLI). Rules that resolve references across files read it.
 */
export class Workspace {
  private readonly files = new Map<string, SourceFile>();
  /** Grows with every change to any file: what depends on other files is stale when it moves. */
  revision = 0;

  constructor(private readonly readAs?: ReadAs) {}

  /** Records the file's text; analysis is redone only when the text changed. */
  set(uri: string, text: string): SourceFile {
    const current = this.files.get(uri);
    if (current && current.text === text) return current;
    const file = analyzeFile(uri, text, this.readAs);
    this.files.set(uri, file);
    this.revision++;
    return file;
  }

  get(uri: string): SourceFile | undefined {
    return this.files.get(uri);
  }

  delete(uri: string): void {
    if (this.files.delete(uri)) this.revision++;
  }

  all(): IterableIterator<SourceFile> {
    return this.files.values();
  }
}

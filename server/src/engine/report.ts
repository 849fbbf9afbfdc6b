import type { KeyReleases } from './rules/promconfig/decode';
import type { Severity } from './types';
import type { Span } from './yaml/documents';

/** A text replacement in the coordinates of the text a rule read (a document's source, or an embedded config). */
export interface EditDraft {
  start: number;
  end: number;
  newText: string;
}

export interface FixDraft {
  title: string;
  edits: EditDraft[];
  preferred?: boolean;
}

/** What a rule reports, before the engine places it in the file and gives it the rule's id. */
export interface Report {
  span: Span;
  message: string;
  fixes?: FixDraft[];
  /** Only when one rule's finding is weaker or stronger case by case; the registry's severity otherwise. */
  severity?: Severity;
  /**
   * The message quotes nothing the document holds, only names and promagent's own words: in a Secret it is kept whole,
   * where the quoted parts found in the Secret's text are masked otherwise.
   */
  quotesNoValue?: boolean;
  /** A key some releases have (promconfig/key-version): which, so a configuration nothing dates is dated by its keys. */
  keyReleases?: KeyReleases;
}

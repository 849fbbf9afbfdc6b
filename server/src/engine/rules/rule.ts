import type { ClassifiedDocument } from '../classify';
import type { CheckOptions, Severity } from '../types';
import type { Span } from '../yaml/documents';
import type { LineIndex } from '../yaml/lineIndex';
import type { SourceFile, Workspace } from '../workspace';

/** A text replacement in the coordinates of the file being checked. */
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

export interface Report {
  span: Span;
  message: string;
  fixes?: FixDraft[];
  /** Only when one rule's finding is weaker or stronger case by case; the registry's severity otherwise. */
  severity?: Severity;
}

export interface RuleContext {
  readonly document: ClassifiedDocument;
  /** The text the document's nodes and every span a rule reports refer to (an embedded config's own text). */
  readonly text: string;
  readonly lines: LineIndex;
  readonly file: SourceFile;
  readonly workspace: Workspace;
  readonly options: CheckOptions;
  report(report: Report): void;
  /** Work several rules share for one document (a schema validation, say) is done once. */
  memo<T>(key: string, compute: () => T): T;
}

export interface Rule {
  /** Stable id: the diagnostic's `code`. */
  id: string;
  severity: Severity;
  /** One line for the README's rule table. */
  docs: string;
  appliesTo(document: ClassifiedDocument, options: CheckOptions): boolean;
  check(context: RuleContext): void;
  /**
   * What the rule reads beyond the document, so its findings are redone when that changes: whether other documents
   * of its file are ones promagent checks, the workspace's index of agents and pods, or other files' text. Absent:
   * the document alone.
   */
  reads?(document: ClassifiedDocument): 'siblings' | 'index' | 'files' | undefined;
}

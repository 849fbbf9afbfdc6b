import type { ClassifiedDocument } from '../classify';
export type { EditDraft, FixDraft, Report } from '../report';
import type { Report } from '../report';
import type { Runner } from '../model/runners';
import type { CheckOptions, Severity } from '../types';
import type { LineIndex } from '../yaml/lineIndex';
import type { SourceFile, Workspace } from '../workspace';

export interface RuleContext {
  readonly document: ClassifiedDocument;
  /** The text the document's nodes and every span a rule reports refer to (an embedded config's own text). */
  readonly text: string;
  readonly lines: LineIndex;
  readonly file: SourceFile;
  readonly workspace: Workspace;
  readonly options: CheckOptions;
  /** For a Prometheus configuration: who runs it, as the model found (the options' mode and version are its). */
  readonly runner?: Runner;
  report(report: Report): void;
  /**
   * Something the reports depend on that what the rule reads (see Rule.reads) does not say: where another document
   * stands, say. Read now (what it read is returned), and again before the findings are reused: they are redone when
   * it reads otherwise.
   */
  watch(read: () => string): string;
  /**
   * Says a finding was not raised because the prometheus-operator release is not known exactly and some release it may
   * be takes what was found: the engine says once what it assumed (see heldByEveryOperatorRelease).
   */
  withheld(): void;
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

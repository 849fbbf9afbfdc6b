import { createHash } from 'node:crypto';
import {
  DocumentDiagnosticReportKind,
  type CancellationToken,
  type Diagnostic,
  type PreviousResultId,
  type WorkspaceDiagnosticReport,
  type WorkspaceDocumentDiagnosticReport,
} from 'vscode-languageserver/node';

/** How long the workspace must stay quiet before closed files are checked again: a burst of keystrokes is one change. */
const settleMs = 300;

/**
 * Answers `workspace/diagnostic` (LSP 3.17) by long polling: VS Code's client asks again as soon as it has an answer,
 * so a request is answered only once some file's problems differ from what the client holds (its previous result ids,
 * a digest of each file's diagnostics), and otherwise waits for the next change or for the client to cancel.
 */
export class WorkspaceDiagnostics {
  /**
   * `fileOf`: what one file is known by, whatever URI names it: the client's previous result ids name files as it
   * writes URIs (`%28` where Node writes `(`), and a report must name each file as the client does. `isOpen`: an
   * editor holds the file, whose problems come from document pulls; VS Code's client names it among the previous
   * result ids with its document pull's id, which no workspace report is to answer.
   */
  constructor(
    private readonly fileOf: (uri: string) => string = (uri) => uri,
    private readonly isOpen: (uri: string) => boolean = () => false,
  ) {}

  private lastChange = 0;
  private readonly waiting = new Set<() => void>();
  /** Files whose problems the client shows from a document pull but no workspace report covers: cleared next time. */
  private readonly cleared = new Set<string>();

  /** Something that reports may depend on changed: a file's text, the files open, the settings. */
  changed(): void {
    this.lastChange = Date.now();
    for (const wake of [...this.waiting]) wake();
  }

  /** A file closed that no workspace report covers (outside the folders, excluded, or only open files reported). */
  clear(uri: string): void {
    this.cleared.add(uri);
    this.changed();
  }

  /** `current` gives the diagnostics of every file the workspace reports cover, as they are now. */
  async report(previous: readonly PreviousResultId[], token: CancellationToken, current: () => Map<string, Diagnostic[]>): Promise<WorkspaceDiagnosticReport> {
    const known = new Map(previous.map(({ uri, value }) => [this.fileOf(uri), { uri, value }]));
    while (!token.isCancellationRequested) {
      await this.settled(token);
      if (token.isCancellationRequested) break;
      const reports = current();
      const reported = new Set<string>();
      const items: WorkspaceDocumentDiagnosticReport[] = [];
      let news = false;
      for (const [file, diagnostics] of reports) {
        const resultId = digest(diagnostics);
        const held = known.get(this.fileOf(file));
        const uri = held?.uri ?? file;
        reported.add(this.fileOf(file));
        if (held?.value === resultId) {
          items.push({ kind: DocumentDiagnosticReportKind.Unchanged, uri, resultId, version: null });
        } else {
          news = true;
          items.push({ kind: DocumentDiagnosticReportKind.Full, uri, resultId, version: null, items: diagnostics });
        }
      }
      // No result id: the client forgets the file, and it is not named again until it has problems.
      const forgotten = new Map([...[...this.cleared].map((uri) => [this.fileOf(uri), uri] as const), ...[...known].map(([file, { uri }]) => [file, uri] as const)]);
      for (const [file, uri] of forgotten) {
        if (reported.has(file) || this.isOpen(uri)) continue;
        news = true;
        items.push({ kind: DocumentDiagnosticReportKind.Full, uri, version: null, items: [] });
      }
      this.cleared.clear();
      if (news) return { items };
      await this.nextChange(token);
    }
    return { items: [] };
  }

  /** Resolves once no change came for `settleMs`. */
  private async settled(token: CancellationToken): Promise<void> {
    for (let quiet = Date.now() - this.lastChange; quiet < settleMs && !token.isCancellationRequested; quiet = Date.now() - this.lastChange) {
      await new Promise((resolve) => setTimeout(resolve, settleMs - quiet));
    }
  }

  private nextChange(token: CancellationToken): Promise<void> {
    return new Promise((resolve) => {
      const done = () => {
        this.waiting.delete(done);
        cancelled.dispose();
        resolve();
      };
      const cancelled = token.onCancellationRequested(done);
      this.waiting.add(done);
    });
  }
}

function digest(diagnostics: readonly Diagnostic[]): string {
  return createHash('sha1').update(JSON.stringify(diagnostics)).digest('base64url');
}

import { DocumentDiagnosticReportKind, type DocumentDiagnosticReport } from 'vscode-languageserver/node';
import type { Finding, Position } from '../engine';
import { toDiagnostic } from './convert';

/**
 * The diagnostic reports of open documents. A client that names the result of its last report (VS Code does) is
 * told `unchanged` when the findings are the same: a keystroke that changes no problem does not send, parse and
 * compare thousands of them again.
 */
export class DocumentReports {
  private readonly last = new Map<string, { resultId: string; findings: readonly Finding[] }>();
  private next = 0;

  report(uri: string, findings: readonly Finding[], previousResultId: string | undefined): DocumentDiagnosticReport {
    const last = this.last.get(uri);
    if (last && last.resultId === previousResultId && sameFindings(last.findings, findings)) {
      return { kind: DocumentDiagnosticReportKind.Unchanged, resultId: last.resultId };
    }
    const resultId = String(++this.next);
    this.last.set(uri, { resultId, findings });
    return { kind: DocumentDiagnosticReportKind.Full, resultId, items: findings.map(toDiagnostic) };
  }

  forget(uri: string): void {
    this.last.delete(uri);
  }
}

/** Whether two lists of findings show as the same diagnostics (most are the same objects: the engine keeps them). */
function sameFindings(before: readonly Finding[], after: readonly Finding[]): boolean {
  return before === after || (before.length === after.length && before.every((finding, i) => {
    const other = after[i];
    return finding === other || (finding.severity === other.severity && finding.code === other.code && finding.message === other.message
      && samePosition(finding.range.start, other.range.start) && samePosition(finding.range.end, other.range.end));
  }));
}

const samePosition = (a: Position, b: Position) => a.line === b.line && a.character === b.character;

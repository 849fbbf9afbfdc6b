import { CodeActionKind, DiagnosticSeverity, type CodeAction, type Diagnostic, type Range } from 'vscode-languageserver/node';
import type { Finding, Fix, Severity } from '../engine';

const severities: Record<Severity, DiagnosticSeverity> = {
  error: DiagnosticSeverity.Error,
  warning: DiagnosticSeverity.Warning,
  information: DiagnosticSeverity.Information,
  hint: DiagnosticSeverity.Hint,
};

export const diagnosticSource = 'promagent';

export function toDiagnostic(finding: Finding): Diagnostic {
  return { range: finding.range, severity: severities[finding.severity], code: finding.code, source: diagnosticSource, message: finding.message };
}

function overlaps(a: Range, b: Range): boolean {
  const before = (p: Range['start'], q: Range['start']) => p.line < q.line || (p.line === q.line && p.character < q.character);
  return !before(a.end, b.start) && !before(b.end, a.start);
}

/**
 * At most this many quick-fixes per request: a selection over a whole large file would otherwise check hundreds of
 * fixes (each parses its document again) for a menu no one reads to the end.
 */
const maxCodeActions = 50;

/** The quick-fixes of the findings that touch `range` that `offered` lets through, each tied to its diagnostic. */
export function toCodeActions(uri: string, findings: readonly Finding[], range: Range, offered: (fix: Fix) => boolean): CodeAction[] {
  const actions: CodeAction[] = [];
  for (const finding of findings) {
    if (!overlaps(finding.range, range)) continue;
    for (const fix of finding.fixes) {
      if (actions.length === maxCodeActions) return actions;
      if (!offered(fix)) continue;
      actions.push({
        title: fix.title,
        kind: CodeActionKind.QuickFix,
        diagnostics: [toDiagnostic(finding)],
        isPreferred: fix.preferred ?? false,
        edit: { changes: { [uri]: fix.edits } },
      });
    }
  }
  return actions;
}

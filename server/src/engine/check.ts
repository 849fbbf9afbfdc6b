import type { ClassifiedDocument } from './classify';
import { embeddedOptions, placeReport } from './embedded';
import { ruleFailed, rules } from './rules/registry';
import type { EditDraft, FixDraft, Report, RuleContext } from './rules/rule';
import type { CheckOptions, Finding, Fix, TextEdit } from './types';
import type { SourceFile, Workspace } from './workspace';

/** Runs every rule that applies to each document of `file`; never throws. Findings come sorted by position. */
export function checkFile(file: SourceFile, workspace: Workspace, options: CheckOptions): Finding[] {
  const findings: Finding[] = [];
  for (const document of file.documents) findings.push(...checkDocument(document, file, workspace, options));
  return findings.sort((a, b) => a.range.start.line - b.range.start.line || a.range.start.character - b.range.start.character);
}

function checkDocument(document: ClassifiedDocument, file: SourceFile, workspace: Workspace, options: CheckOptions): Finding[] {
  const findings: Finding[] = [];
  const memos = new Map<string, unknown>();
  // An embedded configuration is checked in its own text; its findings are placed back into the file.
  const embedding = document.embedding;
  const documentOptions = embedding ? embeddedOptions(embedding, workspace, options) : options;
  if (!documentOptions) return findings;
  const place = (report: Report) => (embedding ? placeReport(embedding, report) : report);
  for (const rule of rules) {
    const context: RuleContext = {
      document,
      text: embedding?.text ?? file.text,
      lines: embedding?.lines ?? file.lines,
      file,
      workspace,
      options: documentOptions,
      report: (report: Report) => findings.push(toFinding(file, place(report), rule.id, report.severity ?? rule.severity)),
      memo<T>(key: string, compute: () => T): T {
        if (!memos.has(key)) memos.set(key, compute());
        return memos.get(key) as T;
      },
    };
    try {
      if (rule.appliesTo(document, documentOptions)) rule.check(context);
    } catch (error) {
      const detail = error instanceof Error ? error.message : String(error);
      const start = document.yaml.ast.contents?.range?.[0] ?? document.yaml.span.start;
      findings.push(toFinding(file, place({
        span: { start, end: context.lines.lineEnd(start) },
        message: `rule ${rule.id} failed on this document: ${detail}`,
      }), ruleFailed.id, ruleFailed.severity));
    }
  }
  return findings;
}

function toFinding(file: SourceFile, report: Report, code: string, severity: Finding['severity']): Finding {
  return {
    range: file.lines.range(report.span.start, report.span.end),
    severity,
    code,
    message: report.message,
    fixes: (report.fixes ?? []).map((fix) => toFix(file, fix)),
  };
}

function toFix(file: SourceFile, fix: FixDraft): Fix {
  const edits: TextEdit[] = fix.edits.map((edit: EditDraft) => ({ range: file.lines.range(edit.start, edit.end), newText: edit.newText }));
  return fix.preferred ? { title: fix.title, edits, preferred: true } : { title: fix.title, edits };
}

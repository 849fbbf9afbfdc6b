import type { ClassifiedDocument } from './classify';
import { embeddedOptions, placeReport } from './embedded';
import { ruleFailed, rules } from './rules/registry';
import type { EditDraft, FixDraft, Report, Rule, RuleContext } from './rules/rule';
import type { CheckOptions, Finding, Fix, TextEdit } from './types';
import type { SourceFile, Workspace } from './workspace';
import { indexDigest } from './workspaceIndex';

/** A rule's report about a document, in the coordinates of the document's source. */
interface DocumentReport {
  code: string;
  severity: Finding['severity'];
  report: Report;
}

/**
 * Reports are kept per document with what they depend on: the options and, for rules that read other documents,
 * the workspace's index or its files. An edit re-checks the edited document and the documents that depend on what
 * the edit changed; every other document's reports are reused, moved to where the document now starts.
 */
const checked = new WeakMap<ClassifiedDocument, { key: string; reports: DocumentReport[] }>();

/** Runs every rule that applies to each document of `file`; never throws. Findings come sorted by position. */
export function checkFile(file: SourceFile, workspace: Workspace, options: CheckOptions): Finding[] {
  const findings: Finding[] = [];
  for (const document of file.documents) {
    const offset = document.source.offset;
    for (const { code, severity, report } of reportsFor(document, file, workspace, options)) findings.push(toFinding(file, offset, report, code, severity));
  }
  return findings.sort((a, b) => a.range.start.line - b.range.start.line || a.range.start.character - b.range.start.character);
}

function reportsFor(document: ClassifiedDocument, file: SourceFile, workspace: Workspace, options: CheckOptions): DocumentReport[] {
  const key = cacheKey(document, workspace, options);
  const cached = checked.get(document);
  if (cached?.key === key) return cached.reports;
  const reports = checkDocument(document, file, workspace, options);
  checked.set(document, { key, reports });
  return reports;
}

/** What a document's reports depend on, beyond its own text. */
function cacheKey(document: ClassifiedDocument, workspace: Workspace, options: CheckOptions): string {
  // An embedded configuration's options come from the agent that uses it, found through the index.
  let reads: ReturnType<NonNullable<Rule['reads']>> = document.embedding ? 'index' : undefined;
  for (const rule of rules) {
    const needs = rule.reads?.(document);
    if (needs === 'files' || (needs === 'index' && reads === undefined)) reads = needs;
  }
  const dependency = reads === 'files' ? `files:${workspace.revision}` : reads === 'index' ? `index:${indexDigest(workspace)}` : '';
  return `${JSON.stringify(options)}|${dependency}`;
}

function checkDocument(document: ClassifiedDocument, file: SourceFile, workspace: Workspace, options: CheckOptions): DocumentReport[] {
  const reports: DocumentReport[] = [];
  const memos = new Map<string, unknown>();
  // An embedded configuration is checked in its own text; its findings are placed back into its holder's text.
  const embedding = document.embedding;
  const documentOptions = embedding ? embeddedOptions(embedding, workspace, options) : options;
  if (!documentOptions) return reports;
  const place = (report: Report) => (embedding ? placeReport(embedding, report) : report);
  for (const rule of rules) {
    const context: RuleContext = {
      document,
      text: embedding?.text ?? document.source.text,
      lines: embedding?.lines ?? document.source.lines,
      file,
      workspace,
      options: documentOptions,
      report: (report: Report) => reports.push({ code: rule.id, severity: report.severity ?? rule.severity, report: place(report) }),
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
      reports.push({
        code: ruleFailed.id,
        severity: ruleFailed.severity,
        report: place({ span: { start, end: context.lines.lineEnd(start) }, message: `rule ${rule.id} failed on this document: ${detail}` }),
      });
    }
  }
  return reports;
}

function toFinding(file: SourceFile, offset: number, report: Report, code: string, severity: Finding['severity']): Finding {
  return {
    range: file.lines.range(offset + report.span.start, offset + report.span.end),
    severity,
    code,
    message: report.message,
    fixes: (report.fixes ?? []).map((fix) => toFix(file, offset, fix)),
  };
}

function toFix(file: SourceFile, offset: number, fix: FixDraft): Fix {
  const edits: TextEdit[] = fix.edits.map((edit: EditDraft) => ({ range: file.lines.range(offset + edit.start, offset + edit.end), newText: edit.newText }));
  return fix.preferred ? { title: fix.title, edits, preferred: true } : { title: fix.title, edits };
}

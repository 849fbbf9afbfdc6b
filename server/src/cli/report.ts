import { isAbsolute } from 'node:path';
import { pathToFileURL } from 'node:url';
import { aliasesTooMany, describeTarget, fileNotRead, fileNotWritten, fileTooLarge, helmTemplate, nestingTooDeep, ruleDescriptions, ruleFailed, type Finding, type OperatorTarget, type Severity } from '../engine';

export interface FileReport {
  path: string;
  findings: Finding[];
}

/** What `promagent fix` says about a file it left as it was, with how many fixes that leaves out. */
export function notWrittenFinding(reason: string, fixes: number): Finding {
  const start = { line: 0, character: 0 };
  const message = `not written (${fixes} fix${fixes === 1 ? '' : 'es'} left out): ${reason}`;
  return { range: { start, end: start }, severity: fileNotWritten.severity, code: fileNotWritten.id, message, fixes: [] };
}

/** Findings that say a file, or a part of it, was not checked: such a file is counted apart, and the run fails. */
const notCheckedCodes = new Set<string>([fileNotRead.id, fileTooLarge.id, nestingTooDeep.id, aliasesTooMany, ruleFailed.id]);

/**
 * Whether some of the file could not be checked (not read, too large, nested too deep, aliases past go-yaml's bounds,
 * a rule failed on it).
 */
export function notFullyChecked(report: FileReport): boolean {
  return report.findings.some((f) => notCheckedCodes.has(f.code));
}

/** A Helm chart's template the CLI was given and did not read: counted apart, without failing the run. */
const leftOutTemplate = (report: FileReport) => report.findings.some((f) => f.code === helmTemplate.id);

export function formatText(reports: readonly FileReport[]): string {
  const lines: string[] = [];
  const counts: Record<Severity, number> = { error: 0, warning: 0, information: 0, hint: 0 };
  for (const report of reports) {
    for (const f of report.findings) {
      counts[f.severity]++;
      lines.push(`${printable(report.path)}:${f.range.start.line + 1}:${f.range.start.character + 1}: ${f.severity} ${f.code} ${printable(f.message)}`);
    }
  }
  const plural = (n: number, word: string) => `${n} ${word}${n === 1 ? '' : 's'}`;
  const notChecked = reports.filter(notFullyChecked).length;
  const templates = reports.filter(leftOutTemplate).length;
  const files = `${plural(reports.length - notChecked - templates, 'file')} checked${notChecked ? `, ${notChecked} not checked in full` : ''}`
    + (templates ? `, ${plural(templates, 'Helm chart template')} left out` : '');
  lines.push(`${files}: ${plural(counts.error, 'error')}, ${plural(counts.warning, 'warning')}, ` +
    `${counts.information} information, ${plural(counts.hint, 'hint')}`);
  return lines.join('\n') + '\n';
}

/**
 * Text for a line of its own: a line break in a file name would split the line, and other control characters (an
 * escape sequence) would act on the terminal. Each is written as its escape (`\n`, `\u001b`).
 */
function printable(text: string): string {
  return text.replace(/[\u0000-\u001f\u007f-\u009f\u2028\u2029]/g, (char) =>
    (char === '\n' ? '\\n' : char === '\r' ? '\\r' : char === '\t' ? '\\t' : `\\u${char.charCodeAt(0).toString(16).padStart(4, '0')}`));
}

/**
 * A path as a SARIF artifact location: a relative path is a URI reference from the checkout (%SRCROOT%), each
 * segment percent-encoded; an absolute one is a file: URI.
 */
function artifactLocation(path: string): { uri: string; uriBaseId?: string } {
  const slashed = path.split('\\').join('/');
  if (isAbsolute(path)) return { uri: pathToFileURL(path).href };
  return { uri: slashed.replace(/^\.\//, '').split('/').map(encodeURIComponent).join('/'), uriBaseId: '%SRCROOT%' };
}

/**
 * `{"operator":{…},"files":[…]}`: the prometheus-operator release the monitoring resources were checked as, and why
 * (`version`, `from`: cli, workspace, setting or default, `reason`, `description`), then each file's findings.
 */
export function formatJson(reports: readonly FileReport[], operator?: OperatorTarget): string {
  const files = reports.map((report) => ({
    path: report.path,
    checked: !notFullyChecked(report) && !leftOutTemplate(report),
    diagnostics: report.findings.map((f) => ({ severity: f.severity, code: f.code, message: f.message, range: f.range })),
  }));
  const release = operator && { version: operator.version, from: operator.from, reason: operator.reason, description: describeTarget(operator) };
  return JSON.stringify(release ? { operator: release, files } : { files }) + '\n';
}

const sarifLevels: Record<Severity, 'error' | 'warning' | 'note'> = { error: 'error', warning: 'warning', information: 'note', hint: 'note' };

/** SARIF 2.1.0 as GitHub code scanning reads it: relative artifact URIs, 1-based regions, rules described once. */
export function formatSarif(reports: readonly FileReport[], version: string): string {
  const descriptors = ruleDescriptions;
  const ruleIndex = new Map(descriptors.map((rule, index) => [rule.id, index]));
  const results = reports.flatMap((report) => report.findings.map((f) => ({
    ruleId: f.code,
    ruleIndex: ruleIndex.get(f.code) ?? -1,
    level: sarifLevels[f.severity],
    message: { text: f.message },
    locations: [{
      physicalLocation: {
        artifactLocation: artifactLocation(report.path),
        region: {
          startLine: f.range.start.line + 1,
          startColumn: f.range.start.character + 1,
          endLine: f.range.end.line + 1,
          endColumn: f.range.end.character + 1,
        },
      },
    }],
  })));
  const sarif = {
    $schema: 'https://json.schemastore.org/sarif-2.1.0.json',
    version: '2.1.0',
    runs: [{
      tool: {
        driver: {
          name: 'promagent',
          version,
          informationUri: 'https://github.com/promagent/promagent',
          rules: descriptors.map((rule) => ({
            id: rule.id,
            name: rule.id.replace(/[^A-Za-z0-9]+(.)/g, (_, c: string) => c.toUpperCase()),
            shortDescription: { text: rule.docs },
            defaultConfiguration: { level: sarifLevels[rule.severity] },
          })),
        },
      },
      // A file not checked in full makes the run unsuccessful: code scanning then does not read "no alerts" as clean.
      invocations: [{ executionSuccessful: !reports.some(notFullyChecked) }],
      results,
    }],
  };
  return JSON.stringify(sarif, null, 2) + '\n';
}

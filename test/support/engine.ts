import { checkFile, defaultCheckOptions, Workspace, type CheckOptions, type Finding, type Fix } from '../../server/src/engine';

/** YAML written inline in a test, indented with the code: strips the common indentation and the first newline. */
export function yaml(strings: TemplateStringsArray, ...values: unknown[]): string {
  const raw = strings.reduce((out, part, i) => out + part + (i < values.length ? String(values[i]) : ''), '');
  const lines = raw.replace(/^\n/, '').split('\n');
  const indent = Math.min(...lines.filter((l) => l.trim()).map((l) => l.length - l.trimStart().length));
  return lines.map((l) => l.slice(indent)).join('\n').replace(/[ \t]+$/, '');
}

/** A PrometheusAgent `agent` in namespace `monitoring` with `spec` (written at any indentation) as its spec. */
export function agentManifest(spec: string, kind = 'PrometheusAgent', apiVersion = 'monitoring.coreos.com/v1alpha1'): string {
  const body = yaml([spec] as unknown as TemplateStringsArray);
  return `apiVersion: ${apiVersion}\nkind: ${kind}\nmetadata:\n  name: agent\n  namespace: monitoring\nspec:\n` +
    body.split('\n').map((line) => (line ? `  ${line}` : line)).join('\n') + '\n';
}

/** The prometheus-operator's Deployment in namespace `monitoring`, running release `tag` with these args. */
export function operatorDeployment(tag: string, args: string[] = []): string {
  return yaml`
    apiVersion: apps/v1
    kind: Deployment
    metadata: {name: prometheus-operator, namespace: monitoring}
    spec:
      selector: {matchLabels: {app: prometheus-operator}}
      template:
        metadata: {labels: {app: prometheus-operator}}
        spec:
          containers:
            - name: prometheus-operator
              image: quay.io/prometheus-operator/prometheus-operator:${tag}
              args: [${args.join(', ')}]
  ` + '\n';
}

export interface CheckInput {
  uri?: string;
  options?: Partial<CheckOptions>;
  /** Other files of the workspace, by URI. */
  workspace?: Record<string, string>;
}

/**
 * What tests check against unless they say otherwise: the newest release, named as the setting promagent.operatorVersion
 * names it (the workspace's own operator, CRDs or bundle still win). Where nothing names one, only what every release
 * refuses is raised (tests of that pass `operatorVersion: undefined`).
 */
export const newestOperator: Partial<CheckOptions> = { operatorVersion: { version: 'v0.93.0', from: 'setting' } };

export function findings(text: string, input: CheckInput = {}): Finding[] {
  const options = { ...defaultCheckOptions, ...newestOperator, ...input.options };
  const workspace = new Workspace(options.readAs);
  for (const [uri, other] of Object.entries(input.workspace ?? {})) workspace.set(uri, other);
  const file = workspace.set(input.uri ?? 'file:///work/manifest.yaml', text);
  return checkFile(file, workspace, options);
}

/** Findings as a user reads them in the Problems panel: `line:column severity code message`, 1-based. */
export function check(text: string, input: CheckInput = {}): string[] {
  return findings(text, input).map(describe);
}

export function describe(f: Finding): string {
  return `${f.range.start.line + 1}:${f.range.start.character + 1} ${f.severity} ${f.code} ${f.message}`;
}

/** The text under a finding's range: what the squiggle underlines. */
export function underlined(text: string, f: Finding): string {
  const lines = text.split('\n');
  const offset = (p: Finding['range']['start']) => lines.slice(0, p.line).reduce((n, l) => n + l.length + 1, 0) + p.character;
  return text.slice(offset(f.range.start), offset(f.range.end));
}

/** Applies a fix's edits to `text` (edits never overlap; applied from the end so offsets stay valid). */
export function applyFix(text: string, fix: Fix): string {
  const lines = text.split('\n');
  const offset = (p: Finding['range']['start']) => lines.slice(0, p.line).reduce((n, l) => n + l.length + 1, 0) + p.character;
  const edits = fix.edits.map((e) => ({ start: offset(e.range.start), end: offset(e.range.end), text: e.newText }))
    .sort((a, b) => b.start - a.start);
  return edits.reduce((out, e) => out.slice(0, e.start) + e.text + out.slice(e.end), text);
}

/** The single finding with `code`; fails the test when there is not exactly one. */
export function only(list: Finding[], code: string): Finding {
  const matching = list.filter((f) => f.code === code);
  if (matching.length !== 1) throw new Error(`expected one ${code}, got ${matching.length}: ${list.map(describe).join('; ')}`);
  return matching[0];
}

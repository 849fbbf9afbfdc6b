import { operatorChanges, operatorRelease } from '../../model/operator';
import type { ClassifiedDocument } from '../../classify';
import { servedKind } from '../../classify';
import type { RuleContext } from '../rule';
import { locate } from '../../yaml/locate';
import type { Path } from '../../yaml/documents';
import { atLeast, parseSemanticVersion, type SemanticVersion } from '../../util/version';

export type Spec = Record<string, unknown>;

/** The spec of a PrometheusAgent (or, with `kinds`, another served kind), as plain data. */
export function specOf(document: ClassifiedDocument, kinds: readonly string[] = ['PrometheusAgent']): Spec | undefined {
  const kind = servedKind(document);
  if (!kind || !kinds.includes(kind)) return undefined;
  const spec = (document.yaml.value as { spec?: unknown } | null | undefined)?.spec;
  return spec !== null && typeof spec === 'object' && !Array.isArray(spec) ? (spec as Spec) : undefined;
}

export const isAgent = (document: ClassifiedDocument) => specOf(document) !== undefined;
export const isAgentOrServer = (document: ClassifiedDocument) => specOf(document, ['PrometheusAgent', 'Prometheus']) !== undefined;

/** A PrometheusAgent or Prometheus the operator runs pods of its own for: not an agent injected as a sidecar. */
export const runsOwnPods = (document: ClassifiedDocument) => isAgentOrServer(document) && !(document.kind === 'PrometheusAgent' && mode(specOf(document)!) === 'Sidecar');

/** The Prometheus version the operator will run: `spec.version`, else (blank) the configured default. */
export function prometheusVersion(context: RuleContext, spec: Spec): string {
  return typeof spec.version === 'string' && spec.version.trim() ? spec.version : context.options.prometheusVersion;
}

/** That version as the operator parses it; undefined where it cannot, or where it supports no such major version. */
export function parsedPrometheusVersion(context: RuleContext, spec: Spec): SemanticVersion | undefined {
  const parsed = parseSemanticVersion(prometheusVersion(context, spec));
  return parsed && (parsed.major === 2 || parsed.major === 3) ? parsed : undefined;
}

const monitorSelectors = ['serviceMonitorSelector', 'podMonitorSelector', 'probeSelector', 'scrapeConfigSelector'];

/** Whether the operator generates the resource's prometheus.yml: a Prometheus selecting no monitors has one of its own. */
export const configManaged = (document: ClassifiedDocument, spec: Spec) =>
  document.kind !== 'Prometheus' || monitorSelectors.some((selector) => spec[selector] !== undefined && spec[selector] !== null);

export function mode(spec: Spec): string {
  return typeof spec.mode === 'string' ? spec.mode : operatorRelease.defaultAgentMode;
}

export function asRecord(value: unknown): Record<string, unknown> | undefined {
  return value !== null && typeof value === 'object' && !Array.isArray(value) ? (value as Record<string, unknown>) : undefined;
}

/** The value at a path of fields; undefined where a field on the way is absent or no object. */
export const valueAt = (value: unknown, path: readonly string[]): unknown => path.reduce<unknown>((current, key) => asRecord(current)?.[key], value);

/** The prometheus-operator release the resource meets (the options carry it, resolved from the workspace). */
export function operatorVersion(context: RuleContext): string {
  return context.options.operator?.version ?? operatorRelease.version;
}

/** The flag the operator runs the agent with: `--agent` for Prometheus v3 from v0.77.0 on, else the v2 feature flag. */
export function operatorAgentFlag(context: RuleContext, prometheus: string): '--agent' | '--enable-feature=agent' {
  return atLeast(prometheus, 'v3.0.0') && atLeast(operatorVersion(context), operatorChanges.v3AgentFlag.since) ? '--agent' : '--enable-feature=agent';
}

/**
 * Says, at its field (the key, or the value), what the operator or the API server refuses in the spec (the path is
 * relative to it), in its words, then what follows: by default, that the operator does not reconcile the resource.
 */
export function reportRefusal(
  context: RuleContext, refusal: { path: Path; message: string }, outcome = 'the operator does not reconcile the resource', anchor: 'key' | 'value' = 'key',
): void {
  context.report({
    span: locate(context.document.yaml, context.lines, ['spec', ...refusal.path], anchor),
    message: `${refusal.message}: ${outcome}`,
  });
}

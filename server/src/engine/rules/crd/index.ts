import { isMap, isScalar } from 'yaml';
import { isMonitoringKind, monitoringGroup, monitoringKinds, type ClassifiedDocument, type MonitoringKind } from '../../classify';
import { didYouMean } from '../../util/didYouMean';
import { findPair, keyText, nodeAt } from '../../yaml/documents';
import { replaceScalar } from '../../yaml/edits';
import { locate } from '../../yaml/locate';
import { isServerOnlyField } from '../agent/serverOnly';
import { hasHttpScheme } from '../agent/semantics';
import { removeFix, renameFix } from '../fixes';
import type { FixDraft, Rule, RuleContext } from '../rule';
import { servedKind } from '../../classify';
import { enumAcceptedInAny, fieldAlike, fieldInAny, fieldReleases, knownReleases, releasesWithFields, requiredInEvery } from '../../model/operatorReleases';
import { otherWorkspaceSchemas, possibleReleases } from '../../model/operatorRelease';
import { documentSchema } from './schemas';
import { releaseNote, validateAgainstCrd, type Violation, type ViolationKind } from './validate';

const isMonitoring = (document: { role: string }) => document.role === 'monitoring';

/**
 * Whether the document writes `kind` or `apiVersion` twice: two documents run together (a mistyped `---`, which
 * yaml/document-marker reports), whose pairing of the two says nothing of either.
 */
function typeWrittenTwice(document: ClassifiedDocument): boolean {
  const root = document.yaml.ast.contents;
  if (!isMap(root)) return false;
  const keys = root.items.map((pair) => keyText(pair));
  return keys.filter((key) => key === 'kind').length > 1 || keys.filter((key) => key === 'apiVersion').length > 1;
}


function violations(context: RuleContext, kind: ViolationKind): Violation[] {
  const all = context.memo('crd-validation', () => {
    const inUse = documentSchema(context);
    const patch = !context.document.embedding && context.workspace.index.kustomizePatch(context.file.uri);
    if (!inUse) return [];
    const found = validateAgainstCrd(context.document, inUse, context.options.operator, context.options.sidecarMode, patch)
      .filter((violation) => !schemeMissing(context, violation));
    if (inUse.crd && found.length) {
      // Other CRDs of the kind in the workspace may be the cluster's: what each of them refuses too.
      const others = otherWorkspaceSchemas(inUse, context.document.apiVersion, context.workspace)
        .map((other) => new Set(validateAgainstCrd(context.document, other, context.options.operator, context.options.sidecarMode, patch).map(violationKey)));
      const held = found.filter((violation) => others.every((refused) => refused.has(violationKey(violation))));
      if (held.length < found.length) context.withheld();
      return held;
    }
    // Of a release not known exactly, what every release it may be refuses (the workspace's own CRD is known).
    const possible = !inUse.crd && found.length && context.options.operator ? possibleReleases(context.options.operator) : undefined;
    if (!possible) return found;
    // No release has every field it uses: each refuses one, and what the one assumed finds is said.
    const dated = releasesWithFields(inUse.kind, context.document.yaml.value, possible);
    if (dated.length === 0) return found;
    // The release checked against among them: a constraint alike in all refuses there what it refused here.
    const releases = [...new Set([...dated, context.options.operator!.data])];
    const held = found.filter((violation) => refusedByEvery(inUse.kind, violation, context.document.yaml.dataAt(violation.path), releases));
    if (held.length < found.length) context.withheld();
    return held;
  });
  return all.filter((v) => v.kind === kind);
}

/**
 * A remoteWrite url with no http(s) scheme breaks the CRD's pattern from v0.90.0, and every release's agent before it:
 * agent/remote-write-url says so for every release, as an error.
 */
function schemeMissing(context: RuleContext, violation: Violation): boolean {
  const { path } = violation;
  if (violation.kind !== 'invalid' || path.length !== 4 || path[0] !== 'spec' || path[1] !== 'remoteWrite' || path[3] !== 'url') return false;
  const url = context.document.yaml.dataAt(path);
  return typeof url === 'string' && !hasHttpScheme(url);
}

/** A violation as another schema's may repeat it: what it is, and where. */
const violationKey = (violation: Violation) => `${violation.kind} ${JSON.stringify(violation.path)}`;

/**
 * Whether every release refuses what one refused, from the releases' history of the schema: a field none has, a value
 * no enum takes, a field whose constraints are the same in all (where they changed, some release may take it).
 */
function refusedByEvery(kind: MonitoringKind, violation: Violation, value: unknown, releases: readonly string[]): boolean {
  const { path } = violation;
  switch (violation.kind) {
    case 'unknown-field': return !fieldInAny(kind, path, releases);
    case 'enum': return !enumAcceptedInAny(kind, path, value, releases);
    case 'required': return requiredInEvery(kind, path.slice(0, -1), String(path[path.length - 1]), releases);
    // Said of the list holding the entry twice.
    case 'duplicate': return fieldAlike(kind, path.slice(0, -1), releases);
    case 'type': return fieldAlike(kind, path, releases, ['type', 'anyOf', 'x-kubernetes-int-or-string', 'nullable']);
    default: return fieldAlike(kind, path, releases);
  }
}

function reportViolations(context: RuleContext, kind: ViolationKind, fixesFor?: (v: Violation) => FixDraft[]): void {
  for (const violation of violations(context, kind)) {
    // agent/server-only-field says why a PrometheusAgent has no ruleSelector; a generic "unknown field" would not.
    if (kind === 'unknown-field' && isServerOnlyField(context.document.kind, violation.path)) continue;
    const span = locate(context.document.yaml, context.lines, violation.path, violation.anchor);
    context.report({ span, message: violation.message, fixes: fixesFor?.(violation) });
  }
}

/** A fix that swaps the scalar at `path` for `value`. */
function changeValueFix(context: RuleContext, path: Violation['path'], value: string): FixDraft[] {
  const node = nodeAt(context.document.yaml.ast.contents, path);
  const edit = node ? replaceScalar(node, value, context.text) : undefined;
  return edit ? [{ title: `Change to "${value}"`, edits: [edit], preferred: true }] : [];
}

function typeMetaValue(context: RuleContext, key: 'apiVersion' | 'kind') {
  const root = context.document.yaml.ast.contents;
  return root && 'items' in root ? findPair(root.items as never, key) : undefined;
}

export const unknownKind: Rule = {
  id: 'crd/unknown-kind',
  severity: 'error',
  docs: `A ${monitoringGroup} kind that no CRD defines (a misspelt PrometheusAgent, say), or that the release in use does not have yet (PrometheusAgent before v0.64.0, ScrapeConfig before v0.65.0).`,
  appliesTo: (document) => isMonitoring(document) && (!isMonitoringKind(document.kind) || servedKind(document) !== undefined) && !typeWrittenTwice(document),
  check(context) {
    const { kind = '', apiVersion = '' } = context.document;
    const inUse = documentSchema(context);
    if (inUse) {
      // promagent's releases start with PrometheusAgent's first: its history says nothing of the releases before.
      const beforeAgents = inUse.kind === 'PrometheusAgent' ? `added in prometheus-operator ${knownReleases()[0]}; the target is ${inUse.release}` : undefined;
      const note = !inUse.schema && (releaseNote(fieldReleases(inUse.kind, [], inUse.release), inUse, context.options.operator) ?? beforeAgents);
      if (note) context.report({ span: locate(context.document.yaml, context.lines, ['kind'], 'value'), message: `no matches for kind "${kind}" in version "${apiVersion}": ${note}` });
      return;
    }
    const suggestion = didYouMean(kind, Object.keys(monitoringKinds));
    const value = typeMetaValue(context, 'kind')?.value;
    const span = locate(context.document.yaml, context.lines, ['kind'], 'value');
    context.report({
      span,
      message: `no matches for kind "${kind}" in version "${apiVersion}"${suggestion ? `: did you mean "${suggestion}"?` : ''}`,
      fixes: suggestion && value ? changeValueFix(context, ['kind'], suggestion) : [],
    });
  },
};

export const apiVersion: Rule = {
  id: 'crd/api-version',
  severity: 'error',
  docs: 'A known kind under an API version its CRD does not serve (PrometheusAgent is only v1alpha1).',
  appliesTo: (document) => isMonitoring(document) && isMonitoringKind(document.kind) && !servedKind(document) && !typeWrittenTwice(document),
  check(context) {
    const { kind = '', apiVersion: version = '' } = context.document;
    if (!isMonitoringKind(kind)) return;
    const served = `${monitoringGroup}/${monitoringKinds[kind][0]}`;
    context.report({
      span: locate(context.document.yaml, context.lines, ['apiVersion'], 'value'),
      message: `no matches for kind "${kind}" in version "${version}": ${kind} is served as ${served}`,
      fixes: changeValueFix(context, ['apiVersion'], served),
    });
  },
};

export const unknownField: Rule = {
  id: 'crd/unknown-field',
  severity: 'error',
  docs: 'A field the CRD schema does not declare; the API server rejects it (strict field validation) or drops it. A field of other prometheus-operator releases says which added (or removed) it.',
  appliesTo: isMonitoring,
  check(context) {
    reportViolations(context, 'unknown-field', (violation) => {
      if (violation.suggestion) return renameFix(context, violation.path, violation.suggestion);
      // Another release has the field: upgrading the operator may be the answer, so removing it is offered, not preferred.
      const name = String(violation.path[violation.path.length - 1]);
      return violation.releaseNote ? removeFix(context, violation.path, `Remove ${name}`).map((fix) => ({ title: fix.title, edits: fix.edits })) : [];
    });
  },
};

export const requiredField: Rule = {
  id: 'crd/required',
  severity: 'error',
  docs: 'A field the CRD schema requires is missing; reported on the key of the object that should hold it.',
  appliesTo: isMonitoring,
  check: (context) => reportViolations(context, 'required'),
};

export const wrongType: Rule = {
  id: 'crd/type',
  severity: 'error',
  docs: 'A value of the wrong type (a string where the schema wants an integer, say).',
  appliesTo: isMonitoring,
  check: (context) => reportViolations(context, 'type'),
};

export const unsupportedValue: Rule = {
  id: 'crd/enum',
  severity: 'error',
  docs: 'A value outside the field\'s enum; a case slip gets a fix to the canonical spelling.',
  appliesTo: isMonitoring,
  check(context) {
    reportViolations(context, 'enum', (violation) => {
      const node = nodeAt(context.document.yaml.ast.contents, violation.path);
      if (!isScalar(node) || typeof node.value !== 'string') return [];
      const suggestion = didYouMean(node.value, (violation.allowed ?? []).map(String));
      return suggestion ? changeValueFix(context, violation.path, suggestion) : [];
    });
  },
};

export const invalidValue: Rule = {
  id: 'crd/invalid-value',
  severity: 'error',
  docs: 'A value that breaks the schema\'s pattern, bounds or length (a duration, a byte size, a negative count).',
  appliesTo: isMonitoring,
  check: (context) => reportViolations(context, 'invalid'),
};

export const duplicateEntry: Rule = {
  id: 'crd/duplicate-entry',
  severity: 'error',
  docs: 'Two entries with the same key in a list the CRD declares as a map or a set (containers by name, say).',
  appliesTo: isMonitoring,
  check: (context) => reportViolations(context, 'duplicate'),
};

export const crdRules: Rule[] = [unknownKind, apiVersion, unknownField, requiredField, wrongType, unsupportedValue, invalidValue, duplicateEntry];

/**
 * The rules whose verdicts come from validating against the CRD schema: where the release is not known exactly, they
 * hold what every release refuses from the schema's history themselves (validating against each release's schema
 * would compile each).
 */
export const schemaRules: ReadonlySet<string> = new Set([unknownField, requiredField, wrongType, unsupportedValue, invalidValue, duplicateEntry].map((rule) => rule.id));

import { servedKind } from '../../classify';
import { documentSchema } from '../crd/schemas';
import { otherWorkspaceSchemas } from '../../model/operatorRelease';
import { fieldPath } from '../../util/kubernetesText';
import { locate } from '../../yaml/locate';
import { removeFix } from '../fixes';
import type { Rule, RuleContext } from '../rule';
import { evaluatedValidations, run, toCel, type CompiledValidation, type Instance, type Outcome } from './validations';
import { withoutStatus } from '../crd/validate';

function valueAt(value: unknown, path: readonly string[]): unknown {
  return path.reduce<unknown>((v, key) => (v !== null && typeof v === 'object' ? (v as Record<string, unknown>)[key] : undefined), value);
}

function without(value: unknown, path: readonly string[]): unknown {
  if (path.length === 0 || value === null || typeof value !== 'object' || Array.isArray(value)) return value;
  const [head, ...rest] = path;
  const copy = { ...(value as Record<string, unknown>) };
  if (rest.length === 0) delete copy[head];
  else copy[head] = without(copy[head], rest);
  return copy;
}

/**
 * The field a failing rule is about: its `fieldPath`, else the `has(self.x)` field that is set and that the message
 * names first (`replicas cannot be set when mode is DaemonSet` is about replicas, not mode).
 */
function subject(validation: CompiledValidation, self: unknown): string[] | undefined {
  if (validation.fieldPath) return validation.fieldPath;
  const present = validation.presenceFields.filter((field) => valueAt(self, field) !== undefined && valueAt(self, field) !== null);
  const mentioned = present
    .map((field) => ({ field, at: validation.message.search(new RegExp(`\\b${field[field.length - 1]}\\b`)) }))
    .filter((m) => m.at >= 0)
    .sort((a, b) => a.at - b.at);
  return mentioned[0]?.field;
}

/** Whether the rule compares the field's value with something (`self.mode == 'DaemonSet'`): a condition, not a choice. */
const comparedInRule = (validation: CompiledValidation, field: string[]) => new RegExp(`self\\.${field.join('\\.')}\\s*[!=]=`).test(validation.rule);

/** The fields a rule checks the presence of that its message names. */
function mentionedFields(validation: CompiledValidation): string[][] {
  return validation.presenceFields.filter((field) => new RegExp(`\\b${field[field.length - 1]}\\b`).test(validation.message));
}

function reportOutcome(context: RuleContext, instance: Instance, validation: CompiledValidation, outcome: Outcome, reportedErrors: Set<string>): void {
  if ('error' in outcome) {
    // A rule that cannot be evaluated here is said once per document, never thrown.
    if (reportedErrors.has(validation.rule)) return;
    reportedErrors.add(validation.rule);
    context.report({
      span: locate(context.document.yaml, context.lines, instance.path, 'key'),
      message: `${fieldPath(instance.path) || '<root>'}: the CRD rule "${validation.rule}" could not be evaluated: ${outcome.error}`,
      severity: 'warning',
    });
    return;
  }
  if (outcome.passed) return;
  const field = subject(validation, instance.value);
  const target = field ? [...instance.path, ...field] : instance.path;
  const removable = field !== undefined && (() => {
    const retried = run(validation, toCel(without(instance.value, field)));
    return 'passed' in retried && retried.passed;
  })();
  // Preferred only when the rule is about that field alone, the others it names being conditions on their values
  // (`replicas cannot be set when mode is DaemonSet`): where it names alternatives (`at most one of basicAuth,
  // authorization, or oauth2`) or what is missing (`externalId … when roleArn is specified`), which to keep, or what to
  // add, is the author's choice, and fix-all leaves it to them.
  const alone = field !== undefined && mentionedFields(validation).every((named) => named.join('.') === field.join('.') || comparedInRule(validation, named));
  context.report({
    span: locate(context.document.yaml, context.lines, target, 'key'),
    message: validation.message,
    severity: validation.severity,
    fixes: removable ? removeFix(context, target).map((fix) => (alone ? fix : { title: fix.title, edits: fix.edits })) : [],
  });
}

/** A failing rule as another CRD's may repeat it: where, and what it says. */
const failureKey = (instance: Instance, validation: CompiledValidation) => `${JSON.stringify(instance.path)} ${validation.message}`;

export const celValidation: Rule = {
  id: 'crd/validation-rule',
  severity: 'error',
  docs: "A CRD `x-kubernetes-validations` rule (CEL, prometheus-operator v0.84.0 on) fails, e.g. a field DaemonSet mode forbids: the API server rejects the object with the rule's message. Only the rules of the release in use (or of the workspace's CRD; of several that differ, what each refuses) run. Fix: remove the field when that satisfies the rule (applied by fix-all only when the rule names no other field).",
  appliesTo: (document) => document.role === 'monitoring' && servedKind(document) !== undefined,
  check(context) {
    const inUse = documentSchema(context);
    const schema = inUse?.schema;
    const data = withoutStatus(context.document.yaml.value);
    if (!schema || data === null || typeof data !== 'object') return;
    const reportedErrors = new Set<string>();
    // Other CRDs of the kind in the workspace may be the cluster's: a rule failing here fails in each of them too.
    let failingInOthers: Set<string>[] | undefined;
    const failingIn = (other: typeof schema) => new Set([...evaluatedValidations(other, data, context.options.sidecarMode)]
      .flatMap(({ instance, validation, outcome }) => ('passed' in outcome && !outcome.passed ? [failureKey(instance, validation)] : [])));
    for (const { instance, validation, outcome } of evaluatedValidations(schema, data, context.options.sidecarMode)) {
      if ('passed' in outcome && !outcome.passed) {
        failingInOthers ??= otherWorkspaceSchemas(inUse, context.document.apiVersion, context.workspace).flatMap((other) => (other.schema ? [failingIn(other.schema)] : []));
        if (!failingInOthers.every((failing) => failing.has(failureKey(instance, validation)))) {
          context.withheld();
          continue;
        }
      }
      reportOutcome(context, instance, validation, outcome, reportedErrors);
    }
  },
};

export const celRules: Rule[] = [celValidation];

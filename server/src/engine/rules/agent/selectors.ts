import { isScalar } from 'yaml';
import { didYouMean } from '../../util/didYouMean';
import { fieldPath } from '../../util/kubernetesText';
import { invalid, labelKeyProblems, labelValueProblems } from '../../util/kubernetesSelectors';
import { nodeAt, type Path, type PathSegment } from '../../yaml/documents';
import { replaceScalar } from '../../yaml/edits';
import { locate } from '../../yaml/locate';
import { documentSchema, schemaAt, type CrdSchema } from '../crd/schemas';
import { servedKind } from '../../classify';
import type { FixDraft, Rule, RuleContext } from '../rule';
import { asRecord } from './spec';

const operators = ['In', 'NotIn', 'Exists', 'DoesNotExist'];

const isSelector = (schema: CrdSchema) => schema.properties?.matchExpressions !== undefined && schema.properties.matchLabels !== undefined;

const holdsSelectors = new WeakMap<CrdSchema, boolean>();

/**
 * Whether a selector can be found under a schema: data under one that has none (a map of 100,000 external labels) is
 * not walked. Schemas are trees; a schema met again while its answer is being found adds nothing.
 */
function holdsSelector(schema: CrdSchema): boolean {
  const known = holdsSelectors.get(schema);
  if (known !== undefined) return known;
  holdsSelectors.set(schema, false);
  const children = [...Object.values(schema.properties ?? {}), schema.items, typeof schema.additionalProperties === 'object' ? schema.additionalProperties : undefined];
  const answer = isSelector(schema) || children.some((child) => child !== undefined && holdsSelector(child));
  holdsSelectors.set(schema, answer);
  return answer;
}

/** Every label selector in the data: objects whose schema declares both matchLabels and matchExpressions. */
function selectors(value: unknown, schema: CrdSchema | undefined, path: PathSegment[], out: Path[]): void {
  if (!schema || value === null || typeof value !== 'object' || !holdsSelector(schema)) return;
  if (Array.isArray(value)) {
    value.forEach((item, i) => {
      path.push(i);
      selectors(item, schema.items, path, out);
      path.pop();
    });
    return;
  }
  if (isSelector(schema)) out.push([...path]);
  for (const [key, item] of Object.entries(value)) {
    path.push(key);
    selectors(item, schemaAt(schema, [key]), path, out);
    path.pop();
  }
}

function checkExpression(context: RuleContext, path: Path, expression: Record<string, unknown>): void {
  const at = fieldPath(path);
  const operator = expression.operator;
  if (typeof operator !== 'string') return;
  if (!operators.includes(operator)) {
    const suggestion = didYouMean(operator, operators);
    const node = nodeAt(context.document.yaml.ast.contents, [...path, 'operator']);
    const edit = suggestion && node && isScalar(node) ? replaceScalar(node, suggestion, context.text) : undefined;
    const fixes: FixDraft[] = edit ? [{ title: `Change to "${suggestion}"`, edits: [edit], preferred: true }] : [];
    context.report({
      span: locate(context.document.yaml, context.lines, [...path, 'operator'], 'value'),
      message: `${at}.operator: Invalid value: ${JSON.stringify(operator)}: not a valid selector operator`,
      fixes,
    });
    return;
  }
  const values = Array.isArray(expression.values) ? expression.values : [];
  if ((operator === 'In' || operator === 'NotIn') && values.length === 0) {
    context.report({
      span: locate(context.document.yaml, context.lines, expression.values === undefined ? path : [...path, 'values'], 'key'),
      message: `${at}.values: Required value: must be specified when \`operator\` is 'In' or 'NotIn'`,
    });
  }
  if ((operator === 'Exists' || operator === 'DoesNotExist') && values.length > 0) {
    context.report({
      span: locate(context.document.yaml, context.lines, [...path, 'values'], 'key'),
      message: `${at}.values: Forbidden: may not be specified when \`operator\` is 'Exists' or 'DoesNotExist'`,
    });
  }
}

/**
 * Keys and values as labels.NewRequirement checks them when the operator turns the selector into one
 * (LabelSelectorAsSelector).
 */
function checkSyntax(context: RuleContext, path: Path, selector: Record<string, unknown>): void {
  const at = fieldPath(path);
  const report = (where: Path, anchor: 'key' | 'value', message: string) => context.report({ span: locate(context.document.yaml, context.lines, where, anchor), message });
  for (const [key, value] of Object.entries(asRecord(selector.matchLabels) ?? {})) {
    const keyProblems = labelKeyProblems(key);
    if (keyProblems.length) report([...path, 'matchLabels', key], 'key', invalid(`${at}.matchLabels`, key, keyProblems));
    const valueProblems = typeof value === 'string' ? labelValueProblems(value) : [];
    if (valueProblems.length) report([...path, 'matchLabels', key], 'value', invalid(`${at}.matchLabels.${key}`, value as string, valueProblems));
  }
  const expressions = Array.isArray(selector.matchExpressions) ? selector.matchExpressions : [];
  expressions.forEach((item, index) => {
    const expression = asRecord(item);
    const where: Path = [...path, 'matchExpressions', index];
    if (typeof expression?.key === 'string') {
      const keyProblems = labelKeyProblems(expression.key);
      if (keyProblems.length) report([...where, 'key'], 'value', invalid(`${fieldPath(where)}.key`, expression.key, keyProblems));
    }
    const values = Array.isArray(expression?.values) ? expression.values : [];
    values.forEach((value, i) => {
      const problems = typeof value === 'string' ? labelValueProblems(value) : [];
      if (problems.length) report([...where, 'values', i], 'value', invalid(`${fieldPath(where)}.values[${i}]`, value as string, problems));
    });
  });
}

export const labelSelector: Rule = {
  id: 'agent/label-selector',
  severity: 'error',
  docs: "A label selector expression with an operator other than In, NotIn, Exists, DoesNotExist, values present when they must not be (or missing when they must), or a key or value that is no label's: the operator cannot make it a selector. A monitor's is rejected; with an agent's monitor selector, selecting fails and the agent's configuration is not generated; a scheduling selector (affinity, topology spread) makes a StatefulSet the API server refuses. (A Probe's ingress selector becomes relabelings, whose keys and values are not checked so.)",
  appliesTo: (document) => document.role === 'monitoring' && servedKind(document) !== undefined,
  check(context) {
    const found: Path[] = [];
    selectors(context.document.yaml.value, documentSchema(context)?.schema, [], found);
    for (const path of found) {
      const selector = asRecord(nodeValue(context.document.yaml.value, path));
      // The operator turns a Probe's ingress selector into relabelings, not into a selector (generateProbeConfig).
      if (selector && !(context.document.kind === 'Probe' && path.join('.').startsWith('spec.targets.ingress'))) checkSyntax(context, path, selector);
      const expressions = Array.isArray(selector?.matchExpressions) ? selector.matchExpressions : [];
      expressions.forEach((expression, index) => {
        const record = asRecord(expression);
        if (record) checkExpression(context, [...path, 'matchExpressions', index], record);
      });
    }
  },
};

function nodeValue(value: unknown, path: Path): unknown {
  return path.reduce<unknown>((v, key) => (v !== null && typeof v === 'object' ? (v as Record<string | number, unknown>)[key] : undefined), value);
}

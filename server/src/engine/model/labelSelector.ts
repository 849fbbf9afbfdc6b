import { asRecord } from '../util/record';

export interface Requirement {
  key: string;
  /** Equals: a matchLabels entry, which Kubernetes keeps apart from `In` when it prints a selector. */
  operator: 'Equals' | 'In' | 'NotIn' | 'Exists' | 'DoesNotExist';
  values: string[];
}

/**
 * A metav1.LabelSelector of a custom resource (an agent's or a monitor's) read as Kubernetes reads it, or the reason it
 * is not one. The API server drops a custom resource's null fields before it stores it: `matchLabels: {team: }` selects
 * as `matchLabels: {}` does (the CRD rules read nulls the same way).
 */
export type ParsedSelector = { requirements: Requirement[] } | { error: string };

export function parseSelector(value: unknown): ParsedSelector {
  const selector = asRecord(value);
  if (!selector) return { error: 'not a label selector' };
  const requirements: Requirement[] = [];
  for (const [key, labelValue] of Object.entries(asRecord(selector.matchLabels) ?? {})) {
    if (labelValue === null) continue;
    if (typeof labelValue !== 'string') return { error: `matchLabels.${key} is not a string` };
    requirements.push({ key, operator: 'Equals', values: [labelValue] });
  }
  const expressions = Array.isArray(selector.matchExpressions) ? selector.matchExpressions : [];
  for (const [index, item] of expressions.entries()) {
    const expression = asRecord(item);
    const key = expression?.key;
    const operator = expression?.operator;
    const values = Array.isArray(expression?.values) ? expression.values.filter((v): v is string => typeof v === 'string') : [];
    if (typeof key !== 'string') return { error: `matchExpressions[${index}] has no key` };
    if (operator !== 'In' && operator !== 'NotIn' && operator !== 'Exists' && operator !== 'DoesNotExist') {
      return { error: `matchExpressions[${index}].operator ${JSON.stringify(operator)} is not a valid selector operator` };
    }
    if ((operator === 'In' || operator === 'NotIn') && values.length === 0) return { error: `matchExpressions[${index}].values must be non-empty for ${operator}` };
    if ((operator === 'Exists' || operator === 'DoesNotExist') && values.length > 0) return { error: `matchExpressions[${index}].values must be empty for ${operator}` };
    requirements.push({ key, operator, values });
  }
  return { requirements };
}

export function matches(selector: { requirements: Requirement[] }, labels: Record<string, string>): boolean {
  return selector.requirements.every(({ key, operator, values }) => {
    const present = Object.hasOwn(labels, key);
    switch (operator) {
      case 'Equals':
      case 'In': return present && values.includes(labels[key]);
      case 'NotIn': return !present || !values.includes(labels[key]);
      case 'Exists': return present;
      case 'DoesNotExist': return !present;
    }
  });
}

/** The selector as `kubectl get -l` writes it (requirements sorted by key): what kubernetes_sd_configs selectors take. */
export function selectorString(selector: { requirements: Requirement[] }): string {
  return [...selector.requirements].sort((a, b) => (a.key < b.key ? -1 : a.key > b.key ? 1 : 0)).map(({ key, operator, values }) => {
    const sortedValues = [...values].sort();
    switch (operator) {
      case 'Equals': return `${key}=${sortedValues[0]}`;
      case 'In': return `${key} in (${sortedValues.join(',')})`;
      case 'NotIn': return `${key} notin (${sortedValues.join(',')})`;
      case 'Exists': return key;
      case 'DoesNotExist': return `!${key}`;
    }
  }).join(',');
}

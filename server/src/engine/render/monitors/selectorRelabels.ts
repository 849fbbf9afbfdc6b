import { asRecord, type Json } from '../fields';

const sanitize = (name: string) => name.replace(/[^a-zA-Z0-9_]/g, '_');

/**
 * The relabel rules that keep only the targets whose Service (`service`), Pod (`pod`) or Ingress (`ingress`, a Probe's)
 * labels match the monitor's selector: matchLabels sorted by key, then matchExpressions in order.
 */
export function selectorRelabels(selector: unknown, role: 'service' | 'pod' | 'ingress'): Json[] {
  const record = asRecord(selector) ?? {};
  const label = (key: string) => `__meta_kubernetes_${role}_label_${sanitize(key)}`;
  const present = (key: string) => `__meta_kubernetes_${role}_labelpresent_${sanitize(key)}`;
  const out: Json[] = [];
  const matchLabels = asRecord(record.matchLabels) ?? {};
  for (const key of Object.keys(matchLabels).sort()) {
    out.push({ action: 'keep', source_labels: [label(key), present(key)], regex: `(${String(matchLabels[key])});true` });
  }
  for (const item of Array.isArray(record.matchExpressions) ? record.matchExpressions : []) {
    const expression = asRecord(item);
    const key = String(expression?.key ?? '');
    const values = Array.isArray(expression?.values) ? expression.values.map(String) : [];
    switch (expression?.operator) {
      case 'In': out.push({ action: 'keep', source_labels: [label(key), present(key)], regex: `(${values.join('|')});true` }); break;
      case 'NotIn': out.push({ action: 'drop', source_labels: [label(key), present(key)], regex: `(${values.join('|')});true` }); break;
      case 'Exists': out.push({ action: 'keep', source_labels: [present(key)], regex: 'true' }); break;
      case 'DoesNotExist': out.push({ action: 'drop', source_labels: [present(key)], regex: 'true' }); break;
    }
  }
  return out;
}

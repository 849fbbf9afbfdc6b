import type { Json } from '../fields';
import type { Fields } from '../fields';

/** A CRD RelabelConfig (camelCase) as prometheus.yml writes it, fields in the operator's order, action lower-cased. */
export function relabelConfig(relabel: Fields): Json {
  const out: Json = {};
  const sourceLabels = relabel.stringList('sourceLabels');
  if (sourceLabels.length) out.source_labels = sourceLabels;
  const separator = relabel.string('separator');
  if (separator !== undefined) out.separator = separator;
  const targetLabel = relabel.string('targetLabel');
  if (targetLabel) out.target_label = targetLabel;
  const regex = relabel.string('regex');
  if (regex) out.regex = regex;
  const modulus = relabel.integer('modulus');
  if (modulus) out.modulus = modulus;
  const replacement = relabel.string('replacement');
  if (replacement !== undefined) out.replacement = replacement;
  const action = relabel.string('action');
  if (action) out.action = action.toLowerCase();
  return out;
}

export const relabelConfigs = (list: Fields[]) => list.map(relabelConfig);

/**
 * The three rules every monitor job ends with in StatefulSet mode, even with one shard: hash the address into
 * `__tmp_hash` (unless a relabeling set it), take it modulo the shard count, keep the targets of this pod's shard
 * (`$(SHARD)`, substituted by the reloader) or those that set `__tmp_disable_sharding`.
 */
export function shardingRelabels(shards: number, sourceLabel = '__address__'): Json[] {
  return [
    { source_labels: [sourceLabel, '__tmp_hash'], target_label: '__tmp_hash', regex: '(.+);', replacement: '$1', action: 'replace' },
    { source_labels: ['__tmp_hash'], target_label: '__tmp_hash', modulus: shards, action: 'hashmod' },
    { source_labels: ['__tmp_hash', '__tmp_disable_sharding'], regex: '$(SHARD);|.+;.+', action: 'keep' },
  ];
}

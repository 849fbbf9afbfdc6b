import type { RenderContext } from '../context';
import { envVars, specDefaults } from '../defaults';
import type { Fields, Json } from '../fields';
import { shardsPerZone, zoneSharded } from '../topology';

/**
 * A CRD RelabelConfig (camelCase) as prometheus.yml writes it, fields in the operator's order, action lower-cased; a
 * rule without one has the CRD's default, `replace`, which the API server writes into the object the operator reads.
 */
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
  out.action = (relabel.string('action') || specDefaults.relabelAction).toLowerCase();
  return out;
}

export const relabelConfigs = (list: Fields[]) => list.map(relabelConfig);

/**
 * The rules every monitor job ends with in StatefulSet mode, even with one shard: hash the address (or another
 * label) into `__tmp_hash` (unless a relabeling set it), take it modulo the shard count, keep the targets of this pod's
 * shard (`$(SHARD)`, substituted by the reloader) or those that set `__tmp_disable_sharding`. Sharded by zone, the
 * targets of other zones go first, and the hash picks the in-zone shard (`$(INZONE_SHARD)`) among the zone's.
 */
export function shardingRelabels(context: RenderContext, sourceLabel = '__address__'): Json[] {
  const topology = context.topology;
  const zoned = zoneSharded(topology);
  return [
    ...(zoned ? zoneRelabels : []),
    { source_labels: [sourceLabel, '__tmp_hash'], target_label: '__tmp_hash', regex: '(.+);', replacement: '$1', action: 'replace' },
    { source_labels: ['__tmp_hash'], target_label: '__tmp_hash', modulus: zoned ? shardsPerZone(topology, context.shards) : context.shards, action: 'hashmod' },
    { source_labels: ['__tmp_hash', '__tmp_disable_sharding'], regex: `$(${zoned ? envVars.inZoneShard : envVars.shard});|.+;.+`, action: 'keep' },
  ];
}

/**
 * A target's zone into `__tmp_topology`: an EndpointSlice endpoint's zone, else its node's zone label (which
 * attach_metadata brings); then the targets of other zones are dropped, unless they set `__tmp_disable_sharding`.
 */
const zoneRelabels: Json[] = [
  { source_labels: ['__meta_kubernetes_endpointslice_endpoint_zone', '__tmp_topology'], target_label: '__tmp_topology', regex: '(.+);', replacement: '$1', action: 'replace' },
  {
    source_labels: ['__meta_kubernetes_node_label_topology_kubernetes_io_zone', '__meta_kubernetes_node_labelpresent_topology_kubernetes_io_zone', '__tmp_topology'],
    target_label: '__tmp_topology', regex: '(.+);true;', replacement: '$1', action: 'replace',
  },
  { source_labels: ['__tmp_topology', '__tmp_disable_sharding'], regex: `$(${envVars.topologyZone});|.+;.+`, action: 'keep' },
];

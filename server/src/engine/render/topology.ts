import { operatorRelease } from '../model/operator';
import { envVars, labelKeys, specDefaults } from './defaults';
import type { Fields } from './fields';

/**
 * Zone-aware sharding (`shardingStrategy.mode: Topology`, the PrometheusTopologySharding feature gate): shard i runs
 * in zone `values[i % zones]`, as in-zone shard `i / zones`, and keeps the targets of its zone that hash to its in-zone
 * shard among `shards / zones` (at least 1).
 */
export interface TopologySharding {
  zones: string[];
  /** The external label naming the shard's zone (`zone` unless set; none when set to ""). */
  zoneLabel?: string;
}

const gateOn = operatorRelease.featureGates.PrometheusTopologySharding.enabledByDefault;

/**
 * The topology sharding the operator applies: with the gate on and mode Topology, a topology with zones shards by
 * zone, and a topology, even without zones, adds the zone external label. Undefined when neither applies.
 */
export function topologySharding(spec: Fields): TopologySharding | undefined {
  const strategy = spec.child('shardingStrategy');
  if (!gateOn || strategy.string('mode') !== 'Topology' || !strategy.has('topology')) return undefined;
  const topology = strategy.child('topology');
  const zoneLabel = topology.string('externalLabelName') ?? specDefaults.topologyZoneExternalLabelName;
  return { zones: topology.stringList('values'), ...(zoneLabel ? { zoneLabel } : {}) };
}

/** Whether targets are sharded by zone: a topology with zones. */
export const zoneSharded = (topology: TopologySharding | undefined): topology is TopologySharding => (topology?.zones.length ?? 0) > 0;

const zoneOf = (topology: TopologySharding, shard: number) => topology.zones[shard % topology.zones.length];
const inZoneShard = (topology: TopologySharding, shard: number) => Math.floor(shard / topology.zones.length);
export const shardsPerZone = (topology: TopologySharding, shards: number) => Math.max(Math.floor(shards / topology.zones.length), 1);

/** The config-reloader's environment for a zone-sharded shard: its zone and its place in the zone. */
export const topologyEnv = (topology: TopologySharding, shard: number) => [
  { name: envVars.topologyZone, value: zoneOf(topology, shard) },
  { name: envVars.inZoneShard, value: String(inZoneShard(topology, shard)) },
];

/** The pod's node selector for a zone-sharded shard: the spec's, with the zone label set to the shard's zone. */
export const zoneNodeSelector = (topology: TopologySharding, shard: number, nodeSelector: Record<string, string> = {}) =>
  ({ ...nodeSelector, [labelKeys.topologyZone]: zoneOf(topology, shard) });

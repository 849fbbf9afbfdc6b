import type { MonitoringKind } from '../classify';
import { compareVersions } from '../util/version';
import { withPromagentModes, type CrdSchema } from './crdSchema';

/**
 * How a schema node changed over the releases (schemas/operator-releases.json, written by
 * scripts/generate-operator-releases.ts), relative to the newest release's schema. Release indexes count from the
 * oldest release of the file.
 */
export interface ReleaseHistory {
  /** The releases that have the node, as `[from, to)` ranges, when not all of those that have its parent. */
  r?: [number, number][];
  /** Keywords that changed: each one's value from each release index on (no value: absent from there on). */
  k?: Record<string, [number, unknown?][]>;
  /** The history of properties, of items, of additionalProperties. */
  p?: Record<string, ReleaseHistory>;
  i?: ReleaseHistory;
  a?: ReleaseHistory;
  /** The node as its last release had it, when the newest release lacks it. */
  s?: CrdSchema;
}

interface ReleasesFile {
  releases: string[];
  kinds: Record<MonitoringKind, ReleaseHistory>;
}

let loaded: ReleasesFile | undefined;
/** About 200 kB, read on the first check of a monitoring resource; the literal path lets the bundler include it. */
const releasesFile = (): ReleasesFile => (loaded ??= require('../../../../schemas/operator-releases.json') as ReleasesFile);

/**
 * The newest release's schemas, each read on first use (about 2 MB together): a run that meets no ScrapeConfig never
 * builds its schema. The literal paths let the bundler include them.
 */
const newestLoaders: Record<MonitoringKind, () => unknown> = {
  PrometheusAgent: () => require('../../../../schemas/prometheusagent_v1alpha1.json'),
  Prometheus: () => require('../../../../schemas/prometheus_v1.json'),
  ServiceMonitor: () => require('../../../../schemas/servicemonitor_v1.json'),
  PodMonitor: () => require('../../../../schemas/podmonitor_v1.json'),
  Probe: () => require('../../../../schemas/probe_v1.json'),
  ScrapeConfig: () => require('../../../../schemas/scrapeconfig_v1alpha1.json'),
};

/** The releases promagent holds the CRDs of, oldest first. */
export function knownReleases(): readonly string[] {
  return releasesFile().releases;
}

export function newestRelease(): string {
  const releases = knownReleases();
  return releases[releases.length - 1];
}

/**
 * The known release whose CRDs a version has: the newest known one not newer than it (a patch release keeps its
 * minor's CRDs), else the oldest known.
 */
export function dataReleaseOf(version: string): string {
  const releases = knownReleases();
  let found = releases[0];
  for (const release of releases) if (compareVersions(release, version) <= 0) found = release;
  return found;
}

/** Releases as ranges of indexes: `[from, to)`. */
type Presence = readonly (readonly [number, number])[];

const inRanges = (presence: Presence, index: number) => presence.some(([from, to]) => index >= from && index < to);

/** A keyword's value at a release, from its changes: undefined when absent there. */
function valueAt(changes: [number, unknown?][], index: number): unknown {
  let value: unknown;
  for (const change of changes) if (change[0] <= index) value = change.length > 1 ? change[1] : undefined;
  return value;
}

/**
 * The node at release `index`, from the newest release's node and the history: the parts that did not change are the
 * newest release's own objects, so a release's schema costs only what differs. Undefined when the release lacks it.
 */
export function atRelease(node: CrdSchema | undefined, history: ReleaseHistory | undefined, index: number): CrdSchema | undefined {
  if (!history) return node;
  if (history.r && !inRanges(history.r, index)) return undefined;
  const source = node ?? history.s;
  if (!source) return undefined;
  let copy: Record<string, unknown> | undefined;
  const set = (key: string, value: unknown) => {
    copy ??= { ...source };
    if (value === undefined) delete copy[key];
    else copy[key] = value;
  };
  for (const [keyword, changes] of Object.entries(history.k ?? {})) {
    const value = valueAt(changes, index);
    if (JSON.stringify(value) !== JSON.stringify((source as Record<string, unknown>)[keyword])) set(keyword, value);
  }
  if (history.p) {
    const properties: Record<string, CrdSchema> = { ...source.properties };
    let changed = false;
    for (const [name, child] of Object.entries(history.p)) {
      const derived = atRelease(source.properties?.[name], child, index);
      if (derived === source.properties?.[name]) continue;
      changed = true;
      if (derived) properties[name] = derived;
      else delete properties[name];
    }
    if (changed) set('properties', properties);
  }
  if (history.i) {
    const items = atRelease(source.items, history.i, index);
    if (items !== source.items) set('items', items);
  }
  if (history.a && typeof source.additionalProperties === 'object') {
    const additional = atRelease(source.additionalProperties, history.a, index);
    if (additional !== source.additionalProperties) set('additionalProperties', additional);
  }
  return (copy as CrdSchema | undefined) ?? source;
}

/** The newest release's schema of a kind, with promagent's Sidecar mode (schemas/*.json). */
export function newestSchema(kind: MonitoringKind): CrdSchema {
  return newestLoaders[kind]() as CrdSchema;
}

/**
 * Per kind, each release asked for and its schema: a check asks for one, and where the release is not known exactly
 * for another beside it. A release's schema shares what did not change with the newest's.
 */
const derived = new Map<MonitoringKind, Map<string, CrdSchema | undefined>>();

/**
 * A kind's schema as a known release's CRD has it, with promagent's Sidecar mode; undefined when the release has no
 * such kind (ScrapeConfig before v0.65.0).
 */
export function releaseSchema(kind: MonitoringKind, release: string): CrdSchema | undefined {
  if (release === newestRelease()) return newestSchema(kind);
  let byRelease = derived.get(kind);
  if (!byRelease) derived.set(kind, (byRelease = new Map()));
  if (byRelease.has(release)) return byRelease.get(release);
  const index = knownReleases().indexOf(release);
  if (index < 0) throw new Error(`no CRDs of prometheus-operator ${release}`);
  const schema = atRelease(newestSchema(kind), releasesFile().kinds[kind], index);
  const result = schema && withPromagentModes(kind, schema);
  byRelease.set(release, result);
  return result;
}

/** A field's node in the newest schema (or as the last release that had it), its history, and the releases that have it. */
interface Located {
  schema: CrdSchema;
  history: ReleaseHistory | undefined;
  presence: Presence;
}

/**
 * Walks the newest schema and the history together, from the kind down a path (numbers stand for list items, a key
 * no schema declares for a map value): a field the history does not name is in every release its parent is in.
 * Undefined when no known release has the field.
 */
function locate(kind: MonitoringKind, path: readonly (string | number)[]): Located | undefined {
  let history: ReleaseHistory | undefined = releasesFile().kinds[kind];
  let schema: CrdSchema | undefined = newestSchema(kind);
  let presence: Presence = history.r ?? [[0, knownReleases().length]];
  for (const segment of path) {
    if (typeof segment === 'number') {
      history = history?.i;
      schema = schema?.items ?? history?.s;
    } else if (history?.p?.[segment] || schema?.properties?.[segment]) {
      history = history?.p?.[segment];
      schema = schema?.properties?.[segment] ?? history?.s;
    } else {
      history = history?.a;
      schema = typeof schema?.additionalProperties === 'object' ? schema.additionalProperties : history?.s;
    }
    if (!schema) return undefined;
    if (history?.r) presence = history.r;
  }
  return schema && { schema, history, presence };
}

/** When a field came and went, for what a message or a hover says about it. */
export interface FieldReleases {
  /** The first release that has it; undefined when the oldest known release does. */
  since?: string;
  /** The first release after `since` that no longer has it. */
  until?: string;
}

/** The span of releases that matters to `release`: the first that ends after it, else the last. */
function spanFor(presence: Presence, release: string): FieldReleases | undefined {
  if (!presence.length) return undefined;
  const releases = knownReleases();
  const index = Math.max(0, releases.indexOf(dataReleaseOf(release)));
  const span = presence.find(([, to]) => to > index) ?? presence[presence.length - 1];
  return { since: span[0] > 0 ? releases[span[0]] : undefined, until: span[1] < releases.length ? releases[span[1]] : undefined };
}

/**
 * When a field (its path from the object's root) came and went, from the releases nearest `release`: for a field
 * added, removed and added again, the span that matters to it. Undefined when no known release has such a field.
 */
export function fieldReleases(kind: MonitoringKind, path: readonly (string | number)[], release = newestRelease()): FieldReleases | undefined {
  const located = locate(kind, path);
  return located && spanFor(located.presence, release);
}

/**
 * The releases (as indexes) whose enum at a field accepts `value`: one with no enum there takes any value, unless it
 * constrains the field another way (allOf, anyOf, oneOf).
 */
function acceptingReleases(located: Located, value: unknown): number[] {
  const keywordAt = (keyword: 'enum' | 'allOf' | 'anyOf' | 'oneOf', index: number) => {
    const changes = located.history?.k?.[keyword];
    return changes ? valueAt(changes, index) : (located.schema as Record<string, unknown>)[keyword];
  };
  return located.presence.flatMap(([from, to]) => Array.from({ length: to - from }, (_, i) => from + i)).filter((index) => {
    const values = keywordAt('enum', index);
    if (values === undefined) return !(['allOf', 'anyOf', 'oneOf'] as const).some((keyword) => keywordAt(keyword, index) !== undefined);
    // Values promagent adds (Sidecar) are no release's.
    return Array.isArray(values) && values.includes(value) && !located.schema['x-promagent-added-enum']?.includes(value);
  });
}

/** When an enum value came and went at a field; undefined when no known release accepts it there. */
export function enumValueReleases(kind: MonitoringKind, path: readonly (string | number)[], value: unknown, release = newestRelease()): FieldReleases | undefined {
  const located = locate(kind, path);
  if (!located) return undefined;
  const accepting = acceptingReleases(located, value);
  const presence: [number, number][] = [];
  for (const index of accepting) {
    const last = presence[presence.length - 1];
    if (last && last[1] === index) last[1] = index + 1;
    else presence.push([index, index + 1]);
  }
  return spanFor(presence, release);
}

/** Releases as the history counts them: their indexes among the known ones. */
const indexesOf = (releases: readonly string[]) => releases.map((release) => knownReleases().indexOf(release));

/** Whether any of the releases has the field at `path`. */
export function fieldInAny(kind: MonitoringKind, path: readonly (string | number)[], releases: readonly string[]): boolean {
  const located = locate(kind, path);
  return located !== undefined && indexesOf(releases).some((index) => inRanges(located.presence, index));
}

/** Whether any of the releases accepts `value` in the enum of the field at `path`. */
export function enumAcceptedInAny(kind: MonitoringKind, path: readonly (string | number)[], value: unknown, releases: readonly string[]): boolean {
  const located = locate(kind, path);
  const accepting = located ? acceptingReleases(located, value) : [];
  return indexesOf(releases).some((index) => accepting.includes(index));
}

/** Whether the field at `path` is alike in the releases: in each of them, with the same `keywords` (all by default). */
export function fieldAlike(kind: MonitoringKind, path: readonly (string | number)[], releases: readonly string[], keywords?: readonly string[]): boolean {
  const located = locate(kind, path);
  if (!located) return false;
  const indexes = indexesOf(releases);
  if (!indexes.every((index) => inRanges(located.presence, index))) return false;
  return Object.entries(located.history?.k ?? {}).every(([keyword, changes]) => (keywords && !keywords.includes(keyword))
    || new Set(indexes.map((index) => JSON.stringify(valueAt(changes, index)))).size === 1);
}

/** Whether the object at `path` requires `field` in each of the releases. */
export function requiredInEvery(kind: MonitoringKind, path: readonly (string | number)[], field: string, releases: readonly string[]): boolean {
  const located = locate(kind, path);
  if (!located) return false;
  const changes = located.history?.k?.required;
  return indexesOf(releases).every((index) => {
    const required = changes ? valueAt(changes, index) : located.schema.required;
    return inRanges(located.presence, index) && Array.isArray(required) && required.includes(field);
  });
}

const dated = new WeakMap<object, Map<string, readonly string[]>>();

/**
 * Of `releases`, those that have every field an object of the kind writes: a release without one of them is not what
 * it is applied to (its keys date it). Fields no release has are refused by all and date nothing. None where no
 * release has every field: each refuses one of them.
 */
export function releasesWithFields(kind: MonitoringKind, data: unknown, releases: readonly string[]): readonly string[] {
  if (data === null || typeof data !== 'object') return releases;
  let byReleases = dated.get(data);
  if (!byReleases) dated.set(data, (byReleases = new Map()));
  const key = releases.join();
  let found = byReleases.get(key);
  if (!found) {
    let indexes = indexesOf(releases);
    const walk = (value: unknown, path: (string | number)[]) => {
      if (value === null || typeof value !== 'object') return;
      if (Array.isArray(value)) {
        value.forEach((item, index) => walk(item, [...path, index]));
        return;
      }
      for (const [name, child] of Object.entries(value)) {
        const at = [...path, name];
        const located = locate(kind, at);
        if (!located) continue;
        indexes = indexes.filter((index) => inRanges(located.presence, index));
        walk(child, at);
      }
    };
    walk(data, []);
    found = indexes.map((index) => knownReleases()[index]);
    byReleases.set(key, found);
  }
  return found;
}

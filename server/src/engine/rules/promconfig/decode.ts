import { isMap, isPair, isScalar, isSeq } from 'yaml';
import type { Document, Node, Pair, Scalar, YAMLMap } from 'yaml';
import { didYouMean } from '../../util/didYouMean';
import { compareVersions } from '../../util/version';
import { isMergeKey, type Path, type Span } from '../../yaml/documents';
import { cannotUnmarshal, goKey, goQuote, goText, isNullNode, resolved, spanOf, Views, yamlIntSource, type MapView } from './goYaml';
import {
  rootSpecs, sectionKeys, sectionSpec, type ConfigShape, type KeySpec, type ScalarKind, type ScalarSpec,
  type SectionName, type SectionSpec, type ValueSpec,
} from './model';

/**
 * One pass over a configuration document, following the model as go-yaml follows Prometheus' structs: it finds what
 * go-yaml itself reports (unknown and duplicate keys, wrong types, empty list entries) and indexes every section and
 * every typed scalar for the semantic rules.
 */

export type StructureProblemKind = 'unknown-key' | 'key-version' | 'type' | 'duplicate-key' | 'null-entry';

export interface StructureProblem {
  kind: StructureProblemKind;
  span: Span;
  message: string;
  /** For an unknown or removed key: the key and the name it should have. */
  pair?: Pair;
  rename?: string;
  /** For a key the release does not have: the release that added it, or the one that removed it. */
  releases?: KeyReleases;
}

/** The releases that have a key: from `since` (when it came later than the first), up to `removedIn` (when it went). */
export interface KeyReleases {
  since?: string;
  removedIn?: string;
}

export interface SectionInstance {
  name: SectionName;
  spec: SectionSpec;
  view: MapView;
  /** The scrape job the section belongs to, when it belongs to one. */
  job?: MapView;
}

export interface TypedScalar {
  kind: ScalarKind;
  node: Node;
  text: string;
}

export interface DecodedConfig {
  root: MapView | undefined;
  /** The scrape jobs, in order (null entries left out). */
  jobs: MapView[];
  problems: StructureProblem[];
  sections: SectionInstance[];
  scalars: TypedScalar[];
}

export function decodeConfig(doc: Document, shape: ConfigShape, version: string): DecodedConfig {
  const decoded: DecodedConfig = { root: undefined, jobs: [], problems: [], sections: [], scalars: [] };
  const views = new Views(doc);
  const reported = new Set<string>();
  const problem = (entry: StructureProblem) => {
    const id = `${entry.span.start}:${entry.message}`;
    if (!reported.has(id)) decoded.problems.push(entry), reported.add(id);
  };

  const walk = (raw: unknown, spec: ValueSpec, path: Path, job: MapView | undefined): void => {
    const node = resolved(raw, doc);
    if (node === null || isNullNode(node)) return;
    const span = spanOf(node) ?? { start: 0, end: 0 };
    switch (spec.kind) {
      case 'section': return walkSection(node, spec.section, path, job);
      case 'list': {
        if (!isSeq(node)) return problem({ kind: 'type', span, message: cannotUnmarshal(node, spec.goType) });
        node.items.forEach((item, index) => {
          const value = resolved(item, doc);
          if (isNullNode(value) && spec.nullItem) {
            problem({ kind: 'null-entry', span: spanOf(value) ?? span, message: spec.nullItem });
          } else {
            walk(item, spec.item, [...path, index], job);
          }
        });
        return;
      }
      case 'map': {
        if (!isMap(node)) return problem({ kind: 'type', span, message: cannotUnmarshal(node, spec.goType) });
        // go-yaml sets every entry into the one Go map, those of the maps merged in too (decoder.merge), and refuses a
        // key set twice (setMapIndex): written after a merge that set it, or merged in after it was written. A key
        // merged in is said at the merge key that brings it.
        const seen = new Set<string>();
        const setEntries = (map: YAMLMap, mergedAt: Span | undefined, merging: Set<YAMLMap>) => {
          for (const pair of map.items) {
            if (!isPair(pair)) continue;
            if (isMergeKey(pair)) {
              for (const merged of mergedMaps(pair.value, doc)) {
                if (merging.has(merged)) continue;
                merging.add(merged);
                setEntries(merged, mergedAt ?? spanOf(pair.key as Node), merging);
                merging.delete(merged);
              }
              continue;
            }
            const name = goKey(pair) ?? '';
            if (seen.has(name)) {
              problem({ kind: 'duplicate-key', span: mergedAt ?? spanOf(pair.key as Node) ?? span, message: `key ${goQuote(name)} already set in map` });
              continue;
            }
            seen.add(name);
            walk(pair.value, spec.value, [...path, name], job);
          }
        };
        setEntries(node, undefined, new Set());
        return;
      }
      default: return checkScalar(node, spec);
    }
  };

  const checkScalar = (node: Node, spec: ScalarSpec) => {
    const span = spanOf(node) ?? { start: 0, end: 0 };
    if (!isScalar(node)) return problem({ kind: 'type', span, message: cannotUnmarshal(node, spec.goType) });
    if (!scalarFits(exactInteger(node) ?? node.value, spec)) return problem({ kind: 'type', span, message: cannotUnmarshal(node, spec.goType) });
    if (spec.kind !== 'bool' && spec.kind !== 'int' && spec.kind !== 'float') {
      decoded.scalars.push({ kind: spec.kind, node, text: goText(node) });
    }
  };

  const walkSection = (node: Node, name: SectionName, path: Path, job: MapView | undefined) => {
    const spec = sectionSpec(name);
    const span = spanOf(node) ?? { start: 0, end: 0 };
    if (!isMap(node)) return problem({ kind: 'type', span, message: cannotUnmarshal(node, spec.valueGoType ?? spec.goType) });
    const view = views.of(node, path);
    const owner = name === 'scrape' ? view : job;
    if (name === 'scrape') decoded.jobs.push(view);
    if (path.length === 0) decoded.root = view;
    decoded.sections.push({ name, spec, view, job: owner });
    const keys = sectionKeys(spec);
    const seen = new Set<string>();
    // A rename onto a key the mapping already has would only trade one error for a duplicate key.
    const present = new Set(node.items.map((item) => (isPair(item) ? goKey(item) : undefined)));
    const renameTo = (name: string | undefined) => (name !== undefined && !present.has(name) ? name : undefined);
    for (const pair of node.items) {
      if (!isPair(pair)) continue;
      const keyName = goKey(pair) ?? '';
      const keySpan = spanOf(pair.key as Node) ?? span;
      if (isMergeKey(pair)) continue;
      if (seen.has(keyName)) {
        view.skip(pair);
        problem({ kind: 'duplicate-key', span: keySpan, message: `field ${keyName} already set in type ${spec.goType}` });
        continue;
      }
      seen.add(keyName);
      const keySpec = keys[keyName];
      const notFound = `field ${keyName} not found in type ${spec.goType}`;
      if (!keySpec) {
        if (spec.open) continue;
        view.skip(pair);
        const suggestion = didYouMean(keyName, Object.keys(keys).filter((k) => existsIn(keys[k], version)));
        problem({ kind: 'unknown-key', span: keySpan, pair, rename: renameTo(suggestion), message: suggestion ? `${notFound}: did you mean "${suggestion}"?` : notFound });
        continue;
      }
      const versionProblem = versionText(keyName, keySpec, version);
      if (versionProblem) {
        view.skip(pair);
        problem({ kind: 'key-version', span: keySpan, pair, rename: renameTo(versionProblem.rename), message: `${notFound}: ${versionProblem.text}`, releases: { since: keySpec.since, removedIn: keySpec.removedIn } });
        continue;
      }
      walk(pair.value, keySpec.value, [...path, keyName], owner);
    }
    // Keys brought in by merge keys are checked where they are written, once.
    for (const [keyName, pair] of view.pairs()) {
      if (!seen.has(keyName) && keys[keyName] && existsIn(keys[keyName], version)) walk(pair.value, keys[keyName].value, [...path, keyName], owner);
    }
  };

  walk(doc.contents, rootSpecs[shape], [], undefined);
  return decoded;
}

/** The maps a merge key's value brings in: a map, an alias of one, or a list of those; nothing else merges. */
function mergedMaps(raw: unknown, doc: Document): YAMLMap[] {
  const value = resolved(raw, doc);
  const sources = isSeq(value) ? value.items.map((item) => resolved(item, doc)) : [value];
  return sources.filter((source): source is YAMLMap => isMap(source));
}

function existsIn(spec: KeySpec, version: string): boolean {
  return versionText('', spec, version) === undefined;
}

/** Why a key does not exist in `version`: added later, or removed. */
function versionText(name: string, spec: KeySpec, version: string): { text: string; rename?: string } | undefined {
  if (spec.since && compareVersions(version, spec.since) < 0) {
    return { text: `${name} was added in Prometheus ${spec.since} (checking for ${version})` };
  }
  if (spec.removedIn && compareVersions(version, spec.removedIn) >= 0) {
    const instead = spec.replacedBy ? `; use ${spec.replacedBy}` : '';
    return { text: `${name} was removed in Prometheus ${spec.removedIn}${instead}`, rename: spec.replacedBy };
  }
  return undefined;
}

const maxUint64 = 18446744073709551615n;
const intRanges: Record<string, [bigint, bigint]> = {
  int: [-(2n ** 63n), 2n ** 63n - 1n],
  int64: [-(2n ** 63n), 2n ** 63n - 1n],
  uint: [0n, maxUint64],
  uint64: [0n, maxUint64],
};

/**
 * An integer past 2^53 as written, which a JavaScript number rounds (18446744073709551615, the largest uint64, would
 * read as 2^64): go-yaml reads it exactly. Decimal, 0x, 0o, 0b or YAML 1.1's leading-zero octal, with `_` between.
 */
function exactInteger(node: Scalar): bigint | undefined {
  if (typeof node.value !== 'number' || Number.isSafeInteger(node.value) || !Number.isInteger(node.value)) return undefined;
  const text = goText(node);
  const match = yamlIntSource.exec(text);
  if (!match) return undefined;
  const digits = match[1].replace(/_/g, '');
  const magnitude = BigInt(/^0[0-7]/.test(digits) ? `0o${digits.slice(1)}` : digits.replace(/^0([BXO])/, (_, base: string) => `0${base.toLowerCase()}`));
  return text.startsWith('-') ? -magnitude : magnitude;
}

/** Whether go-yaml stores the scalar into the Go type: strings take any scalar, numbers and booleans are strict. */
function scalarFits(value: unknown, spec: ScalarSpec): boolean {
  if (value === null) return true;
  switch (spec.kind) {
    case 'bool': return typeof value === 'boolean';
    case 'float': return typeof value === 'number' || typeof value === 'bigint';
    case 'int': {
      const [min, max] = intRanges[spec.goType] ?? intRanges.int;
      if (typeof value === 'bigint') return value >= min && value <= max;
      if (typeof value !== 'number' || !Number.isFinite(value)) return false;
      const whole = BigInt(Math.trunc(value));
      if (whole > max) return false;
      // go-yaml truncates a float that fits (1.5 becomes 1) and checks no lower bound for a float into an unsigned type.
      return whole >= min || (!Number.isInteger(value) && min === 0n);
    }
    default: return true;
  }
}

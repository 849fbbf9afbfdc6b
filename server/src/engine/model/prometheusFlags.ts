import data from '../../../../schemas/prometheus-flags.json';
import { atLeast, compareVersions } from '../util/version';
import { sizeBytes } from '../util/goParse';
import type { PrometheusMode } from '../types';

/**
 * The command-line flags and `--enable-feature` names of Prometheus releases, as read from each sampled release's
 * cmd/prometheus/main.go by scripts/generate-prometheus-flags.ts (`npm run schemas:flags`).
 *
 * `since` is the first release known to have a flag: the CHANGELOG's when it names one, else the first sampled
 * release that has it (the true release lies between that sample and the one before). `until` is the first release
 * without it, by the same rule. Releases older than the oldest sample are not modelled (see `flagsModelled`);
 * releases newer than the newest sample are read as the newest.
 */

/** How kingpin parses a flag's value; each kind's error text is a `value.<kind>` message. */
export type FlagKind =
  | 'string'
  /** Given alone (`--name`, or `--no-name` for false); `--name=false` leaves `false` over (`unexpected false`). */
  | 'bool'
  /** kingpin's int: strconv.ParseFloat, then truncated (`5e7` and `1.5` are accepted). */
  | 'int'
  /** strconv.ParseInt with base prefixes (`0x10`), no fractions. */
  | 'int64'
  | 'float'
  /** Prometheus' model.Duration (`15d`, `1h30m`, `0`): util/goParse.ts durationError. */
  | 'duration'
  /** Go's time.Duration through kingpin (`2ms`, `1h30m`; no `d`). */
  | 'go-duration'
  /** units.Base2Bytes (`512MB`, `1GiB`): util/goParse.ts sizeError. */
  | 'size'
  /** One of `enum`. */
  | 'enum'
  | 'url';

interface Range {
  since: string;
  until?: string;
}

export interface FlagSpec extends Range {
  kind: FlagKind;
  enum?: string[];
  /** May be given more than once; the others are refused with `repeatedFlag`. */
  repeatable?: boolean;
  /** Left out of `--help`, accepted all the same. */
  hidden?: boolean;
  /** Its help says [DEPRECATED]. */
  deprecated?: boolean;
  /** Refused in agent mode (the `serverOnly` message, exit status 3). */
  serverOnly?: boolean;
  /** Refused outside agent mode (the `agentOnly` message, exit status 3). */
  agentOnly?: boolean;
  /** Prints something (help, version, documentation) and exits 0 instead of running Prometheus. */
  exits?: boolean;
  /** Its one-letter form (`-h`). */
  short?: string;
}

export interface FeatureSpec extends Range {
  /** Accepted and ignored (with `message` logged, if any). */
  noop?: boolean;
  /** Still works, with `message` logged as a warning. */
  deprecated?: boolean;
  message?: string;
}

export type FlagMessage =
  | 'unknownFlag' | 'unknownShortFlag' | 'expectedArgument' | 'unexpectedArgument' | 'repeatedFlag'
  | `value.${'enum' | 'int' | 'int64' | 'float' | 'go-duration'}`
  | 'unknownFeature' | 'parseError' | 'featureListError' | 'serverOnly' | 'agentOnly';

interface FlagsData {
  releases: string[];
  flags: Record<string, FlagSpec | FlagSpec[]>;
  features: Record<string, FeatureSpec | FeatureSpec[]>;
  /** Each message by the first release that prints it so. */
  messages: Record<FlagMessage, Record<string, string>>;
  exits: Record<'parseError' | 'featureListError' | 'serverOnly' | 'agentOnly', number>;
}

const flagsData = data as FlagsData;

/** The sampled releases, oldest first. */
export const flagReleases: readonly string[] = flagsData.releases;

/** Exit statuses: 2 for a parse error, 3 for a flag of the wrong mode, 1 for a bad feature list. */
export const flagExits = flagsData.exits;

/** Whether the data says anything about `version`: releases before the oldest sample are unknown. */
export function flagsModelled(version: string): boolean {
  return atLeast(version, flagReleases[0]);
}

function inRange<T extends Range>(specs: T | T[] | undefined, version: string): T | undefined {
  if (!specs) return undefined;
  return (Array.isArray(specs) ? specs : [specs]).find((s) => atLeast(version, s.since) && !(s.until && atLeast(version, s.until)));
}

/** The flag `name` (without `--`) as `version` declares it, or undefined when that release has no such flag. */
export function flagSpec(name: string, version: string): FlagSpec | undefined {
  return Object.hasOwn(flagsData.flags, name) ? inRange(flagsData.flags[name], version) : undefined;
}

/**
 * The `--enable-feature` value `name` as `version` handles it, or undefined when it logs `unknownFeature` and goes
 * on. The empty name is a feature too: `--enable-feature=a,,b` was skipped silently until v3.14, which warns.
 */
export function featureSpec(name: string, version: string): FeatureSpec | undefined {
  return Object.hasOwn(flagsData.features, name) ? inRange(flagsData.features[name], version) : undefined;
}

/**
 * Whether the data tells that `version` has no such flag: never for a release older than the oldest sample. A `since` or `until` that is a sampled release may be later
 * than the true one, which lies after the sample before it: a release in between may or may not have the flag.
 */
export function flagKnownAbsent(name: string, version: string): boolean {
  return knownAbsent(flagsData.flags, name, version);
}

/** The same for an `--enable-feature` name (see flagKnownAbsent). */
export function featureKnownUnknown(name: string, version: string): boolean {
  return knownAbsent(flagsData.features, name, version);
}

function knownAbsent<T extends Range>(table: Record<string, T | T[]>, name: string, version: string): boolean {
  if (!flagsModelled(version)) return false;
  const specs = Object.hasOwn(table, name) ? table[name] : undefined;
  return inRange(specs, version) === undefined && !(specs && maybeInRange(specs, version));
}

/** Whether `version` lies between a sampled bound of the ranges and the sample before it, where the data cannot tell. */
function maybeInRange<T extends Range>(specs: T | T[], version: string): boolean {
  const unsure = (bound: string | undefined) => {
    const before = bound === undefined ? undefined : sampleBefore(bound);
    return before !== undefined && compareVersions(version, before) > 0 && compareVersions(version, bound!) < 0;
  };
  return (Array.isArray(specs) ? specs : [specs]).some((s) => unsure(s.since) || unsure(s.until));
}

/**
 * The sampled release before `release` when a flag dated `release` may be older: `release` is a sample, and not a
 * major release (v3.0.0 came right after v2.55, the last 2.x release).
 */
export function sampleBefore(release: string): string | undefined {
  const at = flagReleases.indexOf(release);
  return at > 0 && !/^v\d+\.0\.0$/.test(release) ? flagReleases[at - 1] : undefined;
}

/** Every flag `version` accepts (for suggestions). */
export function flagNames(version: string): string[] {
  return Object.keys(flagsData.flags).filter((name) => flagSpec(name, version));
}

/** Every feature name `version` knows (for suggestions). */
export function featureNames(version: string): string[] {
  return Object.keys(flagsData.features).filter((name) => name && featureSpec(name, version));
}

/** A message's Go format string as `version` prints it (`%s`, `%q` as in Go's fmt). */
export function flagMessage(key: FlagMessage, version: string): string {
  const byRelease = Object.entries(flagsData.messages[key]);
  return (byRelease.filter(([since]) => atLeast(version, since)).pop() ?? byRelease[0])[1];
}

/** The newest release the data knows: how the flags of an image of unknown release are read. */
export const newestRelease = flagReleases[flagReleases.length - 1];

/** When the flag came and went, over every release the data knows; undefined when no release has it. */
export function flagLifetime(name: string): Range | undefined {
  const specs = Object.hasOwn(flagsData.flags, name) ? flagsData.flags[name] : undefined;
  if (!specs) return undefined;
  const eras = Array.isArray(specs) ? specs : [specs];
  return { since: eras[0].since, until: eras[eras.length - 1].until };
}

/**
 * A number as Go reads one written in decimal, with ±Inf (kingpin reads int flags as floats too); undefined for what
 * JavaScript does not read alike (a hexadecimal float, underscores): no bound is said of it.
 */
function goNumber(text: string): number | undefined {
  const infinity = /^([+-]?)inf(inity)?$/i.exec(text);
  if (infinity) return infinity[1] === '-' ? -Infinity : Infinity;
  const sign = text.startsWith('-') ? -1 : 1;
  const value = Number(text.replace(/^[+-]/, ''));
  return Number.isNaN(value) ? undefined : sign * value;
}

/** A WAL segment size Prometheus opens its storage with: unset (0), or from 10 MiB to 256 MiB. */
const walSegmentRefusal = (flag: string) => (value: string) => {
  const bytes = sizeBytes(value);
  return bytes !== undefined && bytes !== 0n && (bytes < 10n * 2n ** 20n || bytes > 256n * 2n ** 20n) ? `flag '${flag}' must be set between 10MB and 256MB` : undefined;
};

/**
 * Flag values of the right type that Prometheus still refuses once it has parsed them, and exits (cmd/prometheus
 * main.go): each with the mode it is checked in (a flag of the other mode stops it anyway, and is said so) and its
 * words. Each holds in every release that has the flag.
 */
const startupBounds: Record<string, { mode?: PrometheusMode; refusal: (value: string) => string | undefined }> = {
  'storage.agent.wal-segment-size': { mode: 'agent', refusal: walSegmentRefusal('storage.agent.wal-segment-size') },
  'storage.tsdb.wal-segment-size': { mode: 'server', refusal: walSegmentRefusal('storage.tsdb.wal-segment-size') },
  'storage.agent.checkpoint-batch-size': {
    mode: 'agent',
    refusal: (value) => ((goNumber(value) ?? 1) <= 0 ? '--storage.agent.checkpoint-batch-size must be greater than 0.' : undefined),
  },
  'auto-gomemlimit.ratio': {
    refusal: (value) => {
      const ratio = goNumber(value);
      return ratio !== undefined && (ratio <= 0 || ratio > 1) ? '--auto-gomemlimit.ratio must be greater than 0 and less than or equal to 1.' : undefined;
    },
  },
};

/** Why Prometheus in `mode` (undefined: either) exits on this parsed value of the flag `name`; undefined when it does not. */
export function startupRefusal(name: string, value: string, mode: PrometheusMode | undefined): string | undefined {
  const bound = Object.hasOwn(startupBounds, name) ? startupBounds[name] : undefined;
  if (!bound || (bound.mode && mode && bound.mode !== mode)) return undefined;
  return bound.refusal(value);
}

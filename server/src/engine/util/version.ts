type Version = readonly [number, number, number];

/** Rules compare the same few versions (the options', the model's) for every key they meet: read each once. */
const parsedVersions = new Map<string, Version | undefined>();

/** A release version such as `v3.13.2` (the `v` and the patch number are optional), as numbers. */
export function parseVersion(version: string): Version | undefined {
  if (parsedVersions.has(version)) return parsedVersions.get(version);
  const match = /^v?(\d+)\.(\d+)(?:\.(\d+))?/.exec(version.trim());
  const parsed: Version | undefined = match ? [Number(match[1]), Number(match[2]), Number(match[3] ?? 0)] : undefined;
  if (parsedVersions.size < 1000) parsedVersions.set(version, parsed);
  return parsed;
}

/**
 * Negative when `a` is older than `b`, zero when equal, positive when newer; an unreadable version counts as newest.
 * Release numbers only (`v3.0.0-rc.0` compares as `v3.0.0`): how Prometheus's own keys and flags are judged, a release
 * candidate having its release's. The operator's comparisons use compareSemanticVersions.
 */
export function compareVersions(a: string, b: string): number {
  const left = parseVersion(a);
  const right = parseVersion(b);
  if (!left || !right) return left ? -1 : right ? 1 : 0;
  return left[0] - right[0] || left[1] - right[1] || left[2] - right[2];
}

export function atLeast(version: string, minimum: string): boolean {
  return compareVersions(version, minimum) >= 0;
}

/**
 * A semantic version with its pre-release and build parts: the operator's reading of spec.version (blang/semver's
 * ParseTolerant), by which `3.0.0-rc.0` comes before `3.0.0`. Prometheus's own rules keep `compareVersions`, which
 * reads release numbers only: a release candidate already has its release's keys and flags.
 */
export interface SemanticVersion {
  major: number;
  minor: number;
  patch: number;
  /** Dot-separated identifiers after `-`: `['rc', '0']`. */
  prerelease: string[];
  /** After `+`: ignored in comparisons. */
  build: string;
}

const identifier = /^[0-9A-Za-z-]+$/;

/** Go's strings.SplitN: at most `n` parts, the last one holding the rest. */
function splitN(text: string, separator: string, n: number): string[] {
  const parts: string[] = [];
  let rest = text;
  for (let at = rest.indexOf(separator); at !== -1 && parts.length < n - 1; at = rest.indexOf(separator)) {
    parts.push(rest.slice(0, at));
    rest = rest.slice(at + 1);
  }
  return [...parts, rest];
}

/** A part with its leading zeros dropped, keeping one `0` where nothing numeric would be left (`00` → `0`, `0-rc` → `0-rc`). */
function withoutLeadingZeros(part: string): string {
  if (part.length <= 1) return part;
  const rest = part.replace(/^0+/, '');
  return /^[0-9]/.test(rest) ? rest : `0${rest}`;
}

/**
 * `v3.1`, ` 2.46.0 `, `3`, `v03.1.0-rc.0+build` as the operator reads them: spaces and one leading `v` trimmed, leading
 * zeros dropped, a missing minor or patch is 0 (not when the last part given carries `-` or `+`); then strict
 * semantic versioning. Undefined where the operator fails to parse the version.
 */
export function parseSemanticVersion(text: string): SemanticVersion | undefined {
  const parts = splitN(text.trim().replace(/^v/, ''), '.', 3).map(withoutLeadingZeros);
  if (parts.length < 3 && /[+-]/.test(parts[parts.length - 1])) return undefined;
  while (parts.length < 3) parts.push('0');
  const [major, minor, rest] = parts;
  const [release, build] = splitN(rest, '+', 2);
  const [patch, prerelease] = splitN(release, '-', 2);
  if (![major, minor, patch].every((number) => /^[0-9]+$/.test(number))) return undefined;
  const prereleaseIds = prerelease === undefined ? [] : prerelease.split('.');
  if (prereleaseIds.some((id) => !identifier.test(id) || /^0[0-9]+$/.test(id))) return undefined;
  if (build !== undefined && build.split('.').some((id) => !identifier.test(id))) return undefined;
  return { major: Number(major), minor: Number(minor), patch: Number(patch), prerelease: prereleaseIds, build: build ?? '' };
}

/** As Go's Version.String() writes it: `3.0.0-rc.0`, build metadata included. */
export function semanticVersionText(version: SemanticVersion): string {
  const prerelease = version.prerelease.length ? `-${version.prerelease.join('.')}` : '';
  return `${version.major}.${version.minor}.${version.patch}${prerelease}${version.build ? `+${version.build}` : ''}`;
}

/**
 * Semantic versioning's precedence: release numbers, then a pre-release before its release, its identifiers compared
 * one by one (numbers numerically and before words, words by ASCII order, a shorter list first).
 */
export function compareSemanticVersions(a: SemanticVersion, b: SemanticVersion): number {
  const release = a.major - b.major || a.minor - b.minor || a.patch - b.patch;
  if (release) return release;
  if (!a.prerelease.length || !b.prerelease.length) return b.prerelease.length - a.prerelease.length;
  for (let i = 0; i < Math.min(a.prerelease.length, b.prerelease.length); i++) {
    const [x, y] = [a.prerelease[i], b.prerelease[i]];
    if (x === y) continue;
    const [xNumber, yNumber] = [/^[0-9]+$/.test(x), /^[0-9]+$/.test(y)];
    if (xNumber && yNumber) return Number(x) - Number(y);
    if (xNumber !== yNumber) return xNumber ? -1 : 1;
    return x < y ? -1 : 1;
  }
  return a.prerelease.length - b.prerelease.length;
}

/** The minimums the model writes, read once each: the renderer asks for a few dozen per agent. */
const parsedMinimums = new Map<string, SemanticVersion>();

/** Whether `version` is `minimum` (a version the model writes, such as `v3.0.0-rc.0`) or newer. */
export function semanticAtLeast(version: SemanticVersion, minimum: string): boolean {
  let parsed = parsedMinimums.get(minimum);
  if (!parsed) {
    parsed = parseSemanticVersion(minimum);
    if (!parsed) throw new Error(`not a semantic version: ${minimum}`);
    parsedMinimums.set(minimum, parsed);
  }
  return compareSemanticVersions(version, parsed) >= 0;
}

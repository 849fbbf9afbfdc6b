/** Prometheus and operator versions, as `v3.13.2`, `3.13.2` or `v2.45` (a missing patch is 0). */
export interface Version {
  major: number;
  minor: number;
  patch: number;
}

export function parseVersion(text: string): Version | undefined {
  const match = /^v?(\d+)\.(\d+)(?:\.(\d+))?(?:[-+].*)?$/.exec(text.trim());
  return match ? { major: Number(match[1]), minor: Number(match[2]), patch: Number(match[3] ?? 0) } : undefined;
}

export function compareVersions(a: Version, b: Version): number {
  return a.major - b.major || a.minor - b.minor || a.patch - b.patch;
}

/** True when `version` is `minimum` or newer; both as text. An unparsable version is never new enough. */
export function isAtLeast(version: string, minimum: string): boolean {
  const parsed = parseVersion(version);
  const floor = parseVersion(minimum);
  return parsed !== undefined && floor !== undefined && compareVersions(parsed, floor) >= 0;
}

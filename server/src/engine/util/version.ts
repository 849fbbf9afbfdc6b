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

/** Negative when `a` is older than `b`, zero when equal, positive when newer; an unreadable version counts as newest. */
export function compareVersions(a: string, b: string): number {
  const left = parseVersion(a);
  const right = parseVersion(b);
  if (!left || !right) return left ? -1 : right ? 1 : 0;
  return left[0] - right[0] || left[1] - right[1] || left[2] - right[2];
}

export function atLeast(version: string, minimum: string): boolean {
  return compareVersions(version, minimum) >= 0;
}

/** Prometheus durations (`1h30m`, `500ms`, `0`): units biggest to smallest, each once, no sign, no fraction. */
const unitMs: [string, number][] = [
  ['y', 365 * 24 * 3600_000], ['w', 7 * 24 * 3600_000], ['d', 24 * 3600_000], ['h', 3600_000], ['m', 60_000], ['s', 1000], ['ms', 1],
];
const durationPattern = /^(?:(\d+)y)?(?:(\d+)w)?(?:(\d+)d)?(?:(\d+)h)?(?:(\d+)m)?(?:(\d+)s)?(?:(\d+)ms)?$/;

/** Milliseconds, or undefined when `text` is not a Prometheus duration. */
export function parseDuration(text: string): number | undefined {
  if (text === '0') return 0;
  const match = durationPattern.exec(text);
  if (!match || text === '') return undefined;
  const total = unitMs.reduce((sum, [, ms], i) => sum + Number(match[i + 1] ?? 0) * ms, 0);
  // Past 2^63-1 nanoseconds Go refuses it (`duration out of range`, or a count no uint64 holds).
  return total > maxDurationMs ? undefined : total;
}

const maxDurationMs = 9223372036854.775807;

import { atLeast } from './version';
import { goQuote } from './goQuote';

/**
 * Prometheus' value parsers, as far as their error messages go: model.ParseDuration (prometheus/common),
 * units.ParseBase2Bytes (alecthomas/units) and url.Parse (Go's net/url). Each returns the message Prometheus prints,
 * or undefined for a value it accepts.
 */

const maxDuration = 2n ** 63n - 1n;
const millisecond = 1_000_000n;
/** Units biggest first, in nanoseconds, as time.Duration counts. */
const durationUnits: [string, bigint][] = [
  ['y', 365n * 86_400_000n * millisecond], ['w', 7n * 86_400_000n * millisecond], ['d', 86_400_000n * millisecond],
  ['h', 3_600_000n * millisecond], ['m', 60_000n * millisecond], ['s', 1000n * millisecond], ['ms', millisecond],
];
const legacyDuration = /^(?:(\d+)y)?(?:(\d+)w)?(?:(\d+)d)?(?:(\d+)h)?(?:(\d+)m)?(?:(\d+)s)?(?:(\d+)ms)?$/;

const uint64Bound = 2n ** 64n;

export function durationError(text: string, version: string): string | undefined {
  if (text === '0') return undefined;
  if (text === '') return 'empty duration string';
  // Quoted only when it is said: most durations are valid, and a check reads thousands.
  const invalid = () => `not a valid duration string: ${goQuote(text)}`;
  // prometheus/common v0.42 (Prometheus v2.43) replaced the regular expression with a scanner that names bad units.
  if (!atLeast(version, 'v2.43.0')) {
    const match = legacyDuration.exec(text);
    if (!match) return invalid();
    const total = durationUnits.reduce((sum, [, nanos], i) => sum + BigInt(match[i + 1] ?? 0) * nanos, 0n);
    return total > maxDuration ? 'duration out of range' : undefined;
  }
  let rest = text;
  let lastUnit = -1;
  let total = 0n;
  while (rest) {
    const digits = /^\d+/.exec(rest)?.[0];
    if (!digits || BigInt(digits) >= uint64Bound) return invalid();
    rest = rest.slice(digits.length);
    const unit = /^\D*/.exec(rest)![0];
    if (!unit) return invalid();
    rest = rest.slice(unit.length);
    const index = durationUnits.findIndex(([name]) => name === unit);
    if (index < 0) return `unknown unit ${goQuote(unit)} in duration ${goQuote(text)}`;
    if (index <= lastUnit) return invalid();
    lastUnit = index;
    total += BigInt(digits) * durationUnits[index][1];
    if (total > maxDuration) return 'duration out of range';
  }
  return undefined;
}

const base2Units = ['B', 'KiB', 'MiB', 'GiB', 'TiB', 'PiB', 'EiB'];
const legacyByteUnits = ['B', 'KB', 'MB', 'GB', 'TB', 'PB', 'EB'];

/** units.ParseBase2Bytes: `512MiB`, `1.5GB`, `1MB512KB`, `0`; IEC and (base-2) SI units, both read as powers of 1024. */
export function sizeError(text: string): string | undefined {
  if (parseUnit(text, base2Units) === undefined) return undefined;
  // The library retries with the SI-style names; that attempt's error is the one reported.
  return parseUnit(text, legacyByteUnits);
}

function parseUnit(orig: string, units: readonly string[]): string | undefined {
  const invalid = `units: invalid ${orig}`;
  let rest = /^[-+]/.test(orig) ? orig.slice(1) : orig;
  if (rest === '0') return undefined;
  if (rest === '') return invalid;
  while (rest) {
    const number = /^(\d*)(?:\.(\d*))?/.exec(rest)!;
    if (!number[1] && !number[2]) return invalid;
    rest = rest.slice(number[0].length);
    const unit = /^[^.\d]*/.exec(rest)![0];
    rest = rest.slice(unit.length);
    if (!units.includes(unit)) return `units: unknown unit ${unit} in ${orig}`;
  }
  return undefined;
}

const unitFactors: Record<string, number> = { B: 1, KB: 2 ** 10, MB: 2 ** 20, GB: 2 ** 30, TB: 2 ** 40, PB: 2 ** 50, EB: 2 ** 60 };

/**
 * The bytes a size units.ParseBase2Bytes accepts stands for: each number times its unit summed as a float64, then
 * truncated to an int64, as Go converts it (`-0.5B` is 0). Undefined for a size it refuses.
 */
export function sizeBytes(text: string): bigint | undefined {
  if (sizeError(text) !== undefined) return undefined;
  const negative = text.startsWith('-');
  let total = 0;
  for (const [, number, unit] of text.matchAll(/(\d*(?:\.\d*)?)([^.\d]*)/g)) {
    if (number === '') continue;
    total += Number(number) * unitFactors[unit.replace('i', '')];
  }
  return BigInt(Math.trunc(negative ? -total : total));
}

/** units.Base2Bytes as its String() prints it: `-1MiB`, `1GiB512MiB`, `0B`. */
export function formatBase2Bytes(bytes: bigint): string {
  const units = ['B', 'KiB', 'MiB', 'GiB', 'TiB', 'PiB', 'EiB'];
  const parts: string[] = [];
  let rest = bytes;
  for (const unit of units) {
    // Go's % and / truncate toward zero, as BigInt's do: every part of a negative size carries the sign.
    if (rest % 1024n !== 0n || (unit === 'B' && rest === 0n)) parts.unshift(`${rest % 1024n}${unit}`);
    rest /= 1024n;
    if (rest === 0n) break;
  }
  return parts.join('');
}

/** A float64 as Go's %v prints it (%g, shortest digits): in exponent form below 1e-4 and from 1e6 on (`1.5e+06`). */
export function formatGoFloat(value: number): string {
  if (!Number.isFinite(value)) return Number.isNaN(value) ? 'NaN' : value > 0 ? '+Inf' : '-Inf';
  const [mantissa, exponentText] = value.toExponential().split('e');
  const exponent = Number(exponentText);
  if (exponent < -4 || exponent >= 6) return `${mantissa}e${exponent < 0 ? '-' : '+'}${String(Math.abs(exponent)).padStart(2, '0')}`;
  return String(value);
}

/** Characters a URL host may hold besides letters and digits (Go's shouldEscape in host mode). */
const hostCharacters = new Set("-_.~!$&'()*+,;=:[]<>\"");

/** What url.Parse makes of a URL: its error (wrapped as Go wraps it, `parse "<url>": <reason>`), scheme and host. */
export interface ParsedUrl {
  error?: string;
  /** Lower-cased, as url.Parse stores it; '' when there is none. */
  scheme: string;
  /** The authority after any user info; '' for a URL without `//`. */
  host: string;
}

export function urlError(raw: string): string | undefined {
  return parseUrl(raw).error;
}

export function parseUrl(raw: string): ParsedUrl {
  const parsed: ParsedUrl = { scheme: '', host: '' };
  const reason = urlProblem(raw, parsed);
  if (reason) parsed.error = `parse ${goQuote(raw)}: ${reason}`;
  return parsed;
}

function urlProblem(raw: string, parsed: ParsedUrl): string | undefined {
  if (/[\x00-\x1f\x7f]/.test(raw)) return 'net/url: invalid control character in URL';
  const hash = raw.indexOf('#');
  const fragment = hash >= 0 ? raw.slice(hash + 1) : '';
  let rest = hash >= 0 ? raw.slice(0, hash) : raw;
  if (rest === '' || rest === '*') return escapeProblem(fragment);
  const scheme = /^([A-Za-z][A-Za-z0-9+.-]*):/.exec(rest);
  if (rest.startsWith(':')) return 'missing protocol scheme';
  if (scheme) rest = rest.slice(scheme[0].length), parsed.scheme = scheme[1].toLowerCase();
  const query = rest.indexOf('?');
  if (query >= 0) rest = rest.slice(0, query);
  if (!rest.startsWith('/')) {
    if (scheme) return escapeProblem(fragment);
    const colon = rest.indexOf(':');
    const slash = rest.indexOf('/');
    if (colon >= 0 && (slash < 0 || colon < slash)) return 'first path segment in URL cannot contain colon';
  }
  if (rest.startsWith('//') && (scheme || !rest.startsWith('///'))) {
    const end = rest.indexOf('/', 2);
    const authority = end < 0 ? rest.slice(2) : rest.slice(2, end);
    rest = end < 0 ? '' : rest.slice(end);
    parsed.host = authority.slice(authority.lastIndexOf('@') + 1);
    const problem = hostProblem(parsed.host);
    if (problem) return problem;
  }
  return escapeProblem(rest) ?? escapeProblem(fragment);
}

function hostProblem(host: string): string | undefined {
  let name = host;
  if (host.startsWith('[')) {
    const close = host.indexOf(']');
    if (close < 0) return "missing ']' in host";
    const port = host.slice(close + 1);
    if (port && !/^:\d*$/.test(port)) return `invalid port ${goQuote(port)} after host`;
    name = host.slice(1, close);
  } else {
    const colon = host.lastIndexOf(':');
    if (colon >= 0) {
      const port = host.slice(colon);
      if (!/^:\d*$/.test(port)) return `invalid port ${goQuote(port)} after host`;
      name = host.slice(0, colon);
    }
  }
  for (const char of name) {
    if (char === '%' || /[A-Za-z0-9]/.test(char) || char.charCodeAt(0) >= 0x80 || hostCharacters.has(char)) continue;
    return `invalid character ${goQuote(char)} in host name`;
  }
  // An IPv6 literal's zone starts at %25 (fe80::1%25eth0), and is unescaped apart.
  const zone = host.startsWith('[') ? name.indexOf('%25') : -1;
  return zone >= 0 ? hostEscapeProblem(name.slice(0, zone), false) ?? hostEscapeProblem(name.slice(zone), true) : hostEscapeProblem(name, false);
}

/**
 * Go's unescape of a host (or of an IPv6 zone): a host %-escapes only bytes past ASCII, and %25; a zone only bytes a
 * host may hold as they are, a space and %25.
 */
function hostEscapeProblem(text: string, zone: boolean): string | undefined {
  for (let at = text.indexOf('%'); at >= 0; at = text.indexOf('%', at + 1)) {
    const escape = text.slice(at, at + 3);
    if (!/^%[0-9A-Fa-f]{2}$/.test(escape)) return `invalid URL escape ${goQuote(escape)}`;
    const byte = parseInt(escape.slice(1), 16);
    const held = /[A-Za-z0-9]/.test(String.fromCharCode(byte)) || hostCharacters.has(String.fromCharCode(byte));
    if (escape !== '%25' && (zone ? byte !== 0x20 && !held : byte < 0x80)) return `invalid URL escape ${goQuote(escape)}`;
  }
  return undefined;
}

function escapeProblem(text: string): string | undefined {
  const bad = /%(?![0-9A-Fa-f]{2})(.{0,2})/s.exec(text);
  return bad ? `invalid URL escape ${goQuote(bad[0])}` : undefined;
}

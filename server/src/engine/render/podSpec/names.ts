import { xxhash64 } from './xxhash64';

/** The operator's ResourceNamer: `<prefix>-<name>` lower-cased, characters outside DNS-1123 replaced by `-`. */
function sanitizedLabel(prefix: string, name: string): string {
  return `${prefix.replace(/-+$/, '')}-${name}`.toLowerCase().replace(/[^a-z0-9-]/g, '-').replace(/^-+|-+$/g, '');
}

/** A volume name such as `secret-<name>`; cut to the 63 characters of a DNS-1123 label. */
export function volumeName(prefix: string, name: string): string {
  return sanitizedLabel(prefix, name).slice(0, 63).replace(/-+$/, '');
}

/** A volume name that stays unique when cut: at most 54 characters, then `-` and the first 8 hex digits of its XXH64. */
export function uniqueVolumeName(prefix: string, name: string): string {
  const hash = `-${xxhash64(name).toString(16)}`.slice(0, 9);
  return sanitizedLabel(prefix, name).slice(0, 54) + hash;
}

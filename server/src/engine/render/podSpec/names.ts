import { sanitizedLabel } from '../../model/resourceNames';
import { xxhash64 } from './xxhash64';

/** A volume name that stays unique when cut: at most 54 characters, then `-` and the first 8 hex digits of its XXH64. */
export function uniqueVolumeName(prefix: string, name: string): string {
  const hash = `-${xxhash64(name).toString(16)}`.slice(0, 9);
  return sanitizedLabel(prefix, name).slice(0, 54) + hash;
}

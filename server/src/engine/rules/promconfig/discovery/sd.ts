import { parseDuration } from '../../../util/duration';
import { atLeast } from '../../../util/version';
import { goQuote, isNullNode, type MapView } from '../goYaml';
import type { ConfigUnit } from '../units';

/**
 * One `<name>_sd_configs` entry as its UnmarshalYAML sees it after decoding: Go's defaults for absent keys, the zero
 * value for a key written with no value (go-yaml resets the field), and a way to report at a key.
 */
export class SdEntry {
  constructor(readonly unit: ConfigUnit, readonly view: MapView) {}

  /** Whether the release checked for is `version` or later. */
  since(version: string): boolean {
    return atLeast(this.unit.version, version);
  }

  /** Reports at the key's value (or the key, or the entry when absent). */
  report(key: string, message: string): void {
    this.unit.report({ span: this.view.spanFor(key), message });
  }

  /** A string field: `fallback` (the Go default) when absent, '' when written with no value. */
  text(key: string, fallback = ''): string {
    return this.view.pair(key) ? this.view.text(key) ?? '' : fallback;
  }

  /** Whether a string (or secret) field ends up non-empty. */
  set(key: string, fallback = ''): boolean {
    return this.text(key, fallback) !== '';
  }

  /** Whether a pointer field (a section) ends up non-nil: written with a value. */
  has(key: string): boolean {
    return this.view.has(key);
  }

  /** Written as the key with no value: go-yaml leaves a custom type's UnmarshalYAML out and keeps the zero value. */
  isNull(key: string): boolean {
    const value = this.view.value(key);
    return value !== undefined && isNullNode(value);
  }

  /** How many entries a list field holds. */
  count(key: string): number {
    return this.view.items(key).length;
  }

  /** A duration field in milliseconds (`fallback` when absent, 0 with no value); undefined when it does not parse. */
  duration(key: string, fallback: number): number | undefined {
    if (!this.view.pair(key)) return fallback;
    const text = this.view.text(key) ?? '';
    return text === '' ? 0 : parseDuration(text);
  }

  /** An integer field (`fallback` when absent, 0 with no value). */
  number(key: string, fallback: number): number {
    return this.view.pair(key) ? this.view.number(key) ?? 0 : fallback;
  }
}

/** A discovery's checks, in its UnmarshalYAML's order: each stops at the first problem, as Go returns the first error. */
export type SdCheck = (entry: SdEntry) => void;

/**
 * A field of a Go type whose UnmarshalYAML takes only some values (the roles): what it refuses, or undefined. Written
 * with no value, the UnmarshalYAML is not called and the field keeps its zero value, which the check after it meets.
 */
export function refused(entry: SdEntry, key: string, allowed: readonly string[]): string | undefined {
  if (!entry.view.pair(key) || entry.isNull(key)) return undefined;
  const value = entry.text(key);
  return allowed.includes(value) ? undefined : goQuote(value);
}

import type { Notes } from './notes';

export type Json = Record<string, unknown>;

export function asRecord(value: unknown): Json | undefined {
  return value !== null && typeof value === 'object' && !Array.isArray(value) ? (value as Json) : undefined;
}

const describe = (value: unknown) => (typeof value === 'string' ? JSON.stringify(value) : Array.isArray(value) ? 'a list' : typeof value === 'object' ? 'a mapping' : String(value));

/**
 * Typed reads of a manifest that may still have errors: a value of the wrong type is reported in the notes, by its
 * path as a user reads it (`spec.remoteWrite[0].url`), and read as absent, so rendering goes on without it.
 */
export class Fields {
  constructor(private readonly value: unknown, private readonly path: string, private readonly notes: Notes) {}

  /** The raw value at `key` (null counts as absent, as Kubernetes drops null fields). */
  raw(key: string): unknown {
    const value = asRecord(this.value)?.[key];
    return value === null ? undefined : value;
  }

  has(key: string): boolean {
    return this.raw(key) !== undefined;
  }

  string(key: string): string | undefined {
    return this.typed(key, 'a string', (v): v is string => typeof v === 'string');
  }

  boolean(key: string): boolean | undefined {
    return this.typed(key, 'a boolean', (v): v is boolean => typeof v === 'boolean');
  }

  integer(key: string): number | undefined {
    return this.typed(key, 'an integer', (v): v is number => typeof v === 'number' && Number.isInteger(v));
  }

  /** An int-or-string field, as Kubernetes quantities and ports are. */
  scalar(key: string): string | number | undefined {
    return this.typed(key, 'a string or a number', (v): v is string | number => typeof v === 'string' || typeof v === 'number');
  }

  record(key: string): Json | undefined {
    return this.typed(key, 'a mapping', (v): v is Json => asRecord(v) !== undefined);
  }

  /** A mapping of strings (labels, annotations, headers); entries that are not strings are reported and left out. */
  strings(key: string): Record<string, string> | undefined {
    const record = this.record(key);
    if (!record) return undefined;
    const out: [string, string][] = [];
    for (const [name, value] of Object.entries(record)) {
      if (typeof value === 'string') out.push([name, value]);
      else this.notes.add(`${this.at(key)}.${name}: expected a string, found ${describe(value)}; not used`);
    }
    // Built as data: a label named `__proto__` stays a label.
    return Object.fromEntries(out);
  }

  list(key: string): unknown[] {
    return this.typed(key, 'a list', (v): v is unknown[] => Array.isArray(v)) ?? [];
  }

  stringList(key: string): string[] {
    return this.list(key).filter((item, index) => {
      if (typeof item === 'string') return true;
      this.notes.add(`${this.at(key)}[${index}]: expected a string, found ${describe(item)}; not used`);
      return false;
    }) as string[];
  }

  /** The mapping at `key` as Fields (absent or of the wrong type: an empty one). */
  child(key: string): Fields {
    return new Fields(this.record(key), this.at(key), this.notes);
  }

  /** Every mapping in the list at `key`, as Fields. */
  children(key: string): Fields[] {
    return this.list(key).flatMap((item, index) => {
      const path = `${this.at(key)}[${index}]`;
      if (asRecord(item)) return [new Fields(item, path, this.notes)];
      this.notes.add(`${path}: expected a mapping, found ${describe(item)}; not used`);
      return [];
    });
  }

  /** Whether the value read is a mapping at all (an absent `spec.web` reads as an empty Fields). */
  present(): boolean {
    return asRecord(this.value) !== undefined;
  }

  data(): Json {
    return asRecord(this.value) ?? {};
  }

  at(key: string): string {
    return this.path ? `${this.path}.${key}` : key;
  }

  /** Other data read with the same notes: a mapping merged from two, or another object's spec. */
  derive(value: unknown, path: string): Fields {
    return new Fields(value, path, this.notes);
  }

  /** Where this mapping is, as a user reads it: `spec.remoteWrite[0]`. */
  location(): string {
    return this.path;
  }

  note(message: string): void {
    this.notes.add(message);
  }

  private typed<T>(key: string, what: string, test: (value: unknown) => value is T): T | undefined {
    const value = this.raw(key);
    if (value === undefined) return undefined;
    if (test(value)) return value;
    this.notes.add(`${this.at(key)}: expected ${what}, found ${describe(value)}; not used`);
    return undefined;
  }
}

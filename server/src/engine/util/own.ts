/**
 * What a table holds under a key read from YAML, or undefined. `table[key]` and `key in table` also find the members
 * of Object.prototype, and a manifest may well use `toString`, `constructor` or `__proto__` as a key or a value.
 */
export function own<T>(table: Readonly<Record<string, T>>, key: string): T | undefined {
  return Object.hasOwn(table, key) ? table[key] : undefined;
}

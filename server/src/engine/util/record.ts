/** A YAML mapping's data as a record; undefined for a list, a scalar or null. */
export function asRecord(value: unknown): Record<string, unknown> | undefined {
  return value !== null && typeof value === 'object' && !Array.isArray(value) ? (value as Record<string, unknown>) : undefined;
}

/**
 * The string values of a mapping (labels, annotations as selectors see them), as the API server stores them: a null
 * is "", a !!binary value its decoded text; other values, which it refuses, are left out.
 */
export function stringEntries(value: unknown): Record<string, string> {
  const out: Record<string, string> = {};
  for (const [key, entry] of Object.entries(asRecord(value) ?? {})) {
    if (typeof entry === 'string') out[key] = entry;
    else if (entry === null) out[key] = '';
    else if (entry instanceof Uint8Array) out[key] = new TextDecoder().decode(entry);
  }
  return out;
}

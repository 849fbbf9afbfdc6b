import type { Path } from '../yaml/documents';

const identifier = /^[A-Za-z_$][A-Za-z0-9_$-]*$/;

/** A field path as the API server prints it: `spec.remoteWrite[0].url`, map keys as `[key]`. */
export function fieldPath(path: Path): string {
  let out = '';
  for (const segment of path) {
    if (typeof segment === 'number') out += `[${segment}]`;
    else if (identifier.test(segment)) out += out ? `.${segment}` : segment;
    else out += `[${segment}]`;
  }
  return out;
}

/** A value as it appears in `Invalid value: …`. */
export function valueText(value: unknown): string {
  if (typeof value === 'string') return JSON.stringify(value);
  if (Array.isArray(value)) return '"array"';
  if (value !== null && typeof value === 'object') return '"object"';
  return String(value);
}

export function typeText(type: string): string {
  switch (type) {
    case 'integer': return 'an integer';
    case 'array': return 'a list';
    case 'object': return 'an object';
    default: return `a ${type}`;
  }
}

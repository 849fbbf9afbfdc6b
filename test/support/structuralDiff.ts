/**
 * The differences between two JSON-like values, each naming its path (`objects[2].spec.template.spec.containers[0]
 * .args[3]`): what a golden test prints when a rendering drifts. Key order does not matter; list order does.
 */
export function structuralDiff(actual: unknown, expected: unknown, path = '$'): string[] {
  if (Object.is(actual, expected)) return [];
  const show = (value: unknown) => (value === undefined ? 'nothing' : JSON.stringify(value));
  if (Array.isArray(expected) && Array.isArray(actual)) {
    const out: string[] = [];
    for (let i = 0; i < Math.max(actual.length, expected.length); i++) {
      if (i >= actual.length) out.push(`${path}[${i}]: missing, expected ${show(expected[i])}`);
      else if (i >= expected.length) out.push(`${path}[${i}]: unexpected ${show(actual[i])}`);
      else out.push(...structuralDiff(actual[i], expected[i], `${path}[${i}]`));
    }
    return out;
  }
  if (isRecord(expected) && isRecord(actual)) {
    const out: string[] = [];
    for (const key of new Set([...Object.keys(expected), ...Object.keys(actual)])) {
      const at = /^[A-Za-z_$][\w$]*$/.test(key) ? `${path}.${key}` : `${path}[${JSON.stringify(key)}]`;
      if (!(key in actual)) out.push(`${at}: missing, expected ${show(expected[key])}`);
      else if (!(key in expected)) out.push(`${at}: unexpected ${show(actual[key])}`);
      else out.push(...structuralDiff(actual[key], expected[key], at));
    }
    return out;
  }
  return [`${path}: expected ${show(expected)}, got ${show(actual)}`];
}

function isRecord(value: unknown): value is Record<string, unknown> {
  return value !== null && typeof value === 'object' && !Array.isArray(value);
}

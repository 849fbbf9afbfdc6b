/** The Kubernetes quantity suffixes: binary (`Ki` … `Ei`) and decimal (`n` … `E`). */
const suffixes: Record<string, number> = {
  Ki: 2 ** 10, Mi: 2 ** 20, Gi: 2 ** 30, Ti: 2 ** 40, Pi: 2 ** 50, Ei: 2 ** 60,
  n: 1e-9, u: 1e-6, m: 1e-3, '': 1, k: 1e3, M: 1e6, G: 1e9, T: 1e12, P: 1e15, E: 1e18,
};

const quantityPattern = /^([+-]?(?:[0-9]+(?:\.[0-9]*)?|\.[0-9]+))(?:(Ki|Mi|Gi|Ti|Pi|Ei|[numkMGTPE])|[eE]([+-]?(?:[0-9]+(?:\.[0-9]*)?|\.[0-9]+)))?$/;

/**
 * A Kubernetes quantity (`0.5`, `500m`, `1e-1`, or a plain integer) as a number, as the operator reads one with
 * AsApproximateFloat64; undefined for anything else.
 */
export function quantityValue(value: unknown): number | undefined {
  if (typeof value === 'number') return Number.isFinite(value) ? value : undefined;
  if (typeof value !== 'string') return undefined;
  const match = quantityPattern.exec(value);
  if (!match) return undefined;
  const [, number, suffix, exponent] = match;
  return Number(number) * (exponent === undefined ? suffixes[suffix ?? ''] : 10 ** Number(exponent));
}

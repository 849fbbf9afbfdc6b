/**
 * The operator's ResourceNamer (pkg/k8s): `<prefix>-<name>` lower-cased, each run of characters outside DNS-1123
 * replaced by one `-`, dashes trimmed from both ends.
 */
export function sanitizedLabel(prefix: string, name: string): string {
  return `${prefix.replace(/-+$/, '')}-${name}`.toLowerCase().replace(/[^a-z0-9-]+/g, '-').replace(/^-+|-+$/g, '');
}

/** The longest DNS-1123 label. */
const labelLength = 63;

/**
 * A name such as a volume's `secret-<name>`, cut to the 63 characters of a DNS-1123 label (DNS1123Label); the cut
 * name, with `valid` false, where the cut leaves a `-` at its end, which the operator refuses.
 */
export function dns1123Label(prefix: string, name: string): { name: string; valid: boolean } {
  const cut = sanitizedLabel(prefix, name).slice(0, labelLength);
  return { name: cut, valid: /^[a-z0-9]([-a-z0-9]*[a-z0-9])?$/.test(cut) };
}

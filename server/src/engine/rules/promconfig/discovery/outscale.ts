import type { SdCheck } from './sd';

/** discovery/outscale: a region, an access key, one secret key. */
export const outscaleChecks: Record<string, SdCheck> = {
  outscale(entry) {
    if (!entry.set('region', 'eu-west-2')) return entry.report('region', 'outscale SD configuration requires a region');
    if (!entry.set('access_key')) return entry.report('access_key', 'outscale SD configuration requires access_key');
    const secret = entry.set('secret_key');
    const secretFile = entry.set('secret_key_file');
    if (!secret && !secretFile) return entry.report('secret_key', 'one of secret_key & secret_key_file must be configured');
    if (secret && secretFile) return entry.report('secret_key_file', 'at most one of secret_key & secret_key_file must be configured');
  },
};

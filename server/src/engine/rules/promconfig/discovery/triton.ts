import type { SdCheck } from './sd';

/** discovery/triton: a role, an account, a DNS suffix, an endpoint, a refresh interval above zero. */
export const tritonChecks: Record<string, SdCheck> = {
  triton(entry) {
    const role = entry.text('role', 'container');
    if (role !== 'container' && role !== 'cn') return entry.report('role', "triton SD configuration requires role to be 'container' or 'cn'");
    if (!entry.set('account')) return entry.report('account', 'triton SD configuration requires an account');
    if (!entry.set('dns_suffix')) return entry.report('dns_suffix', 'triton SD configuration requires a dns_suffix');
    if (!entry.set('endpoint')) return entry.report('endpoint', 'triton SD configuration requires an endpoint');
    if (entry.duration('refresh_interval', 60_000) === 0) {
      return entry.report('refresh_interval', 'triton SD configuration requires RefreshInterval to be a positive integer');
    }
  },
};

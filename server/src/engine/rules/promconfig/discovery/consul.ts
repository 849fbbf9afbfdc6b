import type { SdCheck } from './sd';

/** discovery/consul: a server, and its own credentials against the HTTP client's. */
export const consulChecks: Record<string, SdCheck> = {
  consul(entry) {
    if (entry.text('server', 'localhost:8500').trim() === '') return entry.report('server', 'consul SD configuration requires a server address');
    if ((entry.set('username') || entry.set('password')) && entry.has('basic_auth')) {
      return entry.report('basic_auth', 'at most one of consul SD configuration username and password and basic auth can be configured');
    }
    const other = ['authorization', 'oauth2'].find((key) => entry.has(key));
    if (entry.set('token') && other) return entry.report(other, 'at most one of consul SD token, authorization, or oauth2 can be configured');
  },
};

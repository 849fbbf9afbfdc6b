import type { SdCheck } from './sd';

/** discovery/marathon: servers, and one way to authenticate. */
export const marathonChecks: Record<string, SdCheck> = {
  marathon(entry) {
    if (entry.count('servers') === 0) return entry.report('servers', 'marathon_sd: must contain at least one Marathon server');
    const token = entry.set('auth_token');
    const tokenFile = entry.set('auth_token_file');
    if (token && tokenFile) return entry.report('auth_token_file', 'marathon_sd: at most one of auth_token & auth_token_file must be configured');
    if (!token && !tokenFile) return;
    if (entry.has('basic_auth')) return entry.report('basic_auth', 'marathon_sd: at most one of basic_auth, auth_token & auth_token_file must be configured');
    const bearer = ['bearer_token', 'bearer_token_file'].find((key) => entry.set(key));
    if (bearer) return entry.report(bearer, 'marathon_sd: at most one of bearer_token, bearer_token_file, auth_token & auth_token_file must be configured');
    if (entry.has('authorization')) return entry.report('authorization', 'marathon_sd: at most one of auth_token, auth_token_file & authorization must be configured');
  },
};

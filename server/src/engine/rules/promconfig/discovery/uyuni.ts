import { parseUrl } from '../goParse';
import type { SdCheck } from './sd';

/** discovery/uyuni: a server URL, a user name, a password. */
export const uyuniChecks: Record<string, SdCheck> = {
  uyuni(entry) {
    const server = entry.text('server');
    if (server === '') return entry.report('server', 'Uyuni SD configuration requires server host');
    const { error } = parseUrl(server);
    if (error) return entry.report('server', `Uyuni Server URL is not valid: ${error}`);
    if (!entry.set('username')) return entry.report('username', 'Uyuni SD configuration requires a username');
    if (!entry.set('password')) return entry.report('password', 'Uyuni SD configuration requires a password');
  },
};

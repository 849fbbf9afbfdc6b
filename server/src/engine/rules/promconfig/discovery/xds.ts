import { parseUrl } from '../goParse';
import type { SdCheck } from './sd';

/** discovery/xds: kuma_sd needs a server URL with a scheme and a host. */
export const xdsChecks: Record<string, SdCheck> = {
  kuma(entry) {
    const server = entry.text('server');
    if (server === '') return entry.report('server', 'kuma SD server must not be empty: ');
    const url = parseUrl(server);
    if (url.error) return entry.report('server', url.error);
    if (url.scheme === '' || url.host === '') return entry.report('server', `kuma SD server must not be empty and have a scheme: ${server}`);
  },
};

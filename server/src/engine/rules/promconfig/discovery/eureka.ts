import { parseUrl } from '../goParse';
import type { SdCheck } from './sd';

/** discovery/eureka: a server URL with a scheme and a host. */
export const eurekaChecks: Record<string, SdCheck> = {
  eureka(entry) {
    const server = entry.text('server');
    if (server === '') return entry.report('server', 'eureka_sd: empty or null eureka server');
    const url = parseUrl(server);
    if (url.error) return entry.report('server', url.error);
    if (url.scheme === '' || url.host === '') return entry.report('server', 'eureka_sd: invalid eureka server URL');
  },
};

import { parseUrl } from '../goParse';
import { goQuote } from '../goYaml';
import type { SdCheck } from './sd';

/** discovery/stackit: an endpoint or a region, an endpoint url.Parse reads. */
export const stackitChecks: Record<string, SdCheck> = {
  stackit(entry) {
    const endpoint = entry.text('endpoint');
    if (endpoint === '' && !entry.set('region', 'eu01')) return entry.report('endpoint', 'stackit_sd: endpoint and region missing');
    const { error } = parseUrl(endpoint);
    if (error) return entry.report('endpoint', `stackit_sd: invalid endpoint ${goQuote(endpoint)}: ${error}`);
  },
};

import { parseUrl } from '../goParse';
import type { SdCheck } from './sd';

/** discovery/http and discovery/puppetdb: a URL with http or https and a host; PuppetDB also needs a query. */

/** What http_sd and puppetdb_sd, word for word, say of their URL. */
function urlProblem(raw: string): string | undefined {
  if (raw === '') return 'URL is missing';
  const url = parseUrl(raw);
  if (url.error) return url.error;
  if (url.scheme !== 'http' && url.scheme !== 'https') return "URL scheme must be 'http' or 'https'";
  if (url.host === '') return 'host is missing in URL';
  return undefined;
}

export const httpChecks: Record<string, SdCheck> = {
  http(entry) {
    const problem = urlProblem(entry.text('url'));
    if (problem) return entry.report('url', problem);
  },
  puppetdb(entry) {
    const problem = urlProblem(entry.text('url'));
    if (problem) return entry.report('url', problem);
    if (!entry.set('query')) return entry.report('query', 'query missing');
  },
};

import { urlError } from '../goParse';
import { refused, type SdCheck, type SdEntry } from './sd';

/**
 * discovery/scaleway: a known role, a project, one secret key, an access key; then the Scaleway client the entry
 * builds while it is read (scw.NewClient with the entry's profile), which checks the formats of the keys, the project,
 * the zone and the API URL.
 */

/** The SDK finds a UUID anywhere in the text: its pattern is not anchored. */
const uuid = /[0-9a-fA-F]{8}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{12}/;
const expectedUuid = 'expected a UUID: xxxxxxxx-xxxx-xxxx-xxxx-xxxxxxxxxxxx';

/**
 * The zones the SDK lists when it refuses one. Prometheus v2.42's list is what its promtool prints; later releases
 * build with an SDK that knows the zones opened since (taken from the SDK's source, not from a Prometheus run).
 */
const zonesOf = (entry: SdEntry) => (entry.since('v3.0.0')
  ? ['fr-par-1', 'fr-par-2', 'fr-par-3', 'nl-ams-1', 'nl-ams-2', 'nl-ams-3', 'pl-waw-1', 'pl-waw-2', 'pl-waw-3', 'it-mil-1']
  : ['fr-par-1', 'fr-par-2', 'fr-par-3', 'nl-ams-1', 'nl-ams-2', 'pl-waw-1', 'pl-waw-2']);

/** scw.NewClient's validation, in its order: access key, secret key, project, zone, API URL; [key, what it says]. */
function clientProblem(entry: SdEntry): [string, string] | undefined {
  const sdk = (key: string, message: string): [string, string] => [key, `scaleway-sdk-go: ${message}`];
  const accessKey = entry.text('access_key');
  if (!/^SCW[A-Z0-9]{17}$/.test(accessKey)) return sdk('access_key', `invalid access key format '${accessKey}', expected SCWXXXXXXXXXXXXXXXXX format`);
  // With secret_key_file, Prometheus hands the SDK a placeholder UUID: the file is read later.
  const secretKey = entry.set('secret_key_file') ? undefined : entry.text('secret_key');
  if (secretKey !== undefined && !uuid.test(secretKey)) return sdk('secret_key', `invalid secret key format '${secretKey}', ${expectedUuid}`);
  const project = entry.text('project_id');
  if (!uuid.test(project)) return sdk('project_id', `invalid project ID format '${project}', ${expectedUuid}`);
  const zone = entry.text('zone', 'fr-par-1');
  if (zone === '') return sdk('zone', 'default zone cannot be empty');
  if (!/^[a-z]{2}-[a-z]{3}-[1-9]$/.test(zone)) return sdk('zone', `invalid default zone format '${zone}', available zones are: ${zonesOf(entry).join(', ')}`);
  const apiUrl = entry.text('api_url', 'https://api.scaleway.com');
  // v2.42's SDK wrote "invalid url" (promtool says so); the SDK Prometheus v3 builds with writes "invalid API url '…'".
  const current = entry.since('v3.0.0');
  if (urlError(apiUrl)) return sdk('api_url', current ? `invalid API url '${apiUrl}'` : `invalid url ${apiUrl}`);
  // An empty URL parses; the trailing-slash check then indexes before its start, and Prometheus crashes.
  if (apiUrl === '') return ['api_url', 'panic: runtime error: slice bounds out of range [-1:]'];
  if (apiUrl.endsWith('/')) {
    return sdk('api_url', current ? `invalid API url '${apiUrl}' it should not have a trailing slash` : `invalid url ${apiUrl} it should not have a trailing slash`);
  }
  return undefined;
}

export const scalewayChecks: Record<string, SdCheck> = {
  scaleway(entry) {
    const unknown = refused(entry, 'role', ['instance', 'baremetal']);
    if (unknown) return entry.report('role', `unknown role ${unknown}`);
    if (!entry.set('role')) return entry.report('role', 'role missing (one of: instance, baremetal)');
    if (!entry.set('project_id')) return entry.report('project_id', 'project_id is mandatory');
    const secret = entry.set('secret_key');
    const secretFile = entry.set('secret_key_file');
    if (!secret && !secretFile) return entry.report('secret_key', 'one of secret_key & secret_key_file must be configured');
    if (secret && secretFile) return entry.report('secret_key_file', 'at most one of secret_key & secret_key_file must be configured');
    if (!entry.set('access_key')) return entry.report('access_key', 'access_key is mandatory');
    const problem = clientProblem(entry);
    if (problem) entry.report(...problem);
  },
};

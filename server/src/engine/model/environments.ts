/**
 * Folders taken for environments, one cluster each: the folders below `envs/`, `overlays/`, `clusters/` and the like,
 * and folders named as environments are (`dev/`, `prod/`…). What an object of one does with an object of another
 * (an agent selecting a monitor, a pod asking for an agent, an agent naming a Secret) does not happen in any one
 * cluster, and is not said; objects in no such folder (a kustomize base, a shared `monitoring/`) may meet any.
 */
const environmentParents = new Set(['env', 'envs', 'environments', 'overlays', 'clusters', 'stages', 'regions']);
const environmentNames = new Set(['dev', 'development', 'test', 'testing', 'qa', 'uat', 'stage', 'staging', 'preprod', 'pre-prod', 'prod', 'production', 'sandbox']);

/** The deepest environment folder holding a file, as a URI ending in `/`; undefined for a file in none. */
export function environmentOf(uri: string): string | undefined {
  const folders = uri.split('/').slice(0, -1);
  for (let i = folders.length - 1; i > 0; i--) {
    if (environmentNames.has(folders[i].toLowerCase()) || environmentParents.has(folders[i - 1].toLowerCase())) return `${folders.slice(0, i + 1).join('/')}/`;
  }
  return undefined;
}

/** Whether objects of these two files may be in one cluster: one of them is in no environment folder, or in the other's. */
export function mayShareCluster(a: string, b: string): boolean {
  const [first, second] = [environmentOf(a), environmentOf(b)];
  return first === undefined || second === undefined || first.startsWith(second) || second.startsWith(first);
}

/**
 * What each cluster an object of the file `uri` may be applied to holds of `entries`: for a file in an environment
 * folder, those that may share its cluster; for one in none (a kustomize base), the shared entries with each
 * environment's in turn.
 */
export function clustersAround<T>(uri: string, entries: readonly T[], uriOf: (entry: T) => string): T[][] {
  if (environmentOf(uri) !== undefined) return [entries.filter((entry) => mayShareCluster(uri, uriOf(entry)))];
  const environments = [...new Set(entries.flatMap((entry) => environmentOf(uriOf(entry)) ?? []))];
  if (environments.length === 0) return [[...entries]];
  return environments.map((environment) => entries.filter((entry) => {
    const own = environmentOf(uriOf(entry));
    return own === undefined || own.startsWith(environment) || environment.startsWith(own);
  }));
}

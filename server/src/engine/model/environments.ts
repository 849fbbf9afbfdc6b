import type { Workspace } from '../workspace';

/**
 * Folders taken for environments, one cluster each: the folders below `envs/`, `overlays/`, `clusters/` and the like,
 * and folders named as environments are (`dev/`, `prod/`…), read below the folder holding every file of the workspace
 * (where a clone sits says nothing). Each is known by its name along its dimension: `dev`, `prod`… are one dimension
 * wherever they are (`monitoring/prod/` and `apps/api/prod/` are one environment), other names the dimension of their
 * parent (`clusters/eu/` and `clusters/us/` are two clusters). Files whose environments name one dimension otherwise
 * are in different clusters; a dimension only one of them names says nothing (`clusters/main/` may hold
 * `apps/api/overlays/prod/`). What an object of one does with an object of another (an agent selecting a monitor, a pod
 * asking for an agent, an agent naming a Secret) happens in no one cluster, and is not said; objects in no such folder
 * (a kustomize base, a shared `monitoring/`) may meet any.
 */
const environmentParents = new Set(['env', 'envs', 'environments', 'overlays', 'clusters', 'stages', 'regions']);
const environmentNames = new Set([
  'dev', 'develop', 'development', 'test', 'testing', 'integration', 'qa', 'uat', 'stage', 'staging', 'stg', 'preprod', 'pre-prod', 'nonprod', 'non-prod',
  'prod', 'prd', 'production', 'sandbox',
]);

/** The environment folders a file is in: each one's dimension and name, outermost first. */
export type Environment = readonly (readonly [dimension: string, name: string])[];

/** The environment folders a file is in, below `root`, outermost first. */
export function environmentOf(root: string, uri: string): Environment {
  if (!uri.startsWith(root)) return [];
  const folders = uri.slice(root.length).split('/').slice(0, -1).map((folder) => folder.toLowerCase());
  // The first folder's parent is the root's own (`promagent check clusters/eu clusters/us`).
  const parentOf = (i: number) => (i > 0 ? folders[i - 1] : root.slice(root.lastIndexOf('/', root.length - 2) + 1, -1).toLowerCase());
  // A name of both kinds (clusters/prod) is on both dimensions: clusters/edge is another cluster, monitoring/prod the same.
  return folders.flatMap((folder, i) => [
    ...(environmentParents.has(parentOf(i)) ? [[parentOf(i), folder] as const] : []),
    ...(environmentNames.has(folder) ? [['environment', folder] as const] : []),
  ]);
}

/** Each workspace's files' environments, found once while the folder holding them stays: every monitor asks of every agent. */
const known = new WeakMap<Workspace, { root: string; environments: Map<string, Environment> }>();

/** The environment of each file of the workspace as it stands now (see environmentOf): taken once by a caller asking often. */
export function environmentsIn(workspace: Workspace): (uri: string) => Environment {
  const root = workspace.index.filesRoot();
  let cache = known.get(workspace);
  if (cache?.root !== root) known.set(workspace, (cache = { root, environments: new Map() }));
  const { environments } = cache;
  return (uri) => {
    let environment = environments.get(uri);
    if (!environment) environments.set(uri, (environment = environmentOf(root, uri)));
    return environment;
  };
}

/** Whether files of these environments may be in one cluster: every dimension both name, they name alike. */
export const compatible = (a: Environment, b: Environment) => a.every(([dimension, name]) => b.every(([other, otherName]) => other !== dimension || otherName === name));

/** Whether objects of these two files of the workspace may be in one cluster (see environmentOf). */
export function mayShareCluster(workspace: Workspace, a: string, b: string): boolean {
  const environmentOfFile = environmentsIn(workspace);
  return compatible(environmentOfFile(a), environmentOfFile(b));
}

/**
 * What each cluster an object of the file `uri` may be applied to holds of `entries`: those whose environment may be
 * its own, split by the environments its own does not settle (a kustomize base meets each overlay's in turn).
 */
export function clustersAround<T>(workspace: Workspace, uri: string, entries: readonly T[], uriOf: (entry: T) => string): T[][] {
  const environmentOfFile = environmentsIn(workspace);
  const own = environmentOfFile(uri);
  const near = entries.map((entry) => ({ entry, environment: environmentOfFile(uriOf(entry)) })).filter(({ environment }) => compatible(own, environment));
  // The environments its own does not settle: each a cluster of its own, meeting the entries that may be in it.
  const below = [...new Map(near.filter(({ environment }) => environment.some(([dimension]) => !own.some(([mine]) => mine === dimension)))
    .map(({ environment }) => [JSON.stringify(environment), environment])).values()];
  if (below.length === 0) return [near.map(({ entry }) => entry)];
  return below.map((environment) => near.filter((candidate) => compatible(environment, candidate.environment)).map(({ entry }) => entry));
}

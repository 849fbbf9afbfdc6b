import { asRecord } from '../util/record';
import { folderOf } from '../util/folderOf';
import { compareVersions } from '../util/version';
import type { Workspace } from '../workspace';
import { mayShareCluster } from './environments';
import { podSelectorLabels, serviceNameSince } from './operator';
import type { AgentEntry, ObjectEntry } from './workspaceIndex';

/**
 * The object of a kind and name a PrometheusAgent or a Prometheus names, when the workspace can tell what the operator
 * will find: it is in it once, in the resource's namespace; no kustomization builds or sits beside either file (it may
 * add labels or keys, or move one into another namespace), nor generates keys of a Secret of that name; and no List
 * holds an item naming no kind (which may be another of that name).
 */
function named(entry: AgentEntry, workspace: Workspace, kind: 'Service' | 'Secret', name: string): ObjectEntry | undefined {
  const { index } = workspace;
  // One of another environment folder is in another cluster.
  const objects = index.objectsNamed(`/${kind}`, entry.namespace, name).filter((object) => object.document.apiVersion === 'v1' && mayShareCluster(workspace, entry.uri, object.uri));
  const kustomized = (uri: string) => index.kustomized(folderOf(uri)) || index.transformedBy(uri) !== undefined;
  if (objects.length !== 1 || index.holdsLists() || kustomized(entry.uri) || kustomized(objects[0].uri)) return undefined;
  return kind === 'Secret' && index.keysSetByKustomize(kind, name) ? undefined : objects[0];
}

/** Labels as Go's labels.Set and a selector of equalities print them: `key=value`, sorted by key, joined by commas. */
const printed = (labels: Record<string, string>) => Object.keys(labels).sort().map((key) => `${key}=${labels[key]}`).join(',');

/**
 * What the operator says of the custom governing Service a PrometheusAgent (StatefulSet mode) or a Prometheus names in
 * spec.serviceName when its selector does not select the pods by the labels the operator selects them by
 * (EnsureCustomGoverningService, from operator `release` serviceNameSince): it stops before the StatefulSet. Undefined
 * when it selects them, or when the workspace cannot tell (see named).
 */
export function governingServiceRefusal(entry: AgentEntry, workspace: Workspace, release: string): string | undefined {
  const serviceName = entry.spec.serviceName;
  if (typeof serviceName !== 'string' || compareVersions(release, serviceNameSince) < 0) return undefined;
  const service = named(entry, workspace, 'Service', serviceName);
  if (!service) return undefined;
  const selector = asRecord(asRecord(asRecord(service.value)?.spec)?.selector) ?? {};
  const labels = podSelectorLabels(entry.document.kind === 'Prometheus' ? 'Prometheus' : 'PrometheusAgent', entry.name);
  const written = Object.fromEntries(Object.entries(selector).map(([key, value]) => [key, value == null ? '' : String(value)]));
  if (Object.entries(written).every(([key, value]) => labels[key] === value)) return undefined;
  return `custom governing service ${entry.namespace}/${serviceName} with selector ${JSON.stringify(printed(written))} does not select pods with labels ${JSON.stringify(printed(labels))}`;
}

/**
 * What the operator says of spec.additionalScrapeConfigs naming a Secret of the workspace without the key (LoadSecretRef,
 * unless the reference is optional): it stops before it generates the configuration. Undefined when the key is there,
 * or when the workspace cannot tell (see named; a Secret whose data merges in keys of an anchor).
 */
export function additionalScrapeConfigsRefusal(entry: AgentEntry, workspace: Workspace): string | undefined {
  const reference = asRecord(entry.spec.additionalScrapeConfigs);
  const name = reference?.name;
  const key = reference?.key;
  if (typeof name !== 'string' || typeof key !== 'string' || reference?.optional === true) return undefined;
  const keys = named(entry, workspace, 'Secret', name)?.keys;
  if (!keys || keys.includes(key) || keys.includes('<<')) return undefined;
  return `loading additional scrape configs from Secret failed: key ${key} could not be found in secret ${name}`;
}

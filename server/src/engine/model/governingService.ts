import { asRecord } from '../util/record';
import { folderOf } from '../util/folderOf';
import { compareVersions } from '../util/version';
import type { Workspace } from '../workspace';
import { podSelectorLabels, serviceNameSince } from './operator';
import type { AgentEntry } from './workspaceIndex';

/** Labels as Go's labels.Set and a selector of equalities print them: `key=value`, sorted by key, joined by commas. */
const printed = (labels: Record<string, string>) => Object.keys(labels).sort().map((key) => `${key}=${labels[key]}`).join(',');

/**
 * What the operator says of the custom governing Service a PrometheusAgent (StatefulSet mode) or a Prometheus names in
 * spec.serviceName when its selector does not select the pods by the labels the operator selects them by
 * (EnsureCustomGoverningService, from operator `release` serviceNameSince): it stops before the StatefulSet. Undefined
 * when it selects them, or when the workspace cannot tell: the Service is not in it, is written more than once, or
 * a kustomization of its folder or the resource's may change its selector or namespace.
 */
export function governingServiceRefusal(entry: AgentEntry, workspace: Workspace, release: string): string | undefined {
  const serviceName = entry.spec.serviceName;
  if (typeof serviceName !== 'string' || compareVersions(release, serviceNameSince) < 0) return undefined;
  const services = workspace.index.objectsNamed('/Service', entry.namespace, serviceName).filter((service) => service.document.apiVersion === 'v1');
  if (services.length !== 1 || workspace.index.kustomized(folderOf(entry.uri)) || workspace.index.kustomized(folderOf(services[0].uri))) return undefined;
  const selector = asRecord(asRecord(asRecord(services[0].value)?.spec)?.selector) ?? {};
  const labels = podSelectorLabels(entry.document.kind === 'Prometheus' ? 'Prometheus' : 'PrometheusAgent', entry.name);
  const written = Object.fromEntries(Object.entries(selector).map(([key, value]) => [key, String(value)]));
  if (Object.entries(written).every(([key, value]) => labels[key] === value)) return undefined;
  return `custom governing service ${entry.namespace}/${serviceName} with selector ${JSON.stringify(printed(written))} does not select pods with labels ${JSON.stringify(printed(labels))}`;
}

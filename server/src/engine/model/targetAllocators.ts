import { mayShareCluster } from './environments';
import { asRecord } from '../util/record';
import type { Workspace } from '../workspace';
import { matches, parseSelector, type Requirement } from './labelSelector';
import { monitorLabels, namespaceLabels, namespaceNameLabel, selectorFields, type MonitorKind } from './wiring';
import { allocatorSpecs, type ObjectEntry } from './workspaceIndex';

/**
 * What an OpenTelemetry Operator target allocator discovers of a monitor kind: the monitors its selectors match (their
 * namespaces' labels too when it has a namespace selector; without one it looks in every namespace), none, or any
 * (promagent cannot read its settings).
 */
type Discovery = { selector: Requirement[]; namespaceSelector?: Requirement[] } | 'none' | 'any';

/** A boolean switch as written: undefined when it is not one (a template's placeholder, say). */
const switchOf = (value: unknown) => (value === true ? true : value === false || value === undefined || value === null ? false : undefined);

const discoveries = new WeakMap<ObjectEntry, Map<MonitorKind, Discovery>>();

function discoveryOf(allocator: ObjectEntry, kind: MonitorKind): Discovery {
  let byKind = discoveries.get(allocator);
  if (!byKind) discoveries.set(allocator, (byKind = new Map()));
  let discovery = byKind.get(kind);
  if (!discovery) byKind.set(kind, (discovery = readDiscovery(allocator, kind)));
  return discovery;
}

function readDiscovery(allocator: ObjectEntry, kind: MonitorKind): Discovery {
  let settings: unknown = allocator.value;
  for (const key of allocatorSpecs[allocator.groupKind]) settings = asRecord(settings)?.[key];
  const { apiVersion } = allocator.document;
  const ofCollector = allocator.groupKind === 'opentelemetry.io/OpenTelemetryCollector';
  // A collector runs an allocator only when it enables one; an allocator watches monitors only with prometheusCR enabled.
  const enabled = ofCollector ? switchOf(asRecord(settings)?.enabled) : true;
  const prometheusCR = asRecord(ofCollector ? asRecord(settings)?.prometheusCR : settings);
  const watching = enabled && switchOf(prometheusCR?.enabled);
  if (watching !== true) return watching === false ? 'none' : 'any';
  const fields = selectorFields[kind];
  const written = (field: string) => (prometheusCR && Object.hasOwn(prometheusCR, field) && prometheusCR[field] !== null ? prometheusCR[field] : undefined);
  if (ofCollector && apiVersion === 'opentelemetry.io/v1alpha1') {
    // v1alpha1 selects ServiceMonitors and PodMonitors by a map of labels, all of them when it has none.
    if (kind !== 'ServiceMonitor' && kind !== 'PodMonitor') return 'none';
    const labels = written(fields.selector) ?? {};
    const selector = asRecord(labels) ? parseSelector({ matchLabels: labels }) : undefined;
    return selector && 'requirements' in selector ? { selector: selector.requirements } : 'any';
  }
  if (apiVersion !== (ofCollector ? 'opentelemetry.io/v1beta1' : 'opentelemetry.io/v1alpha1')) return 'any';
  // Label selectors, as the Prometheus resource's: one left out selects nothing (the v1beta1 CRD changelog says so).
  const selector = written(fields.selector);
  if (selector === undefined) return 'none';
  const parsed = parseSelector(selector);
  const namespaces = written(fields.namespaceSelector);
  const parsedNamespaces = namespaces === undefined ? undefined : parseSelector(namespaces);
  if ('error' in parsed || (parsedNamespaces && 'error' in parsedNamespaces)) return 'any';
  return { selector: parsed.requirements, namespaceSelector: parsedNamespaces?.requirements };
}

/**
 * Whether an OpenTelemetry Operator target allocator of the workspace (a collector's, or a TargetAllocator) may discover
 * the monitor: the collectors it feeds scrape it then, with no PrometheusAgent or Prometheus selecting it. Its
 * allowNamespaces and denyNamespaces are not read: they only make it discover less.
 */
export function allocatorMaySelect(workspace: Workspace, kind: MonitorKind, monitor: ObjectEntry): boolean {
  return Object.keys(allocatorSpecs).some((groupKind) => workspace.index.objectsOf(groupKind).some((allocator) => {
    const discovery = discoveryOf(allocator, kind);
    if (discovery === 'any' || discovery === 'none') return discovery === 'any';
    if (!matches({ requirements: discovery.selector }, monitorLabels(monitor))) return false;
    const namespaceSelector = discovery.namespaceSelector;
    if (!namespaceSelector || monitor.document.namespace === undefined) return true;
    const labels = namespaceLabels(workspace, monitor.namespace);
    const misses = namespaceSelector.filter((requirement) => !matches({ requirements: [requirement] }, labels));
    // A namespace the workspace does not define has only its name's label known: it may have the others asked for.
    const defined = workspace.index.objectsNamed('/Namespace', 'default', monitor.namespace).length > 0;
    return misses.length === 0 || (!defined && misses.some(({ key }) => key !== namespaceNameLabel));
  }));
}

/** Charts that run a Prometheus reading ServiceMonitors, PodMonitors, Probes and ScrapeConfigs (through the operator). */
const monitorReadingCharts = new Set(['kube-prometheus-stack', 'prometheus-operator', 'victoria-metrics-k8s-stack', 'rancher-monitoring']);

/**
 * The charts an object installs with their values, where it is one that installs Helm charts: a Flux HelmRelease, an
 * Argo CD Application (one source or several) or ApplicationSet template, a k3s HelmChart.
 */
function installedCharts(installer: ObjectEntry): { chart: unknown; values: unknown }[] {
  const spec = asRecord(asRecord(installer.document.yaml.value)?.spec);
  // An Argo CD source names a chart of a Helm repository, or a chart's folder in git (`charts/kube-prometheus-stack`).
  const argo = (application: Record<string, unknown> | undefined) => [asRecord(application?.source), ...(Array.isArray(application?.sources) ? application.sources.map(asRecord) : [])]
    .flatMap((source) => (source ? [{ chart: source.chart ?? source.path, values: asRecord(source.helm)?.valuesObject }] : []));
  switch (installer.groupKind) {
    // Flux names a chart of a HelmRepository, or (v2.3 on) a chartRef to an OCIRepository or HelmChart named after it.
    case 'helm.toolkit.fluxcd.io/HelmRelease': return [{ chart: asRecord(asRecord(spec?.chart)?.spec)?.chart ?? asRecord(spec?.chartRef)?.name, values: spec?.values }];
    case 'argoproj.io/Application': return argo(spec);
    case 'argoproj.io/ApplicationSet': return argo(asRecord(asRecord(spec?.template)?.spec));
    case 'helm.cattle.io/HelmChart': return [{ chart: spec?.chart, values: undefined }];
    default: return [];
  }
}

/** A chart's name as written in a reference: the last part of a path or URL, a packaged chart's version left out. */
function chartName(reference: string): string {
  const trimmed = reference.replace(/\/+$/, '');
  return trimmed.slice(trimmed.lastIndexOf('/') + 1).replace(/-v?\d[\w.+-]*\.tgz$|\.tgz$/, '');
}

const chartInstallers = ['helm.toolkit.fluxcd.io/HelmRelease', 'argoproj.io/Application', 'argoproj.io/ApplicationSet', 'helm.cattle.io/HelmChart'];

/**
 * Whether the workspace installs, through a Helm chart, a Prometheus stack whose Prometheus is in no file and may
 * select the monitor: one of monitorReadingCharts (named alone, or at the end of a path, an OCI reference or a packaged
 * chart's URL) in its cluster (see mayShareCluster), with its Prometheus not turned off (`prometheus.enabled: false`);
 * or one a kustomization inflates (helmCharts), an umbrella chart's Chart.yaml depends on, or kube-prometheus built
 * from its repository.
 */
export function chartMaySelect(workspace: Workspace, monitor: ObjectEntry): boolean {
  return chartInstallers.some((groupKind) => workspace.index.objectsOf(groupKind).some((installer) => mayShareCluster(workspace, installer.uri, monitor.uri)
    && installedCharts(installer).some(({ chart, values }) => typeof chart === 'string' && monitorReadingCharts.has(chartName(chart))
      && asRecord(asRecord(values)?.prometheus)?.enabled !== false)))
    || installsStackElsewhere(workspace, monitor);
}

/**
 * Whether a kustomization inflates a Prometheus stack's chart, or builds kube-prometheus from its repository (not its
 * `setup` folder, CRDs alone), or an umbrella chart depends on one or a helmfile releases one (their values are not
 * read), in the monitor's cluster.
 */
function installsStackElsewhere(workspace: Workspace, monitor: ObjectEntry): boolean {
  const { charts, remoteResources } = workspace.index.installedElsewhere();
  const near = (uri: string) => mayShareCluster(workspace, uri, monitor.uri);
  return charts.some(({ uri, name }) => monitorReadingCharts.has(chartName(name)) && near(uri))
    || remoteResources.some(({ uri, name }) => /(^|[/.])kube-prometheus([/?.]|$)/.test(name) && !/\/setup\/?(\?|$)/.test(name) && near(uri));
}

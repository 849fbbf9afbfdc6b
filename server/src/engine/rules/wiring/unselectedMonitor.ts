import { locate } from '../../yaml/locate';
import { chartMaySelect } from '../../model/targetAllocators';
import { selectionVerdict } from '../../model/selectionVerdict';
import { monitorKindOf, selectingAgents } from '../../model/wiring';
import type { Rule } from '../rule';
import { isMonitor, ownEntry } from './context';

export const unselectedMonitor: Rule = {
  id: 'wiring/unselected-monitor',
  severity: 'warning',
  docs: 'A ServiceMonitor, PodMonitor, Probe or ScrapeConfig that no PrometheusAgent or Prometheus of the workspace selects (when it has one that reads that kind): nothing scrapes it. The message gives the nearest miss: the label the selector wants and the one the monitor has, or the namespace selector that leaves its namespace out. Not said when a namespace selector asks for labels of a namespace the workspace does not define, or defines more than once with labels the selector tells apart (one per environment folder), nor when the only miss is the namespace and the monitor or the agent names none (`kubectl apply -n` or kustomize places it), nor when a kustomization changes the namespace, labels or names of the monitor or of the agents (check `kustomize build`\'s output then), nor when a List holds an item naming no kind (promagent does not read it; the items it reads are objects like any other), nor when an OpenTelemetry Operator target allocator of the workspace (an OpenTelemetryCollector\'s or a TargetAllocator, with `prometheusCR` enabled) may discover it: its collectors scrape it then, nor when the workspace installs a Prometheus stack with a Helm chart (a Flux HelmRelease, an Argo CD Application, a k3s HelmChart, a kustomization\'s helmCharts, an umbrella chart\'s dependencies or a helmfile\'s releases naming kube-prometheus-stack, prometheus-operator, victoria-metrics-k8s-stack or rancher-monitoring) or a kustomization builds kube-prometheus from its repository: its Prometheus is in no file. A Flux Kustomization or an Argo CD Application applying the monitor\'s folder or the agents\' with labels, a namespace, name affixes, patches or a plugin of its own counts as a kustomization.',
  appliesTo: isMonitor,
  reads: () => 'index',
  check(context) {
    const kind = monitorKindOf(context.document)!;
    const own = ownEntry(context);
    if (!own || selectingAgents(context.workspace, kind).length === 0) return;
    const verdict = selectionVerdict(context.workspace, kind, own, () => context.watch(() => String(chartMaySelect(context.workspace, own))) === 'true');
    if (!('unselected' in verdict)) return;
    context.report({
      span: locate(context.document.yaml, context.lines, ['metadata', 'name'], 'value'),
      message: `no PrometheusAgent or Prometheus of the workspace selects this ${kind}, so nothing scrapes it: ${verdict.unselected}`,
    });
  },
};

import { test } from 'node:test';
import assert from 'node:assert/strict';
import { checkFile, defaultCheckOptions, wiringMap, wiringText, Workspace } from '../../server/src/engine';
import { check, yaml } from '../support/engine';

const agent = yaml`
  apiVersion: monitoring.coreos.com/v1alpha1
  kind: PrometheusAgent
  metadata: {name: agent, namespace: monitoring}
  spec:
    serviceMonitorSelector: {matchLabels: {team: platform}}
    serviceMonitorNamespaceSelector: {}
    podMonitorSelector: {matchLabels: {team: platform}}
    podMonitorNamespaceSelector: {}
    probeSelector: {matchLabels: {team: platform}}
    probeNamespaceSelector: {}`;

/** An OpenTelemetryCollector whose spec.targetAllocator is `allocator` (written at any indentation). */
const collector = (allocator: string, apiVersion = 'opentelemetry.io/v1beta1') => {
  const body = yaml([allocator] as unknown as TemplateStringsArray).split('\n').map((line) => (line ? `    ${line}` : line)).join('\n');
  return `apiVersion: ${apiVersion}\nkind: OpenTelemetryCollector\nmetadata: {name: otel, namespace: observability}\nspec:\n  mode: statefulset\n  targetAllocator:\n${body}\n`;
};

const serviceMonitor = (labels = '{}') => yaml`
  apiVersion: monitoring.coreos.com/v1
  kind: ServiceMonitor
  metadata: {name: my-app, namespace: default, labels: ${labels}}
  spec:
    selector: {matchLabels: {app: my-app}}
    endpoints: [{port: http}]`;

const podMonitor = yaml`
  apiVersion: monitoring.coreos.com/v1
  kind: PodMonitor
  metadata: {name: my-app, namespace: default}
  spec:
    selector: {matchLabels: {app: my-app}}
    podMetricsEndpoints: [{port: http}]`;

const probe = yaml`
  apiVersion: monitoring.coreos.com/v1
  kind: Probe
  metadata: {name: site, namespace: default}
  spec:
    targets: {staticConfig: {static: [https://example.com]}}`;

/** The unselected-monitor findings on a monitor of a workspace holding the agent and these files. */
const unselected = (monitor: string, files: Record<string, string>) =>
  check(monitor, { uri: 'file:///repo/monitor.yaml', workspace: { 'file:///repo/agent.yaml': agent, ...files } })
    .filter((line) => line.includes('wiring/unselected-monitor')).map((line) => line.slice(line.indexOf('it: ') + 4));

test('a ServiceMonitor an OpenTelemetryCollector\'s target allocator discovers is scraped by the collector, not by nothing', () => {
  const reproduction = yaml`
    apiVersion: opentelemetry.io/v1beta1
    kind: OpenTelemetryCollector
    metadata: {name: otel, namespace: observability}
    spec:
      mode: statefulset
      targetAllocator:
        enabled: true
        prometheusCR:
          enabled: true
          serviceMonitorSelector: {}
      config:
        receivers:
          prometheus:
            config: {scrape_configs: []}
        exporters: {debug: {}}
        service: {pipelines: {metrics: {receivers: [prometheus], exporters: [debug]}}}
    ---
    apiVersion: monitoring.coreos.com/v1alpha1
    kind: PrometheusAgent
    metadata: {name: agent, namespace: monitoring}
    spec:
      serviceMonitorSelector: {matchLabels: {team: platform}}
    ---
    apiVersion: monitoring.coreos.com/v1
    kind: ServiceMonitor
    metadata: {name: my-app, namespace: default}
    spec:
      selector: {matchLabels: {app: my-app}}
      endpoints: [{port: http}]`;
  assert.deepEqual(check(reproduction, { uri: 'file:///repo/all.yaml' }).filter((line) => line.includes('wiring/')), []);
  const missed = ['PrometheusAgent monitoring/agent selects team=platform; this has no label team'];
  // prometheusCR disabled, or left out: the allocator reads its collector's scrape_configs only.
  assert.deepEqual(unselected(serviceMonitor(), { 'file:///repo/otel.yaml': collector('enabled: true\nprometheusCR: {enabled: false, serviceMonitorSelector: {}}') }), missed);
  assert.deepEqual(unselected(serviceMonitor(), { 'file:///repo/otel.yaml': collector('enabled: true\nserviceAccount: ta') }), missed);
  // No allocator at all, whatever its prometheusCR says.
  assert.deepEqual(unselected(serviceMonitor(), { 'file:///repo/otel.yaml': collector('enabled: false\nprometheusCR: {enabled: true, serviceMonitorSelector: {}}') }), missed);
});

test('v1beta1 selectors select as a Prometheus\'s do: by labels, then namespace labels; one left out selects nothing', () => {
  const otel = (prometheusCR: string) => ({ 'file:///repo/otel.yaml': collector(`enabled: true\nprometheusCR:\n  enabled: true\n${prometheusCR.replace(/^/gm, '  ')}`) });
  const missed = ['PrometheusAgent monitoring/agent selects team=platform; this has team=web'];
  assert.deepEqual(unselected(serviceMonitor('{team: web}'), otel('serviceMonitorSelector: {matchLabels: {team: web}}')), []);
  assert.deepEqual(unselected(serviceMonitor('{team: web}'), otel('serviceMonitorSelector: {matchExpressions: [{key: team, operator: In, values: [db]}]}')), missed);
  // The CRD changelog: "A nil selector now selects no resources".
  assert.deepEqual(unselected(serviceMonitor('{team: web}'), otel('podMonitorSelector: {}')), missed);
  const namespace = (team: string) => ({ 'file:///repo/ns.yaml': `apiVersion: v1\nkind: Namespace\nmetadata: {name: default, labels: {team: ${team}}}\n` });
  const byTeam = 'serviceMonitorSelector: {}\nserviceMonitorNamespaceSelector: {matchLabels: {team: web}}';
  assert.deepEqual(unselected(serviceMonitor('{team: web}'), { ...otel(byTeam), ...namespace('web') }), []);
  assert.deepEqual(unselected(serviceMonitor('{team: web}'), { ...otel(byTeam), ...namespace('db') }), missed);
  // A namespace the workspace does not define may have the label asked for; its name is known.
  assert.deepEqual(unselected(serviceMonitor('{team: web}'), otel(byTeam)), []);
  const byName = 'serviceMonitorSelector: {}\nserviceMonitorNamespaceSelector: {matchLabels: {kubernetes.io/metadata.name: shop}}';
  assert.deepEqual(unselected(serviceMonitor('{team: web}'), otel(byName)), missed);
  // What promagent cannot read may select it.
  assert.deepEqual(unselected(serviceMonitor('{team: web}'), otel('serviceMonitorSelector: {matchExpressions: [{key: team, operator: Equals}]}')), []);
});

test('a v1alpha1 collector selects ServiceMonitors and PodMonitors by a map of labels, every one when it has none', () => {
  const otel = (prometheusCR: string) => ({ 'file:///repo/otel.yaml': collector(`enabled: true\nprometheusCR: {enabled: true${prometheusCR}}`, 'opentelemetry.io/v1alpha1') });
  assert.deepEqual(unselected(serviceMonitor(), otel('')), []);
  assert.deepEqual(unselected(serviceMonitor('{team: web}'), otel(', serviceMonitorSelector: {team: web}')), []);
  assert.deepEqual(unselected(serviceMonitor('{team: web}'), otel(', serviceMonitorSelector: {team: db}')), ['PrometheusAgent monitoring/agent selects team=platform; this has team=web']);
  assert.deepEqual(unselected(podMonitor, otel(', serviceMonitorSelector: {team: db}')), []);
  assert.deepEqual(unselected(podMonitor, otel(', podMonitorSelector: {team: db}')), ['PrometheusAgent monitoring/agent selects team=platform; this has no label team']);
  // It has no Probe selector: a Probe is left to the agents.
  assert.deepEqual(unselected(probe, otel('')), ['PrometheusAgent monitoring/agent selects team=platform; this has no label team']);
});

test('a PodMonitor, a Probe, and a TargetAllocator of its own: each selector reads its kind', () => {
  const otel = collector('enabled: true\nprometheusCR: {enabled: true, serviceMonitorSelector: {}}');
  assert.deepEqual(unselected(podMonitor, { 'file:///repo/otel.yaml': otel }), ['PrometheusAgent monitoring/agent selects team=platform; this has no label team']);
  assert.deepEqual(unselected(podMonitor, { 'file:///repo/otel.yaml': otel.replace('serviceMonitorSelector', 'podMonitorSelector') }), []);
  const targetAllocator = (prometheusCR: string) => ({
    'file:///repo/ta.yaml': `apiVersion: opentelemetry.io/v1alpha1\nkind: TargetAllocator\nmetadata: {name: ta, namespace: observability}\nspec:\n  prometheusCR: ${prometheusCR}\n`,
  });
  assert.deepEqual(unselected(podMonitor, targetAllocator('{enabled: true, podMonitorSelector: {}}')), []);
  assert.deepEqual(unselected(podMonitor, targetAllocator('{enabled: false, podMonitorSelector: {}}')), ['PrometheusAgent monitoring/agent selects team=platform; this has no label team']);
  // Newer allocators discover Probes and ScrapeConfigs too.
  assert.deepEqual(unselected(probe, targetAllocator('{enabled: true, probeSelector: {}}')), []);
  assert.deepEqual(unselected(probe, targetAllocator('{enabled: true, podMonitorSelector: {}}')), ['PrometheusAgent monitoring/agent selects team=platform; this has no label team']);
});

test('in one workspace, an edit of the collector checks the monitors again; the wiring map lists a monitor its allocator discovers apart', () => {
  const workspace = new Workspace();
  workspace.set('file:///repo/agent.yaml', agent);
  workspace.set('file:///repo/otel.yaml', collector('enabled: true\nprometheusCR: {enabled: false, serviceMonitorSelector: {}}'));
  const monitor = workspace.set('file:///repo/monitor.yaml', serviceMonitor());
  const codes = () => checkFile(monitor, workspace, defaultCheckOptions).map((finding) => finding.code);
  assert.deepEqual(codes(), ['wiring/unselected-monitor']);
  assert.match(wiringText(wiringMap(workspace, defaultCheckOptions)), /Selected by no agent:\n {2}ServiceMonitor default\/my-app/);
  workspace.set('file:///repo/otel.yaml', collector('enabled: true\nprometheusCR: {enabled: true, serviceMonitorSelector: {}}'));
  assert.deepEqual(codes(), []);
  assert.deepEqual(wiringMap(workspace, defaultCheckOptions).unselected, []);
  assert.equal(wiringText(wiringMap(workspace, defaultCheckOptions)), [
    'PrometheusAgent monitoring/agent (StatefulSet)',
    '  selects no monitor',
    'Selected by no agent as written, though one may be:',
    '  ServiceMonitor default/my-app → serviceMonitor/default/my-app/0',
    '    why: an OpenTelemetry target allocator of the workspace may discover it',
    '',
  ].join('\n'));
});

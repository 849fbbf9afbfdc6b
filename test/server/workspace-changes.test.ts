import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdirSync, mkdtempSync, renameSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, relative } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import type { WorkspaceDiagnosticReport } from 'vscode-languageserver-protocol/node';
import { TestClient } from '../support/lsp';
import { agentManifest } from '../support/engine';

// The workspace folders change under the editor: folders created and renamed, Helm charts, files opened from elsewhere.
// A workspace report waits for a change: a change the server missed would leave it waiting, hence the timeouts.
let folder: string;
let client: TestClient;
const uriOf = (path: string) => pathToFileURL(join(folder, path)).href;
const write = (path: string, text: string) => {
  mkdirSync(join(folder, path, '..'), { recursive: true });
  writeFileSync(join(folder, path), text);
};

/** Each file of a workspace report with its findings' codes. */
const problems = (report: WorkspaceDiagnosticReport) => Object.fromEntries(report.items.map((item) => [
  relative(folder, fileURLToPath(item.uri)),
  item.kind === 'full' ? item.items.map((d) => d.code) : 'unchanged',
]));

before(async () => {
  folder = mkdtempSync(join(tmpdir(), 'promagent-changes-'));
  write('team/agent.yaml', agentManifest('replicas: two'));
  client = await TestClient.start({ workspaceFolder: pathToFileURL(folder).href });
});
after(async () => {
  await client.stop();
  rmSync(folder, { recursive: true, force: true });
});

test('a folder renamed brings its files along: the editor tells of the folder, not of each file', { timeout: 20_000 }, async () => {
  assert.deepEqual(problems(await client.workspaceDiagnostics()), { 'team/agent.yaml': ['crd/type'] });
  renameSync(join(folder, 'team'), join(folder, 'crew'));
  await client.filesChanged([{ uri: uriOf('team'), type: 3 }, { uri: uriOf('crew'), type: 1 }]);
  assert.deepEqual(problems(await client.workspaceDiagnostics()), { 'crew/agent.yaml': ['crd/type'] });
  // A folder whose name ends in .yaml is a folder still.
  write('charts.yaml/x.yaml', agentManifest('replicas: three').replace('  name: agent\n', '  name: x\n'));
  await client.filesChanged([{ uri: uriOf('charts.yaml'), type: 1 }]);
  assert.deepEqual(problems(await client.workspaceDiagnostics()), { 'charts.yaml/x.yaml': ['crd/type'], 'crew/agent.yaml': ['crd/type'] });
  rmSync(join(folder, 'charts.yaml'), { recursive: true });
  await client.filesChanged([{ uri: uriOf('charts.yaml'), type: 3 }]);
});

test('a Helm chart\'s templates are left out when they change on disk and when opened, as at start', { timeout: 20_000 }, async () => {
  write('chart/Chart.yaml', 'apiVersion: v2\nname: agent\nversion: 0.1.0\n');
  const template = 'apiVersion: monitoring.coreos.com/v1alpha1\nkind: PrometheusAgent\nmetadata:\n  name: {{ .Release.Name }}\nspec:\n  {{- with .Values.spec }}\n  {{- end }}\n';
  write('chart/templates/agent.yaml', template);
  await client.filesChanged([{ uri: uriOf('chart/Chart.yaml'), type: 1 }, { uri: uriOf('chart/templates/agent.yaml'), type: 1 }]);
  assert.deepEqual(Object.keys(problems(await client.workspaceDiagnostics())).sort(), ['chart/Chart.yaml', 'crew/agent.yaml']);
  await client.open(uriOf('chart/templates/agent.yaml'), template);
  assert.deepEqual(await client.pullDiagnostics(uriOf('chart/templates/agent.yaml')), []);
  await client.close(uriOf('chart/templates/agent.yaml'));
  // Closed, it is named once more only to clear what its editor showed.
  assert.deepEqual(problems(await client.workspaceDiagnostics())['chart/templates/agent.yaml'], []);
  // A chart's template opened from outside the workspace folders is one still.
  const outside = mkdtempSync(join(tmpdir(), 'promagent-chart-'));
  try {
    mkdirSync(join(outside, 'templates'));
    writeFileSync(join(outside, 'Chart.yaml'), 'apiVersion: v2\nname: other\nversion: 0.1.0\n');
    const outsideTemplate = pathToFileURL(join(outside, 'templates', 'agent.yaml')).href;
    writeFileSync(fileURLToPath(outsideTemplate), template);
    await client.open(outsideTemplate, template);
    assert.deepEqual(await client.pullDiagnostics(outsideTemplate), []);
    await client.close(outsideTemplate);
  } finally {
    rmSync(outside, { recursive: true, force: true });
  }
});

test('a file opened from outside the workspace folders leaves the workspace when closed', { timeout: 20_000 }, async () => {
  const outside = mkdtempSync(join(tmpdir(), 'promagent-outside-'));
  try {
    // Open, the outside agent selects every ServiceMonitor; closed, it selects none any more.
    const monitor = 'apiVersion: monitoring.coreos.com/v1\nkind: ServiceMonitor\nmetadata: {name: web, namespace: default}\nspec:\n  selector: {matchLabels: {app: web}}\n  endpoints: [{port: http}]\n';
    write('crew/monitor.yaml', monitor);
    await client.filesChanged([{ uri: uriOf('crew/monitor.yaml'), type: 1 }]);
    const outsideAgent = pathToFileURL(join(outside, 'agent.yaml')).href;
    const selecting = agentManifest('serviceMonitorSelector: {}\nserviceMonitorNamespaceSelector: {}').replace('  name: agent\n', '  name: elsewhere\n');
    writeFileSync(join(outside, 'agent.yaml'), selecting);
    const codes = async () => (await client.pullDiagnostics(uriOf('crew/monitor.yaml'))).map((d) => d.code);
    await client.open(outsideAgent, selecting);
    assert.deepEqual(await codes(), []);
    await client.close(outsideAgent);
    assert.deepEqual(await codes(), ['wiring/unselected-monitor']);
  } finally {
    rmSync(outside, { recursive: true, force: true });
  }
});

test('a workspace folder added brings its files into what others read, and removed takes them out again', async () => {
  const other = mkdtempSync(join(tmpdir(), 'promagent-other-folder-'));
  const pod = 'apiVersion: v1\nkind: Pod\nmetadata:\n  name: app\n  namespace: monitoring\n  annotations:\n    prometheus.operator.io/scrape: "true"\n    prometheus.operator.io/port: "8080"\n    prometheus.operator.io/agent-selector: monitoring/edge-sidecar\nspec:\n  containers: [{name: app, image: nginx, ports: [{containerPort: 8080}]}]\n';
  writeFileSync(join(other, 'agent.yaml'), agentManifest('mode: Sidecar').replace('  name: agent\n', '  name: edge-sidecar\n'));
  const uri = uriOf('apps/pod.yaml');
  const selectorCodes = async (done: (codes: string[]) => boolean) => {
    let codes: string[] = [];
    for (let waited = 0; waited < 5_000; waited += 50) {
      codes = (await client.pullDiagnostics(uri)).map((d) => String(d.code)).filter((code) => code.startsWith('sidecar/'));
      if (done(codes)) break;
      await new Promise((resolve) => setTimeout(resolve, 50));
    }
    return codes;
  };
  try {
    await client.open(uri, pod);
    assert.ok((await selectorCodes((codes) => codes.length > 0)).includes('sidecar/agent-selector'));
    await client.foldersChanged([pathToFileURL(other).href], []);
    assert.deepEqual(await selectorCodes((codes) => codes.length === 0), []);
    await client.foldersChanged([], [pathToFileURL(other).href]);
    assert.ok((await selectorCodes((codes) => codes.length > 0)).includes('sidecar/agent-selector'));
  } finally {
    await client.close(uri);
    rmSync(other, { recursive: true, force: true });
  }
});

import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { renderPreviewMethod, type RenderPreviewResult } from '../../shared/protocol';
import { TestClient } from '../support/lsp';

// The repository of a global server and its edge agent, indexed by the server as an editor's workspace folder.
const folder = join(__dirname, '..', '..', 'examples', 'global-view');
const serverUri = pathToFileURL(join(folder, 'server.yaml')).href;
const agentUri = pathToFileURL(join(folder, 'edge-agent.yaml')).href;
const serverText = readFileSync(join(folder, 'server.yaml'), 'utf8');
const agentText = readFileSync(join(folder, 'edge-agent.yaml'), 'utf8');
let client: TestClient;

before(async () => {
  client = await TestClient.start({ workspaceFolder: pathToFileURL(folder).href });
  await client.open(serverUri, serverText);
  await client.open(agentUri, agentText);
});
after(async () => { await client.stop(); });

const lineOf = (text: string, needle: string) => text.split('\n').findIndex((line) => line.includes(needle));

test('the server\'s ConfigMap and the agent\'s get no diagnostic: each is judged by the workload that mounts it', async () => {
  assert.deepEqual(await client.pullDiagnostics(serverUri), []);
  assert.deepEqual(await client.pullDiagnostics(agentUri), []);
});

test('hover on the key holding a configuration says who runs it', async () => {
  const line = lineOf(agentText, 'prometheus.yml: |');
  const hover = await client.hover(agentUri, { line, character: 4 });
  const value = hover && typeof hover.contents === 'object' && 'value' in hover.contents ? hover.contents.value : '';
  assert.equal(value, [
    '**Prometheus configuration** in ConfigMap `monitoring/edge-agent`, key `prometheus.yml`',
    '- run by StatefulSet monitoring/edge-agent (container "prometheus"): Prometheus v3.5.0, agent mode (said by its argument --agent)',
  ].join('\n\n'));
});

test('an argument of the wrong major version is flagged as the user types it, and the config follows', async () => {
  const line = lineOf(agentText, '- --agent');
  const character = agentText.split('\n')[line].indexOf('--agent');
  await client.edit(agentUri, { line, character }, { line, character: character + '--agent'.length }, '--enable-feature=agent');
  const diagnostics = await client.pullDiagnostics(agentUri);
  assert.deepEqual(diagnostics.map((d) => [d.range.start.line, d.code]), [
    [line, 'workload/agent-flag'],
    // Run as a server now, the agent's own flags are refused.
    [line + 2, 'workload/agent-mode-flag'],
    [line + 3, 'workload/agent-mode-flag'],
  ]);
  await client.edit(agentUri, { line, character }, { line, character: character + '--enable-feature=agent'.length }, '--agent');
  assert.deepEqual(await client.pullDiagnostics(agentUri), []);
});

test('the preview of a workload running Prometheus says what it runs, and shows the configuration', async () => {
  const preview = await client.request<RenderPreviewResult>(renderPreviewMethod, { uri: serverUri, line: lineOf(serverText, 'kind: Deployment') });
  assert.match(preview.text, /^# promagent: what this Prometheus runs\n# Deployment monitoring\/prometheus-server, container "prometheus": Prometheus v3\.5\.0, server mode\n# --config\.file \/etc\/prometheus\/prometheus\.yml: ConfigMap monitoring\/prometheus-server, key prometheus\.yml\n/);
  assert.match(preview.text, /\nrule_files:\n  - \/etc\/prometheus\/rules\/\*\.yml\n/);
});

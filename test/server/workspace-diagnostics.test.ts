import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, relative } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { CancellationTokenSource, type WorkspaceDiagnosticReport } from 'vscode-languageserver-protocol/node';
import { TestClient } from '../support/lsp';
import { agentManifest } from '../support/engine';

// A workspace as a user's repository holds it: manifests in folders, generated output, a node_modules.
let folder: string;
let client: TestClient;
const uriOf = (path: string) => pathToFileURL(join(folder, path)).href;
const write = (path: string, text: string) => {
  mkdirSync(join(folder, path, '..'), { recursive: true });
  writeFileSync(join(folder, path), text);
};

/** A report as a user sees it in the Problems panel: file, then each finding as `line code`; unchanged files apart. */
function problems(report: WorkspaceDiagnosticReport): Record<string, string[] | 'unchanged'> {
  return Object.fromEntries(report.items.map((item) => [
    relative(folder, fileURLToPath(item.uri)),
    item.kind === 'full' ? item.items.map((d) => `${d.range.start.line + 1} ${d.code}`) : 'unchanged',
  ]).sort(([a], [b]) => String(a).localeCompare(String(b))));
}

/** A PrometheusAgent named after its file, so no two files of a folder define the same object. */
const agent = (name: string, spec: string) => agentManifest(spec).replace('  name: agent\n', `  name: ${name}\n`);

const previousOf = (report: WorkspaceDiagnosticReport) =>
  report.items.flatMap((item) => (item.resultId ? [{ uri: item.uri, value: item.resultId }] : []));

before(async () => {
  folder = mkdtempSync(join(tmpdir(), 'promagent-workspace-'));
  write('agents/edge.yaml', agent('edge', 'replicas: two'));
  write('agents/clean.yaml', agent('clean', 'replicas: 2'));
  write('generated/rendered.yaml', agent('rendered', 'replicas: three'));
  write('node_modules/chart/values.yaml', agent('values', 'replicas: four'));
  client = await TestClient.start({ workspaceFolder: pathToFileURL(folder).href, settings: { exclude: ['generated'] } });
});
after(async () => {
  await client.stop();
  rmSync(folder, { recursive: true, force: true });
});

test('the problems of every YAML file of the folder come without opening them; excluded files and node_modules are left out', async () => {
  assert.deepEqual(problems(await client.workspaceDiagnostics()), {
    'agents/clean.yaml': [],
    'agents/edge.yaml': ['7 crd/type'],
  });
});

test('the log says what the server runs with and what it read', async () => {
  // The settings come from the client's answer to workspace/configuration, after the first index.
  for (let waited = 0; !client.logs.some((l) => l.message.startsWith('Settings:')) && waited < 5_000; waited += 50) await new Promise((resolve) => setTimeout(resolve, 50));
  const info = client.logs.filter((l) => l.type === 3).map((l) => l.message);
  assert.match(info[0], /^promagent language server \d+\.\d+\.\d+ \(Node v\d+[.\d]*\) for promagent tests; pull diagnostics$/);
  assert.ok(info.some((m) => /^Indexed 2 YAML files of 1 workspace folder in \d+ ms; promagent.exclude left out 1 file or folder$/.test(m)), info.join('\n'));
  assert.ok(info.some((m) => m.startsWith('Settings: {"enable":true,') && m.includes('"exclude":["generated"],"diagnosticsScope":"workspace"')), info.join('\n'));
});

test('the server asks to be told of YAML files (and kustomize\'s Kustomization) changing on disk, and of folders created and deleted', () => {
  assert.deepEqual(client.registrations.map((r) => [r.method, r.registerOptions]), [['workspace/didChangeWatchedFiles', {
    watchers: [{ globPattern: '**/{*.yaml,*.yml,Kustomization}' }, { globPattern: '**/*', kind: 5 }],
  }]]);
});

test('a file changed on disk is reported again, the others unchanged; the answer waits for the change', async () => {
  const first = await client.workspaceDiagnostics();
  const next = client.workspaceDiagnostics(previousOf(first));
  const answered = await Promise.race([next.then(() => true), new Promise((resolve) => setTimeout(() => resolve(false), 700))]);
  assert.equal(answered, false, 'answered with nothing changed');
  write('agents/clean.yaml', agent('clean', 'replicas: 2\nlogLevel: verbose'));
  await client.filesChanged([{ uri: uriOf('agents/clean.yaml'), type: 2 }]);
  assert.deepEqual(problems(await next), {
    'agents/clean.yaml': ['8 crd/enum'],
    'agents/edge.yaml': 'unchanged',
  });
});

test('a file created on disk is reported; a folder deleted takes its files\' problems along', async () => {
  const first = await client.workspaceDiagnostics();
  write('more/new.yml', agent('new', 'shards: many'));
  await client.filesChanged([{ uri: uriOf('more/new.yml'), type: 1 }]);
  const created = await client.workspaceDiagnostics(previousOf(first));
  assert.deepEqual(problems(created)['more/new.yml'], ['7 crd/type']);
  rmSync(join(folder, 'more'), { recursive: true });
  await client.filesChanged([{ uri: uriOf('more'), type: 3 }]);
  assert.deepEqual(problems(await client.workspaceDiagnostics(previousOf(created)))['more/new.yml'], []);
});

test('a file on disk that is not UTF-8 is said so where its first bad byte is, as the CLI says it', async () => {
  const config = (byte: number[]) => Buffer.concat([Buffer.from('# promagent: agent\nglobal:\n  external_labels: {site: caf'), Buffer.from(byte), Buffer.from('}\nremote_write: [{url: "http://x/api"}]\n')]);
  mkdirSync(join(folder, 'bytes'), { recursive: true });
  try {
    writeFileSync(join(folder, 'bytes', 'prometheus.yml'), config([0xe9]));
    await client.filesChanged([{ uri: uriOf('bytes/prometheus.yml'), type: 1 }]);
    const said = async () => (await client.workspaceDiagnostics()).items.find((item) => item.uri === uriOf('bytes/prometheus.yml'));
    const report = await said();
    assert.deepEqual(report?.kind === 'full' ? report.items.map((d) => `${d.range.start.line + 1}:${d.range.start.character + 1} ${d.severity} ${d.code}`) : report, ['3:30 1 promagent/invalid-utf8']);
    // Saved as UTF-8, it is fine.
    writeFileSync(join(folder, 'bytes', 'prometheus.yml'), config([0xc3, 0xa9]));
    await client.filesChanged([{ uri: uriOf('bytes/prometheus.yml'), type: 2 }]);
    const fixed = await said();
    assert.deepEqual(fixed?.kind === 'full' ? fixed.items : fixed, []);
  } finally {
    rmSync(join(folder, 'bytes'), { recursive: true, force: true });
    await client.filesChanged([{ uri: uriOf('bytes'), type: 3 }]);
  }
});

test('an open file leaves the workspace report to its own pulls, and comes back when closed', async () => {
  const uri = uriOf('agents/edge.yaml');
  await client.open(uri, agent('edge', 'replicas: 2'));
  assert.deepEqual(await client.pullDiagnostics(uri), []);
  const first = await client.workspaceDiagnostics();
  assert.deepEqual(Object.keys(problems(first)), ['agents/clean.yaml']);
  // VS Code's client names the open file among the previous results with its document pull's id: nothing changed,
  // so the request waits (answered at once, the client would ask again and again).
  const waiting = new CancellationTokenSource();
  const quiet = client.workspaceDiagnostics([...previousOf(first), { uri, value: 'from-a-document-pull' }], waiting.token);
  setTimeout(() => waiting.cancel(), 1_000);
  assert.deepEqual(await quiet, { items: [] });
  const closed = client.workspaceDiagnostics(previousOf(first));
  await client.close(uri);
  assert.deepEqual(problems(await closed), { 'agents/clean.yaml': 'unchanged', 'agents/edge.yaml': ['7 crd/type'] });
  assert.deepEqual((await client.pullDiagnostics(uri)).map((d) => d.code), ['crd/type'], 'a closed file pulled reads from disk');
});

test('promagent.diagnosticsScope openFiles clears the problems of closed files', async () => {
  const first = await client.workspaceDiagnostics();
  await client.settingsChanged({ exclude: ['generated'], diagnosticsScope: 'openFiles' });
  assert.deepEqual(problems(await client.workspaceDiagnostics(previousOf(first))), { 'agents/clean.yaml': [], 'agents/edge.yaml': [] });
  const waiting = new CancellationTokenSource();
  const next = client.workspaceDiagnostics([], waiting.token);
  waiting.cancel();
  assert.deepEqual(await next, { items: [] }, 'nothing to report: the request waits until cancelled');
});

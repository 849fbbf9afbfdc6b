import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { TestClient } from '../support/lsp';
import { agentManifest } from '../support/engine';

// Settings changed while files are open take effect on them at once, with no edit.
let folder: string;
const uriOf = (path: string) => pathToFileURL(join(folder, path)).href;
const sidecarAgent = agentManifest('mode: Sidecar').replace('  name: agent\n', '  name: sidecar\n');
const askingPod = 'apiVersion: v1\nkind: Pod\nmetadata:\n  name: app\n  namespace: monitoring\n  annotations:\n    prometheus.operator.io/scrape: "true"\n    prometheus.operator.io/port: "8080"\nspec:\n  containers: [{name: app, image: nginx, ports: [{containerPort: 8080}]}]\n';

before(() => {
  folder = mkdtempSync(join(tmpdir(), 'promagent-settings-'));
  mkdirSync(join(folder, 'gen'));
});
after(() => rmSync(folder, { recursive: true, force: true }));

/** Pulls until `done` holds of the codes, or five seconds pass: the server asks for changed settings a turn later. */
async function codesOnceSettled(client: TestClient, uri: string, done: (codes: string[]) => boolean): Promise<string[]> {
  let codes: string[] = [];
  for (let waited = 0; waited < 5_000; waited += 50) {
    codes = (await client.pullDiagnostics(uri)).map((d) => String(d.code)).filter((code) => code !== 'agent/sidecar-mode');
    if (done(codes)) break;
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
  return codes;
}

test('promagent.maxFileSize applies to the open files when it changes, both ways', async () => {
  const client = await TestClient.start({ workspaceFolder: pathToFileURL(folder).href });
  try {
    const uri = uriOf('agent.yaml');
    await client.open(uri, agentManifest(`replicas: two\nexternalLabels: {padding: "${'x'.repeat(200_000)}"}`));
    assert.deepEqual(await client.pullDiagnostics(uri).then((d) => d.map((x) => x.code)), ['crd/type']);
    await client.settingsChanged({ maxFileSize: 0.1 });
    assert.deepEqual(await codesOnceSettled(client, uri, (codes) => codes.includes('promagent/file-too-large')), ['promagent/file-too-large']);
    await client.settingsChanged({ maxFileSize: 5 });
    assert.deepEqual(await codesOnceSettled(client, uri, (codes) => codes.includes('crd/type')), ['crd/type']);
  } finally {
    await client.stop();
  }
});

test('a file of the folder above promagent.maxFileSize is reported as not read, and checked once the bound takes it', async () => {
  const large = mkdtempSync(join(tmpdir(), 'promagent-large-'));
  writeFileSync(join(large, 'agent.yaml'), agentManifest(`replicas: two\nexternalLabels: {padding: "${'x'.repeat(200_000)}"}`));
  const client = await TestClient.start({ workspaceFolder: pathToFileURL(large).href, settings: { maxFileSize: 0.1 } });
  const problems = async () => (await client.workspaceDiagnostics()).items.flatMap((item) => (item.kind === 'full' ? item.items.map((d) => `${d.code} ${d.message}`) : []));
  try {
    assert.deepEqual(await problems(), ['promagent/file-not-read not read: it is 0.2 MB, above the bound of 0.1 MB']);
    await client.settingsChanged({ maxFileSize: 5 });
    let found = await problems();
    for (let waited = 0; found[0]?.startsWith('promagent/') && waited < 5_000; waited += 50) found = await problems();
    assert.deepEqual(found.map((line) => line.split(' ')[0]), ['crd/type']);
  } finally {
    await client.stop();
    rmSync(large, { recursive: true, force: true });
  }
});

test('promagent.exclude takes an open file out of what other files read, and back', async () => {
  writeFileSync(join(folder, 'sidecar.yaml'), sidecarAgent);
  const client = await TestClient.start({ workspaceFolder: pathToFileURL(folder).href });
  try {
    const agent = uriOf('sidecar.yaml');
    await client.open(uriOf('gen/pod.yaml'), askingPod);
    await client.open(agent, sidecarAgent);
    assert.deepEqual(await codesOnceSettled(client, agent, () => true), []);
    await client.settingsChanged({ exclude: ['gen'] });
    assert.deepEqual(await codesOnceSettled(client, agent, (codes) => codes.length > 0), ['sidecar/unused-agent']);
    await client.settingsChanged({ exclude: [] });
    assert.deepEqual(await codesOnceSettled(client, agent, (codes) => codes.length === 0), []);
  } finally {
    await client.stop();
  }
});

test('a client that takes pushed diagnostics is told of another open file\'s findings changing', async () => {
  const client = await TestClient.start({ pullDiagnostics: false });
  try {
    const [agent, pod] = ['file:///work/sidecar.yaml', 'file:///work/pod.yaml'];
    await client.open(pod, askingPod);
    const first = client.nextPush(agent);
    await client.open(agent, sidecarAgent);
    // Sidecar mode is promagent's own, said on every such agent.
    assert.deepEqual((await first).map((d) => d.code), ['agent/sidecar-mode']);
    // The pod stops asking: the agent has no pod left to inject.
    const next = client.nextPush(agent);
    await client.edit(pod, { line: 6, character: 0 }, { line: 8, character: 0 }, '');
    assert.deepEqual((await next).map((d) => d.code), ['agent/sidecar-mode', 'sidecar/unused-agent']);
  } finally {
    await client.stop();
  }
});

test('a client that takes pushed diagnostics gets the problems of the files on disk too, unless diagnosticsScope is openFiles', async () => {
  writeFileSync(join(folder, 'broken.yaml'), agentManifest('replicas: two').replace('  name: agent\n', '  name: broken\n'));
  const client = await TestClient.start({ pullDiagnostics: false, workspaceFolder: pathToFileURL(folder).href });
  try {
    const uri = uriOf('broken.yaml');
    assert.deepEqual((await client.nextPush(uri)).map((d) => d.code), ['crd/type']);
    const cleared = client.nextPush(uri);
    await client.settingsChanged({ diagnosticsScope: 'openFiles' });
    assert.deepEqual(await cleared, []);
  } finally {
    await client.stop();
    rmSync(join(folder, 'broken.yaml'));
  }
});

test('promagent.enable turned back on reads the folders again: files closed or changed on disk meanwhile are there', async () => {
  writeFileSync(join(folder, 'later.yaml'), agentManifest('replicas: 2').replace('  name: agent\n', '  name: later\n'));
  const client = await TestClient.start({ workspaceFolder: pathToFileURL(folder).href });
  try {
    const uri = uriOf('later.yaml');
    await client.settingsChanged({ enable: false });
    await client.open(uri, agentManifest('replicas: 2').replace('  name: agent\n', '  name: later\n'));
    await client.close(uri);
    writeFileSync(join(folder, 'later.yaml'), agentManifest('replicas: two').replace('  name: agent\n', '  name: later\n'));
    await client.filesChanged([{ uri, type: 2 }]);
    await client.settingsChanged({ enable: true });
    assert.deepEqual(await codesOnceSettled(client, uri, (codes) => codes.length > 0), ['crd/type']);
  } finally {
    await client.stop();
    rmSync(join(folder, 'later.yaml'));
  }
});

test('promagent.prometheusVersion given, even at the default, holds configurations to that release; left out, it does not', async () => {
  // oci_sd_configs came in v3.14; v3.13.1 is the default. Left out, the key dates the configuration to v3.14.
  const config = '# edge agent\nscrape_configs:\n  - job_name: oci\n    oci_sd_configs: [{region: us-ashburn-1, auth: instance_principal}]\nremote_write: [{url: "https://metrics.example.com/api/v1/write"}]\n';
  const uri = uriOf('edge/prometheus.yml');
  for (const [settings, expected] of [[{}, []], [{ prometheusVersion: 'v3.13.1' }, ['promconfig/key-version']]] as const) {
    const client = await TestClient.start({ workspaceFolder: pathToFileURL(folder).href, settings });
    try {
      await client.open(uri, config);
      assert.deepEqual(await codesOnceSettled(client, uri, (codes) => codes.length === expected.length), expected, JSON.stringify(settings));
    } finally {
      await client.stop();
    }
  }
});

test('promagent.prometheusVersion removed at runtime stops holding configurations to it, though initialization named it', async () => {
  const config = '# edge agent\nscrape_configs:\n  - job_name: oci\n    oci_sd_configs: [{region: us-ashburn-1, auth: instance_principal}]\nremote_write: [{url: "https://metrics.example.com/api/v1/write"}]\n';
  const uri = uriOf('edge/prometheus.yml');
  const client = await TestClient.start({ workspaceFolder: pathToFileURL(folder).href, settings: { prometheusVersion: 'v3.13.1' } });
  try {
    await client.open(uri, config);
    assert.deepEqual(await codesOnceSettled(client, uri, (codes) => codes.length === 1), ['promconfig/key-version']);
    // VS Code answers with the settings in force: an unset prometheusVersion is left out.
    await client.settingsChanged({ enable: true });
    assert.deepEqual(await codesOnceSettled(client, uri, (codes) => codes.length === 0), []);
  } finally {
    await client.stop();
  }
});

test('a client that refuses the server\'s requests (settings, file watchers, diagnostic refreshes) keeps a running server', async () => {
  const uri = uriOf('refusing/agent.yaml');
  for (const options of [
    { refuses: ['workspace/configuration' as const], settings: { sidecarMode: false } },
    { refuses: ['client/registerCapability' as const] },
    { refuses: ['workspace/diagnostic/refresh' as const], refreshSupport: false },
    { refuses: ['workspace/diagnostic/refresh' as const] },
  ]) {
    const client = await TestClient.start({ workspaceFolder: pathToFileURL(folder).href, ...options });
    try {
      await client.open(uri, agentManifest('retention: 1d'));
      await client.settingsChanged({ enable: true });
      await client.edit(uri, { line: 0, character: 0 }, { line: 0, character: 0 }, '# edited\n');
      assert.deepEqual((await client.pullDiagnostics(uri)).map((d) => d.code), ['agent/server-only-field'], JSON.stringify(options));
      assert.equal(client.process.exitCode, null, JSON.stringify(options));
      // Told it takes no refreshes, it is sent none.
      if (options.refreshSupport === false) assert.equal(client.refreshes, 0);
    } finally {
      await client.stop();
    }
  }
});

test('setting values promagent cannot use are said once, in the log and to the user, and the default stands', async () => {
  const uri = uriOf('bad-settings/agent.yaml');
  const client = await TestClient.start({ workspaceFolder: pathToFileURL(folder).href, settings: { prometheusVersion: 'banana', maxFileSize: -1 } });
  try {
    await client.open(uri, agentManifest('retention: 1d'));
    // Read and checked under the default bound.
    assert.deepEqual(await codesOnceSettled(client, uri, (codes) => codes.length > 0), ['agent/server-only-field']);
    assert.deepEqual(client.shown.map((message) => message.message), [
      'promagent: promagent.prometheusVersion "banana" is not a Prometheus release such as v3.13.2: "v3.13.1" is used; promagent.maxFileSize -1 is not a number of megabytes of at least 0.1: 5 is used',
    ]);
    assert.ok(client.logs.some((log) => log.type === 2 && log.message.startsWith('Setting not used: promagent.prometheusVersion "banana"')));
    await client.settingsChanged({ prometheusVersion: 'banana', maxFileSize: -1, sidecarMode: true });
    await client.pullDiagnostics(uri);
    assert.equal(client.shown.length, 1);
  } finally {
    await client.stop();
  }
});

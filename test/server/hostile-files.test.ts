import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { mkdtempSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { TestClient } from '../support/lsp';
import { yaml } from '../support/engine';

const agent = yaml`
  apiVersion: monitoring.coreos.com/v1alpha1
  kind: PrometheusAgent
  metadata:
    name: sidecar
    namespace: monitoring
  spec:
    mode: Sidecar
  `;

const pod = yaml`
  apiVersion: v1
  kind: Pod
  metadata:
    name: app
    namespace: monitoring
    annotations:
      prometheus.operator.io/scrape: "true"
      prometheus.operator.io/port: "8080"
      prometheus.operator.io/agent-selector: monitoring/sidecar
  spec:
    containers:
      - name: app
        image: nginx
        ports: [{containerPort: 8080}]
  `;

const config = yaml`
  scrape_config_files:
    - /dev/zero
    - /dev/stdin
    - jobs/*.yml
  remote_write:
    - url: https://metrics.example.com/api/v1/write
  `;

let folder: string;
let client: TestClient;

/** Fails when a request takes longer than a second: a blocked or swapping server takes the editor's YAML support with it. */
async function within1s<T>(what: string, request: Promise<T>): Promise<T> {
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<never>((_, reject) => { timer = setTimeout(() => reject(new Error(`${what} took over 1 s`)), 1000); });
  try {
    return await Promise.race([request, timeout]);
  } finally {
    clearTimeout(timer);
  }
}

/**
 * A workspace folder as a careless or hostile one may be: a FIFO and a link to /dev/zero named like manifests, an
 * agent whose kind-less neighbour names a member of Object.prototype, and the pod that asks for the agent.
 */
before(async () => {
  folder = mkdtempSync(join(tmpdir(), 'promagent-hostile-'));
  execFileSync('mkfifo', [join(folder, 'pipe.yaml')]);
  execFileSync('mkdir', [join(folder, 'jobs')]);
  execFileSync('mkfifo', [join(folder, 'jobs', 'pipe.yml')]);
  symlinkSync('/dev/zero', join(folder, 'zero.yaml'));
  writeFileSync(join(folder, 'agent.yaml'), agent);
  writeFileSync(join(folder, 'a-weird.yaml'), 'apiVersion: v1\nkind: toString\nmetadata: {name: x}\n');
  client = await TestClient.start({ workspaceFolder: pathToFileURL(folder).href });
});
after(async () => {
  await client.stop();
  rmSync(folder, { recursive: true, force: true });
});

test('FIFOs and devices in the workspace folder are passed over: the pod still finds its agent', async () => {
  const uri = pathToFileURL(join(folder, 'pod.yaml')).href;
  await client.open(uri, pod);
  assert.deepEqual(await within1s('diagnostics', client.pullDiagnostics(uri)), []);
  await client.close(uri);
});

test('scrape_config_files naming devices and FIFOs: each is reported, none is read, the server keeps answering', async () => {
  const uri = pathToFileURL(join(folder, 'prometheus.yml')).href;
  await client.open(uri, config);
  const diagnostics = await within1s('diagnostics', client.pullDiagnostics(uri));
  const lines = diagnostics.map((d) => `${d.range.start.line + 1}:${d.range.start.character + 1} ${d.message}`);
  assert.equal(lines.length, 3, lines.join('\n'));
  assert.equal(lines[0], '2:5 "/dev/zero": not checked: it is a character device, not a regular file');
  // What the server's standard input is depends on who started it: a pipe here, a socket or a terminal elsewhere.
  assert.match(lines[1], /^3:5 "\/dev\/stdin": not checked: it is a .*, not a regular file$/);
  assert.equal(lines[2], `4:5 "${folder}/jobs/pipe.yml": not checked: it is a named pipe (FIFO), not a regular file`);
  assert.ok(await within1s('hover', client.hover(uri, { line: 0, character: 3 })) !== undefined);
  await client.close(uri);
});

test('a watched-file event for a device or a FIFO neither crashes nor blocks the server', async () => {
  await client.filesChanged([
    { uri: 'file:///dev/zero', type: 2 },
    { uri: pathToFileURL(join(folder, 'pipe.yaml')).href, type: 1 },
    { uri: pathToFileURL(join(folder, 'zero.yaml')).href, type: 2 },
  ]);
  const uri = pathToFileURL(join(folder, 'pod.yaml')).href;
  await client.open(uri, pod);
  assert.deepEqual(await within1s('diagnostics', client.pullDiagnostics(uri)), []);
  await client.close(uri);
});

test('a didOpen whose text is not a string is read as an empty document: later requests on the URI still work', async () => {
  const uri = pathToFileURL(join(folder, 'odd.yaml')).href;
  await client.connection.sendNotification('textDocument/didOpen', { textDocument: { uri, languageId: 'yaml', version: 1, text: 42 } });
  assert.deepEqual(await within1s('diagnostics', client.pullDiagnostics(uri)), []);
  await client.connection.sendNotification('textDocument/didChange', {
    textDocument: { uri, version: 2 },
    contentChanges: [{ text: 'apiVersion: monitoring.coreos.com/v1alpha1\nkind: PrometheusAgent\nmetadata: {name: odd}\nspec: {replicas: x}\n' }],
  });
  assert.deepEqual((await within1s('diagnostics', client.pullDiagnostics(uri))).map((d) => d.code), ['crd/type']);
  await client.close(uri);
});

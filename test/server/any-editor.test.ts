// promagent as npm would install it for Neovim, Helix, Emacs or Zed: the package packed, installed into an empty
// folder (offline: it has no dependencies), and its `promagent-language-server --stdio` driven as a generic client
// drives it (no workspace/configuration, pushed diagnostics, settings in initializationOptions).
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { execFileSync, spawnSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fixAllKind } from '../../shared/protocol';
import { TestClient } from '../support/lsp';
import { agentManifest } from '../support/engine';

const repoRoot = join(__dirname, '..', '..');
let scratch: string;
let installed: string;
let client: TestClient;

const npm = (args: string[], cwd: string) => execFileSync('npm', [...args, '--no-audit', '--no-fund', '--loglevel=error'], { cwd, encoding: 'utf8' });

before(async () => {
  scratch = mkdtempSync(join(tmpdir(), 'promagent-npm-'));
  // The bundles `npm test` built; packing them is what `npm publish` uploads (its prepack builds them minified).
  npm(['pack', '--ignore-scripts', '--pack-destination', scratch], repoRoot);
  installed = join(scratch, 'project');
  mkdirSync(installed);
  writeFileSync(join(installed, 'package.json'), '{ "private": true }\n');
  const tarball = join(scratch, readdirSync(scratch).find((name) => name.endsWith('.tgz'))!);
  npm(['install', '--offline', tarball], installed);
  client = await TestClient.start({
    command: { file: join(installed, 'node_modules', '.bin', 'promagent-language-server'), args: ['--stdio'] },
    configuration: false,
    pullDiagnostics: false,
    settings: { sidecarMode: false },
  });
}, { timeout: 120_000 });

after(async () => {
  await client?.stop();
  rmSync(scratch, { recursive: true, force: true });
});

test('the package holds the CLI and the language server, and needs no dependency to run them', () => {
  const manifest = JSON.parse(readFileSync(join(installed, 'node_modules', 'promagent', 'package.json'), 'utf8'));
  assert.deepEqual(manifest.bin, { promagent: 'dist/cli.js', 'promagent-language-server': 'dist/server.js' });
  assert.equal(manifest.dependencies, undefined);
  assert.deepEqual(readdirSync(join(installed, 'node_modules')).filter((name) => !name.startsWith('.')), ['promagent']);
  assert.deepEqual(readdirSync(join(installed, 'node_modules', 'promagent', 'dist')).sort(), ['cli.js', 'cliMain.js', 'crd-validators', 'server.js', 'yamlLanguageService.js']);
  const version = spawnSync(join(installed, 'node_modules', '.bin', 'promagent'), ['--version'], { encoding: 'utf8' });
  assert.equal(version.stdout, `${manifest.version}\n`);
});

test('run without --stdio, it says how an editor starts it', () => {
  const bare = spawnSync(join(installed, 'node_modules', '.bin', 'promagent-language-server'), [], { encoding: 'utf8' });
  assert.equal(bare.status, 2);
  assert.match(bare.stderr, /Editors start it as `promagent-language-server --stdio`/);
});

test('a file opened gets its findings pushed, with the settings given in initializationOptions', async () => {
  const uri = 'file:///work/sidecar.yaml';
  const pushed = client.nextPush(uri);
  await client.open(uri, agentManifest('mode: Sidecar\nreplicas: two'));
  assert.deepEqual((await pushed).map((d) => `${d.range.start.line + 1} ${d.code} ${d.message}`), [
    '7 agent/sidecar-mode spec.mode: Unsupported value: "Sidecar": supported values: "StatefulSet", "DaemonSet"',
    '8 crd/type spec.replicas: Invalid value: "two": must be an integer',
  ]);
});

test('quick-fixes and the fix-all action come as plain workspace edits', async () => {
  const uri = 'file:///work/typo.yaml';
  const text = agentManifest('remoteWrites:\n  - url: https://metrics.example.com/api/v1/write\nlogLevel: Debug');
  const pushed = client.nextPush(uri);
  await client.open(uri, text);
  const diagnostics = await pushed;
  const whole = { start: { line: 0, character: 0 }, end: { line: 9, character: 0 } };
  const [fixAll] = await client.codeActions(uri, whole, diagnostics, [fixAllKind]);
  assert.equal(fixAll.kind, fixAllKind);
  assert.deepEqual(Object.keys(fixAll.edit?.changes ?? {}), [uri]);
  assert.deepEqual(fixAll.edit?.changes?.[uri].map((e) => e.newText), ['  remoteWrite:\n', '  logLevel: debug\n']);
});

test('hover works from the installed package: the yaml-language-server bundle beside it loads', async () => {
  const uri = 'file:///work/hover.yaml';
  await client.open(uri, agentManifest('replicas: 2'));
  const hover = await client.hover(uri, { line: 6, character: 4 });
  assert.match(JSON.stringify(hover?.contents), /replicas defines the number of replicas/);
});

import { test } from 'node:test';
import assert from 'node:assert/strict';
import { execFileSync, spawnSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import fc from 'fast-check';
import { checkFile, defaultCheckOptions, Workspace } from '../../server/src/engine';
import { nodeFileHost } from '../../server/src/node/host';
import { fuzzRuns } from '../support/corpus';
import { yaml } from '../support/engine';

const cli = join(__dirname, '..', '..', 'dist', 'cli.js');
/** Runs the CLI with a bound on time and memory: what hangs or grows is a failure, not a stuck test run. */
const run = (args: string[], cwd: string) => spawnSync(process.execPath, ['--max-old-space-size=512', cli, ...args], { cwd, encoding: 'utf8', timeout: 20_000 });

const config = yaml`
  scrape_config_files:
    - /dev/zero
    - jobs/*.yml
    - ok.yml
  remote_write:
    - url: https://metrics.example.com/api/v1/write
  `;

function folder(): string {
  const root = mkdtempSync(join(tmpdir(), 'promagent-hostile-'));
  mkdirSync(join(root, 'jobs'));
  execFileSync('mkfifo', [join(root, 'jobs', 'pipe.yml')]);
  writeFileSync(join(root, 'ok.yml'), 'scrape_configs:\n  - job_name: node\n    scrape_interval: 1x\n');
  writeFileSync(join(root, 'prometheus.yml'), config);
  return root;
}

test('scrape_config_files naming a device or a FIFO: reported on the entry, never read', () => {
  const root = folder();
  const result = run(['check', 'prometheus.yml'], root);
  assert.equal(result.stdout, [
    'prometheus.yml:2:5: warning promconfig/scrape-config-files "/dev/zero": not checked: it is a character device, not a regular file',
    `prometheus.yml:3:5: warning promconfig/scrape-config-files "${root}/jobs/pipe.yml": not checked: it is a named pipe (FIFO), not a regular file`,
    `prometheus.yml:4:5: error promconfig/duration "${root}/ok.yml": unknown unit "x" in duration "1x" (line 3)`,
    '1 file checked: 1 error, 2 warnings, 0 information, 0 hints',
    '',
  ].join('\n'));
  assert.equal(result.status, 1);
});

test('paths that are not regular files are not read: each says why, the others are checked, and the run fails', () => {
  const root = folder();
  execFileSync('mkfifo', [join(root, 'pipe.yaml')]);
  symlinkSync('/dev/zero', join(root, 'zero.yaml'));
  symlinkSync('ok.yml', join(root, 'linked.yml'));
  const result = run(['check', '.', '/dev/stdin'], root);
  const lines = result.stdout.split('\n');
  assert.deepEqual(lines.slice(0, 6), [
    'jobs/pipe.yml:1:1: warning promagent/file-not-read not read: it is a named pipe (FIFO), not a regular file',
    'linked.yml:3:22: error promconfig/duration unknown unit "x" in duration "1x"',
    'ok.yml:3:22: error promconfig/duration unknown unit "x" in duration "1x"',
    'pipe.yaml:1:1: warning promagent/file-not-read not read: it is a named pipe (FIFO), not a regular file',
    `prometheus.yml:2:5: warning promconfig/scrape-config-files "/dev/zero": not checked: it is a character device, not a regular file`,
    `prometheus.yml:3:5: warning promconfig/scrape-config-files "${root}/jobs/pipe.yml": not checked: it is a named pipe (FIFO), not a regular file`,
  ]);
  assert.deepEqual(lines.slice(7), [
    'zero.yaml:1:1: warning promagent/file-not-read not read: it is a character device, not a regular file',
    // spawnSync gives the CLI one end of a socket pair (libuv's pipe) for its standard input.
    '/dev/stdin:1:1: warning promagent/file-not-read not read: it is a socket, not a regular file',
    '3 files checked, 4 not checked in full: 3 errors, 6 warnings, 0 information, 0 hints',
    '',
  ]);
  assert.equal(result.status, 2);
});

test('a file above the size bound is not read, and says so', () => {
  const root = mkdtempSync(join(tmpdir(), 'promagent-large-'));
  writeFileSync(join(root, 'huge.yaml'), `# ${'x'.repeat(6 * 1024 * 1024)}\n`);
  const result = run(['check', '--format', 'json', 'huge.yaml'], root);
  assert.deepEqual(JSON.parse(result.stdout).files, [{ path: 'huge.yaml', checked: false, diagnostics: [{
    severity: 'warning',
    code: 'promagent/file-not-read',
    message: 'not read: it is 6.0 MB, above the bound of 5.0 MB',
    range: { start: { line: 0, character: 0 }, end: { line: 0, character: 0 } },
  }] }]);
  assert.equal(result.status, 2);
});

test('fuzzed: scrape_config_files naming any mix of devices, FIFOs, folders, links and files never blocks nor fails a rule', () => {
  const root = folder();
  mkdirSync(join(root, 'folder.yml'));
  symlinkSync('/dev/zero', join(root, 'zero-link.yml'));
  symlinkSync('nowhere.yml', join(root, 'dangling.yml'));
  writeFileSync(join(root, 'huge.yml'), `# ${'x'.repeat(6 * 1024 * 1024)}\n`);
  const paths = ['/dev/zero', '/dev/stdin', '/dev/null', '/dev/urandom', '/proc/self/fd/0', 'jobs/pipe.yml', 'jobs/*.yml', 'folder.yml', 'zero-link.yml',
    'dangling.yml', 'missing.yml', 'huge.yml', 'ok.yml', '*.yml', '/dev/*'];
  const workspace = new Workspace(undefined, nodeFileHost);
  const uri = pathToFileURL(join(root, 'prometheus.yml')).href;
  fc.assert(fc.property(fc.array(fc.constantFrom(...paths), { minLength: 1, maxLength: 5 }), (chosen) => {
    const text = `scrape_config_files:\n${chosen.map((path) => `  - ${JSON.stringify(path)}\n`).join('')}remote_write:\n  - url: https://a.example/write\n`;
    const started = performance.now();
    const found = checkFile(workspace.set(uri, text), workspace, defaultCheckOptions);
    assert.ok(performance.now() - started < 3000, `${Math.round(performance.now() - started)} ms for ${chosen.join(', ')}`);
    assert.ok(found.every((f) => f.code !== 'promagent/rule-failed'), found.map((f) => f.message).join('\n'));
    for (const path of ['/dev/zero', '/dev/urandom', 'jobs/pipe.yml', 'folder.yml', 'zero-link.yml', 'huge.yml']) {
      if (!chosen.includes(path)) continue;
      const absolute = path.startsWith('/') ? path : `${root}/${path}`;
      assert.ok(found.some((f) => f.message.startsWith(`"${absolute}": not checked: `)), `${path}: ${found.map((f) => f.message).join('\n')}`);
    }
  }), { numRuns: Math.max(20, Math.floor(fuzzRuns / 5)) });
});

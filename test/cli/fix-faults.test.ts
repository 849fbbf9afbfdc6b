import { test } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { chmodSync, lstatSync, mkdtempSync, readdirSync, readFileSync, readlinkSync, statSync, symlinkSync, writeFileSync, writeSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { readInputs } from '../../server/src/node/files';
import { replaceFile } from '../../server/src/node/replace';

const cli = join(__dirname, '..', '..', 'dist', 'cli.js');
const run = (args: string[], cwd: string) => spawnSync(process.execPath, [cli, ...args], { cwd, encoding: 'utf8' });

/** A ConfigMap whose label value Kubernetes rejects unquoted: its one fix quotes it. */
const configMap = (name: string) => `# ${name}, kept by hand\napiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: ${name}\n  labels: {tier: 1}\n`;
const fixed = (name: string) => configMap(name).replace('{tier: 1}', '{tier: "1"}');

test('a read-only file is reported and left as it was; the other files are fixed, keeping their mode and links', () => {
  const root = mkdtempSync(join(tmpdir(), 'promagent-fix-faults-'));
  writeFileSync(join(root, 'a.yaml'), configMap('a'), { mode: 0o640 });
  writeFileSync(join(root, 'b.yaml'), configMap('b'));
  chmodSync(join(root, 'b.yaml'), 0o444);
  writeFileSync(join(root, 'target.yml'), configMap('c'));
  symlinkSync('target.yml', join(root, 'c.yaml'));
  const result = run(['fix', 'a.yaml', 'b.yaml', 'c.yaml'], root);
  assert.equal(result.stdout, [
    '2 fixes applied in 2 files, 1 file not written',
    'b.yaml:1:1: error promagent/file-not-written not written (1 fix left out): the file is read-only',
    'b.yaml:6:18: error metadata/string-value label "tier" must be a string: Kubernetes rejects the unquoted 1 (cannot unmarshal number into Go struct field ObjectMeta.metadata.labels of type string)',
    '3 files checked: 2 errors, 0 warnings, 0 information, 0 hints',
    '',
  ].join('\n'));
  assert.equal(result.status, 2);
  assert.equal(readFileSync(join(root, 'a.yaml'), 'utf8'), fixed('a'));
  assert.equal(statSync(join(root, 'a.yaml')).mode & 0o777, 0o640);
  assert.equal(readFileSync(join(root, 'b.yaml'), 'utf8'), configMap('b'));
  assert.ok(lstatSync(join(root, 'c.yaml')).isSymbolicLink());
  assert.equal(readlinkSync(join(root, 'c.yaml')), 'target.yml');
  assert.equal(readFileSync(join(root, 'target.yml'), 'utf8'), fixed('c'));
  assert.deepEqual(readdirSync(root).sort(), ['a.yaml', 'b.yaml', 'c.yaml', 'target.yml'], 'no temporary file is left behind');
});

test('a full disk while writing leaves the file whole and no temporary file behind', () => {
  const root = mkdtempSync(join(tmpdir(), 'promagent-fix-faults-'));
  writeFileSync(join(root, 'a.yaml'), configMap('a'));
  const [input] = readInputs([join(root, 'a.yaml')]);
  const diskFull = (fd: number, bytes: Buffer) => {
    writeSync(fd, bytes, 0, bytes.length >> 1);
    throw Object.assign(new Error('ENOSPC: no space left on device, write'), { code: 'ENOSPC' });
  };
  assert.equal(replaceFile(input, fixed('a'), diskFull), 'no space left on the device');
  assert.equal(readFileSync(join(root, 'a.yaml'), 'utf8'), configMap('a'));
  assert.deepEqual(readdirSync(root), ['a.yaml']);
});

test('a file edited while fix ran keeps the edit: it is not written, and says why', () => {
  const root = mkdtempSync(join(tmpdir(), 'promagent-fix-faults-'));
  writeFileSync(join(root, 'a.yaml'), configMap('a'));
  const [input] = readInputs([join(root, 'a.yaml')]);
  const edited = `${configMap('a')}data: {added: while fix ran}\n`;
  writeFileSync(join(root, 'a.yaml'), edited);
  assert.equal(replaceFile(input, fixed('a')), 'the file changed on disk while promagent fix ran; run fix again');
  assert.equal(readFileSync(join(root, 'a.yaml'), 'utf8'), edited);
  assert.deepEqual(readdirSync(root), ['a.yaml']);
});

test('a file reached twice, through a symbolic link in the folder walked, is fixed once and reported as fixed under both paths', () => {
  const root = mkdtempSync(join(tmpdir(), 'promagent-fix-faults-'));
  writeFileSync(join(root, 'p.yaml'), configMap('p'));
  symlinkSync('p.yaml', join(root, 'link.yaml'));
  const dryRun = run(['fix', '--dry-run', '.'], root);
  assert.equal(dryRun.stderr, '1 fix would apply in 1 file\n');
  const result = run(['fix', '.'], root);
  assert.equal(result.stdout, ['1 fix applied in 1 file', '2 files checked: 0 errors, 0 warnings, 0 information, 0 hints', ''].join('\n'));
  assert.equal(result.status, 0);
  assert.equal(readFileSync(join(root, 'p.yaml'), 'utf8'), fixed('p'));
  assert.equal(readlinkSync(join(root, 'link.yaml')), 'p.yaml');
});

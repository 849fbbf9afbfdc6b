import { test } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { chmodSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

const cli = join(__dirname, '..', '..', 'dist', 'cli.js');

/** The user's cache folder inside a temp folder. */
const cacheFolder = (temp: string) => join(temp, `promagent-code-cache-${process.getuid?.() ?? 'user'}`);

/** `promagent check` on a broken agent, with the code cache in its own temp folder. */
function check(temp: string) {
  const folder = mkdtempSync(join(tmpdir(), 'promagent-cache-input-'));
  writeFileSync(join(folder, 'agent.yaml'), 'apiVersion: monitoring.coreos.com/v1alpha1\nkind: PrometheusAgent\nmetadata: {name: a}\nspec: {logLevel: verbose}\n');
  const result = spawnSync(process.execPath, [cli, 'check', folder], { encoding: 'utf8', env: { ...process.env, TMPDIR: temp }, timeout: 60_000 });
  return { status: result.status, stdout: result.stdout.replaceAll(folder, '<folder>'), stderr: result.stderr };
}

/** The cache files, by the name of the file each is the cache of. */
const cacheFiles = (temp: string) => new Map(readdirSync(cacheFolder(temp)).map((file) => [file.slice(0, file.indexOf('.js-') + 3), join(cacheFolder(temp), file)]));

test('the CLI writes the code cache of its bundle, of the validator it used and of its pattern engine on the first run, and gives the same answers from them', () => {
  const temp = mkdtempSync(join(tmpdir(), 'promagent-cache-'));
  const first = check(temp);
  assert.equal(first.status, 1);
  assert.match(first.stdout, /logLevel/);
  const files = cacheFiles(temp);
  assert.deepEqual([...files.keys()].sort(), ['PrometheusAgent.js', 'cliMain.js', 'pattern.js']);
  const written = [...files.values()].map((file) => statSync(file).ino);
  assert.deepEqual(check(temp), first);
  // V8 accepted the caches: a refused one would have been replaced by a new file.
  assert.deepEqual([...files.values()].map((file) => statSync(file).ino), written);
});

test('a code cache of another build, or a damaged one, is not used and is rewritten', () => {
  const temp = mkdtempSync(join(tmpdir(), 'promagent-cache-'));
  const expected = check(temp);
  const cacheFile = cacheFiles(temp).get('cliMain.js')!;
  const good = readFileSync(cacheFile);
  const header = good.subarray(0, good.indexOf('\n') + 1);

  const hashOf = (cache: Buffer) => cache.subarray(0, cache.indexOf(' ')).toString();
  writeFileSync(cacheFile, Buffer.concat([Buffer.from(`${'0'.repeat(64)} 1\n`), good.subarray(header.length)]));
  assert.deepEqual(check(temp), expected);
  assert.equal(hashOf(readFileSync(cacheFile)), hashOf(good));

  writeFileSync(cacheFile, Buffer.concat([header, Buffer.from('not a code cache')]));
  assert.deepEqual(check(temp), expected);
  assert.ok(readFileSync(cacheFile).length > header.length + 1000);
});

test('a code cache written by a run that ran little of the CLI is rewritten by one that runs more, then kept', () => {
  const temp = mkdtempSync(join(tmpdir(), 'promagent-cache-'));
  assert.equal(spawnSync(process.execPath, [cli, '--version'], { env: { ...process.env, TMPDIR: temp } }).status, 0);
  const cacheFile = cacheFiles(temp).get('cliMain.js')!;
  const afterVersion = statSync(cacheFile);
  const expected = check(temp);
  const afterCheck = statSync(cacheFile);
  assert.notEqual(afterCheck.ino, afterVersion.ino);
  assert.ok(afterCheck.size > afterVersion.size);
  assert.deepEqual(check(temp), expected);
  assert.equal(statSync(cacheFile).ino, afterCheck.ino);
});

test('a cache folder others can write to is not used: a planted cache would run as code', () => {
  const temp = mkdtempSync(join(tmpdir(), 'promagent-cache-'));
  mkdirSync(cacheFolder(temp));
  chmodSync(cacheFolder(temp), 0o777);
  const result = check(temp);
  assert.equal(result.status, 1);
  assert.match(result.stdout, /logLevel/);
  assert.deepEqual(readdirSync(cacheFolder(temp)), []);
});

test('a temp folder where no folder can be made (TMPDIR=/proc) or that does not exist: the CLI runs without a cache', () => {
  for (const temp of ['/proc', join(tmpdir(), 'promagent-no-such-folder', 'deeper')]) {
    const result = check(temp);
    assert.equal(result.status, 1, result.stderr);
    assert.match(result.stdout, /logLevel/);
  }
});

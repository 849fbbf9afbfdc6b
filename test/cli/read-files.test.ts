import { test } from 'node:test';
import assert from 'node:assert/strict';
import { existsSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { readRegularFile } from '../../server/src/node/files';

const bytesOf = (path: string, maxBytes = 1024 * 1024) => {
  const read = readRegularFile(path, maxBytes);
  assert.ok(read && 'bytes' in read, `${path} was read`);
  return read.bytes;
};

test('a file is read whole, whatever its size: empty, a few bytes, past 64 KiB', () => {
  const root = mkdtempSync(join(tmpdir(), 'promagent-read-'));
  for (const [name, text] of [['empty.yaml', ''], ['small.yaml', 'kind: ConfigMap\n'], ['large.yaml', `data:\n${'  key: value\n'.repeat(10_000)}`]]) {
    writeFileSync(join(root, name), text);
    assert.equal(bytesOf(join(root, name)).toString('utf8'), text);
  }
  writeFileSync(join(root, 'bound.yaml'), 'x'.repeat(100));
  assert.deepEqual(readRegularFile(join(root, 'bound.yaml'), 99), { notRead: 'it is 0.0 MB, above the bound of 0.0 MB' });
});

test('a file whose size says less than it holds (a /proc file says 0) is read to its end', { skip: !existsSync('/proc/self/status') }, () => {
  const read = bytesOf('/proc/self/status').toString('utf8');
  assert.match(read, /^Name:/);
  assert.match(read, /\nPid:\s+\d+\n/);
  assert.equal(read.split('\n').length, readFileSync('/proc/self/status', 'utf8').split('\n').length);
});

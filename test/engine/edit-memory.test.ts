import { test } from 'node:test';
import assert from 'node:assert/strict';
import { setFlagsFromString } from 'node:v8';
import { runInNewContext } from 'node:vm';
import { Workspace } from '../../server/src/engine';
import { manifest } from '../../scripts/bench/generate';

setFlagsFromString('--expose-gc');
const collectGarbage = runInNewContext('gc') as () => void;

function heapAfterCollection(): number {
  collectGarbage();
  collectGarbage();
  return process.memoryUsage().heapUsed;
}

test('edits do not keep earlier texts of the file alive', () => {
  const uri = 'file:///edited.yaml';
  const lines = manifest(20_000).split('\n');
  const targets = lines.flatMap((line, i) => (/^ {2}name: /.test(line) ? [i] : []));
  const workspace = new Workspace();
  workspace.set(uri, lines.join('\n'));
  const opened = heapAfterCollection();
  const edits = 60;
  for (let i = 0; i < edits; i++) {
    lines[targets[(i * 7919) % targets.length]] += 'x';
    workspace.set(uri, lines.join('\n'));
  }
  const grown = heapAfterCollection() - opened;
  // A piece cut from the file and kept by later versions would hold that version's whole text: 60 texts here.
  const fileSize = lines.join('\n').length;
  assert.ok(grown < 8 * fileSize, `the heap grew by ${(grown / 1e6).toFixed(1)} MB over ${edits} edits of a ${(fileSize / 1e6).toFixed(1)} MB file`);
});

import { test } from 'node:test';
import assert from 'node:assert/strict';
import fc from 'fast-check';
import { Workspace } from '../../server/src/engine';
import { LineIndex } from '../../server/src/engine/yaml/lineIndex';

// Positions in a file are read through its documents' own line indexes (no index of the whole text after an edit):
// every answer must be the one an index of the whole text gives.
const part = fc.constantFrom('---\n', '--- # c\n', 'a: 1\n', '\n', 'key: v', '...\n', '# c\n', ' ', '- x\n', 'é', '😀', '\r\n', '\r');
const text = fc.tuple(fc.boolean(), fc.array(part, { maxLength: 40 })).map(([bom, parts]) => (bom ? '\ufeff' : '') + parts.join(''));

function sameLines(text: string, uri: string, workspace: Workspace): void {
  const lines = workspace.get(uri)!.lines;
  const whole = new LineIndex(text);
  assert.equal(lines.lineCount, whole.lineCount);
  for (let offset = -1; offset <= text.length + 1; offset++) {
    assert.deepEqual(lines.position(offset), whole.position(offset), `position(${offset})`);
    assert.equal(lines.lineEnd(offset), whole.lineEnd(offset), `lineEnd(${offset})`);
  }
  for (let line = -1; line <= whole.lineCount; line++) {
    assert.equal(lines.lineStart(line), whole.lineStart(line), `lineStart(${line})`);
    for (let character = 0; character <= 12; character += 3) assert.equal(lines.offset({ line, character }), whole.offset({ line, character }), `offset(${line}:${character})`);
  }
}

test('a file\'s positions, read through its documents, are those of its whole text, before and after an edit', () => {
  fc.assert(fc.property(text, fc.nat(), fc.nat({ max: 6 }), part, (before, at, removed, inserted) => {
    const uri = 'file:///lines.yaml';
    const workspace = new Workspace();
    workspace.set(uri, before);
    sameLines(before, uri, workspace);
    const start = at % (before.length + 1);
    const end = Math.min(before.length, start + removed);
    const after = before.slice(0, start) + inserted + before.slice(end);
    workspace.set(uri, after, { base: before, start, end: start + inserted.length });
    sameLines(after, uri, workspace);
  }), { numRuns: 1000 });
});

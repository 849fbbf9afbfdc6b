import { test } from 'node:test';
import assert from 'node:assert/strict';
import fc from 'fast-check';
import { TextDocument } from 'vscode-languageserver-textdocument';
import { BlockText, EditedDocument } from '../../server/src/lsp/editedDocument';

// The server holds open documents in blocks of lines; every answer about positions must be the one the LSP library's
// own document gives (VS Code counts lines the same way), whatever the edits and line breaks.
const textPart = fc.constantFrom('a', 'key: value', ' ', '\n', '\r\n', '\r', '---', 'é', '😀');
const text = fc.array(textPart, { maxLength: 80 }).map((parts) => parts.join(''));
const position = fc.record({ line: fc.integer({ min: -1, max: 40 }), character: fc.integer({ min: -1, max: 15 }) });
const change = fc.oneof(
  fc.record({ range: fc.record({ start: position, end: position }), text }),
  fc.record({ text }),
);

function sameAnswers(ours: EditedDocument, theirs: TextDocument): void {
  assert.equal(ours.getText(), theirs.getText());
  assert.equal(ours.lineCount, theirs.lineCount);
  for (let offset = -1; offset <= theirs.getText().length + 1; offset++) assert.deepEqual(ours.positionAt(offset), theirs.positionAt(offset), `positionAt(${offset})`);
  for (let line = -1; line <= theirs.lineCount; line++) {
    assert.deepEqual(ours.getLineRange(line), theirs.getLineRange(line), `getLineRange(${line})`);
    assert.equal(ours.getEOLCharacters(line), theirs.getEOLCharacters(line), `getEOLCharacters(${line})`);
    // Forwards and backwards: the library reads a backwards range forwards.
    for (const range of [{ start: { line: 0, character: 1 }, end: { line, character: 3 } }, { start: { line, character: 3 }, end: { line: 0, character: 1 } }]) {
      assert.equal(ours.getText(range), theirs.getText(range), `getText(${JSON.stringify(range)})`);
    }
    for (let character = -1; character <= 14; character++) {
      const at = { line, character };
      assert.equal(ours.offsetAt(at), theirs.offsetAt(at), `offsetAt(${JSON.stringify(at)})`);
    }
  }
}

test('an edited document answers positions, offsets and text as the LSP library does, whatever the edits', () => {
  fc.assert(fc.property(text, fc.array(change, { maxLength: 6 }), fc.integer({ min: 1, max: 12 }), (initial, changes, blockLength) => {
    let ours = new EditedDocument('file:///a.yaml', 'yaml', 1, BlockText.of(initial, blockLength));
    let theirs = TextDocument.create('file:///a.yaml', 'yaml', 1, initial);
    sameAnswers(ours, theirs);
    for (const [i, one] of changes.entries()) {
      ours = ours.updated([one], i + 2, () => {});
      // The library's text after the change, its positions counted afresh: its own line count goes wrong for a range
      // past the last line (no editor sends one; a broken client might).
      theirs = TextDocument.create(theirs.uri, 'yaml', i + 2, TextDocument.update(theirs, [one], i + 2).getText());
      sameAnswers(ours, theirs);
    }
  }), { numRuns: 1500 });
});

test('each change is told where it lands in the text before it, and a slice of any span is that of the whole text', () => {
  fc.assert(fc.property(text, fc.array(change, { maxLength: 6 }), fc.integer({ min: 1, max: 12 }), (initial, changes, blockLength) => {
    let document = new EditedDocument('file:///a.yaml', 'yaml', 1, BlockText.of(initial, blockLength));
    for (const one of changes) {
      let told: { before: string; start: number; end: number; inserted: string } | undefined;
      const next = document.updated([one], 2, (before, start, end, inserted) => {
        told = { before: before.toString(), start, end, inserted };
      });
      assert.ok(told);
      assert.equal(told.before, document.getText());
      const whole = told.before.slice(0, told.start) + told.inserted + told.before.slice(told.end);
      // Sliced before the whole text is ever joined: read from the blocks.
      for (let start = 0; start <= whole.length; start += 3) {
        for (let end = start; end <= whole.length + 2; end += 5) assert.equal(next.content.slice(start, end), whole.slice(start, end));
      }
      assert.equal(next.getText(), whole);
      document = next;
    }
  }), { numRuns: 1500 });
});

test('a change left as it came when its text is not a string (a broken client)', () => {
  const document = new EditedDocument('file:///a.yaml', 'yaml', 1, BlockText.of('a: 1\n'));
  const next = document.updated([{ text: 42 as unknown as string }], 2, () => assert.fail('not a change'));
  assert.equal(next.getText(), 'a: 1\n');
  assert.equal(next.version, 2);
});

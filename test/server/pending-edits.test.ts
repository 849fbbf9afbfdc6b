import { test } from 'node:test';
import assert from 'node:assert/strict';
import fc from 'fast-check';
import { joinedChange } from '../../server/src/lsp/pendingEdits';
import type { TextChange } from '../../server/src/engine';

test('edits joined into one change: outside it, the text is the text the workspace holds', () => {
  const edit = fc.record({ at: fc.nat(), remove: fc.nat({ max: 20 }), insert: fc.string({ maxLength: 20 }) });
  fc.assert(fc.property(fc.string({ maxLength: 60 }), fc.array(edit, { minLength: 1, maxLength: 8 }), (base, edits) => {
    let text = base;
    let change: TextChange | undefined;
    for (const { at, remove, insert } of edits) {
      const start = at % (text.length + 1);
      const end = Math.min(text.length, start + remove);
      change = joinedChange(change, text, start, end, insert.length);
      text = text.slice(0, start) + insert + text.slice(end);
    }
    const { start, end } = change!;
    const growth = text.length - base.length;
    assert.equal(change!.base, base);
    assert.ok(start >= 0 && start <= end && end <= text.length && end - growth >= start);
    assert.equal(text.slice(0, start), base.slice(0, start));
    assert.equal(text.slice(end), base.slice(end - growth));
  }), { numRuns: 5000 });
});

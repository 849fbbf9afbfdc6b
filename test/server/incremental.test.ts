import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import fc from 'fast-check';
import { TextDocument } from 'vscode-languageserver-textdocument';
import { TestClient } from '../support/lsp';
import { corpus, fuzzRuns } from '../support/corpus';

const files = corpus();
let edited: TestClient;
let fresh: TestClient;

before(async () => {
  [edited, fresh] = await Promise.all([TestClient.start(), TestClient.start()]);
});
after(async () => {
  await Promise.all([edited.stop(), fresh.stop()]);
});

test('edits as an editor sends them (several per notification, ranges backwards) leave the diagnostics of the text they make', async () => {
  let n = 0;
  const position = fc.record({ line: fc.nat({ max: 40 }), character: fc.nat({ max: 30 }) });
  const documents = '---\napiVersion: v1\nkind: Service\nmetadata: {name: s}\n---\nkind: ConfigMap\n';
  const inserted = fc.constantFrom('', 'x', '\n', '---\n', '\n---\n', documents, `\n${documents}`, '  replicas: 2\n', 'mode: Sidecar', ': ', '- ', '#');
  const change = fc.record({ start: position, end: position, text: inserted });
  // Batches are pulled after (the workspace takes the text) or not (the next batch's edits add to the same change).
  const batch = fc.record({ changes: fc.array(change, { minLength: 1, maxLength: 6 }), pulled: fc.boolean() });
  await fc.assert(fc.asyncProperty(
    fc.constantFrom(...files.map((f) => f.text)),
    fc.array(batch, { minLength: 1, maxLength: 4 }),
    async (text, batches) => {
      const uri = `file:///incremental/doc-${n++}.yaml`;
      let document = TextDocument.create(uri, 'yaml', 1, text);
      await edited.open(uri, text);
      await edited.pullDiagnostics(uri);
      for (const { changes, pulled } of batches) {
        const contentChanges = changes.map(({ start, end, text: typed }) => ({ range: { start, end }, text: typed }));
        // One change at a time, each on the text the last made, its lines counted afresh: the library's own document
        // miscounts lines after a range past the last line (the generated ranges reach past it) and misplaces later changes.
        for (const one of contentChanges) document = TextDocument.create(uri, 'yaml', document.version + 1, TextDocument.update(document, [one], document.version + 1).getText());
        await edited.editMany(uri, contentChanges);
        if (pulled) await edited.pullDiagnostics(uri);
      }
      await fresh.open(uri, document.getText());
      assert.deepEqual(await edited.pullDiagnostics(uri), await fresh.pullDiagnostics(uri));
      await Promise.all([edited.close(uri), fresh.close(uri)]);
    },
  ), { numRuns: Math.max(20, Math.floor(fuzzRuns / 5)) });
});

import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import fc from 'fast-check';
import { TestClient } from '../support/lsp';
import { corpus, fuzzRuns } from '../support/corpus';

const files = corpus();
let client: TestClient;

before(async () => {
  client = await TestClient.start();
  // The first check compiles the CRD schemas (a one-time cost, measured by `npm run bench`): not a stall.
  const warmUp = 'file:///fuzz/warm-up.yaml';
  await client.open(warmUp, files[0].text);
  await client.pullDiagnostics(warmUp);
  await client.complete(warmUp, { line: 8, character: 2 });
});
after(async () => { await client.stop(); });

/** Fails when a request takes longer than a second: a stalled server takes the editor's YAML support with it. */
async function within1s<T>(what: string, request: Promise<T>): Promise<T> {
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<never>((_, reject) => { timer = setTimeout(() => reject(new Error(`${what} took over 1 s`)), 1000); });
  try {
    return await Promise.race([request, timeout]);
  } finally {
    clearTimeout(timer);
  }
}

test('a live server answers every request within 1 s on damaged documents, and keeps answering', async () => {
  let n = 0;
  await fc.assert(fc.asyncProperty(
    fc.constantFrom(...files.map((f) => f.text)),
    fc.array(fc.record({
      line: fc.nat({ max: 60 }),
      character: fc.nat({ max: 40 }),
      // Random typing, and what hostile or unlucky input types: keys named like Object.prototype's members, markers
      // mistyped, anchors and aliases, a lone CR.
      text: fc.oneof(fc.string({ maxLength: 8 }), fc.constantFrom('\n----\n', '\n-- \n', 'toString: 1\n', 'constructor', '__proto__: {}', '&a ', '*a', '\r')),
    }), { minLength: 1, maxLength: 5 }),
    async (text, edits) => {
      const uri = `file:///fuzz/doc-${n++}.yaml`;
      await client.open(uri, text);
      for (const edit of edits) {
        const position = { line: edit.line, character: edit.character };
        await client.edit(uri, position, position, edit.text);
        const diagnostics = await within1s('diagnostics', client.pullDiagnostics(uri));
        await within1s('completion', client.complete(uri, position));
        await within1s('hover', client.hover(uri, position));
        if (diagnostics[0]) await within1s('code actions', client.codeActions(uri, diagnostics[0].range, [diagnostics[0]]));
      }
      await client.close(uri);
    },
  ), { numRuns: Math.max(20, Math.floor(fuzzRuns / 5)) });
  assert.ok(Array.isArray(await client.pullDiagnostics('file:///fuzz/never-opened.yaml')));
});

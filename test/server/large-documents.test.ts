import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import type { MarkupContent } from 'vscode-languageserver-protocol/node';
import { TestClient } from '../support/lsp';

let client: TestClient;
before(async () => {
  client = await TestClient.start();
  const warmUp = 'file:///large/warm-up.yaml';
  await client.open(warmUp, 'apiVersion: monitoring.coreos.com/v1alpha1\nkind: PrometheusAgent\nmetadata: {name: a}\nspec: {}\n');
  await client.pullDiagnostics(warmUp);
  await client.hover(warmUp, { line: 3, character: 1 });
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

test('hover and completion in a map of 20,000 external labels answer at once, and say why they say nothing', async () => {
  const uri = 'file:///large/labels.yaml';
  const labels = Array.from({ length: 20_000 }, (_, i) => `    l${i}: v${i}\n`).join('');
  await client.open(uri, `apiVersion: monitoring.coreos.com/v1alpha1\nkind: PrometheusAgent\nmetadata: {name: a}\nspec:\n  externalLabels:\n${labels}`);
  const hover = await within1s('hover', client.hover(uri, { line: 6, character: 5 }));
  assert.equal((hover?.contents as MarkupContent).value, 'promagent: no hover or completion from the schema in a document of more than 50,000 characters');
  assert.deepEqual(await within1s('completion', client.complete(uri, { line: 6, character: 5 })), []);
  await client.close(uri);
});

test('a keystroke in a file of 40,000 document markers is checked at once', async () => {
  const uri = 'file:///large/markers.yaml';
  await client.open(uri, '---\n'.repeat(40_000));
  await client.pullDiagnostics(uri);
  await client.edit(uri, { line: 5, character: 3 }, { line: 5, character: 3 }, ' # typed');
  assert.deepEqual(await within1s('diagnostics', client.pullDiagnostics(uri)), []);
  await client.close(uri);
});

import assert from 'node:assert/strict';
import { suite, teardown, test } from 'mocha';
import * as vscode from 'vscode';
import { agentManifest, discardActiveEditor, poll, showUntitledYaml } from './helpers';

/** The labels completion offers at `line`:`character` of a fresh editor holding `text`, once `expected` are among them. */
async function completionLabels(text: string, line: number, character: number, expected: string[]): Promise<string[]> {
  const { document } = await showUntitledYaml(text);
  const labels = async () => {
    const list = await vscode.commands.executeCommand<vscode.CompletionList>('vscode.executeCompletionItemProvider', document.uri, new vscode.Position(line, character));
    return list.items.map((item) => (typeof item.label === 'string' ? item.label : item.label.label));
  };
  // The first completion loads yaml-language-server into the server, which on a cold machine is busy indexing the
  // workspace as well: give it longer than a warm request needs.
  return poll(labels, (found) => expected.every((label) => found.includes(label)), 25_000);
}

suite('Completion', () => {
  teardown(discardActiveEditor);

  test('offers the spec fields of a PrometheusAgent from the CRD, not those of a Prometheus', async () => {
    // Line 7 is a key being typed under `spec:` (a line of blanks alone is not kept as typed by every editor path).
    const expected = ['scrapeInterval', 'remoteWrite', 'shards', 'mode'];
    const labels = await completionLabels(agentManifest('replicas: 1\nscr'), 7, 5, expected);
    for (const field of expected) assert.ok(labels.includes(field), `${field} not offered; offered: ${labels.join(', ')}`);
    assert.ok(!labels.includes('ruleSelector'), 'ruleSelector (Prometheus only) offered');
  });

  test('offers the values of mode as one is typed after "mode: ", Sidecar included', async () => {
    const expected = ['StatefulSet', 'DaemonSet', 'Sidecar'];
    const labels = await completionLabels(agentManifest('mode: S'), 6, 9, expected);
    assert.deepEqual(expected.filter((value) => !labels.includes(value)), [], `offered: ${labels.join(', ')}`);
  });
});

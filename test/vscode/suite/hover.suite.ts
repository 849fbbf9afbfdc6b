import assert from 'node:assert/strict';
import { suite, teardown, test } from 'mocha';
import * as vscode from 'vscode';
import { agentManifest, discardActiveEditor, poll, showUntitledYaml } from './helpers';

suite('Hover', () => {
  teardown(discardActiveEditor);

  test('on replicas shows its CRD description, type and the modes that forbid it', async () => {
    const { document } = await showUntitledYaml(agentManifest('replicas: 2'));
    const hoverText = async () => {
      const hovers = await vscode.commands.executeCommand<vscode.Hover[]>('vscode.executeHoverProvider', document.uri, new vscode.Position(6, 4));
      return hovers.flatMap((hover) => hover.contents.map((content) => (typeof content === 'string' ? content : content.value))).join('\n');
    };
    const text = await poll(hoverText, (found) => found.includes('replicas defines the number of replicas'));
    assert.match(text, /replicas defines the number of replicas/);
    assert.match(text, /\*\*Type:\*\* integer/);
    assert.match(text, /\*\*Cannot be set when mode is\*\* DaemonSet or Sidecar\./);
  });
});

import assert from 'node:assert/strict';
import { suite, teardown, test } from 'mocha';
import * as vscode from 'vscode';
import { join } from 'node:path';
import { agentManifest, discardActiveEditor, examplesFolder, poll, showUntitledYaml } from './helpers';

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

  test('on the key holding a prometheus.yml says who runs it: the Deployment mounting it, its version and mode', async () => {
    const editor = await vscode.window.showTextDocument(vscode.Uri.file(join(examplesFolder().fsPath, 'configmap-agent-config.yaml')));
    const line = editor.document.getText().split('\n').findIndex((text) => text.includes('prometheus.yml: |'));
    const hoverText = async () => {
      const hovers = await vscode.commands.executeCommand<vscode.Hover[]>('vscode.executeHoverProvider', editor.document.uri, new vscode.Position(line, 4));
      return hovers.flatMap((hover) => hover.contents.map((content) => (typeof content === 'string' ? content : content.value))).join('\n');
    };
    const text = await poll(hoverText, (found) => found.includes('run by'));
    assert.match(text, /run by Deployment monitoring\/prometheus-agent \(container "prometheus"\): Prometheus v3\.5\.0, agent mode \(said by its argument --agent\)/);
  });
});

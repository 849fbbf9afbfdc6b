import assert from 'node:assert/strict';
import { suite, teardown, test } from 'mocha';
import * as vscode from 'vscode';
import { commandIds, fixAllKind } from '../../../shared/protocol';
import { agentManifest, discardActiveEditor, examplesFolder, poll, settledProblems, showUntitledYaml } from './helpers';

const broken = agentManifest('mode: daemonset # as in the proposal\nreplicas: 2\nremoteWrites:\n  - url: https://metrics.example.com/api/v1/write');
const fixed = agentManifest('mode: DaemonSet # as in the proposal\nremoteWrite:\n  - url: https://metrics.example.com/api/v1/write');

suite('Fix all', () => {
  teardown(async () => {
    await vscode.workspace.getConfiguration('editor', { languageId: 'yaml' }).update('codeActionsOnSave', undefined, vscode.ConfigurationTarget.Global, true);
    await discardActiveEditor();
  });

  test('"promagent: Fix All in File" applies every preferred fix of the active file, over passes, comment kept', async () => {
    const { document } = await showUntitledYaml(broken);
    await settledProblems(document.uri, (found) => found.length > 0);
    await vscode.commands.executeCommand(commandIds.fixAllInFile);
    assert.equal(document.getText(), fixed);
    assert.deepEqual((await settledProblems(document.uri, (found) => found.length === 0)).map((d) => d.message), []);
  });

  test('saving with "editor.codeActionsOnSave": {"source.fixAll.promagent": "explicit"} applies them', async () => {
    await vscode.workspace.getConfiguration('editor', { languageId: 'yaml' })
      .update('codeActionsOnSave', { [fixAllKind]: 'explicit' }, vscode.ConfigurationTarget.Global, true);
    const uri = vscode.Uri.joinPath(examplesFolder(), 'fixed-on-save.yaml');
    await vscode.workspace.fs.writeFile(uri, new TextEncoder().encode(broken));
    const editor = await vscode.window.showTextDocument(uri);
    await settledProblems(uri, (found) => found.length > 0);
    await editor.edit((edit) => edit.insert(new vscode.Position(0, 0), '# Edge agent\n'));
    assert.ok(await editor.document.save(), 'the save failed');
    const saved = await poll(async () => new TextDecoder().decode(await vscode.workspace.fs.readFile(uri)), (text) => text === `# Edge agent\n${fixed}`);
    assert.equal(saved, `# Edge agent\n${fixed}`);
    await vscode.workspace.fs.delete(uri);
  });
});

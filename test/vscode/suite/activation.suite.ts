import assert from 'node:assert/strict';
import { suite, test, teardown } from 'mocha';
import * as vscode from 'vscode';
import { agentManifest, discardActiveEditor, extensionId, settledProblems, showUntitledYaml } from './helpers';

suite('Activation', () => {
  teardown(discardActiveEditor);

  test('activates on a YAML file and reports findings without Red Hat YAML installed', async () => {
    assert.equal(vscode.extensions.getExtension('redhat.vscode-yaml'), undefined, 'Red Hat YAML must be absent for this test');
    const extension = vscode.extensions.getExtension(extensionId);
    assert.ok(extension, `${extensionId} is not installed`);
    const editor = await showUntitledYaml(agentManifest('replicas: two'));
    const diagnostics = await settledProblems(editor.document.uri, (found) => found.length > 0);
    assert.ok(extension.isActive, `${extensionId} did not activate`);
    assert.deepEqual(diagnostics.map((d) => d.code), ['crd/type']);
  });

  test('registers every command it contributes', async () => {
    const contributed = (vscode.extensions.getExtension(extensionId)?.packageJSON.contributes.commands ?? []) as Array<{ command: string }>;
    assert.ok(contributed.length > 0, 'package.json contributes no command');
    const registered = new Set(await vscode.commands.getCommands(true));
    assert.deepEqual(contributed.map((c) => c.command).filter((id) => !registered.has(id)), []);
  });
});

import assert from 'node:assert/strict';
import { suite, suiteTeardown, test } from 'mocha';
import * as vscode from 'vscode';
import { settingsSection } from '../../../shared/protocol';
import { agentManifest, examplesFolder, lineAndCode, settledProblems } from './helpers';

/** Files written on disk by the test, never opened in an editor: what a `git pull` brings. */
const folder = () => vscode.Uri.joinPath(examplesFolder(), 'pulled');
const file = (name: string) => vscode.Uri.joinPath(folder(), name);
const write = (name: string, text: string) => vscode.workspace.fs.writeFile(file(name), new TextEncoder().encode(text));
const notOpen = (uri: vscode.Uri) => assert.ok(!vscode.workspace.textDocuments.some((d) => d.uri.toString() === uri.toString()), `${uri} is open`);
const setting = (key: string, value: unknown) => vscode.workspace.getConfiguration(settingsSection).update(key, value, vscode.ConfigurationTarget.Global);

suite('Problems of files no editor opened', () => {
  suiteTeardown(async () => {
    await setting('exclude', undefined);
    await setting('diagnosticsScope', undefined);
    await vscode.workspace.fs.delete(folder(), { recursive: true });
  });

  test('a file written on disk gets its findings, and they follow its changes on disk', async () => {
    await vscode.workspace.fs.createDirectory(folder());
    await write('agent.yaml', agentManifest('replicas: two'));
    const found = await settledProblems(file('agent.yaml'), (d) => d.length > 0, 20_000);
    assert.deepEqual(found.map(lineAndCode), ['7 crd/type']);
    notOpen(file('agent.yaml'));
    await write('agent.yaml', agentManifest('replicas: 2\nlogLevel: verbose'));
    const changed = await settledProblems(file('agent.yaml'), (d) => d.map(lineAndCode).join() === '8 crd/enum', 20_000);
    assert.deepEqual(changed.map(lineAndCode), ['8 crd/enum']);
  });

  test('promagent.exclude takes a folder\'s files out of the Problems panel, and back', async () => {
    await setting('exclude', ['pulled']);
    assert.deepEqual((await settledProblems(file('agent.yaml'), (d) => d.length === 0, 20_000)).map(lineAndCode), []);
    await setting('exclude', undefined);
    assert.deepEqual((await settledProblems(file('agent.yaml'), (d) => d.length > 0, 20_000)).map(lineAndCode), ['8 crd/enum']);
  });

  test('promagent.diagnosticsScope "openFiles" lists only open files', async () => {
    await setting('diagnosticsScope', 'openFiles');
    assert.deepEqual((await settledProblems(file('agent.yaml'), (d) => d.length === 0, 20_000)).map(lineAndCode), []);
    await setting('diagnosticsScope', undefined);
    assert.deepEqual((await settledProblems(file('agent.yaml'), (d) => d.length > 0, 20_000)).map(lineAndCode), ['8 crd/enum']);
  });

  test('a file deleted on disk takes its findings along', async () => {
    await vscode.workspace.fs.delete(file('agent.yaml'));
    assert.deepEqual((await settledProblems(file('agent.yaml'), (d) => d.length === 0, 20_000)).map(lineAndCode), []);
  });
});

import assert from 'node:assert/strict';
import { suite, teardown, test } from 'mocha';
import * as vscode from 'vscode';
import { previewScheme } from '../../../client/src/preview';
import { commandIds } from '../../../shared/protocol';
import { discardActiveEditor, examplesFolder, poll } from './helpers';

/** The open preview of `source`, if any. */
const previewOf = (source: vscode.Uri) =>
  vscode.workspace.textDocuments.find((d) => d.uri.scheme === previewScheme && new URLSearchParams(d.uri.query).get('source') === source.toString());

/** A StatefulSet named `name` in the rendered YAML stream. */
const statefulSet = (name: string) => new RegExp(`^kind: StatefulSet\nmetadata:\n {2}name: ${name}$`, 'm');

suite('Preview of rendered manifests', () => {
  const source = () => vscode.Uri.joinPath(examplesFolder(), 'agent-statefulset.yaml');

  teardown(async () => {
    await vscode.window.showTextDocument(source());
    await discardActiveEditor();
    const previews = vscode.window.tabGroups.all.flatMap((group) => group.tabs)
      .filter((tab) => tab.input instanceof vscode.TabInputText && tab.input.uri.scheme === previewScheme);
    await vscode.window.tabGroups.close(previews);
  });

  test('opens the StatefulSet of agent-statefulset.yaml beside it, and renders it again after an edit', async () => {
    const editor = await vscode.window.showTextDocument(source());
    await vscode.commands.executeCommand(commandIds.previewRenderedManifests, editor.document.uri, 0);
    const preview = previewOf(editor.document.uri);
    assert.ok(preview, `no ${previewScheme} document among: ${vscode.workspace.textDocuments.map((d) => d.uri.toString()).join(', ')}`);
    assert.ok(vscode.window.visibleTextEditors.some((e) => e.document === preview && e.viewColumn === vscode.ViewColumn.Two), 'the preview is not beside the editor');
    assert.match(preview.getText(), statefulSet('prom-agent-payments'));
    assert.doesNotMatch(preview.getText(), statefulSet('prom-agent-payments-shard-1'));

    const replicas = editor.document.getText().split('\n').findIndex((line) => line === '  replicas: 2');
    assert.ok(replicas >= 0, 'agent-statefulset.yaml has no "  replicas: 2" line');
    const edit = new vscode.WorkspaceEdit();
    edit.insert(editor.document.uri, new vscode.Position(replicas + 1, 0), '  shards: 2\n');
    assert.ok(await vscode.workspace.applyEdit(edit), 'the workspace refused the edit');
    const secondShard = statefulSet('prom-agent-payments-shard-1');
    const text = await poll(() => previewOf(editor.document.uri)?.getText() ?? '', (current) => secondShard.test(current));
    assert.match(text, secondShard, 'the preview did not show the second shard\'s StatefulSet within 10 s after "shards: 2" was added');
  });

  test('renders again when another file changes what the agent selects', async () => {
    const editor = await vscode.window.showTextDocument(source());
    await vscode.commands.executeCommand(commandIds.previewRenderedManifests, editor.document.uri, 0);
    const other = await vscode.workspace.openTextDocument({ language: 'yaml', content: '' });
    const monitor = 'apiVersion: monitoring.coreos.com/v1\nkind: ServiceMonitor\nmetadata:\n  name: orders-api\n  namespace: payments\n' +
      '  labels: {team: payments}\nspec:\n  selector: {matchLabels: {app: orders-api}}\n  endpoints: [{port: http-metrics}]\n';
    const edit = new vscode.WorkspaceEdit();
    edit.insert(other.uri, new vscode.Position(0, 0), monitor);
    assert.ok(await vscode.workspace.applyEdit(edit), 'the workspace refused the edit');
    const job = /serviceMonitor\/payments\/orders-api\/0/;
    const text = await poll(() => previewOf(editor.document.uri)?.getText() ?? '', (current) => job.test(current));
    await vscode.window.showTextDocument(other);
    await discardActiveEditor();
    assert.match(text, job, 'the preview did not show the job of a ServiceMonitor added in another document within 10 s');
  });

  test('the CodeLens on a ServiceMonitor names the agent that scrapes it and opens that rendering at its job', async () => {
    const editor = await vscode.window.showTextDocument(source());
    const lenses = await poll(
      () => vscode.commands.executeCommand<vscode.CodeLens[]>('vscode.executeCodeLensProvider', editor.document.uri),
      (found) => found.some((lens) => lens.command?.title.startsWith('Scraped by')),
    );
    const lens = lenses.find((found) => found.command?.title.startsWith('Scraped by'));
    assert.equal(lens?.command?.title, 'Scraped by PrometheusAgent monitoring/payments');
    await vscode.commands.executeCommand(lens!.command!.command, ...(lens!.command!.arguments ?? []));
    const preview = await poll(() => vscode.window.visibleTextEditors.find((e) => e.document.uri.scheme === previewScheme), (found) => found !== undefined);
    assert.ok(preview, 'no preview opened');
    assert.equal(preview.document.lineAt(preview.selection.active.line).text, '- job_name: serviceMonitor/checkout/checkout-api/0');
  });
});

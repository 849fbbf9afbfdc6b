import assert from 'node:assert/strict';
import { join } from 'node:path';
import { suite, teardown, test } from 'mocha';
import * as vscode from 'vscode';
import { agentManifest, discardActiveEditor, examplesFolder, lineAndCode, settledDiagnostics, settledProblems, showUntitledYaml } from './helpers';

/** The one `code` diagnostic of `document` (on `line`, 1-based, when given), once it appears. */
async function diagnostic(document: vscode.TextDocument, code: string, line?: number): Promise<vscode.Diagnostic> {
  const matches = (d: vscode.Diagnostic) => d.code === code && (line === undefined || d.range.start.line + 1 === line);
  const [found] = (await settledDiagnostics(document.uri, (all) => all.some(matches))).filter(matches);
  assert.ok(found, `no ${code} diagnostic appeared${line === undefined ? '' : ` on line ${line}`}`);
  return found;
}

/** The quick fixes the code-action provider offers for `diagnostic`. */
function quickFixes(document: vscode.TextDocument, diagnostic: vscode.Diagnostic): Thenable<vscode.CodeAction[]> {
  return vscode.commands.executeCommand<vscode.CodeAction[]>('vscode.executeCodeActionProvider', document.uri, diagnostic.range, vscode.CodeActionKind.QuickFix.value);
}

/** Applies the quick fix titled `title` that the code-action provider offers for `diagnostic`. */
async function applyQuickFix(document: vscode.TextDocument, diagnostic: vscode.Diagnostic, title: string): Promise<void> {
  const actions = await quickFixes(document, diagnostic);
  const fix = actions.find((action) => action.title === title);
  assert.ok(fix?.edit, `no quick fix "${title}"; offered: ${actions.map((a) => `"${a.title}"`).join(', ') || 'none'}`);
  assert.ok(await vscode.workspace.applyEdit(fix.edit), 'the workspace refused the edit');
}

/** In a fresh editor holding `text`, applies `title` to its `code` diagnostic; the text must become `fixed`, with no finding left. */
async function fixesTo(text: string, code: string, title: string, fixed: string): Promise<void> {
  const { document } = await showUntitledYaml(text);
  await applyQuickFix(document, await diagnostic(document, code), title);
  assert.equal(document.getText(), fixed);
  assert.deepEqual((await settledProblems(document.uri, (found) => found.length === 0)).map((d) => d.message), []);
}

suite('Quick fixes', () => {
  teardown(discardActiveEditor);

  test('an unknown field is renamed to the field it misspells, and its diagnostic goes', async () => {
    const text = agentManifest('remoteWrites:\n  - url: https://metrics.example.com/api/v1/write');
    await fixesTo(text, 'crd/unknown-field', 'Rename to "remoteWrite"', text.replace('remoteWrites:', 'remoteWrite:'));
  });

  test('an enum value with a case slip is changed to the canonical spelling, comment kept', async () => {
    const text = agentManifest('logLevel: Debug # chatty');
    await fixesTo(text, 'crd/enum', 'Change to "debug"', text.replace('Debug #', 'debug #'));
  });

  test('a field DaemonSet mode forbids is removed, line and all', async () => {
    const text = agentManifest('mode: DaemonSet\nreplicas: 3\nscrapeInterval: 30s');
    await fixesTo(text, 'crd/validation-rule', 'Remove replicas', text.replace('  replicas: 3\n', ''));
  });

  suite('in examples/mistakes/agent-statefulset.yaml', () => {
    const open = () => vscode.window.showTextDocument(vscode.Uri.file(join(examplesFolder().fsPath, 'mistakes', 'agent-statefulset.yaml')));
    /** The 1-based line that starts with `start` (after its indentation). */
    const lineOf = (document: vscode.TextDocument, start: string) => {
      const index = document.getText().split('\n').findIndex((line) => line.trimStart().startsWith(start));
      assert.ok(index >= 0, `no line starts with "${start}"`);
      return index + 1;
    };

    test('externalLabel is renamed to externalLabels; only its finding goes', async () => {
      const { document } = await open();
      const text = document.getText();
      const flagged = `${lineOf(document, 'externalLabel:')} crd/unknown-field`;
      const before = (await settledDiagnostics(document.uri, (found) => found.map(lineAndCode).includes(flagged))).map(lineAndCode).sort();
      assert.ok(before.includes(flagged), `externalLabel is not flagged (${flagged}): ${before.join(', ')}`);
      await applyQuickFix(document, await diagnostic(document, 'crd/unknown-field', lineOf(document, 'externalLabel:')), 'Rename to "externalLabels"');
      assert.equal(document.getText(), text.replace('  externalLabel: #', '  externalLabels: #'));
      const expected = before.filter((finding) => finding !== flagged);
      const after = await settledDiagnostics(document.uri, (found) => found.map(lineAndCode).sort().join() === expected.join());
      assert.deepEqual(after.map(lineAndCode).sort(), expected);
    });

    test('remoteWrites gets no rename: the spec already has a remoteWrite', async () => {
      const { document } = await open();
      const actions = await quickFixes(document, await diagnostic(document, 'crd/unknown-field', lineOf(document, 'remoteWrites:')));
      assert.deepEqual(actions.map((a) => a.title).filter((title) => title.startsWith('Rename')), []);
    });
  });
});

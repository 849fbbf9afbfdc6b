import assert from 'node:assert/strict';
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { suite, suiteSetup, test } from 'mocha';
import * as vscode from 'vscode';
import { examplesFolder, lineAndCode, poll, settledDiagnostics } from './helpers';

/** The `# expect: code[, code]` comments of a mistakes file, as `line code` (1-based), sorted. */
function expectations(text: string): string[] {
  return text.split('\n').flatMap((line, index) => {
    const match = /# expect: ([a-z][\w/-]*(?:, *[a-z][\w/-]*)*)\s*$/.exec(line);
    return match ? match[1].split(',').map((code) => `${index + 1} ${code.trim()}`) : [];
  }).sort();
}

suite('Diagnostics of examples/mistakes', () => {
  const folder = join(examplesFolder().fsPath, 'mistakes');
  const names = existsSync(folder) ? readdirSync(folder).filter((name) => /\.ya?ml$/.test(name)).sort() : [];

  // Open every file first, as a user browsing the folder would, so checks that look across files see them all.
  suiteSetup(async () => {
    for (const name of names) await vscode.workspace.openTextDocument(vscode.Uri.file(join(folder, name)));
  });

  test('the folder holds mistakes files', () => {
    assert.ok(names.length > 0, `no .yaml or .yml file in ${folder}`);
  });

  for (const name of names) {
    test(`${name}: each line with "# expect:" gets exactly those findings, no other line gets one`, async () => {
      const expected = expectations(readFileSync(join(folder, name), 'utf8'));
      assert.ok(expected.length > 0, `${name} has no "# expect: <rule-code>" comment`);
      const editor = await vscode.window.showTextDocument(vscode.Uri.file(join(folder, name)));
      const found = (diagnostics: vscode.Diagnostic[]) => diagnostics.map(lineAndCode).sort();
      const diagnostics = await settledDiagnostics(editor.document.uri, (current) => found(current).join() === expected.join());
      assert.deepEqual(found(diagnostics), expected, diagnostics.map((d) => `${lineAndCode(d)}: ${d.message}`).join('\n'));
    });
  }
});

suite('Diagnostics of examples/global-view: a global server and an edge agent in one repository', () => {
  const folder = join(examplesFolder().fsPath, 'global-view');
  const names = existsSync(folder) ? readdirSync(folder).filter((name) => /\.ya?ml$/.test(name)).sort() : [];

  suiteSetup(async () => {
    for (const name of names) await vscode.workspace.openTextDocument(vscode.Uri.file(join(folder, name)));
  });

  for (const name of names) {
    test(`${name}: the configuration is run by the workload that mounts it, and no line gets a finding`, async () => {
      const editor = await vscode.window.showTextDocument(vscode.Uri.file(join(folder, name)));
      const line = editor.document.getText().split('\n').findIndex((text) => text.includes('prometheus.yml: |'));
      // Once the hover names the workload, the server has read both files: the diagnostics then are the final ones.
      const hoverText = async () => {
        const hovers = await vscode.commands.executeCommand<vscode.Hover[]>('vscode.executeHoverProvider', editor.document.uri, new vscode.Position(line, 4));
        return hovers.flatMap((hover) => hover.contents.map((content) => (typeof content === 'string' ? content : content.value))).join('\n');
      };
      assert.match(await poll(hoverText, (text) => text.includes('run by')), /run by (Deployment|StatefulSet) monitoring\//);
      const diagnostics = await settledDiagnostics(editor.document.uri, (current) => current.length === 0);
      assert.deepEqual(diagnostics.map((d) => `${lineAndCode(d)}: ${d.message}`), []);
    });
  }
});

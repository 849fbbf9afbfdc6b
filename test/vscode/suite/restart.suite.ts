import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { suite, teardown, test } from 'mocha';
import * as vscode from 'vscode';
import { agentManifest, discardActiveEditor, lineAndCode, settledProblems, showUntitledYaml } from './helpers';

/** The language servers this extension host started: node processes running dist/server.js whose parent is us. */
function serverProcesses(): number[] {
  const table = execFileSync('ps', ['-eo', 'pid=,ppid=,args='], { encoding: 'utf8' });
  return table.split('\n').map((line) => line.trim().split(/\s+/)).filter(([, ppid, ...args]) =>
    Number(ppid) === process.pid && args.join(' ').includes('dist/server.js')).map(([pid]) => Number(pid));
}

suite('A crashed server', () => {
  teardown(discardActiveEditor);

  test('is restarted by the client, and diagnostics come back', async () => {
    const { document } = await showUntitledYaml(agentManifest('replicas: two'));
    const before = await settledProblems(document.uri, (found) => found.length > 0);
    assert.deepEqual(before.map(lineAndCode), ['7 crd/type']);
    const killed = serverProcesses();
    assert.ok(killed.length > 0, 'found the language server process');
    for (const pid of killed) process.kill(pid, 'SIGKILL');
    const editor = await vscode.window.showTextDocument(document);
    await editor.edit((edit) => edit.insert(new vscode.Position(document.lineCount, 0), '  logLevel: verbose\n'));
    const after = await settledProblems(document.uri, (found) => found.some((d) => lineAndCode(d).endsWith('crd/enum')), 30_000);
    assert.deepEqual(after.map(lineAndCode).sort(), ['7 crd/type', '8 crd/enum']);
    assert.ok(serverProcesses().every((pid) => !killed.includes(pid)), 'a new server process runs');
  });
});

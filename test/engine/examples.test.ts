import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { checkFile, defaultCheckOptions, Workspace } from '../../server/src/engine';
import { describe } from '../support/engine';

const examples = join(__dirname, '..', '..', 'examples');

/** Checks the files of a folder as one workspace, as the CLI and the editor do. */
function checkFolder(folder: string) {
  const workspace = new Workspace();
  const files = readdirSync(folder).filter((f) => /\.ya?ml$/.test(f)).sort()
    .map((name) => ({ name, file: workspace.set(pathToFileURL(join(folder, name)).href, readFileSync(join(folder, name), 'utf8')) }));
  return files.map(({ name, file }) => ({ name, text: file.text, findings: checkFile(file, workspace, defaultCheckOptions) }));
}

/** The `# expect: code[, code]` comments of a mistakes file, as `line code` (1-based). */
function expectations(text: string): string[] {
  return text.split('\n').flatMap((line, index) => {
    const match = /# expect: ([a-z][\w/-]*(?:, *[a-z][\w/-]*)*)\s*$/.exec(line);
    return match ? match[1].split(',').map((code) => `${index + 1} ${code.trim()}`) : [];
  });
}

test('the clean examples get no finding but hints', () => {
  for (const { name, findings } of checkFolder(examples)) {
    assert.deepEqual(findings.filter((f) => f.severity !== 'hint').map(describe), [], name);
  }
});

test('every example has a mistakes twin', () => {
  const clean = readdirSync(examples).filter((f) => /\.ya?ml$/.test(f)).sort();
  const mistakes = readdirSync(join(examples, 'mistakes')).filter((f) => /\.ya?ml$/.test(f));
  for (const name of clean) assert.ok(mistakes.includes(name), `examples/mistakes/${name} is missing`);
});

test('each mistake is flagged on the line that says so, and nothing else is', () => {
  for (const { name, text, findings } of checkFolder(join(examples, 'mistakes'))) {
    const found = findings.map((f) => `${f.range.start.line + 1} ${f.code}`).sort();
    assert.deepEqual(found, expectations(text).sort(), `examples/mistakes/${name}:\n${findings.map(describe).join('\n')}`);
  }
});

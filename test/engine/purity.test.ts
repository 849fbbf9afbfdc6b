import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdirSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import * as esbuild from 'esbuild';
import { enginePurity } from '../../esbuild.mjs';

/** Bundles `source` as a file of an engine folder, with the build's purity check. */
async function buildEngineFile(source: string): Promise<string[]> {
  const engine = join(mkdtempSync(join(tmpdir(), 'promagent-purity-')), 'server', 'src', 'engine');
  mkdirSync(engine, { recursive: true });
  writeFileSync(join(engine, 'rule.ts'), source);
  try {
    await esbuild.build({ entryPoints: [join(engine, 'rule.ts')], bundle: true, write: false, platform: 'node', logLevel: 'silent', plugins: [enginePurity], external: ['*'] });
    return [];
  } catch (error) {
    return (error as esbuild.BuildFailure).errors.map((e) => `${e.location?.line}: ${e.text}`);
  }
}

test('the build refuses an engine file that imports the editor, the LSP or the file system, type imports included', async () => {
  assert.deepEqual(await buildEngineFile("import { readFileSync } from 'node:fs';\nexport const a = readFileSync;\n"),
    ['1: the engine must stay pure: it may not import "node:fs" (the LSP server, the CLI and the client do I/O and talk to editors)']);
  assert.equal((await buildEngineFile("export const x = 1;\nimport type { Hover } from 'vscode-languageserver';\nexport type H = Hover;\n")).length, 1);
  assert.equal((await buildEngineFile("import * as vscode from 'vscode';\nexport const v = vscode;\n")).length, 1);
  assert.deepEqual(await buildEngineFile("import { gzipSync } from 'node:zlib';\nimport { parse } from 'yaml';\nexport const z = [gzipSync, parse];\n"), []);
});

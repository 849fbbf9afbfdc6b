// Runs every test layer: type-check, build, then node's test runner over test/**/*.test.ts (engine, CLI, LSP server,
// real editor). Arguments narrow the run to files or folders: `npm test -- test/engine`.
import { spawnSync } from 'node:child_process';
import { readdirSync, statSync } from 'node:fs';
import { join } from 'node:path';

function step(title, command, args) {
  console.log(`\n> ${title}`);
  const result = spawnSync(command, args, { stdio: 'inherit' });
  if (result.status !== 0) {
    console.error(`${title} failed`);
    process.exit(result.status ?? 1);
  }
}

function testFiles(path) {
  if (!statSync(path).isDirectory()) return [path];
  return readdirSync(path, { withFileTypes: true })
    .sort((a, b) => a.name.localeCompare(b.name))
    .flatMap((entry) => {
      const child = join(path, entry.name);
      if (entry.isDirectory()) return testFiles(child);
      return entry.name.endsWith('.test.ts') ? [child] : [];
    });
}

const layers = ['test/engine', 'test/cli', 'test/client', 'test/server', 'test/vscode'];
const requested = process.argv.slice(2);
const files = (requested.length ? requested : layers.filter((l) => { try { return statSync(l).isDirectory(); } catch { return false; } }))
  .flatMap(testFiles);

step('type-check', process.execPath, ['node_modules/typescript/bin/tsc', '-p', '.']);
step('build', process.execPath, ['esbuild.mjs']);
console.log(`\n> tests (${files.length} files)`);
const result = spawnSync(process.execPath, ['--import', 'tsx', '--test', ...files], { stdio: 'inherit' });
process.exit(result.status ?? 1);

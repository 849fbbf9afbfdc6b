// Bundles the extension-host suite (test/vscode/suite) into out/test/suite: index.js plus one bundle per *.suite.ts.
import * as esbuild from 'esbuild';
import { readdirSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import { repoRoot } from './processes';

const sources = join(repoRoot, 'test', 'vscode', 'suite');
export const suiteOutDir = join(repoRoot, 'out', 'test', 'suite');
export const suiteEntry = join(suiteOutDir, 'index.js');

/** Every bundle must share the one mocha instance the runner creates: mocha stays outside, required by absolute path. */
const mochaFromNodeModules: esbuild.Plugin = {
  name: 'mocha-from-node-modules',
  setup(build) {
    build.onResolve({ filter: /^mocha$/ }, () => ({ path: join(repoRoot, 'node_modules', 'mocha', 'lib', 'mocha.cjs'), external: true }));
  },
};

export async function buildSuite(): Promise<void> {
  const entryPoints = readdirSync(sources).filter((name) => name === 'index.ts' || name.endsWith('.suite.ts')).map((name) => join(sources, name));
  rmSync(suiteOutDir, { recursive: true, force: true });
  await esbuild.build({
    entryPoints,
    outdir: suiteOutDir,
    bundle: true,
    platform: 'node',
    format: 'cjs',
    target: 'node20',
    external: ['vscode'],
    plugins: [mochaFromNodeModules],
    sourcemap: 'inline',
    logLevel: 'warning',
  });
}

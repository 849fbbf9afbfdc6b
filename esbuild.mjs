// Bundles the extension client, the language server and the CLI. `--production` minifies, `--watch` rebuilds.
import * as esbuild from 'esbuild';
import { mkdirSync, realpathSync, renameSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const production = process.argv.includes('--production');
const watch = process.argv.includes('--watch');

// yaml's Node build reads process.env on every token it parses (a debugging switch), a fifth of the parse time; its
// browser build is the same parser without that read.
const yamlBrowserBuild = join(dirname(createRequire(import.meta.url).resolve('yaml/package.json')), 'browser', 'index.js');

/** @type {import('esbuild').BuildOptions} */
const common = {
  bundle: true,
  platform: 'node',
  format: 'cjs',
  // code-server's extension host runs Node 20; desktop VS Code's is newer.
  target: 'node20',
  minify: production,
  sourcemap: !production,
  logLevel: 'info',
};

/**
 * Options of the bundles holding the engine (server, CLI); the benchmark bundles the engine with them too, to measure
 * it as shipped. Not for yaml-language-server's bundle: it pins a yaml version of its own.
 * @type {import('esbuild').BuildOptions}
 */
export const engineBundle = { ...common, alias: { yaml: yamlBrowserBuild } };

/**
 * Writes a build's files whole or not at all (a temporary file renamed over the old one): a server or CLI started
 * while `npm start` or `npm pack` rebuilds reads the old bundle or the new one, never half of one.
 */
const writtenAtomically = (mode) => ({
  name: 'written-atomically',
  setup: (build) => build.onEnd((result) => {
    for (const file of result.outputFiles ?? []) {
      const partial = `${file.path}.${process.pid}.partial`;
      mkdirSync(dirname(file.path), { recursive: true });
      writeFileSync(partial, file.contents, { mode: file.path.endsWith('.map') ? 0o644 : mode });
      renameSync(partial, file.path);
    }
  }),
});

/** A bundle, written as one file (and its source map). */
const bundle = (outfile) => ({ outfile, write: false, plugins: [writtenAtomically(0o644)] });

/** A bundle run as a command (package.json's `bin`): a shebang line, and the executable bit. */
const executable = (outfile) => ({ outfile, write: false, banner: { js: '#!/usr/bin/env node' }, plugins: [writtenAtomically(0o755)] });

const builds = [
  { ...common, entryPoints: ['client/src/extension.ts'], ...bundle('dist/client.js'), external: ['vscode'] },
  // The server loads yaml-language-server from its own bundle on first use. Its dependencies ship UMD builds esbuild
  // cannot follow; their ES module builds bundle cleanly. It is also `promagent-language-server`, for any editor.
  { ...engineBundle, entryPoints: ['server/src/server.ts'], ...executable('dist/server.js'), external: ['./yamlLanguageService.js'] },
  { ...common, entryPoints: ['server/src/lsp/yamlLanguageService.ts'], ...bundle('dist/yamlLanguageService.js'), mainFields: ['module', 'main'] },
  { ...engineBundle, entryPoints: ['server/src/cli.ts'], ...bundle('dist/cliMain.js') },
  // `promagent` is a small launcher that runs the CLI bundle from V8's code cache: a short run is mostly start-up.
  { ...common, entryPoints: ['server/src/launchCli.ts'], ...executable('dist/cli.js') },
];

// Run, it builds; imported (by the benchmark), it only lends its options.
if (realpathSync(process.argv[1]) === fileURLToPath(import.meta.url)) {
  // No top-level await: the benchmark, which tsx runs as CommonJS, imports this file.
  const built = watch
    ? Promise.all(builds.map(async (options) => (await esbuild.context(options)).watch()))
    : Promise.all(builds.map((options) => esbuild.build(options)));
  built.catch(() => {
    process.exitCode = 1;
  });
}

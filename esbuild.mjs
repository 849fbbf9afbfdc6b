// Bundles the extension client, the language server and the CLI. `--production` minifies, `--watch` rebuilds.
import * as esbuild from 'esbuild';
import { chmodSync, readFileSync, realpathSync } from 'node:fs';
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

/** What the engine may not import: the editor, the LSP, and every kind of I/O. Type-only imports count too. */
const outsideTheEngine = /^(vscode(-[\w-]+)?(\/.*)?|(node:)?(fs|fs\/promises|child_process|net|http|https|worker_threads))$/;

/**
 * Keeps server/src/engine pure: the build fails on an import of the editor, the LSP or I/O there. It reads the
 * TypeScript source, before `import type` is erased.
 * @type {import('esbuild').Plugin}
 */
export const enginePurity = {
  name: 'engine-purity',
  setup(build) {
    build.onLoad({ filter: /[\\/]server[\\/]src[\\/]engine[\\/].*\.ts$/ }, (args) => {
      const source = readFileSync(args.path, 'utf8');
      const errors = [...source.matchAll(/\b(?:from|import|require)\s*\(?\s*['"]([^'"]+)['"]/g)]
        .filter((match) => outsideTheEngine.test(match[1]))
        .map((match) => {
          const line = source.slice(0, match.index).split('\n').length;
          return { text: `the engine must stay pure: it may not import "${match[1]}" (the LSP server, the CLI and the client do I/O and talk to editors)`, location: { file: args.path, line, column: 0 } };
        });
      return errors.length ? { errors } : undefined;
    });
  },
};

/**
 * Options of the bundles holding the engine (server, CLI); the benchmark bundles the engine with them too, to measure
 * it as shipped. Not for yaml-language-server's bundle: it pins a yaml version of its own.
 * @type {import('esbuild').BuildOptions}
 */
export const engineBundle = { ...common, alias: { yaml: yamlBrowserBuild }, plugins: [enginePurity] };

const builds = [
  { ...common, entryPoints: ['client/src/extension.ts'], outfile: 'dist/client.js', external: ['vscode'] },
  // The server loads yaml-language-server from its own bundle on first use. Its dependencies ship UMD builds esbuild
  // cannot follow; their ES module builds bundle cleanly.
  { ...engineBundle, entryPoints: ['server/src/server.ts'], outfile: 'dist/server.js', external: ['./yamlLanguageService.js'] },
  { ...common, entryPoints: ['server/src/lsp/yamlLanguageService.ts'], outfile: 'dist/yamlLanguageService.js', mainFields: ['module', 'main'] },
  { ...engineBundle, entryPoints: ['server/src/cli.ts'], outfile: 'dist/cliMain.js' },
  // `promagent` is a small launcher that runs the CLI bundle from V8's code cache: a short run is mostly start-up.
  {
    ...common,
    entryPoints: ['server/src/launchCli.ts'],
    outfile: 'dist/cli.js',
    banner: { js: '#!/usr/bin/env node' },
    plugins: [{ name: 'executable', setup: (build) => build.onEnd(() => chmodSync('dist/cli.js', 0o755)) }],
  },
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

// Bundles the extension client, the language server and the CLI. `--production` minifies, `--watch` rebuilds.
import * as esbuild from 'esbuild';
import { chmodSync } from 'node:fs';

const production = process.argv.includes('--production');
const watch = process.argv.includes('--watch');

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

const builds = [
  { ...common, entryPoints: ['client/src/extension.ts'], outfile: 'dist/client.js', external: ['vscode'] },
  // The server loads yaml-language-server from its own bundle on first use. Its dependencies ship UMD builds esbuild
  // cannot follow; their ES module builds bundle cleanly.
  { ...common, entryPoints: ['server/src/server.ts'], outfile: 'dist/server.js', external: ['./yamlLanguageService.js'] },
  { ...common, entryPoints: ['server/src/lsp/yamlLanguageService.ts'], outfile: 'dist/yamlLanguageService.js', mainFields: ['module', 'main'] },
  {
    ...common,
    entryPoints: ['server/src/cli.ts'],
    outfile: 'dist/cli.js',
    banner: { js: '#!/usr/bin/env node' },
    plugins: [{ name: 'executable', setup: (build) => build.onEnd(() => chmodSync('dist/cli.js', 0o755)) }],
  },
];

if (watch) {
  for (const options of builds) await (await esbuild.context(options)).watch();
} else {
  await Promise.all(builds.map((options) => esbuild.build(options)));
}

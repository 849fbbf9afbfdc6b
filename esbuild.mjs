// Bundles the extension client, the language server and the CLI. `--production` minifies, `--watch` rebuilds.
import * as esbuild from 'esbuild';
import { createHash } from 'node:crypto';
import { mkdirSync, readFileSync, realpathSync, renameSync, writeFileSync } from 'node:fs';
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

const root = dirname(fileURLToPath(import.meta.url));
const require = createRequire(import.meta.url);

/**
 * Writes a file whole or not at all (a temporary file renamed over the old one): a server or CLI started while
 * `npm start` or `npm pack` rebuilds reads the old file or the new one, never half of one.
 */
function writeAtomically(file, contents, mode = 0o644) {
  const partial = `${file}.${process.pid}.partial`;
  mkdirSync(dirname(file), { recursive: true });
  writeFileSync(partial, contents, { mode });
  renameSync(partial, file);
}

/** The validators generated so far, by the hash of what generates them (a --watch rebuild after a schema changed). */
const validatorSources = new Map();

/**
 * The newest release's CRD validators as code and the guards of its CEL rules (scripts/crd-validators.ts): seconds of
 * work, kept in out/ under the hash of the generator as bundled (it holds the schemas, the ajv set-up and the CEL
 * parser) and of ajv's version.
 */
async function crdValidatorSources() {
  const { outputFiles } = await esbuild.build({
    entryPoints: [join(root, 'scripts', 'crd-validators.ts')], bundle: true, platform: 'node', format: 'cjs', target: 'node20', packages: 'external', write: false, logLevel: 'silent',
  });
  const generator = outputFiles[0].text;
  const hash = createHash('sha256').update(generator).update(require('ajv/package.json').version).digest('hex').slice(0, 16);
  if (!validatorSources.has(hash)) {
    validatorSources.set(hash, (async () => {
      const cached = join(root, 'out', 'crd-validators', `${hash}.json`);
      try {
        return { hash, ...JSON.parse(readFileSync(cached, 'utf8')) };
      } catch {
        const module = { exports: {} };
        new Function('module', 'exports', 'require', generator)(module, module.exports, require);
        const generated = { sources: module.exports.validatorModules(), guards: module.exports.celGuards() };
        writeAtomically(cached, JSON.stringify(generated));
        return { hash, ...generated };
      }
    })());
  }
  return validatorSources.get(hash);
}

/** The validator files written so far, by folder and generator hash: the server and CLI bundles share them. */
const writtenValidators = new Map();

/**
 * Writes each validator as a file of its own beside the bundle (`crd-validators/PrometheusAgent.js`), with ajv's few
 * run-time helpers bundled in: a process loads the ones it uses, when it first uses them. In the bundle they would
 * be read, and their code cache loaded, by every run, even one that validates nothing.
 */
function writeValidators(folder, minify) {
  return crdValidatorSources().then(({ hash, sources }) => {
    const key = `${folder}|${hash}|${minify}`;
    if (!writtenValidators.has(key)) {
      const options = { bundle: true, platform: 'node', format: 'cjs', target: 'node20', minify, write: false, logLevel: 'silent' };
      // The engine they match `pattern` with (rules/crd/patternRegExp.ts), once beside them: each requires it.
      const pattern = esbuild.build({ ...options, entryPoints: [join(root, 'server', 'src', 'engine', 'rules', 'crd', 'patternRegExp.ts')] })
        .then(({ outputFiles }) => writeAtomically(join(folder, 'pattern.js'), outputFiles[0].contents));
      writtenValidators.set(key, Promise.all([pattern, ...Object.entries(sources).map(async ([kind, source]) => {
        const { outputFiles } = await esbuild.build({ ...options, stdin: { contents: source, resolveDir: root, sourcefile: `${kind}.js` }, external: ['./pattern.js'] });
        writeAtomically(join(folder, `${kind}.js`), outputFiles[0].contents);
        return kind;
      })]).then(([, ...kinds]) => kinds));
    }
    return writtenValidators.get(key);
  });
}

/**
 * Builds the engine's precompiled.ts as the loaders of the validator files (see writeValidators), which it writes.
 * Compiling the validators at start was half of a short CLI run.
 * @type {import('esbuild').Plugin}
 */
export const precompiledValidators = {
  name: 'precompiled-validators',
  setup(build) {
    const folder = join(dirname(build.initialOptions.outfile ?? join(root, 'dist', 'bundle.js')), 'crd-validators');
    build.onLoad({ filter: /[\\/]server[\\/]src[\\/]engine[\\/]rules[\\/]crd[\\/]precompiled\.ts$/ }, async () => {
      const kinds = await writeValidators(folder, Boolean(build.initialOptions.minify));
      const loaders = kinds.map((kind) => `${kind}: () => require('./crd-validators/${kind}.js')`).join(', ');
      return { contents: `exports.precompiledValidators = { ${loaders} };\n`, loader: 'js' };
    });
    build.onResolve({ filter: /^\.\/crd-validators\// }, (args) => ({ path: args.path, external: true }));
  },
};

/**
 * Builds the engine's cel/precomputed.ts as the guards of the newest release's CEL rules, found at build time: a run
 * then parses only the rules its documents do not skip.
 * @type {import('esbuild').Plugin}
 */
export const precomputedGuards = {
  name: 'precomputed-guards',
  setup(build) {
    build.onLoad({ filter: /[\\/]server[\\/]src[\\/]engine[\\/]rules[\\/]cel[\\/]precomputed\.ts$/ }, async () => {
      const { guards } = await crdValidatorSources();
      return { contents: `exports.precomputedGuards = new Map(${JSON.stringify(Object.entries(guards))});\n`, loader: 'js' };
    });
  },
};

/**
 * Options of the bundles holding the engine (server, CLI); the benchmark bundles the engine with them too, to measure
 * it as shipped. Not for yaml-language-server's bundle: it pins a yaml version of its own.
 * @type {import('esbuild').BuildOptions}
 */
export const engineBundle = { ...common, alias: { yaml: yamlBrowserBuild }, plugins: [enginePurity, precompiledValidators, precomputedGuards] };

/**
 * JSON modules as `JSON.parse("...")`, not object literals: compiling a bundle, V8 parses an object literal's every
 * property but only scans a string. As literals, the server bundle's 1.7 MB of schemas took its compile from 11 to 21 MB
 * of memory, which the C allocator mostly keeps afterwards. The JSON text is ASCII, its other characters escaped in it:
 * the string stays in the heap while the module's code does, and one character outside Latin-1 makes V8 store it all in
 * two bytes a character.
 * @type {import('esbuild').Plugin}
 */
const jsonParsedWhenRun = {
  name: 'json-parsed-when-run',
  setup(build) {
    build.onLoad({ filter: /\.json$/ }, (args) => {
      const json = JSON.stringify(JSON.parse(readFileSync(args.path, 'utf8')))
        .replace(/[^\x00-\x7f]/g, (c) => `\\u${c.charCodeAt(0).toString(16).padStart(4, '0')}`);
      return { contents: `module.exports = JSON.parse(${JSON.stringify(json)});`, loader: 'js' };
    });
  },
};

/** Writes a build's files with writeAtomically. */
const writtenAtomically = (mode) => ({
  name: 'written-atomically',
  setup: (build) => build.onEnd((result) => {
    for (const file of result.outputFiles ?? []) writeAtomically(file.path, file.contents, file.path.endsWith('.map') ? 0o644 : mode);
  }),
});

/** A bundle with `options`, written as one file (and its source map). */
const bundle = (options, outfile) => ({ ...options, outfile, write: false, plugins: [...(options.plugins ?? []), writtenAtomically(0o644)] });

/** A bundle run as a command (package.json's `bin`): a shebang line, and the executable bit. */
const executable = (options, outfile) => ({
  ...options, outfile, write: false, banner: { js: '#!/usr/bin/env node' }, plugins: [...(options.plugins ?? []), writtenAtomically(0o755)],
});

const builds = [
  { ...bundle(common, 'dist/client.js'), entryPoints: ['client/src/extension.ts'], external: ['vscode'] },
  // The server loads yaml-language-server from its own bundle on first use. Its dependencies ship UMD builds esbuild
  // cannot follow; their ES module builds bundle cleanly. It is also `promagent-language-server`, for any editor.
  { ...executable({ ...engineBundle, plugins: [...engineBundle.plugins, jsonParsedWhenRun] }, 'dist/server.js'), entryPoints: ['server/src/server.ts'], external: ['./yamlLanguageService.js'] },
  { ...bundle(common, 'dist/yamlLanguageService.js'), entryPoints: ['server/src/lsp/yamlLanguageService.ts'], mainFields: ['module', 'main'] },
  { ...bundle(engineBundle, 'dist/cliMain.js'), entryPoints: ['server/src/cli.ts'] },
  // `promagent` is a small launcher that runs the CLI bundle from V8's code cache: a short run is mostly start-up.
  { ...executable(common, 'dist/cli.js'), entryPoints: ['server/src/launchCli.ts'] },
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

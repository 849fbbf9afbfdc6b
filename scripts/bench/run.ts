// `npm run bench`: measures promagent against the bare YAML parse, yaml-language-server and promtool, on generated
// inputs, and prints a table plus bench/results.json. Figures, not pass/fail: the README quotes the latest table.
import { spawnSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import { cpus, tmpdir, totalmem } from 'node:os';
import { join } from 'node:path';
import { buildSync } from 'esbuild';
import { isMap, isScalar, parseAllDocuments } from 'yaml';
import { getLanguageService } from 'yaml-language-server';
import { TextDocument } from 'vscode-languageserver-textdocument';
import { engineBundle } from '../../esbuild.mjs';
import { cliRows } from './cli';
import { configCorpus, manifest } from './generate';
import { latencyRows, promagentEdits } from './latency';
import { memoryRows } from './memory';
import { table as markdownTable, type Row } from './row';

const root = join(__dirname, '..', '..');
const yamlLanguageServerVersion = (JSON.parse(readFileSync(require.resolve('yaml-language-server/package.json'), 'utf8')) as { version: string }).version;
const big = manifest(20_000);
const small = manifest(2_000, 43);
const huge = manifest(200_000, 44);

/** The engine's bundle options without the purity check: esbuild runs no plugin in a synchronous build; the build checks it. */
const engineOptions = { ...engineBundle, plugins: [] };

/** The engine bundled as the server and CLI bundle it: measured as shipped, not through tsx's transform. */
function bundledEngine(): typeof import('../../server/src/engine') {
  const outfile = join(root, 'out', 'bench', 'engine.js');
  buildSync({ ...engineOptions, entryPoints: [join(root, 'server', 'src', 'engine', 'index.ts')], outfile, sourcemap: false, logLevel: 'warning' });
  return require(outfile);
}

const { checkFile, defaultCheckOptions, Workspace } = bundledEngine();

/**
 * `yaml` as promagent bundles it: its browser build, the same parser as the Node build `require('yaml')` loads, without
 * that build's read of process.env on every token. The floor promagent's own parse is measured against.
 */
function bundledYaml(): { path: string; parseAllDocuments: typeof parseAllDocuments } {
  const path = join(root, 'out', 'bench', 'yaml.js');
  buildSync({ ...engineOptions, stdin: { contents: "export { parseAllDocuments } from 'yaml';", resolveDir: root }, outfile: path, sourcemap: false, logLevel: 'warning' });
  return { path, parseAllDocuments: require(path).parseAllDocuments };
}

const shippedYaml = bundledYaml();

function median(values: number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.floor(sorted.length / 2)];
}

function time(runs: number, run: () => unknown): number {
  const samples: number[] = [];
  for (let i = 0; i < runs; i++) {
    const started = performance.now();
    run();
    samples.push(performance.now() - started);
  }
  return median(samples);
}

async function timeAsync(runs: number, run: () => Promise<unknown>): Promise<number> {
  const samples: number[] = [];
  for (let i = 0; i < runs; i++) {
    const started = performance.now();
    await run();
    samples.push(performance.now() - started);
  }
  return median(samples);
}

/** The prometheus.yml texts the manifest's ConfigMaps hold: promagent parses each of them too. */
function embeddedConfigs(text: string): string[] {
  return parseAllDocuments(text).flatMap((document) => {
    const data = document.get('data');
    if (document.get('kind') !== 'ConfigMap' || !isMap(data)) return [];
    return data.items.flatMap((pair) => (isScalar(pair.value) && typeof pair.value.value === 'string' ? [pair.value.value] : []));
  });
}

/**
 * Medians of runs timed in alternating blocks, so that all see the same machine load. Each block starts with untimed
 * runs of its own job: the garbage one job leaves is collected on its own time, not on the next job's.
 */
function timeAlternately(rounds: number, ...measured: (() => unknown)[]): number[] {
  const samples = measured.map((): number[] => []);
  for (let round = 0; round < rounds; round++) {
    measured.forEach((run, j) => {
      for (let i = 0; i < 2; i++) run();
      for (let i = 0; i < 4; i++) {
        const started = performance.now();
        run();
        samples[j].push(performance.now() - started);
      }
    });
  }
  return samples.map(median);
}

function checkOnce(text: string): number {
  const workspace = new Workspace();
  return checkFile(workspace.set('file:///bench/manifest.yaml', text), workspace, defaultCheckOptions).length;
}

/**
 * yaml-language-server validating the same text against the same CRD schema (the PrometheusAgent one, served
 * from memory), associated with the file as users associate it (`yaml.schemas`, a schema URI and a file glob). A
 * custom schema provider (`registerCustomSchemaProvider`) is a path about thirty times slower, which would measure
 * that path rather than validation.
 */
async function yamlLanguageServerValidation(text: string): Promise<number> {
  const agentSchema = readFileSync(join(root, 'schemas', 'prometheusagent_v1alpha1.json'), 'utf8');
  const service = getLanguageService({
    schemaRequestService: (uri) => (uri === 'bench://agent' ? Promise.resolve(agentSchema) : Promise.reject(new Error(uri))),
    workspaceContext: { resolveRelativePath: (relative, resource) => new URL(relative, resource).toString() },
    yamlSettings: { kubernetesCRDStoreEnabled: false, schemaStoreEnabled: false } as never,
  });
  service.configure({ validate: true, hover: false, completion: false, schemas: [{ uri: 'bench://agent', fileMatch: ['*.yaml'] }], yamlVersion: '1.1' });
  let version = 0;
  const validate = () => service.doValidation(TextDocument.create('file:///bench/ysl.yaml', 'yaml', ++version, text), false);
  await validate();
  return timeAsync(2, validate);
}

function timeCommand(command: string, args: string[]): number {
  return time(5, () => spawnSync(command, args, { encoding: 'utf8' }));
}

/**
 * `promagent check` over the corpus, beside promtool and beside what any Node program pays for the same job: starting
 * Node, and the bare `yaml` parse of the 200 files in a fresh process.
 */
function promtoolComparison(): { promagentMs: number; nodeStartMs: number; freshParseMs: number; promtoolMs?: number } {
  const folder = mkdtempSync(join(tmpdir(), 'promagent-bench-'));
  const files = configCorpus(200).map((text, i) => {
    const path = join(folder, `config-${i}.yml`);
    writeFileSync(path, text);
    return path;
  });
  const promagentMs = timeCommand(process.execPath, [join(root, 'dist', 'cli.js'), 'check', '--as', 'prometheus-config', folder]);
  const nodeStartMs = timeCommand(process.execPath, ['-e', '0']);
  const parseAll = `const fs = require('fs'); const { parseAllDocuments } = require(${JSON.stringify(shippedYaml.path)});
    for (const f of ${JSON.stringify(files)}) parseAllDocuments(fs.readFileSync(f, 'utf8'));`;
  const freshParseMs = timeCommand(process.execPath, ['-e', parseAll]);
  const hasPromtool = spawnSync('sh', ['-c', 'command -v promtool']).status === 0;
  if (!hasPromtool) return { promagentMs, nodeStartMs, freshParseMs };
  return { promagentMs, nodeStartMs, freshParseMs, promtoolMs: timeCommand('promtool', ['check', 'config', '--agent', ...files]) };
}

async function main(): Promise<void> {
  const lineCount = (t: string) => t.split('\n').length;
  checkOnce(small);
  checkOnce(big);
  const configs = embeddedConfigs(big);
  const [parse20k, shippedParse20k, parseWithConfigs, check20k] = timeAlternately(
    10, () => parseAllDocuments(big), () => shippedYaml.parseAllDocuments(big),
    () => [big, ...configs].map((text) => parseAllDocuments(text)), () => checkOnce(big),
  );
  const ysl20k = await yamlLanguageServerValidation(big);
  const edit2k = await promagentEdits(small, 200);
  const latency = await latencyRows({ big, huge }, join(root, 'schemas', 'prometheusagent_v1alpha1.json'));
  const memory = await memoryRows();
  const corpus = promtoolComparison();
  const cli = await cliRows(shippedYaml.path);
  const bundles = Object.fromEntries(['client.js', 'server.js', 'yamlLanguageService.js', 'cliMain.js'].map((f) => [f, statSync(join(root, 'dist', f)).size / 1024 / 1024]));
  const machine = `${cpus().length} × ${cpus()[0]?.model ?? 'cpu'}, ${(totalmem() / 2 ** 30).toFixed(0)} GiB, Node ${process.version}`;
  const results = {
    machine,
    date: new Date().toISOString().slice(0, 10),
    lines: { big: lineCount(big), small: lineCount(small), huge: lineCount(huge) },
    parse20kMs: parse20k,
    check20kMs: check20k,
    checkToParseRatio: check20k / parse20k,
    shippedParse20kMs: shippedParse20k,
    checkToShippedParseRatio: check20k / shippedParse20k,
    parse20kWithEmbeddedConfigsMs: parseWithConfigs,
    embeddedConfigs: configs.length,
    checkToParseWithConfigsRatio: check20k / parseWithConfigs,
    yamlLanguageServer20kMs: ysl20k,
    yamlLanguageServerToPromagentRatio: ysl20k / check20k,
    editToDiagnostics2kMs: edit2k,
    latencyMs: latency.results,
    memory,
    bundlesMb: bundles,
    corpus200: corpus,
    cli,
  };
  const f = (n: number) => n.toFixed(1);
  // Ratios near their target are read to the hundredth.
  const ratio = (n: number) => n.toFixed(2);
  const rows: Row[] = [
    { measure: 'bare `yaml` parse, 20k lines', result: `${f(parse20k)} ms`, note: "the floor: `require('yaml')`, its Node build" },
    {
      measure: 'promagent full check, 20k lines (fresh workspace, warm process)', result: `${f(check20k)} ms`,
      target: '≤ 1.5× the parse', met: results.checkToParseRatio <= 1.5, note: `${ratio(results.checkToParseRatio)}× the parse`,
    },
    { measure: 'bare `yaml` parse, 20k lines, with the browser build promagent bundles', result: `${f(shippedParse20k)} ms`, note: `the same parser, faster; promagent's full check is ${ratio(results.checkToShippedParseRatio)}× this` },
    { measure: `bare \`yaml\` parse, 20k lines and the ${configs.length} prometheus.yml its ConfigMaps hold`, result: `${f(parseWithConfigs)} ms`, note: `what promagent must parse; its full check is ${ratio(results.checkToParseWithConfigsRatio)}× this` },
    { measure: `yaml-language-server ${yamlLanguageServerVersion} doValidation, 20k lines (cold validation)`, result: `${f(ysl20k)} ms`, note: `${f(results.yamlLanguageServerToPromagentRatio)}× promagent's full check; its schema mapped to the file as \`yaml.schemas\` maps it` },
    { measure: 'edit → fresh diagnostics over LSP, 2k lines', result: `p50 ${f(edit2k.p50)} / p95 ${f(edit2k.p95)} ms`, target: 'p95 ≤ 15 ms', met: edit2k.p95 <= 15 },
    ...latency.rows,
    ...memory,
    { measure: 'bundles', result: Object.entries(bundles).map(([k, v]) => `${k} ${f(v)} MB`).join(', ') },
    { measure: '200 prometheus.yml: promagent check', result: `${f(corpus.promagentMs)} ms`, note: corpus.promtoolMs === undefined ? 'promtool not installed' : `promtool check config --agent: ${f(corpus.promtoolMs)} ms` },
    { measure: '200 prometheus.yml: Node start-up alone; bare `yaml` parse (browser build) in a fresh Node', result: `${f(corpus.nodeStartMs)} ms; ${f(corpus.freshParseMs)} ms`, note: 'the floor for any Node checker' },
  ];
  const table = markdownTable([...rows, ...cli]);
  console.log(`Machine: ${machine}\n\n${table}`);
  mkdirSync(join(root, 'bench'), { recursive: true });
  writeFileSync(join(root, 'bench', 'results.json'), JSON.stringify(results, null, 2) + '\n');
  writeFileSync(join(root, 'bench', 'results.md'), `Machine: ${machine} (${results.date})\n\n${table}\n`);
}

main().catch((error) => {
  console.error(error);
  process.exit(1);
});

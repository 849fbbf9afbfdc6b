// The CLI's figures against the targets of issue #22: one small file, and generated repositories of 2,000 and 20,000
// manifest files, each run as a user runs it (dist/cli.js, the shipped build), timed from outside.
import { spawnSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { availableParallelism, tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { manifest, repository } from './generate';
import type { Row } from './row';

/**
 * "Today" for the issue: commit abea922 (when it was filed), built with `--production`, its dist/cli.js run on the
 * same inputs as below (generated with the same seeds), whole-process medians: one file of 15 runs and 2,000 files of
 * 3, each in alternation with this build; 20,000 files in one run. Measured on 2 × AMD EPYC, 24 GiB, Node v20.20.2,
 * on 2026-12-06, with other work running beside it. A clone cannot rebuild that commit, so the figures are kept here.
 */
const baseline = {
  commit: 'abea922',
  machine: '2 × AMD EPYC, 24 GiB, Node v20.20.2',
  oneFileMs: 477,
  repository2k: { seconds: 2.45, peakMb: 182 },
  repository20k: { seconds: 11.06, peakMb: 595 },
};

const root = join(__dirname, '..', '..');
const cli = join(root, 'dist', 'cli.js');

/** Run in the measured process: on exit, its peak resident memory (VmHWM) and the processor time of all its threads. */
const probe = `process.on('exit', () => {
  const hwm = /VmHWM:\\s+(\\d+)/.exec(require('node:fs').readFileSync('/proc/self/status', 'utf8'))[1];
  const { user, system } = process.cpuUsage();
  require('node:fs').writeFileSync(process.env.PROMAGENT_BENCH_PROBE, JSON.stringify({ peakKb: Number(hwm), cpuMs: (user + system) / 1000 }));
});
`;

interface Run {
  wallMs: number;
  peakMb: number;
  cpuMs: number;
}

/** Runs `node ...args` with the probe, timed from outside; a status past 1 is a failure. */
function runNode(folder: string, args: string[]): Run {
  const probeFile = join(folder, 'probe.js');
  const out = join(folder, 'probe.json');
  writeFileSync(probeFile, probe);
  const started = performance.now();
  const result = spawnSync(process.execPath, ['--require', probeFile, ...args], {
    env: { ...process.env, PROMAGENT_BENCH_PROBE: out }, encoding: 'utf8', maxBuffer: 1 << 30,
  });
  const wallMs = performance.now() - started;
  if (result.status !== 0 && result.status !== 1) throw new Error(`${args.join(' ')} failed (${result.status}): ${result.stderr}`);
  const { peakKb, cpuMs } = JSON.parse(readFileSync(out, 'utf8')) as { peakKb: number; cpuMs: number };
  return { wallMs, peakMb: peakKb / 1024, cpuMs };
}

const runCheck = (folder: string, paths: string[]) => runNode(folder, [cli, 'check', ...paths]);

/**
 * The floor of checking a repository in Node: reading every file and parsing it once with the parser promagent ships,
 * and nothing else, on `threads` threads (the files dealt out in turn), in a fresh process.
 */
const parseOnly = (yamlPath: string) => `const { readdirSync, readFileSync } = require('node:fs');
const { join } = require('node:path');
const { Worker, isMainThread, parentPort, workerData } = require('node:worker_threads');
const { parseAllDocuments } = require(${JSON.stringify(yamlPath)});
const parse = (files) => { for (const file of files) parseAllDocuments(readFileSync(file, 'utf8')); };
const walk = (dir) => readdirSync(dir, { withFileTypes: true }).flatMap((e) => e.isDirectory() ? walk(join(dir, e.name)) : /\.ya?ml$/.test(e.name) ? [join(dir, e.name)] : []);
if (isMainThread) {
  const [dir, threads] = [process.argv[2], Number(process.argv[3])];
  const files = walk(dir);
  if (threads === 1) parse(files);
  else for (let i = 0; i < threads; i++) new Worker(__filename, { workerData: files.filter((_, j) => j % threads === i) });
} else parse(workerData);
`;

/** The median run by wall time, after one that warms the code cache and the file cache. */
function medianRun(runs: number, folder: string, paths: string[]): Run {
  runCheck(folder, paths);
  const done = Array.from({ length: runs }, () => runCheck(folder, paths)).sort((a, b) => a.wallMs - b.wallMs);
  return done[Math.floor(done.length / 2)];
}

function writeRepository(files: number): string {
  const folder = mkdtempSync(join(tmpdir(), `promagent-bench-repo-${files}-`));
  for (const file of repository(files)) {
    mkdirSync(dirname(join(folder, 'repo', file.path)), { recursive: true });
    writeFileSync(join(folder, 'repo', file.path), file.text);
  }
  return folder;
}

const f = (n: number) => n.toFixed(1);

/** One small file (a few documents), then repositories of 2,000 and 20,000 files; each row beside its target. */
export async function cliRows(yamlPath: string): Promise<Row[]> {
  const today = `today (${baseline.commit}, ${baseline.machine})`;
  const small = mkdtempSync(join(tmpdir(), 'promagent-bench-small-'));
  writeFileSync(join(small, 'small.yaml'), manifest(60, 7));
  const one = medianRun(15, small, [join(small, 'small.yaml')]);
  rmSync(small, { recursive: true, force: true });
  const rows: Row[] = [{
    measure: '`promagent check`, one small file (72 lines), whole process',
    result: `${f(one.wallMs)} ms (${Math.round((100 * one.wallMs) / baseline.oneFileMs)}% of today)`,
    target: '≤ 60% of today',
    met: one.wallMs <= 0.6 * baseline.oneFileMs,
    note: `${today}: ${baseline.oneFileMs} ms`,
  }];
  const cases = [[2_000, 3, baseline.repository2k], [20_000, 1, baseline.repository20k]] as const;
  for (const [files, runs, before] of cases) {
    const folder = writeRepository(files);
    const run = medianRun(runs, folder, [join(folder, 'repo')]);
    writeFileSync(join(folder, 'parse.js'), parseOnly(yamlPath));
    const floors = [1, availableParallelism()].map((threads) => {
      runNode(folder, [join(folder, 'parse.js'), join(folder, 'repo'), String(threads)]);
      return { threads, run: runNode(folder, [join(folder, 'parse.js'), join(folder, 'repo'), String(threads)]) };
    });
    rmSync(folder, { recursive: true, force: true });
    const perSecond = files / (run.wallMs / 1000);
    const todayPerSecond = files / before.seconds;
    const cores = run.cpuMs / run.wallMs;
    const label = `${files.toLocaleString('en')} files`;
    rows.push({
      measure: `\`promagent check\`, generated repository of ${label}`,
      result: `${Math.round(perSecond)} files/s (${f(perSecond / todayPerSecond)}× today)`,
      target: '≥ 2× today',
      met: perSecond >= 2 * todayPerSecond,
      note: `${today}: ${Math.round(todayPerSecond)} files/s; ${f(run.wallMs / 1000)} s, ${f(cores)} cores busy on average`,
    }, {
      measure: `peak RSS (VmHWM), ${label}`,
      result: `${f(run.peakMb)} MB`,
      target: '≤ 200 MB',
      met: run.peakMb <= 200,
      note: `${today}: ${before.peakMb} MB${files === 20_000 ? '; flat in the file count means the same bound as for 2,000' : ''}`,
    }, {
      measure: `the floor, ${label}: reading and parsing each file once (shipped \`yaml\`), nothing else, in a fresh Node`,
      result: floors.map(({ threads, run: floor }) => `${f(floor.wallMs / 1000)} s, ${f(floor.peakMb)} MB on ${threads} thread${threads > 1 ? 's' : ''}`).join('; '),
      note: `2× today allows ${f(before.seconds / 2)} s; a check that holds no file's syntax trees to its end parses each twice`,
    });
    if (files === 20_000) {
      rows.push({
        measure: 'cores used, 20,000 files',
        result: `${f(cores)} of ${availableParallelism()}`,
        target: 'every core',
        met: cores >= 0.75 * availableParallelism(),
        note: 'processor time of all threads over wall time',
      });
    }
  }
  return rows;
}

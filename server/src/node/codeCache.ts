import { createHash } from 'node:crypto';
import { lstatSync, mkdirSync, readFileSync, renameSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { tmpdir } from 'node:os';
import { basename, dirname, join } from 'node:path';
import { getHeapCodeStatistics } from 'node:v8';
import { Script } from 'node:vm';

/**
 * Runs a CommonJS bundle as `require` would, from V8's code cache when there is one: compiling a bundle of megabytes,
 * and then each function it calls, is a fifth of a short CLI run. The files the bundle requires by a relative path
 * run the same way: they are the CRD validators beside it (dist/crd-validators/), over a megabyte of code each, whose
 * compiling was another fifth. A cache is a file in the temp folder per file run and Node version in the user's own
 * folder, headed by the hash of the file it was made from (V8 itself only compares lengths). A missing, stale or
 * refused cache is written when the process exits, with every function compiled by then; so is one that a run
 * outgrew (see outgrown).
 */
export function runWithCodeCache(bundle: string): void {
  const folder = ownFolder();
  const loaded = new Map<string, unknown>();
  const load = (file: string): unknown => {
    if (!loaded.has(file)) loaded.set(file, runFile(file, folder, requireFrom(file)));
    return loaded.get(file);
  };
  /** `require` as seen from `file`, that loads the files beside it through `load`. */
  const requireFrom = (file: string): NodeJS.Require => {
    const plain = createRequire(file);
    return Object.assign((id: string) => (id.startsWith('./') ? load(join(dirname(file), id)) : plain(id)), plain);
  };
  load(bundle);
}

/** Runs one CommonJS file, from its code cache when that is there and valid; its `module.exports`. */
function runFile(file: string, folder: string | undefined, require: NodeJS.Require): unknown {
  const bytes = readFileSync(file);
  const hash = createHash('sha256').update(bytes).digest('hex');
  const pathHash = createHash('sha256').update(file).digest('hex').slice(0, 16);
  const cacheFile = folder && join(folder, `${basename(file)}-${pathHash}-${process.version}-${process.arch}`);
  const cache = cacheFile ? readCache(cacheFile, hash) : undefined;
  const script = new Script(`(function (exports, require, module, __filename, __dirname) {${bytes.toString('utf8')}\n})`, { filename: file, cachedData: cache?.data });
  if (cacheFile) {
    process.once('exit', () => {
      if (!cache || script.cachedDataRejected || outgrown(cache)) writeCache(cacheFile, hash, script);
    });
  }
  const module = { exports: {} };
  const run = script.runInThisContext() as (...args: unknown[]) => void;
  run.call(module.exports, module.exports, require, module, file, dirname(file));
  return module.exports;
}

/**
 * The user's cache folder in the temp folder, which others may share: a cache is run as code, so only a real folder
 * of one's own that no one else can write to is used.
 */
function ownFolder(): string | undefined {
  const folder = join(tmpdir(), `promagent-code-cache-${process.getuid?.() ?? 'user'}`);
  try {
    // Not recursive: the temp folder itself must exist, and Node's recursive mkdir never returns under /proc. Another
    // run may make it at the same moment.
    try {
      mkdirSync(folder, { mode: 0o700 });
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code !== 'EEXIST') return undefined;
    }
    const stats = lstatSync(folder);
    if (!stats.isDirectory()) return undefined;
    if (process.getuid && (stats.uid !== process.getuid() || (stats.mode & 0o077) !== 0)) return undefined;
    return folder;
  } catch {
    return undefined;
  }
}

interface Cache {
  data: Buffer;
  /** The process's bytecode when the cache was written (see outgrown). */
  compiledBytes: number;
}

/** A cache file is a line `<hash of the file> <compiledBytes>`, then V8's data. */
function readCache(cacheFile: string, hash: string): Cache | undefined {
  try {
    const cache = readFileSync(cacheFile);
    const headerEnd = cache.indexOf('\n');
    const [cachedHash, compiledBytes] = cache.subarray(0, headerEnd).toString('latin1').split(' ');
    return cachedHash === hash ? { data: cache.subarray(headerEnd + 1), compiledBytes: Number(compiledBytes) } : undefined;
  } catch {
    return undefined;
  }
}

let bytesAtExit: number | undefined;

/**
 * The bytecode of the whole process: what it ran from the caches and what it compiled. Read once, at exit, for every
 * file run: V8 walks the heap for it, tens of milliseconds after a check of thousands of files.
 */
const compiledBytes = () => (bytesAtExit ??= getHeapCodeStatistics().bytecode_and_metadata_size);

/**
 * Whether this run compiled much that the cache lacks: the process holds a twentieth more bytecode than the one that
 * wrote it. A cache holds what its writer ran: one written by `promagent --version`, or by a check of a file without
 * monitoring resources, left every later check compiling a quarter of its run again. Rewritten by a run that outgrew
 * it, a cache holds the union of both runs' code, and writes stop once it covers what the runs do.
 */
const outgrown = (cache: Cache) => !(compiledBytes() <= cache.compiledBytes * 1.05); // a header without the figure too

/** Written beside and renamed into place: processes running at once never read half a file. Failing is harmless. */
function writeCache(cacheFile: string, hash: string, script: Script): void {
  try {
    const partial = `${cacheFile}.${process.pid}`;
    writeFileSync(partial, Buffer.concat([Buffer.from(`${hash} ${compiledBytes()}\n`), script.createCachedData()]));
    renameSync(partial, cacheFile);
  } catch {
    // A read-only temp folder: the next run compiles again.
  }
}

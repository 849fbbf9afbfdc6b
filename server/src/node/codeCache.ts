import { createHash } from 'node:crypto';
import { lstatSync, mkdirSync, readFileSync, renameSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { tmpdir } from 'node:os';
import { basename, dirname, join } from 'node:path';
import { Script } from 'node:vm';

/**
 * Runs a CommonJS bundle as `require` would, from V8's code cache when there is one: compiling a bundle of megabytes,
 * and then each function it calls, is a fifth of a short CLI run. The files the bundle requires by a relative path
 * run the same way: they are the CRD validators beside it (dist/crd-validators/), over a megabyte of code each, whose
 * compiling was another fifth. A cache is a file in the temp folder per file run and Node version in the user's own
 * folder, headed by the hash of the file it was made from (V8 itself only compares lengths). A missing, stale or
 * refused cache is written when the process exits, with every function compiled by then.
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
  const header = Buffer.from(`${createHash('sha256').update(bytes).digest('hex')}\n`);
  const pathHash = createHash('sha256').update(file).digest('hex').slice(0, 16);
  const cacheFile = folder && join(folder, `${basename(file)}-${pathHash}-${process.version}-${process.arch}`);
  const cachedData = cacheFile ? readCache(cacheFile, header) : undefined;
  const script = new Script(`(function (exports, require, module, __filename, __dirname) {${bytes.toString('utf8')}\n})`, { filename: file, cachedData });
  if (cacheFile && (!cachedData || script.cachedDataRejected)) process.once('exit', () => writeCache(cacheFile, header, script));
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
    mkdirSync(folder, { recursive: true, mode: 0o700 });
    const stats = lstatSync(folder);
    if (!stats.isDirectory()) return undefined;
    if (process.getuid && (stats.uid !== process.getuid() || (stats.mode & 0o077) !== 0)) return undefined;
    return folder;
  } catch {
    return undefined;
  }
}

function readCache(cacheFile: string, header: Buffer): Buffer | undefined {
  try {
    const cache = readFileSync(cacheFile);
    return cache.subarray(0, header.length).equals(header) ? cache.subarray(header.length) : undefined;
  } catch {
    return undefined;
  }
}

/** Written beside and renamed into place: processes running at once never read half a file. Failing is harmless. */
function writeCache(cacheFile: string, header: Buffer, script: Script): void {
  try {
    const partial = `${cacheFile}.${process.pid}`;
    writeFileSync(partial, Buffer.concat([header, script.createCachedData()]));
    renameSync(partial, cacheFile);
  } catch {
    // A read-only temp folder: the next run compiles again.
  }
}

import { createHash } from 'node:crypto';
import { existsSync, lstatSync, mkdirSync, readFileSync, renameSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { tmpdir } from 'node:os';
import { basename, dirname, join } from 'node:path';
import { Script } from 'node:vm';

/**
 * Runs a CommonJS bundle as `require` would, from V8's code cache when there is one: compiling a bundle of megabytes,
 * and then each function it calls, is a fifth of a short CLI run. The cache is a file in the temp folder per bundle
 * and Node version in the user's own folder, headed by the hash of the bundle it was made from (V8 itself only
 * compares lengths). A missing, stale or refused cache is written when the process exits, with every function
 * compiled by then.
 */
export function runWithCodeCache(bundle: string): void {
  const bytes = readFileSync(bundle);
  const header = Buffer.from(`${createHash('sha256').update(bytes).digest('hex')}\n`);
  const pathHash = createHash('sha256').update(bundle).digest('hex').slice(0, 16);
  const folder = ownFolder();
  const cacheFile = folder && join(folder, `${basename(bundle)}-${pathHash}-${process.version}-${process.arch}`);
  const cachedData = cacheFile ? readCache(cacheFile, header) : undefined;
  const script = new Script(`(function (exports, require, module, __filename, __dirname) {${bytes.toString('utf8')}\n})`, { filename: bundle, cachedData });
  if (cacheFile && (!cachedData || script.cachedDataRejected)) process.once('exit', () => writeCache(cacheFile, header, script));
  const module = { exports: {} };
  const run = script.runInThisContext() as (...args: unknown[]) => void;
  run.call(module.exports, module.exports, createRequire(bundle), module, bundle, dirname(bundle));
}

/**
 * The user's cache folder in the temp folder, which others may share: a cache is run as code, so only a real folder
 * of one's own that no one else can write to is used.
 */
function ownFolder(): string | undefined {
  const folder = join(tmpdir(), `promagent-code-cache-${process.getuid?.() ?? 'user'}`);
  try {
    // Not recursive: the temp folder itself must exist, and Node's recursive mkdir never returns under /proc.
    if (!existsSync(folder)) mkdirSync(folder, { mode: 0o700 });
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

import { closeSync, constants, existsSync, fstatSync, openSync, readdirSync, readSync, statSync, type Stats } from 'node:fs';
import { isUtf8 } from 'node:buffer';
import { basename, dirname, join, resolve } from 'node:path';
import { defaultMaxFileSize, type InvalidByte } from '../engine';

export interface InputFile {
  /** As the user gave it, or joined below a directory they gave: what reports print. */
  path: string;
  /** Decoded (UTF-8, or UTF-16 after its byte order mark), without a leading byte order mark. */
  text: string;
  /** The file starts with a byte order mark, which writing it back keeps. */
  bom: boolean;
  /** How the file is written, which writing it back keeps: UTF-16 with a byte order mark, else UTF-8. */
  encoding?: 'utf-16le' | 'utf-16be';
  /** The first byte that is not UTF-8, at this offset of `text`: such a file is reported, never rewritten. */
  invalidByte?: InvalidByte;
  /** Why the file was not read (a FIFO, a device, too large, no permission): its text is empty then. */
  notRead?: string;
  /** A Helm chart's template, named or walked into directly: a Go template, not read (its text is empty). */
  helmTemplate?: true;
}

/** A file's bytes, or why they were not read; undefined when there is no such file. */
export type FileRead = { bytes: Buffer } | { notRead: string } | undefined;

/**
 * Reads a regular file of at most `maxBytes` bytes, and nothing else: a FIFO or `/dev/stdin` would block the process
 * forever, `/dev/zero` would fill its memory, and opening some devices acts on them. The path is looked at before it
 * is opened, and the open file again (it may have been replaced in between); a file that grows while it is read is
 * read up to the bound.
 */
export function readRegularFile(path: string, maxBytes: number): FileRead {
  let stats: Stats;
  try {
    stats = statSync(path);
  } catch (error) {
    return isMissing(error) ? undefined : { notRead: reasonOf(error) };
  }
  const refused = refusal(stats, maxBytes);
  if (refused) return { notRead: refused };
  let fd: number;
  try {
    fd = openSync(path, constants.O_RDONLY | constants.O_NONBLOCK | constants.O_NOCTTY);
  } catch (error) {
    return isMissing(error) ? undefined : { notRead: reasonOf(error) };
  }
  try {
    const openedStats = fstatSync(fd);
    const opened = refusal(openedStats, maxBytes);
    if (opened) return { notRead: opened };
    const chunks: Buffer[] = [];
    let total = 0;
    // The first read is sized by the file (one byte more, to see it end); the reads after it go to one shared buffer and
    // are copied out only when they bring bytes. A repository is thousands of small files, and a 64 KiB buffer each,
    // most of them only to see the file end, made reading them mostly allocation.
    const first = Buffer.allocUnsafe(openedStats.size + 1);
    for (let chunk = first; ; chunk = laterReads) {
      const read = readSync(fd, chunk, 0, chunk.length, null);
      if (read === 0) break;
      chunks.push(chunk === first ? first.subarray(0, read) : Buffer.from(chunk.subarray(0, read)));
      total += read;
      if (total > maxBytes) return { notRead: `it grew past the bound of ${megabytes(maxBytes)} while it was read` };
      // A regular file's read that brings less than asked has met its end: no read more to see it.
      if (chunk === first && read < first.length) break;
    }
    return { bytes: chunks.length === 1 ? chunks[0] : Buffer.concat(chunks, total) };
  } catch (error) {
    return { notRead: reasonOf(error) };
  } finally {
    closeSync(fd);
  }
}

/** What a file's reads after its first go to (a file that grew, or says it has no size, as /proc files do). */
const laterReads = Buffer.allocUnsafe(64 * 1024);

/** Why a file with these stats is not read, if it is not. */
function refusal(stats: Stats, maxBytes: number): string | undefined {
  if (!stats.isFile()) return `it is ${kindOf(stats)}, not a regular file`;
  return stats.size > maxBytes ? tooLarge(stats.size, maxBytes) : undefined;
}

function kindOf(stats: Stats): string {
  if (stats.isDirectory()) return 'a directory';
  if (stats.isFIFO()) return 'a named pipe (FIFO)';
  if (stats.isCharacterDevice()) return 'a character device';
  if (stats.isBlockDevice()) return 'a block device';
  return stats.isSocket() ? 'a socket' : 'not a file';
}

const megabytes = (n: number) => `${(n / 1024 / 1024).toFixed(1)} MB`;
const tooLarge = (size: number, limit: number) => `it is ${megabytes(size)}, above the bound of ${megabytes(limit)}`;

const isMissing = (error: unknown) => (error as NodeJS.ErrnoException).code === 'ENOENT' || (error as NodeJS.ErrnoException).code === 'ENOTDIR';

function reasonOf(error: unknown): string {
  const code = (error as NodeJS.ErrnoException).code;
  if (code === 'EACCES' || code === 'EPERM') return 'permission denied';
  if (code === 'ELOOP') return 'too many levels of symbolic links';
  return error instanceof Error ? error.message : String(error);
}

/**
 * A UTF-16 file's text, after its byte order mark: kubectl (its file reader honours the mark) and go-yaml (Prometheus)
 * both read such a file. Undefined when the bytes start with no such mark or are not UTF-16 (an odd length, a lone
 * surrogate).
 */
function decodeUtf16(path: string, bytes: Buffer): InputFile | undefined {
  const encoding = bytes[0] === 0xff && bytes[1] === 0xfe ? 'utf-16le' : bytes[0] === 0xfe && bytes[1] === 0xff ? 'utf-16be' : undefined;
  if (!encoding) return undefined;
  try {
    return { path, text: new TextDecoder(encoding, { fatal: true, ignoreBOM: true }).decode(bytes.subarray(2)), bom: true, encoding };
  } catch {
    return undefined;
  }
}

/** The bytes a file's text is written as: in its own encoding, after its byte order mark when it had one. */
export function encodeFile(input: InputFile, text: string): Buffer {
  const withMark = input.bom ? `\uFEFF${text}` : text;
  if (input.encoding === undefined) return Buffer.from(withMark, 'utf8');
  const bytes = Buffer.from(withMark, 'utf16le');
  return input.encoding === 'utf-16be' ? bytes.swap16() : bytes;
}

/** Reads a file's bytes as the text the engine checks. */
export function decodeFile(path: string, bytes: Buffer): InputFile {
  const utf16 = decodeUtf16(path, bytes);
  if (utf16) return utf16;
  // Node's check is native; the byte-by-byte search runs only to say where a bad file goes wrong.
  const bad = isUtf8(bytes) ? undefined : firstInvalidUtf8Byte(bytes);
  const decoded = bytes.toString('utf8');
  const bom = decoded.startsWith('\uFEFF');
  const text = bom ? decoded.slice(1) : decoded;
  const invalidByte = bad === undefined ? undefined : { offset: bytes.subarray(0, bad).toString('utf8').length - (bom ? 1 : 0), byte: bytes[bad] };
  return { path, text, bom, invalidByte };
}

/** The index of the first byte that does not belong to a well-formed UTF-8 sequence (RFC 3629), if any. */
function firstInvalidUtf8Byte(bytes: Uint8Array): number | undefined {
  for (let i = 0; i < bytes.length;) {
    const lead = bytes[i];
    const length = lead < 0x80 ? 1 : lead >= 0xc2 && lead <= 0xdf ? 2 : lead >= 0xe0 && lead <= 0xef ? 3 : lead >= 0xf0 && lead <= 0xf4 ? 4 : 0;
    if (length === 0 || i + length > bytes.length) return i;
    // The second byte's range excludes overlong forms, UTF-16 surrogates and code points past U+10FFFF.
    const low = lead === 0xe0 ? 0xa0 : lead === 0xf0 ? 0x90 : 0x80;
    const high = lead === 0xed ? 0x9f : lead === 0xf4 ? 0x8f : 0xbf;
    for (let k = 1; k < length; k++) {
      const byte = bytes[i + k];
      if (byte < (k === 1 ? low : 0x80) || byte > (k === 1 ? high : 0xbf)) return i;
    }
    i += length;
  }
  return undefined;
}

/** Folders no walk enters: what they hold is not the user's manifests. */
export const skippedDirectories = new Set(['node_modules', '.git']);
/** The file that makes a directory a Helm chart, whose `templates` hold Go templates. */
export const helmChartFiles = ['Chart.yaml', 'Chart.yml'];
/** The files a walk reads, by name or path: YAML by its extension, and a kustomization kustomize reads as `Kustomization`. */
export const isYamlFile = (name: string) => /\.ya?ml$/i.test(name) || /(^|\/)Kustomization$/.test(name);

/** Whether a directory holds a Helm chart's Chart.yaml. */
export const holdsChart = (directory: string) => helmChartFiles.some((file) => existsSync(join(directory, file)));

/** Whether a path lies in a Helm chart's `templates` (below a folder holding its Chart.yaml), at any depth. */
export function inHelmTemplates(path: string): boolean {
  for (let directory = dirname(resolve(path)); directory !== dirname(directory); directory = dirname(directory)) {
    if (basename(directory) === 'templates' && holdsChart(dirname(directory))) return true;
  }
  return false;
}

/**
 * Reads the files and walks the directories given (following symbolic links to files, not to directories), leaving
 * out node_modules, .git and the `templates` of a Helm chart (beside its Chart.yaml). A file
 * that cannot be read comes back with the reason; a path given that does not exist throws with a readable message. A
 * chart's template named, or met walking a directory given inside `templates`, comes back unread, marked as such.
 * `leftOut` names the folders and files met in a walk that are neither entered nor read.
 */
export function readInputs(paths: readonly string[], maxBytes = defaultMaxFileSize, leftOut: (path: string) => boolean = () => false): InputFile[] {
  const files: InputFile[] = [];
  const seen = new Set<string>();
  const notRead = (path: string, reason: string): InputFile => ({ path, text: '', bom: false, notRead: reason });
  const add = (path: string) => {
    // `f.yaml` and `./f.yaml` are one file, checked once.
    if (seen.has(resolve(path))) return;
    seen.add(resolve(path));
    if (inHelmTemplates(path)) {
      files.push({ path, text: '', bom: false, helmTemplate: true });
      return;
    }
    const read = readRegularFile(path, maxBytes);
    if (!read) files.push(notRead(path, 'no such file (a symbolic link to nothing?)'));
    else files.push('bytes' in read ? decodeFile(path, read.bytes) : notRead(path, read.notRead));
  };
  const walk = (directory: string) => {
    let entries;
    try {
      entries = readdirSync(directory, { withFileTypes: true });
    } catch (error) {
      files.push(notRead(directory, `cannot list the directory: ${reasonOf(error)}`));
      return;
    }
    // A Helm chart's templates are Go templates, not YAML: what they render is (`helm template`).
    const chart = entries.some((entry) => !entry.isDirectory() && helmChartFiles.includes(entry.name));
    for (const entry of entries.sort((a, b) => a.name.localeCompare(b.name))) {
      const path = join(directory, entry.name);
      if (entry.isDirectory()) {
        if (!skippedDirectories.has(entry.name) && !(chart && entry.name === 'templates') && !leftOut(path)) walk(path);
      } else if (isYamlFile(entry.name) && !leftOut(path)) {
        add(path);
      }
    }
  };
  for (const path of paths) {
    let isDirectory: boolean;
    try {
      isDirectory = statSync(path).isDirectory();
    } catch {
      throw new Error(`cannot read ${path}: no such file or directory`);
    }
    if (isDirectory) walk(path);
    else add(path);
  }
  return files;
}

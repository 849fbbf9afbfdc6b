import { readdirSync, readFileSync, statSync } from 'node:fs';
import { isUtf8 } from 'node:buffer';
import { join, resolve } from 'node:path';

export interface InputFile {
  /** As the user gave it, or joined below a directory they gave: what reports print. */
  path: string;
  /** Decoded as UTF-8, without a leading byte order mark. */
  text: string;
  /** The file starts with a byte order mark, which writing it back keeps. */
  bom: boolean;
  /** The first byte that is not UTF-8, at this offset of `text`: such a file is reported, never rewritten. */
  invalidByte?: { offset: number; byte: number };
}

/** Reads a file's bytes as the text the engine checks. */
export function decodeFile(path: string, bytes: Buffer): InputFile {
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
export const yamlFile = /\.ya?ml$/i;

/**
 * Reads the files and walks the directories given; throws with a readable message for a path that cannot be read.
 * `leftOut` names the folders and files met in a walk that are neither entered nor read.
 */
export function readInputs(paths: readonly string[], leftOut: (path: string) => boolean = () => false): InputFile[] {
  const files: InputFile[] = [];
  const seen = new Set<string>();
  const add = (path: string) => {
    // `f.yaml` and `./f.yaml` are one file, checked once.
    if (seen.has(resolve(path))) return;
    seen.add(resolve(path));
    files.push(decodeFile(path, readFileSync(path)));
  };
  const walk = (directory: string) => {
    for (const entry of readdirSync(directory, { withFileTypes: true }).sort((a, b) => a.name.localeCompare(b.name))) {
      const path = join(directory, entry.name);
      if (entry.isDirectory() && !skippedDirectories.has(entry.name)) {
        if (!leftOut(path)) walk(path);
      } else if (entry.isFile() && yamlFile.test(entry.name) && !leftOut(path)) {
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
    try {
      if (isDirectory) walk(path);
      else add(path);
    } catch (error) {
      throw new Error(`cannot read ${path}: ${error instanceof Error ? error.message : String(error)}`);
    }
  }
  return files;
}

import { accessSync, closeSync, constants, fchmodSync, fchownSync, fsyncSync, openSync, realpathSync, renameSync, statSync, unlinkSync, writeSync } from 'node:fs';
import { basename, dirname, join } from 'node:path';
import { defaultMaxFileSize } from '../engine';
import { decodeFile, encodeFile, readRegularFile, type InputFile } from './files';

/** Writes all of `bytes` to an open file; a stand-in can fail part way, as a full disk does. */
export type BytesWriter = (fd: number, bytes: Buffer) => void;

const writeAll: BytesWriter = (fd, bytes) => {
  for (let written = 0; written < bytes.length;) written += writeSync(fd, bytes, written);
};

/**
 * Replaces a file's text with `text` (in its encoding, after its byte order mark when it had one), or says why it did
 * not. The new text goes to a temporary file beside the file, with its mode and owner, which is then renamed over it:
 * a full disk or a crash leaves the old file whole, never a truncated one. A file that no longer holds what was read
 * (edited while `fix` ran) or that is read-only is left as it is. A symbolic link stays a link: its target is replaced.
 */
export function replaceFile(input: InputFile, text: string, write: BytesWriter = writeAll): string | undefined {
  let target: string;
  let mode: number;
  let owner: { uid: number; gid: number };
  try {
    target = realpathSync(input.path);
    const stats = statSync(target);
    mode = stats.mode & 0o7777;
    owner = { uid: stats.uid, gid: stats.gid };
    if ((mode & 0o222) === 0) return 'the file is read-only';
    accessSync(target, constants.W_OK);
  } catch (error) {
    return reasonOf(error);
  }
  const temporary = join(dirname(target), `.${basename(target)}.promagent-${process.pid}.tmp`);
  let fd: number;
  try {
    fd = openSync(temporary, constants.O_WRONLY | constants.O_CREAT | constants.O_EXCL, mode);
  } catch (error) {
    const denied = ['EACCES', 'EPERM'].includes((error as NodeJS.ErrnoException).code ?? '');
    return denied ? 'permission denied: its folder cannot be written (fix writes the new text beside the file, then renames it over)' : reasonOf(error);
  }
  try {
    try {
      write(fd, encodeFile(input, text));
      // The umask may have narrowed the mode; the owner is kept where the user may keep it (root, or the same user).
      fchmodSync(fd, mode);
      try {
        fchownSync(fd, owner.uid, owner.gid);
      } catch {
        // Not permitted to give the file away: it stays the user's, as an editor's save would leave it.
      }
      fsyncSync(fd);
    } finally {
      closeSync(fd);
    }
    // Looked at last, right before the rename: an edit made while promagent checked the files is not overwritten.
    if (!stillHolds(target, input)) {
      unlinkSync(temporary);
      return 'the file changed on disk while promagent fix ran; run fix again';
    }
    renameSync(temporary, target);
    return undefined;
  } catch (error) {
    try {
      unlinkSync(temporary);
    } catch {
      // Never created, or already gone.
    }
    return reasonOf(error);
  }
}

function stillHolds(path: string, input: InputFile): boolean {
  const read = readRegularFile(path, defaultMaxFileSize);
  if (!read || !('bytes' in read)) return false;
  const now = decodeFile(path, read.bytes);
  return now.text === input.text && now.bom === input.bom && now.encoding === input.encoding && now.invalidByte === undefined;
}

function reasonOf(error: unknown): string {
  switch ((error as NodeJS.ErrnoException).code) {
    case 'ENOSPC': return 'no space left on the device';
    case 'EDQUOT': return 'the disk quota is used up';
    case 'EROFS': return 'the file system is read-only';
    case 'EACCES':
    case 'EPERM': return 'permission denied';
    case 'ENOENT': return 'the file is gone';
    default: return error instanceof Error ? error.message : String(error);
  }
}

import { readdirSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import type { WorkspaceHost } from '../engine';
import { decodeFile, readRegularFile } from './files';

/** The local file system as the engine's workspace host: file: URIs only, regular files only, never blocking. */
export const nodeFileHost: WorkspaceHost = {
  readFile(uri, maxSize) {
    let path: string;
    try {
      path = fileURLToPath(uri);
    } catch {
      return undefined;
    }
    const read = readRegularFile(path, maxSize);
    if (!read || !('bytes' in read)) return read;
    const { text, invalidByte } = decodeFile(path, read.bytes);
    return invalidByte ? { text, invalidByte } : { text };
  },
  listDirectory(uri) {
    try {
      return readdirSync(fileURLToPath(uri));
    } catch {
      return undefined;
    }
  },
};

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
    return read && ('bytes' in read ? { text: decodeFile(path, read.bytes).text } : read);
  },
  listDirectory(uri) {
    try {
      return readdirSync(fileURLToPath(uri));
    } catch {
      return undefined;
    }
  },
};

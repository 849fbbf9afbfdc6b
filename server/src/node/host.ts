import { readdirSync, readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import type { WorkspaceHost } from '../engine';

/** The local file system as the engine's workspace host: file: URIs only, anything unreadable is undefined. */
export const nodeFileHost: WorkspaceHost = {
  readFile(uri) {
    try {
      return readFileSync(fileURLToPath(uri), 'utf8');
    } catch {
      return undefined;
    }
  },
  listDirectory(uri) {
    try {
      return readdirSync(fileURLToPath(uri));
    } catch {
      return undefined;
    }
  },
};

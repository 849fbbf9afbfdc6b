import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';

export interface InputFile {
  /** As the user gave it, or joined below a directory they gave: what reports print. */
  path: string;
  text: string;
}

const skippedDirectories = new Set(['node_modules', '.git']);
const yamlFile = /\.ya?ml$/i;

/** Reads the files and walks the directories given; throws with a readable message for a path that cannot be read. */
export function readInputs(paths: readonly string[]): InputFile[] {
  const files: InputFile[] = [];
  const seen = new Set<string>();
  const add = (path: string) => {
    if (seen.has(path)) return;
    seen.add(path);
    files.push({ path, text: readFileSync(path, 'utf8') });
  };
  const walk = (directory: string) => {
    for (const entry of readdirSync(directory, { withFileTypes: true }).sort((a, b) => a.name.localeCompare(b.name))) {
      const path = join(directory, entry.name);
      if (entry.isDirectory() && !skippedDirectories.has(entry.name)) walk(path);
      else if (entry.isFile() && yamlFile.test(entry.name)) add(path);
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

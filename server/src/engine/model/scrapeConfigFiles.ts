import type { Span } from '../yaml/documents';
import type { HostFile, Workspace } from '../workspace';
import type { Includer } from './workspaceIndex';
import { cleanPath } from '../util/cleanPath';
import { decodedUri } from '../util/uriText';

/** The first Prometheus release that reads scrape_config_files. */
export const scrapeConfigFilesSince = 'v2.43.0';

/**
 * The files scrape_config_files names, found as Prometheus finds them at start-up: each pattern is joined to the
 * configuration's folder and expanded with Go's filepath.Glob (matches sorted, a pattern without meta characters
 * names one file). The engine has no file system: the workspace reads files (its own copies first, then its host's).
 */
export type IncludedFile = HostFile & {
  /** The absolute path, as Prometheus prints it. */
  path: string;
  uri: string;
  /** The scrape_config_files entry that pulled the file in. */
  entry: Span;
};

/**
 * Every file the patterns match, in the order Prometheus reads them: a file two patterns match is read twice (its jobs
 * then come twice), and listed again with `again` set, read once.
 */
export function readIncluded(configUri: string, patterns: readonly { text: string; span: Span }[], workspace: Workspace): (IncludedFile & { again?: true })[] {
  const read = new Map<string, HostFile>();
  const found: (IncludedFile & { again?: true })[] = [];
  for (const pattern of patterns) {
    const absolute = absolutePattern(configUri, pattern.text);
    if (absolute === undefined) continue;
    for (const path of expand(absolute, workspace)) {
      const uri = fileUri(path);
      const known = read.get(path);
      const file = known ?? workspace.readFile(uri);
      if (file === undefined) continue;
      read.set(path, file);
      found.push(known ? { ...file, path, uri, entry: pattern.span, again: true } : { ...file, path, uri, entry: pattern.span });
    }
  }
  return found;
}

/**
 * A pattern as Prometheus globs it: joined to the configuration's folder and cleaned (config.JoinDir); undefined for an
 * empty pattern or a configuration that is not a file.
 */
export function absolutePattern(configUri: string, pattern: string): string | undefined {
  const configPath = filePath(configUri);
  return configPath === undefined ? undefined : joinedPattern(configPath, pattern);
}

/** A pattern joined to the folder of the configuration at `configPath` (a file of the workspace, or of a container). */
export function joinedPattern(configPath: string, pattern: string): string | undefined {
  if (!pattern) return undefined;
  const folder = configPath.slice(0, configPath.lastIndexOf('/')) || '/';
  return cleanPath(pattern.startsWith('/') ? pattern : `${folder}/${pattern}`);
}

/**
 * Whether Go's filepath.Glob refuses the pattern before reading any folder (`syntax error in pattern`): an unclosed or
 * empty `[class]`, a range bound missing, or a `\` with nothing after it. Stars split it into chunks, as Match does.
 */
export function malformedGlob(pattern: string): boolean {
  let inClass = false;
  let start = 0;
  const chunks: string[] = [];
  for (let i = 0; i <= pattern.length; i++) {
    const char = pattern[i];
    if (i === pattern.length || (char === '*' && !inClass)) {
      chunks.push(pattern.slice(start, i));
      start = i + 1;
    } else if (char === '\\' && i + 1 < pattern.length) i++;
    else if (char === '[') inClass = true;
    else if (char === ']') inClass = false;
  }
  return chunks.some((chunk) => !wellFormedChunk(chunk));
}

function wellFormedChunk(chunk: string): boolean {
  for (let i = 0; i < chunk.length;) {
    if (chunk[i] === '\\') {
      if (i + 1 >= chunk.length) return false;
      i += 2;
    } else if (chunk[i] === '[') {
      i += chunk[i + 1] === '^' ? 2 : 1;
      for (let ranges = 0; ; ranges++) {
        if (chunk[i] === ']' && ranges > 0) {
          i++;
          break;
        }
        let end = classCharEnd(chunk, i);
        if (end !== undefined && chunk[end] === '-') end = classCharEnd(chunk, end + 1);
        if (end === undefined) return false;
        i = end;
      }
    } else i++;
  }
  return true;
}

/** Where one (possibly escaped) character of a class ends; undefined where Go's getEsc refuses it. */
function classCharEnd(chunk: string, at: number): number | undefined {
  let i = at;
  if (i >= chunk.length || chunk[i] === '-' || chunk[i] === ']') return undefined;
  if (chunk[i] === '\\' && ++i >= chunk.length) return undefined;
  i += (chunk.codePointAt(i) ?? 0) > 0xffff ? 2 : 1;
  // Something must follow: at least the closing bracket.
  return i < chunk.length ? i : undefined;
}

const meta = /[*?[\\]/;

function expand(pattern: string, workspace: Workspace): string[] {
  if (!meta.test(pattern)) return [pattern];
  const slash = pattern.lastIndexOf('/');
  const folder = pattern.slice(0, slash) || '/';
  const base = goMatcher(pattern.slice(slash + 1));
  if (!base) return [];
  const folders = meta.test(folder) ? expand(folder, workspace) : [folder];
  return folders.flatMap((dir) => (workspace.listDirectory(fileUri(dir)) ?? [])
    .filter((name) => base.test(name))
    .sort()
    .map((name) => (dir === '/' ? `/${name}` : `${dir}/${name}`)));
}

/** Go's filepath.Match syntax as a RegExp: `*`, `?`, `[classes]` and `\` escapes, never across a `/`. */
function goMatcher(pattern: string): RegExp | undefined {
  let source = '';
  for (let i = 0; i < pattern.length; i++) {
    const char = pattern[i];
    if (char === '*') source += '[^/]*';
    else if (char === '?') source += '[^/]';
    else if (char === '\\' && i + 1 < pattern.length) source += escapeRegExp(pattern[++i]);
    else if (char === '[') {
      let j = i + 1;
      let body = pattern[j] === '^' ? '^' : '';
      if (body) j++;
      for (; j < pattern.length && pattern[j] !== ']'; j++) {
        const escaped = pattern[j] === '\\';
        if (escaped) j++;
        const c = pattern[j];
        if (c === undefined) return undefined;
        body += /[A-Za-z0-9]/.test(c) || (c === '-' && !escaped) ? c : `\\${c}`;
      }
      if (j >= pattern.length || body === '' || body === '^') return undefined;
      source += `[${body}]`;
      i = j;
    } else source += escapeRegExp(char);
  }
  try {
    return new RegExp(`^${source}$`);
  } catch {
    return undefined;
  }
}

function escapeRegExp(text: string): string {
  return text.replace(/[.*+?^${}()|[\]\\/]/g, '\\$&');
}

export function filePath(uri: string): string | undefined {
  try {
    const url = new URL(uri);
    return url.protocol === 'file:' ? decodedUri(url.pathname) : undefined;
  } catch {
    return undefined;
  }
}

/** A path as a file URI, written the way Node's pathToFileURL writes it. */
export function fileUri(path: string): string {
  return new URL(`file://${path.replace(/%/g, '%25').replace(/#/g, '%23').replace(/\?/g, '%3F')}`).href;
}

/**
 * A scrape_config_files pattern joined to its configuration's folder, as parts that filepath.Glob matches one by one
 * (a part without meta characters names itself; one Go refuses matches nothing).
 */
type CompiledPattern = (string | RegExp | undefined)[];

function compiledPattern(configUri: string, pattern: string): CompiledPattern | undefined {
  return absolutePattern(configUri, pattern)?.split('/').map((part) => (meta.test(part) ? goMatcher(part) : part));
}

/** Whether filepath.Glob would list `path` for a pattern already joined to its folder (see absolutePattern). */
export function globMatches(pattern: string, path: string): boolean {
  return matches(pattern.split('/').map((part) => (meta.test(part) ? goMatcher(part) : part)), path.split('/'));
}

const matches = (pattern: CompiledPattern, names: string[]) =>
  pattern.length === names.length && pattern.every((part, i) => (typeof part === 'string' ? part === names[i] : part?.test(names[i]) ?? false));

/** The includers' patterns, compiled once per list of includers (the index gives a new one when one changes). */
const compiled = new WeakMap<readonly Includer[], { includer: Includer; patterns: CompiledPattern[] }[]>();

/**
 * The configurations of the workspace whose scrape_config_files pull in the file at `uri`: the first document of
 * their file (the one Prometheus reads), never the file itself.
 */
export function includersOf(uri: string, workspace: Workspace): Includer[] {
  const includers = workspace.index.includers();
  if (includers.length === 0) return [];
  const path = filePath(uri);
  if (path === undefined) return [];
  let all = compiled.get(includers);
  if (!all) {
    all = includers.map((includer) => ({ includer, patterns: includer.patterns.flatMap((pattern): CompiledPattern[] => {
      const compiledOne = compiledPattern(includer.uri, pattern);
      return compiledOne ? [compiledOne] : [];
    }) }));
    compiled.set(includers, all);
  }
  const names = path.split('/');
  return all.filter(({ includer, patterns }) => includer.uri !== uri && patterns.some((pattern) => matches(pattern, names))
    && workspace.get(includer.uri)?.documents[0] === includer.document).map(({ includer }) => includer);
}

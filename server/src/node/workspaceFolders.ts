import { statSync } from 'node:fs';
import { join, relative, sep } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { Minimatch } from 'minimatch';
import { holdsChart, inHelmTemplates, isYamlFile, readInputs, skippedDirectories, type InputFile } from './files';

/**
 * The editor's workspace folders on disk, and which of their files promagent reads: every YAML file, except those
 * under node_modules or .git, a Helm chart's templates, and those `promagent.exclude` names.
 */
export class WorkspaceFolders {
  private readonly paths: string[];
  private patterns: Minimatch[] = [];
  /** Whether a directory holds a Helm chart (a Chart.yaml), by path: asked of every file a request names. */
  private readonly charts = new Map<string, boolean>();

  constructor(folderUris: readonly string[]) {
    // A folder whose URI is no local path (another host, a malformed escape) has no files to read.
    this.paths = folderUris.filter((uri) => uri.startsWith('file:')).flatMap((uri) => localPath(uri) ?? []);
  }

  get count(): number {
    return this.paths.length;
  }

  /** Glob patterns as files.exclude takes them: relative to a folder, dot files matched too. */
  set exclude(globs: readonly string[]) {
    this.patterns = globs.map((glob) => new Minimatch(glob, { dot: true }));
  }

  /** Whether `uri` is a YAML file inside a workspace folder that promagent reads. */
  holds(uri: string): boolean {
    if (!uri.startsWith('file:') || !isYamlFile(uri)) return false;
    const path = localPath(uri);
    if (path === undefined) return false;
    return this.paths.some((folder) => {
      const inside = relative(folder, path);
      return inside !== '' && !inside.startsWith('..') && !this.leavesOut(folder, inside);
    });
  }

  /**
   * Whether `uri` is a file: URI that an exclude pattern, node_modules or .git leaves out, wherever it is, or a Helm
   * chart's template (opened from outside the folders, or from a folder opened inside the chart's templates).
   */
  excludes(uri: string): boolean {
    if (!uri.startsWith('file:')) return false;
    const path = localPath(uri);
    if (path === undefined) return false;
    if (inHelmTemplates(path)) return true;
    return this.paths.some((folder) => {
      const inside = relative(folder, path);
      return inside !== '' && !inside.startsWith('..') && this.leavesOut(folder, inside);
    });
  }

  /**
   * Every YAML file promagent reads (one above `maxBytes`, or not a regular file, comes back unread), by URI, with how
   * many files and folders the exclude patterns left out.
   */
  scan(maxBytes: number): { files: { uri: string; input: InputFile }[]; excluded: number } {
    // A Chart.yaml may have come or gone since the last scan.
    this.charts.clear();
    let excluded = 0;
    const files = this.paths.flatMap((folder) => readInputs([folder], maxBytes, (path) => {
      const left = this.leavesOut(folder, relative(folder, path));
      if (left) excluded++;
      return left;
    }).flatMap(scanned));
    return { files, excluded };
  }

  /**
   * The YAML files promagent reads under a directory of a workspace folder (one created, or renamed into place), as
   * scan reads them; undefined when `uri` is no such directory.
   */
  scanDirectory(uri: string, maxBytes: number): { uri: string; input: InputFile }[] | undefined {
    const path = localPath(uri);
    const folder = path === undefined ? undefined : this.paths.find((candidate) => {
      const inside = relative(candidate, path);
      return inside !== '' && !inside.startsWith('..') && !this.leavesOut(candidate, inside);
    });
    if (path === undefined || folder === undefined || !isDirectory(path)) return undefined;
    return readInputs([path], maxBytes, (inner) => this.leavesOut(folder, relative(folder, inner)))
      .flatMap(scanned);
  }

  /**
   * A path relative to its folder is left out when it, or a folder it is in, matches a pattern, or is node_modules,
   * .git, or a Helm chart's templates (Go templates, not YAML).
   */
  private leavesOut(folder: string, inside: string): boolean {
    const segments = inside.split(sep);
    if (segments.some((segment) => skippedDirectories.has(segment))) return true;
    if (segments.some((segment, i) => segment === 'templates' && this.holdsChart(join(folder, ...segments.slice(0, i))))) return true;
    return segments.some((_, i) => {
      const prefix = segments.slice(0, i + 1).join('/');
      return this.patterns.some((pattern) => pattern.match(prefix));
    });
  }

  private holdsChart(directory: string): boolean {
    let holds = this.charts.get(directory);
    if (holds === undefined) this.charts.set(directory, (holds = holdsChart(directory)));
    return holds;
  }
}

/** A file a scan read, by URI; none for a Helm chart's template (a folder opened inside a chart's templates holds them). */
const scanned = (input: InputFile) => (input.helmTemplate ? [] : [{ uri: pathToFileURL(input.path).href, input }]);

function isDirectory(path: string): boolean {
  try {
    return statSync(path).isDirectory();
  } catch {
    return false;
  }
}

/** A file URI's path on this machine; undefined for one naming another host, or an encoded `/` (Node refuses both). */
function localPath(uri: string): string | undefined {
  try {
    return fileURLToPath(uri);
  } catch {
    return undefined;
  }
}

/**
 * The URI a file read from disk is kept under (Node's, as the folder scan writes it), for any URI of that file: editors
 * percent-encode paths their own way (VS Code writes `%28` where Node writes `(`), and one file must be one file of
 * the workspace. A URI that is no local file is its own.
 */
export function diskUri(uri: string): string {
  const path = uri.startsWith('file:') ? localPath(uri) : undefined;
  return path === undefined ? uri : pathToFileURL(path).href;
}

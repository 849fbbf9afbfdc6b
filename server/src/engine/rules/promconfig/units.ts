import { isMap, isScalar } from 'yaml';
import type { ClassifiedDocument } from '../../classify';
import { atLeast } from '../../util/version';
import { keyText, type YamlDocument } from '../../yaml/documents';
import { LineIndex } from '../../yaml/lineIndex';
import { parsedSafely } from '../../yaml/nesting';
import type { Report, RuleContext } from '../rule';
import { decodeConfig, type DecodedConfig } from './decode';
import { goQuote, goText, type MapView } from './goYaml';
import { readIncluded } from '../../model/scrapeConfigFiles';
import { decodedUri } from '../../util/uriText';
import { sectionSpec, type ConfigShape } from './model';

/**
 * What the promconfig rules check: the document itself, and each file its scrape_config_files pulls in. Findings in
 * a pulled-in file are reported on the scrape_config_files entry of the main file, as Prometheus reports them at
 * start-up: `"<absolute path>": <message>`, with the line inside that file.
 */
export interface ConfigUnit {
  yaml: YamlDocument;
  decoded: DecodedConfig;
  text: string;
  lines: LineIndex;
  /** The global section scrape jobs inherit from: the main configuration's. */
  global: MapView | undefined;
  /**
   * Set for a file of scrape_configs alone that nothing of the workspace runs or pulls in (see mayBePulledIn): a
   * configuration elsewhere may pull it in, whose global its jobs inherit. What depends on that global is not said.
   */
  globalUnknown?: true;
  version: string;
  /** For a pulled-in file: its absolute path. */
  includedPath?: string;
  report(report: Report): void;
}

interface Included {
  path: string;
  /** Read before through an earlier pattern: Prometheus reads it again, and its jobs come twice. */
  again?: true;
  text: string;
  lines: LineIndex;
  yaml: YamlDocument;
  decoded: DecodedConfig;
  entry: Report['span'];
}

/** A file scrape_config_files names that promagent did not read or parse, and why. */
export interface UnreadInclude {
  path: string;
  entry: Report['span'];
  reason: string;
}

const includerGlobals = new WeakMap<ClassifiedDocument, Map<string, MapView | undefined>>();

/** The global section of a configuration pulling files in, decoded once per release for all the files it pulls in. */
function includerGlobal(includer: ClassifiedDocument, version: string): MapView | undefined {
  let byVersion = includerGlobals.get(includer);
  if (!byVersion) includerGlobals.set(includer, (byVersion = new Map()));
  if (!byVersion.has(version)) byVersion.set(version, decodeConfig(includer.yaml.ast, 'config', version).root?.map('global'));
  return byVersion.get(version);
}

/** Made once per document: its reports go to whichever rule runs, through the document's one context. */
export function configUnits(context: RuleContext): ConfigUnit[] {
  return context.memo('promconfig:units', () => unitsInReadOrder(context).filter((unit) => !unit.again));
}

/**
 * The configuration and the files it pulls in as Prometheus reads them, a file two patterns match twice (marked
 * `again`): what is said of the files is said once, but their jobs come twice.
 */
export function unitsInReadOrder(context: RuleContext): (ConfigUnit & { again?: true })[] {
  return context.memo('promconfig:read-order', () => unitsOf(context));
}

function unitsOf(context: RuleContext): (ConfigUnit & { again?: true })[] {
  const version = context.options.prometheusVersion;
  const includer = context.runner?.includedBy;
  const shape: ConfigShape = includer ? 'scrape-config-file' : context.document.embedding?.content === 'scrape-configs' ? 'scrape-config-list' : 'config';
  const decoded = decodeConfig(context.document.yaml.ast, shape, version);
  // A file pulled in is read as Prometheus reads it there: its jobs inherit the global of the configuration pulling it in.
  const global = includer ? includerGlobal(includer.document, version) : decoded.root?.map('global');
  const main: ConfigUnit = {
    yaml: context.document.yaml, decoded, text: context.text, lines: context.lines, global, version,
    ...(!includer && mayBePulledIn(context) ? { globalUnknown: true } : {}),
    report: (report) => context.report(report),
  };
  const included = includes(context, decoded, version).files;
  return [main, ...included.map((file): ConfigUnit & { again?: true } => ({
    yaml: file.yaml, decoded: file.decoded, text: file.text, lines: file.lines, global, version, includedPath: file.path, again: file.again,
    report: (report) => context.report({
      span: file.entry,
      message: `${goQuote(file.path)}: ${report.message} (line ${file.lines.position(report.span.start).line + 1})`,
      severity: report.severity,
    }),
  }))];
}

/**
 * Whether a configuration no configuration of the workspace pulls in may be a file one elsewhere pulls in: it holds
 * scrape_configs and nothing else (all such a file may hold), no workload of the workspace runs it, its first line or
 * `--as` does not say who does, and its name (its key's, in a ConfigMap or Secret) is not prometheus*.yml.
 */
function mayBePulledIn(context: RuleContext): boolean {
  if (context.runner?.by !== undefined || context.runner?.stated) return false;
  const name = context.document.embedding?.holder.key ?? decodedUri(context.file.uri);
  if (/(^|\/)prometheus[^/]*\.ya?ml$/i.test(name)) return false;
  // Read from the nodes: the configuration's data is not built for it.
  const root = context.document.yaml.ast.contents;
  return isMap(root) && root.items.length === 1 && keyText(root.items[0]) === 'scrape_configs';
}

/** The files scrape_config_files names that were not read or parsed, each with the reason. */
export function unreadIncludes(context: RuleContext): UnreadInclude[] {
  const root = configUnits(context)[0];
  return includes(context, root.decoded, root.version).unread;
}

/**
 * The files scrape_config_files names, read once per document; none for an embedded configuration, whose paths are
 * the pod's.
 */
function includes(context: RuleContext, decoded: DecodedConfig, version: string): { files: Included[]; unread: UnreadInclude[] } {
  return context.memo('promconfig:includes', () => {
    const files: Included[] = [];
    const unread: UnreadInclude[] = [];
    const root = decoded.root;
    const since = sectionSpec('config').keys.scrape_config_files.since;
    // Prometheus follows no scrape_config_files of a file it pulled in (nor may such a file have the key).
    if (context.document.embedding || context.runner?.includedBy || !root || (since && !atLeast(version, since))) return { files, unread };
    const patterns = root.items('scrape_config_files').flatMap((item) =>
      isScalar(item) && item.range ? [{ text: goText(item), span: { start: item.range[0], end: item.range[1] } }] : []);
    const parsedBefore = new Map<string, Included>();
    for (const file of readIncluded(context.file.uri, patterns, context.workspace)) {
      const before = file.again && parsedBefore.get(file.path);
      if (before) files.push({ ...before, entry: file.entry, again: true });
      if (file.again) continue;
      if ('notRead' in file) {
        unread.push({ path: file.path, entry: file.entry, reason: file.notRead });
        continue;
      }
      const lines = new LineIndex(file.text);
      const parsed = parsedSafely(lines);
      if ('tooDeep' in parsed) {
        unread.push({ path: file.path, entry: file.entry, reason: 'it nests too deep to parse safely' });
        continue;
      }
      const yaml = parsed.documents[0];
      if (!yaml) continue;
      const read: Included = { path: file.path, text: file.text, entry: file.entry, lines, yaml, decoded: decodeConfig(yaml.ast, 'scrape-config-file', version) };
      parsedBefore.set(file.path, read);
      files.push(read);
    }
    return { files, unread };
  });
}

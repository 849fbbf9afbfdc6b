import { isScalar } from 'yaml';
import { atLeast } from '../../util/version';
import { parseDocuments, type YamlDocument } from '../../yaml/documents';
import { LineIndex } from '../../yaml/lineIndex';
import type { Report, RuleContext } from '../rule';
import { decodeConfig, type DecodedConfig } from './decode';
import { goQuote, goText, type MapView } from './goYaml';
import { readIncluded } from './includes';
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
  version: string;
  /** For a pulled-in file: its absolute path. */
  includedPath?: string;
  report(report: Report): void;
}

interface Included {
  path: string;
  text: string;
  lines: LineIndex;
  yaml: YamlDocument;
  decoded: DecodedConfig;
  entry: Report['span'];
}

/** Made once per document: its reports go to whichever rule runs, through the document's one context. */
export function configUnits(context: RuleContext): ConfigUnit[] {
  return context.memo('promconfig:units', () => unitsOf(context));
}

function unitsOf(context: RuleContext): ConfigUnit[] {
  const version = context.options.prometheusVersion;
  const shape: ConfigShape = context.document.embedding?.content === 'scrape-configs' ? 'scrape-config-list' : 'config';
  const decoded = decodeConfig(context.document.yaml.ast, shape, version);
  const global = decoded.root?.map('global');
  const main: ConfigUnit = {
    yaml: context.document.yaml, decoded, text: context.text, lines: context.lines, global, version,
    report: (report) => context.report(report),
  };
  const included = includedUnits(context, decoded, version);
  return [main, ...included.map((file): ConfigUnit => ({
    yaml: file.yaml, decoded: file.decoded, text: file.text, lines: file.lines, global, version, includedPath: file.path,
    report: (report) => context.report({
      span: file.entry,
      message: `${goQuote(file.path)}: ${report.message} (line ${file.lines.position(report.span.start).line + 1})`,
      severity: report.severity,
    }),
  }))];
}

/** The files scrape_config_files names; none for an embedded configuration, whose paths are the pod's. */
function includedUnits(context: RuleContext, decoded: DecodedConfig, version: string): Included[] {
  const root = decoded.root;
  const since = sectionSpec('config').keys.scrape_config_files.since;
  if (context.document.embedding || !root || (since && !atLeast(version, since))) return [];
  const patterns = root.items('scrape_config_files').flatMap((item) =>
    isScalar(item) && item.range ? [{ text: goText(item), span: { start: item.range[0], end: item.range[1] } }] : []);
  return readIncluded(context.file.uri, patterns, context.workspace).flatMap((file) => {
    const yaml = parseDocuments(file.text)[0];
    if (!yaml) return [];
    return [{ ...file, lines: new LineIndex(file.text), yaml, decoded: decodeConfig(yaml.ast, 'scrape-config-file', version) }];
  });
}


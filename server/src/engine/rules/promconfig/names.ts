import { atLeast } from '../../util/version';
import type { MapView } from './goYaml';

/** Which metric and label names Prometheus accepts: any UTF-8 (v3's default) or the legacy `[a-zA-Z_][a-zA-Z0-9_]*`. */
export type NameScheme = 'utf8' | 'legacy';

export const isV3 = (version: string) => atLeast(version, 'v3.0.0');

const legacyName = /^[a-zA-Z_][a-zA-Z0-9_]*$/;
const loneSurrogate = /[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/;

export function isValidLabelName(name: string, scheme: NameScheme): boolean {
  return scheme === 'legacy' ? legacyName.test(name) : name.length > 0 && !loneSurrogate.test(name);
}

/** The scheme of the global section: v2 knows only legacy names. */
export function globalScheme(global: MapView | undefined, version: string): NameScheme {
  if (!isV3(version)) return 'legacy';
  return global?.text('metric_name_validation_scheme') === 'legacy' ? 'legacy' : 'utf8';
}

/** A scrape job's scheme: its own metric_name_validation_scheme, else the global one. */
export function jobScheme(job: MapView | undefined, global: MapView | undefined, version: string): NameScheme {
  const own = isV3(version) ? job?.text('metric_name_validation_scheme') : undefined;
  return own === 'legacy' || own === 'utf8' ? own : globalScheme(global, version);
}

/** The scheme Prometheus' model library checks label names with while reading (static labels, source_labels). */
export function libraryScheme(version: string, features?: readonly string[]): NameScheme {
  return isV3(version) || utf8NamesFeature(version, features) ? 'utf8' : 'legacy';
}

/**
 * Whether a v2 release reads label names as UTF-8: from v2.55, `--enable-feature=utf8-names` switches the model
 * library's scheme before the configuration is loaded (v3 made it the default and dropped the flag). Relabeling's
 * target_label keeps its legacy pattern there.
 */
export const utf8NamesFeature = (version: string, features?: readonly string[]) =>
  !isV3(version) && atLeast(version, 'v2.55.0') && features?.includes('utf8-names') === true;

/**
 * How a standalone Prometheus configuration is recognised, shared by the engine (which classifies documents) and the
 * extension (which decides, without parsing, which files to claim from Red Hat's YAML extension).
 */

/**
 * File names that say "Prometheus configuration": prometheus*.yml and *agent*.yml. Names are loose (docker-agent.yml,
 * agent-ci.yml), so a document of such a file is read as one only when it holds one of its top-level keys.
 */
export const configFileName = /(^|\/)(prometheus[^/]*|[^/]*agent[^/]*)\.ya?ml$/i;

/** Every top-level key of a Prometheus configuration: a file named like one holds at least one of them. */
export const configTopLevelKeys = [
  'global', 'runtime', 'alerting', 'rule_files', 'scrape_config_files', 'scrape_configs', 'storage', 'tracing',
  'remote_write', 'remote_read', 'otlp',
];

/** Keys of a Prometheus configuration's `global` that say it is one (Helm values have a `global` of their own). */
export const globalConfigKeys = ['scrape_interval', 'scrape_timeout', 'evaluation_interval', 'external_labels'];

/** Top-level keys only a Prometheus configuration has. */
export const configKeys = ['scrape_configs', 'scrape_config_files', 'remote_write', 'remote_read', 'rule_files'];

/**
 * Top-level keys of other files that hold scrape_configs or rule_files too, which no Prometheus configuration has: a
 * document with one is theirs. Promtail's configuration (`clients`, where it pushes, or the older `client`,
 * `positions`, `target_config`, `limits_config`), promtool's rule unit tests (`tests`, `group_eval_order`,
 * `fuzzy_compare`), a Grafana Agent instance (`host_filter`, `write_stale_on_shutdown`, its WAL settings), Parca's
 * configuration (`debug_info`, `object_storage`) and promxy's (`promxy`). Keys a Prometheus configuration might hold
 * by mistake (`server`, `name`) say nothing.
 */
export const otherToolKeys = [
  'client', 'clients', 'positions', 'target_config', 'limits_config', 'tests', 'group_eval_order', 'fuzzy_compare',
  'host_filter', 'host_filter_relabel_configs', 'write_stale_on_shutdown', 'wal_truncate_frequency', 'min_wal_time', 'max_wal_time',
  'remote_flush_deadline', 'debug_info', 'object_storage', 'promxy',
];

/**
 * Keys of a scrape job that only other programs' scrape configurations have: VictoriaMetrics' vmagent
 * (`stream_parse`, `scrape_align_interval`, `series_limit`…) and the Sysdig agent (`sysdig_sd_configs`). A document
 * whose jobs hold one is theirs.
 */
export const otherToolJobKeys = [
  'stream_parse', 'scrape_align_interval', 'scrape_offset', 'series_limit', 'disable_compression', 'disable_keepalive',
  'no_stale_markers', 'max_scrape_size', 'sysdig_sd_configs',
];

/** Helm's values files (`values.yaml`, `values-prod.yaml`, `prometheus-values.yaml`): what a chart is given, never a configuration. */
export const helmValuesFileName = /(^|\/)(values([-.][^/]*)?|[^/]*[-.]values)\.ya?ml$/i;

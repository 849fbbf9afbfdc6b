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

/** Top-level keys only a Prometheus configuration has. */
export const configKeys = ['scrape_configs', 'scrape_config_files', 'remote_write', 'remote_read', 'rule_files'];

/**
 * How a standalone Prometheus configuration is recognised, shared by the engine (which classifies documents) and the
 * extension (which decides, without parsing, which files to claim from Red Hat's YAML extension).
 */

/** File names that say "Prometheus configuration": prometheus*.yml and *agent*.yml. */
export const configFileName = /(^|\/)(prometheus[^/]*|[^/]*agent[^/]*)\.ya?ml$/i;

/** Top-level keys only a Prometheus configuration has. */
export const configKeys = ['scrape_configs', 'scrape_config_files', 'remote_write', 'remote_read', 'rule_files'];

import { scrapeConfigFilesSince } from '../../../model/scrapeConfigFiles';
import type { KeySpec, SectionSpec } from './types';
import {
  bool, duration, float, int, int64, key, labelMap, list, oneOf, oneOfAnyCase, regex, section, size, str, stringList, uint, uint64,
} from './values';

export const scrapeProtocols = ['PrometheusProto', 'PrometheusText0.0.4', 'PrometheusText1.0.0', 'OpenMetricsText0.0.1', 'OpenMetricsText1.0.0'];
export const validationSchemes = ['utf8', 'legacy'];
export const escapingSchemes = ['allow-utf-8', 'underscores', 'dots', 'values'];
export const translationStrategies = ['UnderscoreEscapingWithSuffixes', 'UnderscoreEscapingWithoutSuffixes', 'NoUTF8EscapingWithSuffixes', 'NoTranslation'];
export const relabelActions = ['replace', 'keep', 'drop', 'keepequal', 'dropequal', 'hashmod', 'labelmap', 'labeldrop', 'labelkeep', 'lowercase', 'uppercase'];

const relabelList = (nullItem: string) => list(section('relabel'), '[]*relabel.Config', nullItem);
const protocols = list(oneOf(scrapeProtocols, 'config.ScrapeProtocol'), '[]config.ScrapeProtocol');

/** Limits a job inherits from global (v2.45+) or sets itself; 0 means no limit. */
const limitKeys = (since?: string): Record<string, KeySpec> => ({
  body_size_limit: key(size, 'Largest uncompressed response body; larger scrapes fail. 0: no limit.', { since }),
  sample_limit: key(uint, 'Most samples per scrape after metric relabeling; more fail the scrape. 0: no limit.', { since }),
  target_limit: key(uint, 'Most targets after target relabeling; more fail every scrape of the job. 0: no limit.', { since }),
  label_limit: key(uint, 'Most labels per series after metric relabeling. 0: no limit.', { since }),
  label_name_length_limit: key(uint, 'Longest label name after metric relabeling. 0: no limit.', { since }),
  label_value_length_limit: key(uint, 'Longest label value after metric relabeling. 0: no limit.', { since }),
  keep_dropped_targets: key(uint, 'Most dropped targets kept for the targets page. 0: no limit.', { since: 'v2.47.0' }),
});

/** Histogram settings of a job, and of global (where the job's came first: global ones from v3.4 and v3.5). */
const histogramKeys = (level: 'global' | 'job'): Record<string, KeySpec> => ({
  scrape_native_histograms: key(bool, 'Scrape native histograms (asks for protobuf first).', { since: 'v3.8.0' }),
  always_scrape_classic_histograms: key(bool, 'Keep the classic buckets of a histogram also exposed as native.', { since: level === 'global' ? 'v3.5.0' : 'v3.0.0' }),
  convert_classic_histograms_to_nhcb: key(bool, 'Store classic histograms as native histograms with custom buckets.', { since: level === 'global' ? 'v3.4.0' : 'v3.0.0' }),
});

const namingKeys = (validationSince: string): Record<string, KeySpec> => ({
  metric_name_validation_scheme: key(oneOf(validationSchemes), 'Metric and label names allowed: utf8 (any UTF-8, the v3 default) or legacy.', { since: validationSince }),
  metric_name_escaping_scheme: key(oneOf(escapingSchemes), 'Escaping asked of targets for names that are not legacy names.', { since: 'v3.4.0' }),
});

export const configSections: Record<string, SectionSpec> = {
  config: {
    goType: 'config.plain',
    doc: 'A Prometheus configuration file.',
    keys: {
      global: key(section('global'), 'Defaults for every scrape job and the labels added to everything sent.'),
      runtime: key(section('runtime'), 'Go runtime settings.', { since: 'v2.53.0' }),
      alerting: key(section('alerting'), 'Alertmanagers alerts are sent to (server only).', { agent: 'forbidden' }),
      rule_files: key(stringList, 'Recording and alerting rule files (server only).', { agent: 'forbidden' }),
      scrape_config_files: key(stringList, 'Files holding more scrape_configs, relative to this file; the last path segment may hold one *.', { since: scrapeConfigFilesSince }),
      scrape_configs: key(list(section('scrape'), '[]*config.ScrapeConfig', 'empty or null scrape config section'), 'Scrape jobs.'),
      storage: key(section('storage'), 'Storage settings.'),
      tracing: key(section('tracing'), 'Export of Prometheus\' own traces over OTLP.'),
      remote_write: key(list(section('remoteWrite'), '[]*config.RemoteWriteConfig', 'empty or null remote write config section'),
        'Endpoints samples are sent to; the only way an agent\'s samples leave.'),
      remote_read: key(list(section('remoteRead'), '[]*config.RemoteReadConfig', 'empty or null remote read config section'),
        'Remote storages PromQL reads (server only).', { agent: 'forbidden' }),
      otlp: key(section('otlp'), 'Translation of metrics received over OTLP.', { since: 'v2.55.0' }),
    },
  },
  scrapeConfigFile: {
    goType: 'config.ScrapeConfigs',
    doc: 'A file scrape_config_files names: scrape_configs only.',
    keys: { scrape_configs: key(list(section('scrape'), '[]*config.ScrapeConfig', 'empty or null scrape config section'), 'Scrape jobs.') },
  },
  global: {
    goType: 'config.plain',
    doc: 'Defaults for every scrape job, and the external labels.',
    keys: {
      scrape_interval: key(duration, 'How often targets are scraped by default.', { defaultText: '1m' }),
      scrape_timeout: key(duration, 'Scrape timeout by default; at most scrape_interval.', { defaultText: '10s' }),
      scrape_protocols: key(protocols, 'Exposition formats asked for, most wanted first.', { since: 'v2.49.0' }),
      evaluation_interval: key(duration, 'How often rules are evaluated.', { agent: 'ignored', defaultText: '1m' }),
      rule_query_offset: key(duration, 'How far back rule queries are shifted.', { agent: 'ignored', since: 'v2.53.0' }),
      query_log_file: key(str, 'File PromQL queries are logged to.', { agent: 'ignored' }),
      scrape_failure_log_file: key(str, 'File failed scrapes are logged to.', { since: 'v2.55.0' }),
      external_labels: key(labelMap('map[string]string', 'string'), 'Labels added to every series sent out (remote write, federation, alerts).'),
      ...limitKeys('v2.45.0'),
      ...namingKeys('v3.0.0'),
      ...histogramKeys('global'),
      extra_scrape_metrics: key(bool, 'Also store scrape_timeout_seconds, scrape_sample_limit and scrape_body_size_bytes.', { since: 'v3.10.0' }),
    },
  },
  runtime: {
    goType: 'config.RuntimeConfig',
    doc: 'Go runtime settings.',
    keys: { gogc: key(int, 'Go garbage-collection target percentage (GOGC).', { defaultText: '75' }) },
  },
  alerting: {
    goType: 'config.plain',
    doc: 'Alertmanagers and alert relabeling. An agent refuses a non-empty one.',
    keys: {
      alert_relabel_configs: key(relabelList('empty or null alert relabeling rule'), 'Relabeling of alerts before they are sent.'),
      alertmanagers: key(list(section('alertmanager'), 'config.AlertmanagerConfigs'), 'Alertmanagers to send alerts to.'),
    },
  },
  alertmanager: {
    goType: 'config.AlertmanagerConfig',
    doc: 'How Alertmanagers are found and reached.',
    include: ['httpClient', 'serviceDiscovery'],
    keys: {
      sigv4: key(section('sigv4'), 'AWS Signature Version 4 signing.', { since: 'v2.48.0' }),
      scheme: key(str, 'URL scheme of the Alertmanagers.', { defaultText: 'http' }),
      path_prefix: key(str, 'Path prefix of the push endpoint.'),
      timeout: key(duration, 'Timeout of one push.', { defaultText: '10s' }),
      api_version: key(oneOf(['v2']), 'Alertmanager API version (v1 is gone in v3).', { defaultText: 'v2' }),
      relabel_configs: key(relabelList('empty or null Alertmanager target relabeling rule'), 'Relabeling of discovered Alertmanagers.'),
      alert_relabel_configs: key(relabelList('empty or null Alertmanager alert relabeling rule'), 'Relabeling of alerts sent to these Alertmanagers.', { since: 'v2.51.0' }),
    },
  },
  scrape: {
    goType: 'config.ScrapeConfig',
    doc: 'A scrape job: how targets are found and scraped.',
    include: ['httpClient', 'serviceDiscovery'],
    keys: {
      job_name: key(str, 'The job label of the job\'s series; unique across the configuration.', { required: true }),
      honor_labels: key(bool, 'On a label clash keep the scraped label instead of renaming it exported_<name>.'),
      honor_timestamps: key(bool, 'Keep the timestamps targets expose.', { defaultText: 'true' }),
      track_timestamps_staleness: key(bool, 'Mark series with explicit timestamps stale when they disappear.', { since: 'v2.48.0' }),
      params: key({ kind: 'map', value: stringList, goType: 'url.Values' }, 'URL query parameters of the scrape request.'),
      scrape_interval: key(duration, 'How often the job\'s targets are scraped; global.scrape_interval when unset.'),
      scrape_timeout: key(duration, 'Scrape timeout; at most scrape_interval.'),
      scrape_protocols: key(protocols, 'Exposition formats asked for, most wanted first.', { since: 'v2.49.0' }),
      fallback_scrape_protocol: key(oneOf(scrapeProtocols, 'config.ScrapeProtocol'), 'Format assumed when a target sends no usable Content-Type.', { since: 'v3.0.0' }),
      ...histogramKeys('job'),
      scrape_classic_histograms: key(bool, 'Keep the classic buckets of a histogram also exposed as native.', { since: 'v2.45.0', removedIn: 'v3.0.0', replacedBy: 'always_scrape_classic_histograms' }),
      scrape_failure_log_file: key(str, 'File failed scrapes of this job are logged to.', { since: 'v2.55.0' }),
      metrics_path: key(str, 'HTTP path of the metrics.', { defaultText: '/metrics' }),
      scheme: key(str, 'URL scheme of the scrape (http or https).', { defaultText: 'http' }),
      enable_compression: key(bool, 'Ask targets for gzip-compressed responses.', { since: 'v2.49.0', defaultText: 'true' }),
      ...limitKeys(),
      native_histogram_bucket_limit: key(uint, 'Most buckets of a native histogram; more are merged. 0: no limit.', { since: 'v2.45.0' }),
      native_histogram_min_bucket_factor: key(float, 'Smallest growth factor between buckets; closer buckets are merged.', { since: 'v2.50.0' }),
      ...namingKeys('v2.55.0'),
      extra_scrape_metrics: key(bool, 'Also store scrape_timeout_seconds, scrape_sample_limit and scrape_body_size_bytes.', { since: 'v3.10.0' }),
      relabel_configs: key(relabelList('empty or null target relabeling rule in scrape config'), 'Relabeling of targets before they are scraped.'),
      metric_relabel_configs: key(relabelList('empty or null metric relabeling rule in scrape config'), 'Relabeling of scraped series before they are stored or sent.'),
    },
  },
  relabel: {
    goType: 'relabel.plain',
    doc: 'One relabeling step.',
    keys: {
      source_labels: key(list(str, 'model.LabelNames'), 'Labels whose values are joined with separator and matched.'),
      separator: key(str, 'String between the joined source values.', { defaultText: ';' }),
      regex: key(regex, 'RE2 expression matched against the joined values, anchored at both ends.', { defaultText: '(.*)' }),
      modulus: key(uint64, 'Modulus of the hash (hashmod).'),
      target_label: key(str, 'Label written by replace, hashmod, lowercase, uppercase; compared by keepequal, dropequal.'),
      replacement: key(str, 'Value written on a match; $1 or ${name} refer to capture groups.', { defaultText: '$1' }),
      action: key(oneOfAnyCase(relabelActions, 'relabel.Action'), 'What the step does (any letter case).', { defaultText: 'replace' }),
    },
  },
  storage: {
    goType: 'config.StorageConfig',
    doc: 'Storage settings.',
    keys: {
      tsdb: key(section('tsdb'), 'TSDB (and agent WAL) settings.'),
      exemplars: key(section('exemplars'), 'Exemplar storage.', { agent: 'ignored' }),
    },
  },
  tsdb: {
    goType: 'config.plain',
    doc: 'TSDB settings; an agent uses only out_of_order_time_window.',
    keys: {
      out_of_order_time_window: key(duration, 'How far back out-of-order samples are accepted.', { agentUsesSince: 'v2.54.0' }),
      retention: key(section('retention'), 'How long and how much data is kept.', { since: 'v3.8.0', agent: 'ignored' }),
      stale_series_compaction_threshold: key(float, 'Share of stale series that triggers a head compaction.', { since: 'v3.10.0', agent: 'ignored' }),
      chunk_encoding: key(section('chunkEncoding'), 'Encoding of new chunks.', { since: 'v3.13.0', agent: 'ignored' }),
    },
  },
  retention: {
    goType: 'config.TSDBRetentionConfig',
    doc: 'Retention of the TSDB.',
    keys: {
      time: key(duration, 'How long samples are kept.'),
      size: key(size, 'Most bytes the blocks may use.'),
      percentage: key(float, 'Most share of the disk the blocks may use (0 to 100).', { since: 'v3.11.0' }),
    },
  },
  chunkEncoding: {
    goType: 'config.plain',
    doc: 'Encoding of new chunks.',
    keys: { floats: key(oneOf(['xor', 'xor2']), 'Encoding of float chunks.', { defaultText: 'xor' }) },
  },
  exemplars: {
    goType: 'config.ExemplarsConfig',
    doc: 'Exemplar storage.',
    keys: { max_exemplars: key(int64, 'Size of the exemplar ring buffer; 0 or less disables it.', { defaultText: '100000' }) },
  },
  tracing: {
    goType: 'config.plain',
    doc: 'Export of Prometheus\' own traces.',
    keys: {
      client_type: key(oneOf(['grpc', 'http']), 'OTLP transport.', { defaultText: 'grpc' }),
      endpoint: key(str, 'Collector endpoint (host:port); required when the section is set.'),
      sampling_fraction: key(float, 'Share of traces sampled (0 to 1).'),
      insecure: key(bool, 'Send without TLS.'),
      tls_config: key(section('tls'), 'TLS settings for the collector.'),
      headers: key({ kind: 'map', value: str, goType: 'map[string]string' }, 'Extra headers sent to the collector.'),
      compression: key(oneOf(['gzip']), 'Compression of the export.'),
      timeout: key(duration, 'Timeout of one export.', { defaultText: '10s' }),
    },
  },
  otlp: {
    goType: 'config.plain',
    doc: 'How metrics received over OTLP become Prometheus series.',
    keys: {
      promote_resource_attributes: key(stringList, 'Resource attributes turned into labels.'),
      promote_all_resource_attributes: key(bool, 'Turn every resource attribute into a label.', { since: 'v3.5.0' }),
      ignore_resource_attributes: key(stringList, 'Attributes left out when promoting all of them.', { since: 'v3.5.0' }),
      translation_strategy: key(oneOf(translationStrategies), 'How OTLP names become metric and label names.', { since: 'v3.0.0', defaultText: 'UnderscoreEscapingWithSuffixes' }),
      keep_identifying_resource_attributes: key(bool, 'Also keep service.name, service.namespace and service.instance.id on target_info.', { since: 'v3.1.0' }),
      convert_histograms_to_nhcb: key(bool, 'Store explicit-bucket histograms as native histograms with custom buckets.', { since: 'v3.4.0' }),
      promote_scope_metadata: key(bool, 'Turn the instrumentation scope into labels.', { since: 'v3.6.0' }),
      label_name_underscore_sanitization: key(bool, 'Prefix labels starting with one _ by key_.', { since: 'v3.8.0', defaultText: 'true' }),
      label_name_preserve_multiple_underscores: key(bool, 'Keep runs of underscores in translated label names.', { since: 'v3.8.0', defaultText: 'true' }),
    },
  },
};

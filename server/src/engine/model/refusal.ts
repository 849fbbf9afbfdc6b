import type { Path } from '../yaml/documents';

/**
 * What prometheus-operator refuses in a ServiceMonitor, PodMonitor, Probe or ScrapeConfig when it selects one for an
 * agent (pkg/prometheus's resource selector): the monitor is skipped whole, with an event
 * `"<namespace>/<name>" was rejected due to invalid configuration: <message>`. Each refusal is said at its field, in
 * the operator's words. Some depend on the agent (its Prometheus version, scrapeInterval, scrape classes): without
 * one, those are not said.
 */
export interface Refusal {
  /** Where, in the monitor's document. */
  path: Path;
  /** The operator's message, prefixed as it prefixes it (`endpoints[0]: relabelConfigs: [1]: …`). */
  message: string;
  /** What to underline: the value at `path`, or its key where the key is at fault (a label name). */
  anchor?: 'key';
}

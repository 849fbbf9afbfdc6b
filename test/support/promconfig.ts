import type { CheckOptions, Finding } from '../../server/src/engine';
import { describe, findings } from './engine';

export const configUri = 'file:///etc/prometheus/prometheus.yml';

/**
 * Findings of a prometheus.yml an agent runs, as `--as agent` says, run by the release the options name (as
 * `--prometheus-version` does; the default release unless they say otherwise, or unless they say it is not given), the
 * no-remote_write information left out.
 */
export function configFindings(text: string, options: Partial<CheckOptions> = {}, workspace: Record<string, string> = {}): Finding[] {
  return findings(text, { uri: configUri, options: { runBy: { mode: 'agent' }, prometheusVersionGiven: true, ...options }, workspace }).filter((f) => f.code !== 'promconfig/agent-remote-write');
}

/** What `configFindings` finds where nothing says which release runs the configuration. */
export const releaseNotGiven = { prometheusVersionGiven: false };

/** The same, as `line:column severity code message` lines. */
export function checkConfig(text: string, options: Partial<CheckOptions> = {}, workspace: Record<string, string> = {}): string[] {
  return configFindings(text, options, workspace).map(describe);
}

/** Only the messages of one rule. */
export function messages(text: string, code: string, options: Partial<CheckOptions> = {}): string[] {
  return configFindings(text, options).filter((f) => f.code === code).map((f) => f.message);
}

export const v2 = { prometheusVersion: 'v2.42.0' };

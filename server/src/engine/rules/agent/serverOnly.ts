import { removeFix } from '../fixes';
import { locate } from '../../yaml/locate';
import type { Rule } from '../rule';
import { isAgent, specOf } from './spec';

const rules = 'an agent does not evaluate rules';
const alerts = 'an agent sends no alerts';
const blocks = 'an agent keeps no TSDB blocks, only a write-ahead log until samples are sent';
const queries = 'an agent answers no queries';

/** The 23 spec fields of the Prometheus CR that PrometheusAgent lacks, and why an agent has no use for each. */
export const serverOnlyFields: Record<string, string> = {
  additionalAlertManagerConfigs: alerts,
  additionalAlertRelabelConfigs: alerts,
  alerting: alerts,
  allowOverlappingBlocks: blocks,
  baseImage: 'it is deprecated: set image',
  disableCompaction: blocks,
  enableAdminAPI: 'an agent has no TSDB admin API',
  evaluationInterval: rules,
  exemplars: 'an agent stores no exemplars locally',
  prometheusRulesExcludedFromEnforce: rules,
  query: queries,
  queryLogFile: queries,
  remoteRead: `${queries}, so it reads nothing back`,
  retention: blocks,
  retentionSize: blocks,
  ruleNamespaceSelector: rules,
  ruleQueryOffset: rules,
  ruleSelector: rules,
  rules,
  sha: 'it is deprecated: set image',
  shardRetentionPolicy: blocks,
  tag: 'it is deprecated: set image',
  thanos: 'an agent runs no Thanos sidecar: it has no blocks to upload and answers no queries',
};

export function isServerOnlyField(kind: string | undefined, path: readonly (string | number)[]): boolean {
  return kind === 'PrometheusAgent' && path.length === 2 && path[0] === 'spec' && Object.hasOwn(serverOnlyFields, String(path[1]));
}

export const serverOnlyField: Rule = {
  id: 'agent/server-only-field',
  severity: 'error',
  docs: 'A Prometheus-CR field on a PrometheusAgent (ruleSelector, alerting, retention, thanos, … 23 in all): the agent CRD has no such field. Fix: remove it.',
  appliesTo: isAgent,
  check(context) {
    const spec = specOf(context.document);
    for (const field of Object.keys(spec ?? {})) {
      if (!Object.hasOwn(serverOnlyFields, field)) continue;
      context.report({
        span: locate(context.document.yaml, context.lines, ['spec', field], 'key'),
        message: `PrometheusAgent has no \`${field}\`: ${serverOnlyFields[field]}`,
        fixes: removeFix(context, ['spec', field]),
      });
    }
  },
};

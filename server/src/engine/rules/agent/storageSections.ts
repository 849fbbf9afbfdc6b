import { agentStorageSections } from '../../model/operator';
import { fieldPath } from '../../util/kubernetesText';
import { semanticAtLeast } from '../../util/version';
import { locate } from '../../yaml/locate';
import type { Rule } from '../rule';
import { isAgent, parsedPrometheusVersion, specOf, valueAt } from './spec';

export const storageSections: Rule = {
  id: 'agent/storage-sections',
  severity: 'error',
  docs: 'Two or more of tsdb.outOfOrderTimeWindow, tsdb.staleSeriesCompactionThreshold and tsdb.chunkEncoding.floats on a PrometheusAgent whose Prometheus takes them: the operator writes a `storage` section of prometheus.yml for each, and Prometheus refuses the repeated key, so the agent does not start. Fix: keep one.',
  appliesTo: isAgent,
  check(context) {
    const spec = specOf(context.document)!;
    const parsed = parsedPrometheusVersion(context, spec);
    if (!parsed) return;
    const written = agentStorageSections.filter(({ path, minimum }) => {
      const value = valueAt(spec, path);
      return value !== undefined && value !== null && semanticAtLeast(parsed, minimum);
    });
    if (written.length < 2) return;
    context.report({
      span: locate(context.document.yaml, context.lines, ['spec', 'tsdb'], 'key'),
      message: `the operator writes a storage section of prometheus.yml for each of ${written.map(({ path }) => fieldPath(['spec', ...path])).join(' and ')}, and Prometheus refuses the second ("field storage already set in type config.plain"): the agent does not start; keep one`,
    });
  },
};

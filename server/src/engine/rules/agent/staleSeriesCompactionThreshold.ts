import { operatorRefusals } from '../../model/operator';
import { quantityValue } from '../../util/quantity';
import { locate } from '../../yaml/locate';
import type { Rule } from '../rule';
import { asRecord, isAgentOrServer, specOf } from './spec';

export const staleSeriesCompactionThreshold: Rule = {
  id: 'agent/stale-series-compaction-threshold',
  severity: 'error',
  docs: 'tsdb.staleSeriesCompactionThreshold outside [0, 1] (it is a ratio of series): the operator refuses the resource and creates nothing.',
  appliesTo: isAgentOrServer,
  check(context) {
    const spec = specOf(context.document, ['PrometheusAgent', 'Prometheus'])!;
    const threshold = asRecord(spec.tsdb)?.staleSeriesCompactionThreshold;
    const value = quantityValue(threshold);
    const { minimum, maximum } = operatorRefusals.staleSeriesCompactionThreshold;
    if (value === undefined || (value >= minimum && value <= maximum)) return;
    context.report({
      span: locate(context.document.yaml, context.lines, ['spec', 'tsdb', 'staleSeriesCompactionThreshold'], 'value'),
      message: `staleSeriesCompactionThreshold must be between ${minimum} and ${maximum}, not ${String(threshold)}: the operator does not reconcile the resource`,
    });
  },
};

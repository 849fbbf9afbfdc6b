import { additionalLabelSelectorsSince, panicsOnTopologySpread } from '../../model/operator';
import { atLeast } from '../../util/version';
import { locate } from '../../yaml/locate';
import type { Rule } from '../rule';
import { operatorVersion, runsOwnPods, specOf } from './spec';

export const topologySpreadPanic: Rule = {
  id: 'agent/topology-spread-panic',
  severity: 'error',
  docs: 'A topologySpreadConstraint with `additionalLabelSelectors` whose `labelSelector` is written without `matchLabels` (only `matchExpressions`, or empty): the operator panics writing the selector labels into it and restarts, reconciling none of the resources it manages (from v0.71.0).',
  // An injected agent's pods keep their workload's own spread.
  appliesTo: runsOwnPods,
  check(context) {
    const spec = specOf(context.document, ['PrometheusAgent', 'Prometheus'])!;
    if (!Array.isArray(spec.topologySpreadConstraints) || !atLeast(operatorVersion(context), additionalLabelSelectorsSince)) return;
    spec.topologySpreadConstraints.forEach((constraint, index) => {
      if (!panicsOnTopologySpread(constraint)) return;
      context.report({
        span: locate(context.document.yaml, context.lines, ['spec', 'topologySpreadConstraints', index, 'labelSelector'], 'key'),
        message: 'labelSelector without matchLabels beside additionalLabelSelectors: the operator panics adding the selector labels to it (assignment to entry in nil map) and restarts, reconciling no resource; give it matchLabels, or leave labelSelector out',
      });
    });
  },
};

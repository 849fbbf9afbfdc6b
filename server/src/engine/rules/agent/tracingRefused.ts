import { tracingRefusal } from '../../model/specRefusals';
import type { Rule } from '../rule';
import { configManaged, isAgentOrServer, operatorVersion, reportRefusal, specOf } from './spec';

export const tracingRefused: Rule = {
  id: 'agent/tracing-refused',
  severity: 'error',
  docs: 'A `tracingConfig` the operator refuses as it generates prometheus.yml (of a PrometheusAgent, or a Prometheus selecting monitors; said from v0.93.0): TLS settings that clash or are incomplete, or a samplingFraction outside 0 to 1. Prometheus itself would take any fraction. It stops reconciling the resource and creates nothing. At the field, in the operator\'s words.',
  appliesTo: isAgentOrServer,
  check(context) {
    const spec = specOf(context.document, ['PrometheusAgent', 'Prometheus'])!;
    // A configuration the operator does not generate has no tracing section of its making.
    const refusal = configManaged(context.document, spec) && tracingRefusal(spec, operatorVersion(context));
    if (refusal) reportRefusal(context, refusal);
  },
};

import { otlpRefusal } from '../../model/otlpChecks';
import { semanticAtLeast } from '../../util/version';
import type { Rule } from '../rule';
import { configManaged, isAgentOrServer, parsedPrometheusVersion, reportRefusal, specOf } from './spec';

export const otlpRefused: Rule = {
  id: 'agent/otlp-refused',
  severity: 'error',
  docs: 'An `otlp` section the operator refuses as it generates prometheus.yml (of a PrometheusAgent, or a Prometheus selecting monitors): before Prometheus 2.55, a translation strategy its Prometheus lacks (NoTranslation before 3.4, UnderscoreEscapingWithoutSuffixes before 3.6) or that clashes with `nameValidationScheme: Legacy`, and from 3.5 resource attributes both promoted all and one by one, or ignored without promoting all. It stops reconciling the resource and creates nothing.',
  appliesTo: isAgentOrServer,
  check(context) {
    const spec = specOf(context.document, ['PrometheusAgent', 'Prometheus'])!;
    const parsed = parsedPrometheusVersion(context, spec);
    // A version the operator cannot read is agent/unsupported-version's: it refuses that first. A configuration it does
    // not generate has no otlp section of its making.
    const refusal = parsed && configManaged(context.document, spec) && otlpRefusal(spec, (minimum) => semanticAtLeast(parsed, minimum));
    if (refusal) reportRefusal(context, refusal);
  },
};

import { scrapeClassRefusals } from '../../model/scrapeClassChecks';
import type { Rule } from '../rule';
import { isAgentOrServer, operatorVersion, parsedPrometheusVersion, prometheusVersion, reportRefusal, specOf } from './spec';

export const scrapeClassRefused: Rule = {
  id: 'agent/scrape-class-refused',
  severity: 'error',
  docs: 'A scrape class the operator refuses (of a PrometheusAgent or a Prometheus, whoever manages its configuration): a second `default: true`, and from v0.93.0 relabelings its Prometheus refuses, TLS settings that are incomplete or clash, an authorization with two credential sources or type "basic". It stops reconciling the resource and creates nothing. At the field, in the operator\'s words.',
  appliesTo: isAgentOrServer,
  check(context) {
    const spec = specOf(context.document, ['PrometheusAgent', 'Prometheus'])!;
    // A version the operator cannot read is agent/unsupported-version's: it refuses that first.
    if (!parsedPrometheusVersion(context, spec)) return;
    for (const refusal of scrapeClassRefusals(spec, prometheusVersion(context, spec), operatorVersion(context))) reportRefusal(context, refusal);
  },
};

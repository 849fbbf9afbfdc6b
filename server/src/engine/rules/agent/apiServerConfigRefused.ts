import { apiServerConfigRefusal } from '../../model/specRefusals';
import type { Rule } from '../rule';
import { configManaged, isAgentOrServer, operatorVersion, reportRefusal, specOf } from './spec';

export const apiServerConfigRefused: Rule = {
  id: 'agent/apiserver-config-refused',
  severity: 'error',
  docs: 'An `apiserverConfig` the operator refuses as it loads its credentials (of a PrometheusAgent, or a Prometheus selecting monitors; said from v0.93.0): an authorization naming `credentials` and a `credentialsFile` too, or of type "basic", or TLS settings that clash or are incomplete. It stops reconciling the resource and creates nothing. At the field, in the operator\'s words.',
  appliesTo: isAgentOrServer,
  check(context) {
    const spec = specOf(context.document, ['PrometheusAgent', 'Prometheus'])!;
    // A Prometheus whose configuration the operator does not generate loads no API server credentials.
    const refusal = configManaged(context.document, spec) && apiServerConfigRefusal(spec, operatorVersion(context));
    if (refusal) reportRefusal(context, refusal);
  },
};

import { remoteWriteProblem } from '../../model/remoteWriteChecks';
import { semanticAtLeast } from '../../util/version';
import { locate } from '../../yaml/locate';
import type { Rule } from '../rule';
import { asRecord, configManaged, isAgentOrServer, parsedPrometheusVersion, prometheusVersion, specOf } from './spec';

export const remoteWriteRefused: Rule = {
  id: 'agent/remote-write-refused',
  severity: 'error',
  docs: 'A remoteWrite entry the operator refuses (of a PrometheusAgent, or a Prometheus selecting monitors, whose configuration it manages): two ways to authenticate, Azure AD settings that clash, need a newer Prometheus or a UUID, OAuth2, TLS, authorization, SigV4 and proxy settings that are incomplete or clash; it stops reconciling the resource and creates nothing. At the field, in the operator\'s words.',
  appliesTo: isAgentOrServer,
  check(context) {
    const spec = specOf(context.document, ['PrometheusAgent', 'Prometheus'])!;
    const parsed = parsedPrometheusVersion(context, spec);
    // A version the operator cannot read is agent/unsupported-version's: it refuses that first.
    if (!parsed || !Array.isArray(spec.remoteWrite)) return;
    // The operator loads no remote write where it does not manage the configuration.
    if (!configManaged(context.document, spec)) return;
    const version = prometheusVersion(context, spec);
    spec.remoteWrite.forEach((item, index) => {
      const entry = asRecord(item);
      const problem = entry && remoteWriteProblem(entry, (minimum) => semanticAtLeast(parsed, minimum), version);
      if (!problem) return;
      context.report({
        span: locate(context.document.yaml, context.lines, ['spec', 'remoteWrite', index, ...problem.path], 'key'),
        message: `remoteWrite[${index}]: ${problem.message}: the operator does not reconcile the resource`,
      });
    });
  },
};

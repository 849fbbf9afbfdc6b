import { webTlsConfigProblem } from '../../model/httpClientChecks';
import { locate } from '../../yaml/locate';
import type { Rule } from '../rule';
import { asRecord, operatorVersion, runsOwnPods, specOf, valueAt } from './spec';

export const webTlsRefused: Rule = {
  id: 'agent/web-tls-refused',
  severity: 'error',
  docs: 'A `web.tlsConfig` the operator refuses as it creates the web config Secret (of a PrometheusAgent or a Prometheus, from v0.77.0): a certificate, key or client CA given both as a file and from a Secret or ConfigMap, or from both a Secret and a ConfigMap, or no certificate or key at all. It stops reconciling the resource before the workload. At the field, in the operator\'s words.',
  // An injected agent takes no web settings.
  appliesTo: runsOwnPods,
  check(context) {
    const spec = specOf(context.document, ['PrometheusAgent', 'Prometheus'])!;
    const tls = asRecord(valueAt(spec, ['web', 'tlsConfig']));
    const problem = tls && webTlsConfigProblem(tls, operatorVersion(context));
    if (!problem) return;
    context.report({
      span: locate(context.document.yaml, context.lines, ['spec', 'web', 'tlsConfig', ...problem.path], 'key'),
      message: `failed to initialize web config: ${problem.message}: the operator does not reconcile the resource`,
    });
  },
};

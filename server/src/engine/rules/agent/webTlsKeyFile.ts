import { minimumPrometheus } from '../../model/operator';
import { webTlsConfigProblem } from '../../model/httpClientChecks';
import { webKeyFileRefusal } from '../../model/specRefusals';
import { atLeast } from '../../util/version';
import type { Rule } from '../rule';
import { asRecord, mode, operatorVersion, prometheusVersion, reportRefusal, runsOwnPods, specOf, valueAt } from './spec';

export const webTlsKeyFile: Rule = {
  id: 'agent/web-tls-key-file',
  severity: 'error',
  docs: 'A `web.tlsConfig` that gives the key as keyFile, with no keySecret (of a PrometheusAgent or a Prometheus; said from v0.93.0): the operator still mounts keySecret, as a Secret volume with no name, so the API server refuses the StatefulSet or DaemonSet and no pod starts. Give the key as keySecret.',
  // An injected agent takes no web settings.
  appliesTo: runsOwnPods,
  check(context) {
    const spec = specOf(context.document, ['PrometheusAgent', 'Prometheus'])!;
    const release = operatorVersion(context);
    const tls = asRecord(valueAt(spec, ['web', 'tlsConfig']));
    // TLS settings the operator refuses stop it earlier (agent/web-tls-refused); a web config it does not mount (a
    // StatefulSet of Prometheus before 2.24) mounts no key.
    if (!tls || webTlsConfigProblem(tls, release)) return;
    const workload = mode(spec) === 'DaemonSet' ? 'DaemonSet' : 'StatefulSet';
    if (workload === 'StatefulSet' && !atLeast(prometheusVersion(context, spec), minimumPrometheus.webConfigFile)) return;
    const refusal = webKeyFileRefusal(spec, release);
    if (refusal) reportRefusal(context, refusal, `the API server refuses the ${workload} and no pod starts; give the key as keySecret`);
  },
};

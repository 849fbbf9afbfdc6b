import { volumeNameRefusal } from '../../model/specRefusals';
import type { Rule } from '../rule';
import { mode, operatorVersion, reportRefusal, runsOwnPods, specOf } from './spec';

export const volumeName: Rule = {
  id: 'agent/volume-name',
  severity: 'error',
  docs: 'A name in spec.secrets or spec.configMaps so long that the volume the operator names after it (`secret-<name>`, cut to 63 characters) ends in `-` (of a PrometheusAgent or a Prometheus; said from v0.93.0): making the StatefulSet or DaemonSet fails, after the Secrets and the Service are created.',
  appliesTo: runsOwnPods,
  check(context) {
    const spec = specOf(context.document, ['PrometheusAgent', 'Prometheus'])!;
    const refusal = volumeNameRefusal(spec, operatorVersion(context));
    if (refusal) reportRefusal(context, refusal, `the operator fails to make the ${mode(spec) === 'DaemonSet' ? 'DaemonSet' : 'StatefulSet'} and no pod starts`, 'value');
  },
};

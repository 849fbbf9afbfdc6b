import { storageVolumeNameRefusal } from '../../model/specRefusals';
import { dataVolumeNameOf } from '../../model/operator';
import type { Rule } from '../rule';
import { mode, operatorVersion, reportRefusal, runsOwnPods, specOf } from './spec';

export const storageVolumeName: Rule = {
  id: 'agent/storage-volume-name',
  severity: 'error',
  docs: 'A storage of emptyDir or ephemeral beside a volumeClaimTemplate that names itself otherwise than the volume (of a PrometheusAgent or a Prometheus in StatefulSet mode; said from v0.93.0): the operator names the volume after the resource and mounts it by the template\'s name, so the API server refuses the StatefulSet. Remove the template\'s name, or the template.',
  appliesTo: (document) => runsOwnPods(document) && mode(specOf(document, ['PrometheusAgent', 'Prometheus'])!) !== 'DaemonSet',
  check(context) {
    const spec = specOf(context.document, ['PrometheusAgent', 'Prometheus'])!;
    const kind = context.document.kind === 'Prometheus' ? 'Prometheus' : 'PrometheusAgent';
    const refusal = storageVolumeNameRefusal(spec, operatorVersion(context), dataVolumeNameOf(kind, context.document.name ?? ''));
    if (refusal) reportRefusal(context, refusal, 'the API server refuses the StatefulSet and no pod starts', 'value');
  },
};

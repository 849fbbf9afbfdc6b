import { storageVolumeNameRefusal } from '../../model/specRefusals';
import { locate } from '../../yaml/locate';
import type { Rule } from '../rule';
import { mode, operatorVersion, runsOwnPods, specOf } from './spec';

export const storageVolumeName: Rule = {
  id: 'agent/storage-volume-name',
  severity: 'error',
  docs: 'A storage of emptyDir or ephemeral beside a volumeClaimTemplate that names itself otherwise than the volume (of a PrometheusAgent or a Prometheus in StatefulSet mode; said from v0.93.0): the operator names the volume after the resource and mounts it by the template\'s name, so the API server refuses the StatefulSet. Remove the template\'s name, or the template.',
  appliesTo: (document) => runsOwnPods(document) && mode(specOf(document, ['PrometheusAgent', 'Prometheus'])!) !== 'DaemonSet',
  check(context) {
    const spec = specOf(context.document, ['PrometheusAgent', 'Prometheus'])!;
    // The operator's VolumeName: `prom-agent-<name>-db`, or `prometheus-<name>-db` for a Prometheus.
    const dataVolume = `${context.document.kind === 'Prometheus' ? 'prometheus' : 'prom-agent'}-${context.document.name ?? ''}-db`;
    const refusal = storageVolumeNameRefusal(spec, operatorVersion(context), dataVolume);
    if (!refusal) return;
    context.report({
      span: locate(context.document.yaml, context.lines, ['spec', ...refusal.path], 'value'),
      message: `${refusal.message}: the API server refuses the StatefulSet and no pod starts`,
    });
  },
};

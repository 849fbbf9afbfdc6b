/** The external labels' names when spec does not rename them. */
const defaultNames = { prometheus: 'prometheus', replica: 'prometheus_replica' };

/**
 * The external labels the operator sets itself, by name, with their values (a spec.externalLabels entry of that name is
 * ignored): `prometheus: <ns>/<name>` and `prometheus_replica: $(POD_NAME)` (spec renames them; "" leaves one out). In
 * Sidecar mode the injection sets `namespace` (the pod's, `podNamespace`) and `pod` instead of a replica: each pod is
 * its own agent.
 */
export function reservedExternalLabels(spec: Record<string, unknown>, owner: { namespace: string; name: string }, podNamespace: string): Record<string, string> {
  const reserved: Record<string, string> = {};
  const prometheusLabel = typeof spec.prometheusExternalLabelName === 'string' ? spec.prometheusExternalLabelName : defaultNames.prometheus;
  if (prometheusLabel) reserved[prometheusLabel] = `${owner.namespace}/${owner.name}`;
  if (spec.mode === 'Sidecar') {
    reserved.namespace = podNamespace;
    reserved.pod = '$(POD_NAME)';
    return reserved;
  }
  const replicaLabel = typeof spec.replicaExternalLabelName === 'string' ? spec.replicaExternalLabelName : defaultNames.replica;
  if (replicaLabel) reserved[replicaLabel] = '$(POD_NAME)';
  return reserved;
}

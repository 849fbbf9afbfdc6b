import { asRecord } from '../util/record';
import { quantityValue } from '../util/quantity';
import { authorizationProblem, present, tlsConfigProblem, type ClientProblem } from './httpClientChecks';
import { undated } from './operator';
import { dns1123Label } from './resourceNames';

/**
 * What the operator refuses in spec.tracingConfig as it generates prometheus.yml (TracingConfig.Validate, from
 * appendTracingConfig), of a PrometheusAgent or a Prometheus: TLS settings that clash, in TLSConfig.Validate's words,
 * then a samplingFraction outside [0, 1]. It stops reconciling the resource. Said for operator `release` v0.93.0 and
 * later (see undated); the path is relative to the spec.
 */
export function tracingRefusal(spec: Record<string, unknown>, release: string): ClientProblem | undefined {
  const tracing = asRecord(spec.tracingConfig);
  if (!tracing || !undated(release)) return undefined;
  const tls = asRecord(tracing.tlsConfig);
  const tlsProblem = tls && tlsConfigProblem(tls, true);
  if (tlsProblem) return { path: ['tracingConfig', 'tlsConfig'], message: `failed to generate tracing configuration: ${tlsProblem}` };
  const fraction = quantityValue(tracing.samplingFraction);
  if (fraction !== undefined && (fraction < 0 || fraction > 1)) {
    return { path: ['tracingConfig', 'samplingFraction'], message: 'failed to generate tracing configuration: `samplingFraction` must be between 0 and 1' };
  }
  return undefined;
}

/**
 * What the operator refuses in spec.apiserverConfig as it loads its credentials (AddAPIServerConfigToStore): an
 * authorization that names credentials and a file, or type "basic" (checked only when it names credentials), then TLS
 * settings that clash. It stops reconciling the resource. Whether the Secrets it reads exist is the cluster's to say.
 * Said for operator `release` v0.93.0 and later (see undated); the path is relative to the spec.
 */
export function apiServerConfigRefusal(spec: Record<string, unknown>, release: string): ClientProblem | undefined {
  const config = asRecord(spec.apiserverConfig);
  if (!config || !undated(release)) return undefined;
  const authorization = asRecord(config.authorization);
  const authorizationRefusal = authorization && present(authorization.credentials) ? authorizationProblem(authorization) : undefined;
  if (authorizationRefusal) return { path: ['apiserverConfig', 'authorization', ...authorizationRefusal.path], message: `apiserver config: ${authorizationRefusal.message}` };
  const tls = asRecord(config.tlsConfig);
  const tlsProblem = tls && tlsConfigProblem(tls, true);
  if (tlsProblem) return { path: ['apiserverConfig', 'tlsConfig'], message: `apiserver config: failed to validate TLS configuration: ${tlsProblem}` };
  return undefined;
}

/**
 * A web.tlsConfig with keyFile and no keySecret, whose workload the API server refuses: the operator mounts keySecret
 * whatever it names (TLSReferences.GetMountParameters), here a Secret volume with no secretName. The operator goes on
 * creating the Secrets and the Service; the StatefulSet or DaemonSet it asks for is refused, and asked for again on
 * each reconciliation. Said for operator `release` v0.93.0 and later (see undated), where the operator mounts the web
 * config at all (see mountsWebConfig), and where it takes the TLS settings (see webTlsConfigProblem); the path is
 * relative to the spec.
 */
export function webKeyFileRefusal(spec: Record<string, unknown>, release: string): ClientProblem | undefined {
  const tls = asRecord(asRecord(spec.web)?.tlsConfig);
  if (!tls || !undated(release) || typeof tls.keyFile !== 'string' || tls.keyFile === '') return undefined;
  const keySecret = asRecord(tls.keySecret)?.name;
  if (typeof keySecret === 'string' && keySecret !== '') return undefined;
  return {
    path: ['web', 'tlsConfig', 'keyFile'],
    message: 'the operator mounts web.tlsConfig.keySecret even when keyFile gives the key, here as a Secret volume with no name (secret.secretName: Required value)',
  };
}

/**
 * A storage of emptyDir or ephemeral beside a volumeClaimTemplate that names itself, whose StatefulSet the API server
 * refuses: the operator names the volume `dataVolume` (VolumeName, prom-agent-<name>-db) and the mounts after the claim
 * template (VolumeClaimName), so the mounts name no volume, unless the template names that one or one of spec.volumes.
 * Said for operator `release` v0.93.0 and later (see undated); the path is relative to the spec.
 */
export function storageVolumeNameRefusal(spec: Record<string, unknown>, release: string, dataVolume: string): ClientProblem | undefined {
  const storage = asRecord(spec.storage);
  if (!storage || !undated(release) || (!asRecord(storage.emptyDir) && !asRecord(storage.ephemeral))) return undefined;
  const name = asRecord(asRecord(storage.volumeClaimTemplate)?.metadata)?.name;
  if (typeof name !== 'string' || name === '' || name === dataVolume) return undefined;
  if (Array.isArray(spec.volumes) && spec.volumes.some((volume) => asRecord(volume)?.name === name)) return undefined;
  return {
    path: ['storage', 'volumeClaimTemplate', 'metadata', 'name'],
    message: `with storage.${asRecord(storage.emptyDir) ? 'emptyDir' : 'ephemeral'}, the operator names the data volume after the resource but mounts it by this name: the containers' volumeMounts name a volume "${name}" the pod does not have (volumeMounts[].name: Not found)`,
  };
}

/**
 * A Secret or ConfigMap of spec.secrets or spec.configMaps whose volume name, cut to 63 characters, ends in `-`: the
 * operator fails to make the StatefulSet or DaemonSet (DNS1123Label), after creating the Secrets and the Service.
 * Said for operator `release` v0.93.0 and later (see undated); the path is relative to the spec.
 */
export function volumeNameRefusal(spec: Record<string, unknown>, release: string): ClientProblem | undefined {
  if (!undated(release)) return undefined;
  for (const [field, prefix] of [['secrets', 'secret'], ['configMaps', 'configmap']] as const) {
    const names = Array.isArray(spec[field]) ? spec[field] : [];
    for (const [index, name] of names.entries()) {
      if (typeof name !== 'string') continue;
      const label = dns1123Label(prefix, name);
      if (!label.valid) {
        return { path: [field, index], message: `the operator names its volume ${JSON.stringify(label.name)}, cut to 63 characters, which is no DNS-1123 label (it must end with a letter or digit)` };
      }
    }
  }
  return undefined;
}

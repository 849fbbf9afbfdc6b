import { minimumPrometheus } from '../../model/operator';
import { paths, specDefaults } from '../defaults';
import type { RenderContext } from '../context';
import { asRecord, type Json } from '../fields';
import { configSecretName, dataVolumeName, tlsAssetsSecretName } from '../names';
import { dns1123Label } from '../../model/resourceNames';
import { mountsWebConfig, webConfigMounts, webConfigPath } from './webConfig';
import { usesDefaultFileVolume } from '../config/global';

export interface PodVolumes {
  volumes: Json[];
  prometheusMounts: Json[];
  reloaderMounts: Json[];
  /** The reloader's `--web-config-file`, when it gets the web config too. */
  reloaderWebConfigFile?: string;
  volumeClaimTemplate?: Json;
}

/** The name the data volume is mounted by (VolumeClaimName): the volumeClaimTemplate's own name, else `prom-agent-<name>-db`. */
export function dataVolume(context: RenderContext): string {
  const template = context.spec.child('storage').child('volumeClaimTemplate');
  return template.child('metadata').string('name') || dataVolumeName(context.name);
}

/**
 * Volumes and mounts in the operator's order (operator.md §3): config, tls-assets, config-out, secret-*, configmap-*,
 * log-file, web-config (+ TLS), then (StatefulSet) the data volume and spec.volumes. The DaemonSet has no data volume
 * and drops spec.volumes while keeping spec.volumeMounts (prometheus-operator #7813).
 */
export function podVolumes(context: RenderContext): PodVolumes {
  const statefulSet = context.mode === 'StatefulSet';
  const spec = context.spec;
  const volumes: Json[] = [
    { name: 'config', secret: { secretName: configSecretName(context.name) } },
    { name: 'tls-assets', projected: { sources: [{ secret: { name: tlsAssetsSecretName(context.name) } }] } },
    { name: 'config-out', emptyDir: { medium: 'Memory' } },
  ];
  const prometheusMounts: Json[] = [
    { name: 'config-out', readOnly: true, mountPath: paths.configOutDir },
    { name: 'tls-assets', readOnly: true, mountPath: paths.tlsAssetsDir },
  ];
  const storage = spec.child('storage');
  if (statefulSet) {
    const subPath = storage.present() && !storage.boolean('disableMountSubPath') ? { subPath: paths.storageSubPath } : {};
    prometheusMounts.push({ name: dataVolume(context), mountPath: paths.storage, ...subPath });
  }
  prometheusMounts.push(...spec.list('volumeMounts').filter((m) => asRecord(m)) as Json[]);
  // A name the cut leaves with a `-` at its end fails the workload (see volumeNameRefusal): it is refused at its field.
  for (const secret of spec.stringList('secrets')) {
    const { name } = dns1123Label('secret', secret);
    volumes.push({ name, secret: { secretName: secret } });
    prometheusMounts.push({ name, readOnly: true, mountPath: `${paths.secretsDir}${secret}` });
  }
  for (const configMap of spec.stringList('configMaps')) {
    const { name } = dns1123Label('configmap', configMap);
    volumes.push({ name, configMap: { name: configMap } });
    prometheusMounts.push({ name, readOnly: true, mountPath: `${paths.configMapsDir}${configMap}` });
  }
  // Mounted whatever the version: only the configuration's key is gated.
  const logFile = spec.string('scrapeFailureLogFile');
  if (logFile && usesDefaultFileVolume(logFile)) {
    volumes.push({ name: 'log-file', emptyDir: {} });
    prometheusMounts.push({ name: 'log-file', mountPath: paths.logDir });
  }
  const reloaderMounts: Json[] = [
    { name: 'config', mountPath: paths.configDir },
    { name: 'config-out', mountPath: paths.configOutDir },
  ];
  const out: PodVolumes = { volumes, prometheusMounts, reloaderMounts };
  const withWebConfig = mountsWebConfig(context);
  if (!withWebConfig && spec.has('web')) context.notes.add(`spec.web: the web config file needs Prometheus ${minimumPrometheus.webConfigFile}; the operator drops it with ${context.version}`);
  if (withWebConfig) {
    const web = webConfigMounts(context);
    volumes.push(...web.volumes);
    prometheusMounts.push(...web.mounts);
    // The reloader reads the web config to serve its own endpoint the same way: always in DaemonSet mode, with spec.web in StatefulSet mode.
    if (!statefulSet || spec.has('web')) {
      reloaderMounts.push(...web.mounts);
      out.reloaderWebConfigFile = webConfigPath;
    }
  }
  if (statefulSet) addDataVolume(context, out);
  else if (spec.list('volumes').length) {
    context.notes.add('spec.volumes is dropped in DaemonSet mode while spec.volumeMounts is kept (prometheus-operator #7813): Kubernetes rejects a DaemonSet whose mounts name a missing volume');
  }
  return out;
}

/** emptyDir `{}` without storage; storage.emptyDir or storage.ephemeral as given; else a PVC template. Then spec.volumes. */
function addDataVolume(context: RenderContext, out: PodVolumes): void {
  const storage = context.spec.child('storage');
  const emptyDir = storage.record('emptyDir');
  const ephemeral = storage.record('ephemeral');
  const template = storage.record('volumeClaimTemplate');
  // A volume is named prom-agent-<name>-db whatever the claim template says, which names the mounts (see dataVolume).
  const volume = dataVolumeName(context.name);
  if (!storage.present()) out.volumes.push({ name: volume, emptyDir: {} });
  else if (emptyDir) out.volumes.push({ name: volume, emptyDir });
  else if (ephemeral) out.volumes.push({ name: volume, ephemeral });
  else out.volumeClaimTemplate = claimTemplate(context, template ?? {}, dataVolume(context));
  out.volumes.push(...context.spec.list('volumes').filter((v) => asRecord(v)) as Json[]);
}

/**
 * The claim template as the operator writes it into the StatefulSet: the template's name (or the data volume's),
 * labels and annotations, its spec with `ReadWriteOnce` when it sets no access mode, and no apiVersion or kind.
 */
function claimTemplate(context: RenderContext, template: Json, name: string): Json {
  const given = asRecord(template.metadata) ?? {};
  const metadata: Json = { name };
  if (asRecord(given.labels)) metadata.labels = given.labels;
  if (asRecord(given.annotations)) metadata.annotations = given.annotations;
  const spec = { ...(asRecord(template.spec) ?? {}) };
  if (!Array.isArray(spec.accessModes)) spec.accessModes = [...specDefaults.accessModes];
  if (!context.spec.child('storage').has('volumeClaimTemplate')) context.notes.add('spec.storage sets none of emptyDir, ephemeral, volumeClaimTemplate; the operator renders an empty volumeClaimTemplate');
  return { metadata, spec, ...(asRecord(template.status) ? { status: template.status } : {}) };
}

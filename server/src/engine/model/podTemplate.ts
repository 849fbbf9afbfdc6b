import { podTemplatePaths, type ClassifiedDocument } from '../classify';
import { asRecord, stringEntries } from '../util/record';
import type { Path } from '../yaml/documents';

export interface ContainerPort {
  name?: string;
  containerPort: number;
}

export interface VolumeMount {
  name: string;
  mountPath: string;
  subPath?: string;
}

/** A container as the checks read it; `path` is where it stands in the document. */
export interface Container {
  name: string;
  path: Path;
  ports: ContainerPort[];
  image?: string;
  command?: unknown[];
  args?: unknown[];
  workingDir?: string;
  volumeMounts: VolumeMount[];
}

/** A key of a ConfigMap or Secret projected into a volume, at a path relative to the volume's root. */
export interface ProjectedKey {
  kind: 'ConfigMap' | 'Secret';
  name: string;
  /** The keys listed under `items` (key → path); absent: every key, each at a path equal to its name. */
  items?: { key: string; path: string }[];
}

/** A pod volume: the ConfigMaps and Secrets it projects (none for an emptyDir, a PVC, …). */
export interface Volume {
  name: string;
  sources: ProjectedKey[];
}

/** A Pod, or the pod template of a workload: where its metadata and spec are, and what they hold. */
export interface PodTemplate {
  document: ClassifiedDocument;
  /** Path of the template in the document: [] for a Pod, ['spec', 'template'] for a Deployment. */
  path: Path;
  /** The namespace the pods run in: the object's, else `default`. */
  namespace: string;
  /** The workload's (or Pod's) name. */
  ownerName: string;
  /** `Deployment monitoring/edge-agent`: how findings and hovers name the workload. */
  ownerTitle: string;
  /** The pods' labels (string values), as a Service's or a PodMonitor's selector reads them. */
  labels: Record<string, string>;
  annotations: Record<string, unknown>;
  containers: Container[];
  /**
   * The ports of its init containers: Prometheus's Kubernetes discovery lists them with the containers' (a native
   * sidecar, an init container that keeps running, serves metrics there).
   */
  initContainerPorts: ContainerPort[];
  volumes: Volume[];
}

const templates = new WeakMap<ClassifiedDocument, PodTemplate | undefined>();

/**
 * The pod template of a Pod or a pod-template owner (Deployment, StatefulSet, DaemonSet, ReplicaSet, Job, CronJob),
 * read once per document: the index and several rules ask for it.
 */
export function podTemplateOf(document: ClassifiedDocument): PodTemplate | undefined {
  if (!templates.has(document)) templates.set(document, readPodTemplate(document));
  return templates.get(document);
}

const text = (value: unknown) => (typeof value === 'string' ? value : undefined);
const list = (value: unknown) => (Array.isArray(value) ? value : undefined);

function readPodTemplate(document: ClassifiedDocument): PodTemplate | undefined {
  let path: Path;
  if (document.role === 'pod') path = [];
  else if (document.role === 'workload' && document.kind && Object.hasOwn(podTemplatePaths, document.kind)) path = podTemplatePaths[document.kind];
  else return undefined;
  const data = (...at: Path) => document.yaml.dataAt([...path, ...at]);
  const annotations = asRecord(data('metadata', 'annotations')) ?? {};
  const labels = stringEntries(data('metadata', 'labels'));
  const portsAt = (list: 'containers' | 'initContainers', i: number) =>
    Array.from({ length: document.yaml.lengthAt([...path, 'spec', list, i, 'ports']) }, (_, j): ContainerPort[] => {
      const name = data('spec', list, i, 'ports', j, 'name');
      const containerPort = data('spec', list, i, 'ports', j, 'containerPort');
      if (typeof containerPort !== 'number') return [];
      return typeof name === 'string' ? [{ name, containerPort }] : [{ containerPort }];
    }).flat();
  // Read field by field: a container's other fields (env, resources, probes) are most of a workload.
  const containers = Array.from({ length: document.yaml.lengthAt([...path, 'spec', 'containers']) }, (_, i): Container => {
    const field = (...at: Path) => data('spec', 'containers', i, ...at);
    return {
      name: text(field('name')) ?? '',
      path: [...path, 'spec', 'containers', i],
      ports: portsAt('containers', i),
      image: text(field('image')),
      command: list(field('command')),
      args: list(field('args')),
      workingDir: text(field('workingDir')),
      volumeMounts: (list(field('volumeMounts')) ?? []).flatMap((raw): VolumeMount[] => {
        const mount = asRecord(raw);
        const name = text(mount?.name);
        const mountPath = text(mount?.mountPath);
        return name && mountPath ? [{ name, mountPath, subPath: text(mount?.subPath) || undefined }] : [];
      }),
    };
  });
  const volumes = (list(data('spec', 'volumes')) ?? []).flatMap((raw): Volume[] => {
    const volume = asRecord(raw);
    const name = text(volume?.name);
    return name ? [{ name, sources: volumeSources(volume!) }] : [];
  });
  const namespace = document.namespace ?? 'default';
  const ownerName = document.name ?? '';
  const initContainerPorts = Array.from({ length: document.yaml.lengthAt([...path, 'spec', 'initContainers']) }, (_, i) => portsAt('initContainers', i)).flat();
  return {
    document, path, namespace, ownerName, ownerTitle: `${document.kind} ${namespace}/${ownerName}`, labels, annotations, containers, initContainerPorts, volumes,
  };
}

/** The ConfigMaps and Secrets a volume projects: `configMap`, `secret`, or each source of `projected`. */
function volumeSources(volume: Record<string, unknown>): ProjectedKey[] {
  const items = (value: unknown) => {
    const entries = list(value)?.flatMap((raw) => {
      const item = asRecord(raw);
      const key = text(item?.key);
      const path = text(item?.path);
      return key && path ? [{ key, path }] : [];
    });
    return entries && entries.length ? entries : undefined;
  };
  const configMap = (value: unknown, nameField: string): ProjectedKey[] => {
    const source = asRecord(value);
    const name = text(source?.[nameField]);
    return source && name ? [{ kind: 'ConfigMap', name, items: items(source.items) }] : [];
  };
  const secret = (value: unknown, nameField: string): ProjectedKey[] => {
    const source = asRecord(value);
    const name = text(source?.[nameField]);
    return source && name ? [{ kind: 'Secret', name, items: items(source.items) }] : [];
  };
  const projected = list(asRecord(volume.projected)?.sources) ?? [];
  return [
    ...configMap(volume.configMap, 'name'),
    ...secret(volume.secret, 'secretName'),
    ...projected.flatMap((raw) => [...configMap(asRecord(raw)?.configMap, 'name'), ...secret(asRecord(raw)?.secret, 'name')]),
  ];
}

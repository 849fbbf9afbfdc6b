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
  /** Its `env` and `envFrom`, when it has some: what `$(NAME)` in its command and args stands for. */
  environment?: Environment;
}

/** A word a container passes its program, and the entry of `command` or `args` holding it. */
export interface PassedWord {
  /** As the kubelet expands it; undefined when known only when the pod runs, or no string. */
  text: string | undefined;
  path: Path;
}

/** The words after the program: the rest of `command`, then `args`. */
export function passedWords(container: Container): PassedWord[] {
  const at = (field: 'command' | 'args', word: unknown, i: number): PassedWord => ({
    text: typeof word === 'string' ? kubeletExpanded(word, container.environment) : undefined,
    path: [...container.path, field, i],
  });
  return [...(container.command ?? []).map((word, i) => at('command', word, i)).slice(1), ...(container.args ?? []).map((word, i) => at('args', word, i))];
}

/** The variables a container defines for `$(NAME)` in its command and args (see kubeletExpanded). */
export interface Environment {
  /** Each name's value; undefined when it is only known when the pod runs (`valueFrom`). */
  values: Map<string, string | undefined>;
  /** `envFrom` may define any other name. */
  open: boolean;
}

/**
 * A text as the kubelet expands it in a container's command, args and env values: `$(NAME)` is the value of a name
 * the container defines, `$$` a `$`; a name it does not define stays as written. Undefined when a value is only
 * known when the pod runs.
 */
export function kubeletExpanded(text: string, environment: Environment | undefined): string | undefined {
  if (!text.includes('$')) return text;
  let known = true;
  const expanded = text.replace(/\$\$|\$\(([^)]*)\)/g, (reference, name: string | undefined) => {
    if (name === undefined) return '$';
    if (environment?.values.has(name)) {
      const value = environment.values.get(name);
      if (value === undefined) known = false;
      return value ?? reference;
    }
    if (environment?.open) known = false;
    return reference;
  });
  return known ? expanded : undefined;
}

/** A container's `env` and `envFrom`; each value expanded with the names before it, as the kubelet does. */
function environmentOf(env: unknown[] | undefined, envFrom: unknown[] | undefined): Environment | undefined {
  if (!env?.length && !envFrom?.length) return undefined;
  const environment: Environment = { values: new Map(), open: (envFrom?.length ?? 0) > 0 };
  for (const raw of env ?? []) {
    const variable = asRecord(raw);
    const name = text(variable?.name);
    if (!name) continue;
    const value = variable?.value;
    // A name given twice takes its last value; one with valueFrom has its value only when the pod runs.
    environment.values.set(name, variable?.valueFrom !== undefined ? undefined
      : kubeletExpanded(typeof value === 'string' ? value : value === undefined || value === null ? '' : String(value), environment));
  }
  return environment;
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
  /** Its native sidecars: init containers with `restartPolicy: Always`, which keep running beside the containers. */
  sidecars: Container[];
  /**
   * The ports of its init containers: Prometheus's Kubernetes discovery lists them with the containers' (a native
   * sidecar, an init container that keeps running, serves metrics there).
   */
  initContainerPorts: ContainerPort[];
  volumes: Volume[];
}

/**
 * Whether a container may run Prometheus: its image names prometheus (a mirror, a vendor's build), or it passes
 * `--config.file` (Prometheus' flag; Promtail and Grafana Agent write `-config.file`).
 */
export const mayRunPrometheus = (container: Container) => namesPrometheus(container.image?.slice(container.image.lastIndexOf('/') + 1) ?? '')
  || [...container.command ?? [], ...container.args ?? []].some((entry) => typeof entry === 'string' && entry.includes('--config.file'));

/**
 * An image name holding "prometheus" that is not one of the programs around Prometheus named after it: the operator's
 * config reloader (which mounts the same volume), the operator, the adapter, exporters, the Pushgateway.
 */
const namesPrometheus = (name: string) => /prometheus/i.test(name) && !/config-reloader|operator|adapter|exporter|pushgateway|to-sd/i.test(name);

/**
 * Ports a service mesh's injected proxy adds to pods, which their templates never declare: Istio's Envoy statistics
 * (http-envoy-prom, 15090), Linkerd's proxy and its admin server (linkerd-proxy, 4143; linkerd-admin, 4191). A monitor
 * naming one scrapes the mesh's sidecar, which the pods may well have.
 */
export const meshProxyPorts: readonly ContainerPort[] = [
  { name: 'http-envoy-prom', containerPort: 15090 },
  { name: 'linkerd-proxy', containerPort: 4143 },
  { name: 'linkerd-admin', containerPort: 4191 },
];

/** The ports a pod declares: its containers' and its init containers' (a native sidecar serves on those). */
export const podPorts = (template: PodTemplate): ContainerPort[] => [...template.containers.flatMap((container) => container.ports), ...template.initContainerPorts];

const templates = new WeakMap<ClassifiedDocument, PodTemplate | undefined>();

/** Where an Argo Rollout's strategy gives pods metadata of their own (ephemeral metadata). */
const rolloutMetadataLabels = [['canary', 'stableMetadata'], ['canary', 'canaryMetadata'], ['blueGreen', 'activeMetadata'], ['blueGreen', 'previewMetadata']];

/**
 * The pod template of a Pod or a pod-template owner (Deployment, StatefulSet, DaemonSet, ReplicaSet,
 * ReplicationController, Job, CronJob, Argo Rollout), read once per document: the index and several rules ask for it.
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
  // A workload without a template makes no pods of its own (a Rollout naming a Deployment's with workloadRef).
  if (path.length && !asRecord(document.yaml.dataAt(path))) return undefined;
  // A Rollout's strategy may label its stable, canary, active or preview pods beyond the template: which pod carries
  // which is the rollout's state, not the manifest's. Its pods are not judged.
  if (document.kind === 'Rollout' && rolloutMetadataLabels.some((at) => document.yaml.dataAt(['spec', 'strategy', ...at, 'labels']) != null)) return undefined;
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
  const containerAt = (kind: 'containers' | 'initContainers', i: number): Container => {
    const field = (...at: Path) => data('spec', kind, i, ...at);
    return {
      name: text(field('name')) ?? '',
      path: [...path, 'spec', kind, i],
      ports: portsAt(kind, i),
      image: text(field('image')),
      command: list(field('command')),
      args: list(field('args')),
      workingDir: text(field('workingDir')),
      environment: environmentOf(list(field('env')), list(field('envFrom'))),
      volumeMounts: (list(field('volumeMounts')) ?? []).flatMap((raw): VolumeMount[] => {
        const mount = asRecord(raw);
        const name = text(mount?.name);
        const mountPath = text(mount?.mountPath);
        return name && mountPath ? [{ name, mountPath, subPath: text(mount?.subPath) || undefined }] : [];
      }),
    };
  };
  const containers = Array.from({ length: document.yaml.lengthAt([...path, 'spec', 'containers']) }, (_, i) => containerAt('containers', i));
  const initContainers = document.yaml.lengthAt([...path, 'spec', 'initContainers']);
  const sidecars = Array.from({ length: initContainers }, (_, i) => i)
    .filter((i) => data('spec', 'initContainers', i, 'restartPolicy') === 'Always').map((i) => containerAt('initContainers', i));
  const volumes = (list(data('spec', 'volumes')) ?? []).flatMap((raw): Volume[] => {
    const volume = asRecord(raw);
    const name = text(volume?.name);
    return name ? [{ name, sources: volumeSources(volume!) }] : [];
  });
  const namespace = document.namespace ?? 'default';
  const ownerName = document.name ?? '';
  const initContainerPorts = Array.from({ length: initContainers }, (_, i) => portsAt('initContainers', i)).flat();
  return {
    document, path, namespace, ownerName, ownerTitle: `${document.kind} ${namespace}/${ownerName}`, labels, annotations, containers, sidecars, initContainerPorts, volumes,
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

import { podTemplatePaths, type ClassifiedDocument } from '../classify';
import type { Path } from '../yaml/documents';

export interface ContainerPort {
  name?: string;
  containerPort: number;
}

export interface Container {
  name: string;
  ports: ContainerPort[];
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
  annotations: Record<string, unknown>;
  containers: Container[];
}

const record = (value: unknown): Record<string, unknown> | undefined =>
  value !== null && typeof value === 'object' && !Array.isArray(value) ? (value as Record<string, unknown>) : undefined;

function at(value: unknown, path: Path): unknown {
  return path.reduce<unknown>((v, key) => record(v)?.[String(key)], value);
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

function readPodTemplate(document: ClassifiedDocument): PodTemplate | undefined {
  let path: Path;
  if (document.role === 'pod') path = [];
  else if (document.role === 'workload' && document.kind && podTemplatePaths[document.kind]) path = podTemplatePaths[document.kind];
  else return undefined;
  const value = document.yaml.value;
  const template = path.length ? at(value, path) : value;
  const annotations = record(at(template, ['metadata', 'annotations'])) ?? {};
  const containers = (Array.isArray(at(template, ['spec', 'containers'])) ? at(template, ['spec', 'containers']) as unknown[] : [])
    .map((c) => record(c))
    .filter((c): c is Record<string, unknown> => c !== undefined)
    .map((c) => ({
      name: typeof c.name === 'string' ? c.name : '',
      ports: (Array.isArray(c.ports) ? c.ports : [])
        .map((p) => record(p))
        .filter((p): p is Record<string, unknown> => p !== undefined && typeof p.containerPort === 'number')
        .map((p) => (typeof p.name === 'string' ? { name: p.name, containerPort: p.containerPort as number } : { containerPort: p.containerPort as number })),
    }));
  return { document, path, namespace: document.namespace ?? 'default', ownerName: document.name ?? '', annotations, containers };
}

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
  const data = (...at: Path) => document.yaml.dataAt([...path, ...at]);
  const annotations = record(data('metadata', 'annotations')) ?? {};
  // Read field by field: a container's other fields (env, resources, probes) are most of a workload.
  const containers = Array.from({ length: document.yaml.lengthAt([...path, 'spec', 'containers']) }, (_, i): Container => {
    const name = data('spec', 'containers', i, 'name');
    const ports = Array.from({ length: document.yaml.lengthAt([...path, 'spec', 'containers', i, 'ports']) }, (_, j) => ({
      name: data('spec', 'containers', i, 'ports', j, 'name'),
      containerPort: data('spec', 'containers', i, 'ports', j, 'containerPort'),
    }));
    return {
      name: typeof name === 'string' ? name : '',
      ports: ports.flatMap((p): ContainerPort[] => typeof p.containerPort !== 'number' ? []
        : typeof p.name === 'string' ? [{ name: p.name, containerPort: p.containerPort }] : [{ containerPort: p.containerPort }]),
    };
  });
  return { document, path, namespace: document.namespace ?? 'default', ownerName: document.name ?? '', annotations, containers };
}

import type { ClassifiedDocument } from '../classify';
import { servedKind } from '../rules/crd/validate';
import type { Workspace } from '../workspace';
import { labelKeys } from './defaults';
import { asRecord, type Json } from './fields';

/** A document of the workspace the renderer reads besides the agent: a monitor, a Secret, a Namespace, a Service. */
export interface WorkspaceObject {
  document: ClassifiedDocument;
  namespace: string;
  name: string;
  value: Json;
}

function* documents(workspace: Workspace): Generator<ClassifiedDocument> {
  for (const file of workspace.all()) yield* file.documents;
}

const toObject = (document: ClassifiedDocument): WorkspaceObject | undefined => {
  const value = asRecord(document.yaml.value);
  return value && document.name ? { document, namespace: document.namespace ?? 'default', name: document.name, value } : undefined;
};

/** The ServiceMonitors (or PodMonitors, …) of the workspace, in file order. */
export function monitoringObjects(workspace: Workspace, kind: string): WorkspaceObject[] {
  const out: WorkspaceObject[] = [];
  for (const document of documents(workspace)) {
    const object = servedKind(document) === kind ? toObject(document) : undefined;
    if (object) out.push(object);
  }
  return out;
}

/** A core (`v1`) object of the workspace by kind, namespace and name; the last one wins, as a later `kubectl apply` would. */
export function coreObject(workspace: Workspace, kind: string, namespace: string, name: string): WorkspaceObject | undefined {
  let found: WorkspaceObject | undefined;
  for (const document of documents(workspace)) {
    if (document.apiVersion !== 'v1' || document.kind !== kind || document.name !== name) continue;
    if ((document.namespace ?? 'default') === namespace || kind === 'Namespace') found = toObject(document) ?? found;
  }
  return found;
}

/**
 * The labels of a namespace, as namespace selectors see them: a `kind: Namespace` object of the workspace gives its
 * labels; Kubernetes adds `kubernetes.io/metadata.name: <name>` to every namespace, so a namespace the workspace does
 * not define has that label only.
 */
export function namespaceLabels(workspace: Workspace, namespace: string): Record<string, string> {
  const object = coreObject(workspace, 'Namespace', '', namespace);
  const labels = asRecord(asRecord(object?.value.metadata)?.labels) ?? {};
  const out = Object.fromEntries(Object.entries(labels).filter((entry): entry is [string, string] => typeof entry[1] === 'string'));
  return { ...out, [labelKeys.namespaceName]: namespace };
}

/** The decoded text of a key of a Secret (`data` is base64, `stringData` plain) or ConfigMap of the workspace. */
export function objectKey(workspace: Workspace, kind: 'Secret' | 'ConfigMap', namespace: string, name: string, key: string): string | undefined {
  const object = coreObject(workspace, kind, namespace, name);
  if (!object) return undefined;
  const plain = asRecord(object.value[kind === 'Secret' ? 'stringData' : 'data'])?.[key];
  if (typeof plain === 'string') return plain;
  const encoded = asRecord(object.value[kind === 'Secret' ? 'data' : 'binaryData'])?.[key];
  return typeof encoded === 'string' ? Buffer.from(encoded, 'base64').toString('utf8') : undefined;
}

import type { ClassifiedDocument } from '../classify';
import type { Workspace } from '../workspace';
import { asRecord, type Json } from './fields';

/** A document of the workspace the renderer reads besides the agent: a monitor, a Secret, a Namespace, a Service. */
export interface WorkspaceObject {
  document: ClassifiedDocument;
  namespace: string;
  name: string;
  value: Json;
}

const toObject = (document: ClassifiedDocument): WorkspaceObject | undefined => {
  const value = asRecord(document.yaml.value);
  return value && document.name ? { document, namespace: document.namespace ?? 'default', name: document.name, value } : undefined;
};

/** A core (`v1`) object of the workspace by kind, namespace and name; the last one wins, as a later `kubectl apply` would. */
export function coreObject(workspace: Workspace, kind: string, namespace: string, name: string): WorkspaceObject | undefined {
  // A Namespace has no namespace: the index files it under `default`.
  const entries = workspace.index.objectsNamed(`/${kind}`, kind === 'Namespace' ? 'default' : namespace, name)
    .filter((entry) => entry.document.apiVersion === 'v1');
  const last = entries[entries.length - 1];
  return last && toObject(last.document);
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

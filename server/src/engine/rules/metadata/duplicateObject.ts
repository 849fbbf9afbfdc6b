import { groupKindOf } from '../../model/workspaceIndex';
import { locate } from '../../yaml/locate';
import type { Rule } from '../rule';
import type { ClassifiedDocument } from '../../classify';
import { folderOf } from '../../util/folderOf';
import { uriFileName } from '../../util/uriText';



/** Kinds of objects in no namespace, by `group/kind`: named without one. */
const clusterScoped = new Set(['/Namespace', '/Node', '/PersistentVolume', 'rbac.authorization.k8s.io/ClusterRole', 'rbac.authorization.k8s.io/ClusterRoleBinding',
  'apiextensions.k8s.io/CustomResourceDefinition', 'storage.k8s.io/StorageClass', 'scheduling.k8s.io/PriorityClass', 'networking.k8s.io/IngressClass',
  'admissionregistration.k8s.io/ValidatingWebhookConfiguration', 'admissionregistration.k8s.io/MutatingWebhookConfiguration']);

/** Whether two values of YAML data are the same, whatever the order of their keys. */
function sameData(a: unknown, b: unknown): boolean {
  if (a === b) return true;
  if (a === null || b === null || typeof a !== 'object' || typeof b !== 'object' || Array.isArray(a) !== Array.isArray(b)) return false;
  const [left, right] = [a as Record<string, unknown>, b as Record<string, unknown>];
  const keys = Object.keys(left);
  return keys.length === Object.keys(right).length && keys.every((key) => Object.hasOwn(right, key) && sameData(left[key], right[key]));
}

export const duplicateObject: Rule = {
  id: 'metadata/duplicate-object',
  severity: 'warning',
  docs: 'Two objects of one kind with the same namespace and name in one folder: `kubectl apply -f` keeps the last one it applies, and promagent cannot tell which one the cluster runs. Folders apart (overlays, environments) may repeat an object, and so may a folder with a kustomization (its patches name what they patch) or one whose files an Argo CD Application includes apart (`directory.include`); another file holding the same object (a link to it, a copy, the same data written otherwise) loses nothing; one of no namespace written is another object than one written `default` (`kubectl apply -n` may put it elsewhere).',
  appliesTo: (document) => document.role !== 'prometheus-config' && document.kind !== undefined && document.name !== undefined,
  reads: () => 'index',
  check(context) {
    const { document, file, workspace } = context;
    // An untitled buffer is in no folder: nothing applies it beside the others.
    if (!file.uri.includes('/')) return;
    // A kustomization decides what its folder applies: a patch there names the object it patches on purpose. An Argo CD
    // Application including some files of the folder applies each apart (one per cluster, say).
    if (workspace.index.kustomized(folderOf(file.uri)) || workspace.index.picksFiles(folderOf(file.uri))) return;
    const named = () => workspace.index.objectsNamed(groupKindOf(document), document.namespace ?? 'default', document.name!);
    const own = named().find((entry) => entry.document === document);
    // Another file holding the same object (a symbolic link to this one, a copy, the same data in another layout or with
    // other comments) applies it again: nothing is lost.
    const sameObject = (entry: { uri: string; document: ClassifiedDocument }) => entry.uri !== file.uri
      && (entry.document.source.text === document.source.text || sameData(entry.document.yaml.value, document.yaml.value));
    // One with no namespace written is wherever `kubectl apply -n` puts it: the same as one written `default` only maybe.
    const samePlace = (entry: { document: ClassifiedDocument; groupKind: string }) => clusterScoped.has(entry.groupKind)
      || (entry.document.namespace === undefined) === (document.namespace === undefined);
    const others = () => named().filter((entry) => entry !== own && folderOf(entry.uri) === folderOf(file.uri) && samePlace(entry) && !sameObject(entry));
    if (!own || others().length === 0) return;
    // Where the others stand, watched: lines added above one move it, which changes nothing the index says.
    const where = context.watch(() => others().map((entry) => {
      const line = entry.document.source.line + entry.document.source.lines.position(entry.document.yaml.span.start).line + 1;
      return entry.uri === file.uri ? `line ${line}` : `${uriFileName(entry.uri)}:${line}`;
    }).join(', '));
    context.report({
      span: locate(document.yaml, context.lines, ['metadata', 'name'], 'value'),
      message: `${own.kind} ${clusterScoped.has(own.groupKind) ? '' : `${own.namespace}/`}${own.name} is defined again at ${where}: kubectl apply keeps only the last one applied`,
    });
  },
};

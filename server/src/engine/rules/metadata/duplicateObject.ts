import { groupKindOf } from '../../model/workspaceIndex';
import { locate } from '../../yaml/locate';
import type { Rule } from '../rule';
import { folderOf } from '../../util/folderOf';


const fileName = (uri: string) => decodeURIComponent(uri.slice(uri.lastIndexOf('/') + 1));

export const duplicateObject: Rule = {
  id: 'metadata/duplicate-object',
  severity: 'warning',
  docs: 'Two objects of one kind with the same namespace and name in one folder: `kubectl apply -f` keeps the last one it applies, and promagent cannot tell which one the cluster runs. Folders apart (overlays, environments) may repeat an object, and so may a folder with a kustomization (its patches name what they patch); another file of the same text (a link to it, a copy) loses nothing.',
  appliesTo: (document) => document.role !== 'prometheus-config' && document.kind !== undefined && document.name !== undefined,
  reads: () => 'index',
  check(context) {
    const { document, file, workspace } = context;
    // An untitled buffer is in no folder: nothing applies it beside the others.
    if (!file.uri.includes('/')) return;
    // A kustomization decides what its folder applies: a patch there names the object it patches on purpose.
    if (workspace.index.kustomized(folderOf(file.uri))) return;
    const named = () => workspace.index.objectsNamed(groupKindOf(document), document.namespace ?? 'default', document.name!);
    const own = named().find((entry) => entry.document === document);
    // Another file of the same text (a symbolic link to this one, a copy) applies the same object again: nothing is lost.
    const sameText = (entry: { uri: string; document: { source: { text: string } } }) => entry.uri !== file.uri && entry.document.source.text === document.source.text;
    const others = () => named().filter((entry) => entry !== own && folderOf(entry.uri) === folderOf(file.uri) && !sameText(entry));
    if (!own || others().length === 0) return;
    // Where the others stand, watched: lines added above one move it, which changes nothing the index says.
    const where = context.watch(() => others().map((entry) => {
      const line = entry.document.source.line + entry.document.source.lines.position(entry.document.yaml.span.start).line + 1;
      return entry.uri === file.uri ? `line ${line}` : `${fileName(entry.uri)}:${line}`;
    }).join(', '));
    context.report({
      span: locate(document.yaml, context.lines, ['metadata', 'name'], 'value'),
      message: `${own.kind} ${own.namespace}/${own.name} is defined again at ${where}: kubectl apply keeps only the last one applied`,
    });
  },
};

import type { ClassifiedDocument } from '../../classify';
import { monitorKindOf } from '../../model/wiring';
import { groupKindOf, type ObjectEntry } from '../../model/workspaceIndex';
import type { RuleContext } from '../rule';


export const isMonitor = (document: ClassifiedDocument) => monitorKindOf(document) !== undefined;

/** The index's entry for the document being checked. */
export function ownEntry(context: RuleContext): ObjectEntry | undefined {
  const { document } = context;
  if (!document.name) return undefined;
  return context.workspace.index.objectsNamed(groupKindOf(document), document.namespace ?? 'default', document.name).find((entry) => entry.document === document);
}

import type { ClassifiedDocument } from '../../classify';
import { monitorKindOf } from '../../model/wiring';
import { groupKindOf, type ObjectEntry } from '../../model/workspaceIndex';
import type { RuleContext } from '../rule';

/** How many Services or pods a message names: a namespace of hundreds would make one finding kilobytes long. */
const namedInMessage = 5;

/** The first few of a list as a message names them, and how many more there are. */
export function someOf<T>(items: readonly T[], nameOf: (item: T) => string, separator = ', '): string {
  const named = items.slice(0, namedInMessage).map(nameOf).join(separator);
  return items.length > namedInMessage ? `${named} and ${items.length - namedInMessage} more` : named;
}

export const isMonitor = (document: ClassifiedDocument) => monitorKindOf(document) !== undefined;

/** The index's entry for the document being checked. */
export function ownEntry(context: RuleContext): ObjectEntry | undefined {
  const { document } = context;
  if (!document.name) return undefined;
  return context.workspace.index.objectsNamed(groupKindOf(document), document.namespace ?? 'default', document.name).find((entry) => entry.document === document);
}

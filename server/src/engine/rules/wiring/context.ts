import type { ClassifiedDocument } from '../../classify';
import { monitorKindOf } from '../../model/wiring';
import { groupKindOf, type ObjectEntry } from '../../model/workspaceIndex';
import type { RuleContext } from '../rule';
import { documentSchema } from '../crd/schemas';

/** How many Services or pods a message names: a namespace of hundreds would make one finding kilobytes long. */
const namedInMessage = 5;

/** The first few of a list as a message names them, and how many more there are (of `total`, when only the first are given). */
export function someOf<T>(items: readonly T[], nameOf: (item: T) => string, separator = ', ', total = items.length): string {
  const named = items.slice(0, namedInMessage).map(nameOf).join(separator);
  return total > namedInMessage ? `${named} and ${total - namedInMessage} more` : named;
}

/** How many entries lists hold, and the first few a message names. */
export function firstOf<T>(lists: readonly (readonly T[])[]): { first: T[]; total: number } {
  const first: T[] = [];
  for (const list of lists) for (let i = 0; i < list.length && first.length < namedInMessage; i++) first.push(list[i]);
  return { first, total: lists.reduce((sum, list) => sum + list.length, 0) };
}

export const isMonitor = (document: ClassifiedDocument) => monitorKindOf(document) !== undefined;

/**
 * Whether the operator release in use has the document's kind (ScrapeConfig came in v0.65.0): else crd/unknown-kind
 * says so, and the operator reads none of it.
 */
export const kindInRelease = (context: RuleContext) => documentSchema(context)?.schema !== undefined;

/** The index's entry for the document being checked. */
export function ownEntry(context: RuleContext): ObjectEntry | undefined {
  const { document } = context;
  if (!document.name) return undefined;
  return context.workspace.index.objectsNamed(groupKindOf(document), document.namespace ?? 'default', document.name).find((entry) => entry.document === document);
}

import { isMap, isSeq } from 'yaml';
import type { Node, YAMLMap, YAMLSeq } from 'yaml';
import { findPair, walkPath, type Path } from '../yaml/documents';
import { renameKey } from '../yaml/edits';
import { removeEntry } from '../yaml/removal';
import type { FixDraft, RuleContext } from './rule';

/** "Remove <field>": deletes the entry at `path` (a key or a list item) and nothing else, when a clean edit exists. */
export function removeFix(context: RuleContext, path: Path, title = `Remove ${String(path[path.length - 1])}`): FixDraft[] {
  const root = context.document.yaml.ast.contents;
  const steps = walkPath(root, path);
  if (steps.length !== path.length || path.length === 0) return [];
  const parent = (path.length === 1 ? root : steps[steps.length - 2].node) as Node | null;
  if (!isMap(parent) && !isSeq(parent)) return [];
  const last = steps[steps.length - 1];
  const item = last.pair ?? last.node;
  if (!item) return [];
  const edit = removeEntry(context.text, context.lines, parent as YAMLMap | YAMLSeq, item);
  return edit ? [{ title, edits: [edit], preferred: true }] : [];
}

/** "Rename to <key>" for the map entry at `path`; declined when the map already has that key (two keys would clash). */
export function renameFix(context: RuleContext, path: Path, newKey: string, title = `Rename to ${JSON.stringify(newKey)}`): FixDraft[] {
  const root = context.document.yaml.ast.contents;
  const steps = walkPath(root, path);
  if (steps.length !== path.length || path.length === 0) return [];
  const parent = (path.length === 1 ? root : steps[steps.length - 2].node) as Node | null;
  const pair = steps[steps.length - 1].pair;
  if (!isMap(parent) || !pair || findPair(parent.items as never, newKey)) return [];
  const edit = renameKey(pair, newKey, context.text);
  return edit ? [{ title, edits: [edit], preferred: true }] : [];
}

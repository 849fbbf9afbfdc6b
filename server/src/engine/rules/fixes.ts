import { isMap, isSeq } from 'yaml';
import type { Node, YAMLMap, YAMLSeq } from 'yaml';
import { walkPath, type Path } from '../yaml/documents';
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

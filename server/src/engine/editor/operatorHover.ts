import { isMap, type Node } from 'yaml';
import { servedKind } from '../classify';
import { describeSchema, describeTarget, schemaInUse, withOperatorTarget } from '../model/operatorRelease';
import type { CheckOptions } from '../types';
import type { SourceFile, Workspace } from '../workspace';
import { findPair, type Span } from '../yaml/documents';
import { documentAt } from './documentAt';

/**
 * Hover on a monitoring resource's `apiVersion` or `kind` line: the prometheus-operator release it is checked as, why,
 * and the CRD it is checked against.
 */
export function operatorHover(file: SourceFile, offset: number, workspace: Workspace, options: CheckOptions): { span: Span; markdown: string } | undefined {
  const document = documentAt(file, offset);
  const kind = document && servedKind(document);
  const root = document?.yaml.ast.contents;
  if (!document || !kind || !isMap(root)) return undefined;
  const local = offset - document.source.offset;
  for (const key of ['apiVersion', 'kind']) {
    const pair = findPair(root.items, key);
    const start = (pair?.key as Node | null)?.range?.[0];
    const end = (pair?.value as Node | null)?.range?.[1];
    if (start === undefined || end === undefined || local < start || local > end) continue;
    const resolved = withOperatorTarget(options, workspace, file.uri);
    const target = resolved.operator!;
    const inUse = schemaInUse(kind, document.apiVersion, resolved, workspace);
    return {
      span: { start: start + document.source.offset, end: end + document.source.offset },
      markdown: [`**${kind}**, checked as ${describeTarget(target)}.`, `${describeSchema(inUse, target)}.`].join('\n\n'),
    };
  }
  return undefined;
}

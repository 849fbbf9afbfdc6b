import type { SourceFile } from '../sourceFile';
import type { Workspace } from '../workspace';
import { agentPlace, selectorAt, type Place } from './places';

/** Go to definition on an agent-selector annotation: the PrometheusAgent it names. */
export function definitionAt(file: SourceFile, offset: number, workspace: Workspace): Place | undefined {
  const selector = selectorAt(file, offset, workspace);
  return selector?.agent ? agentPlace(selector.agent) : undefined;
}

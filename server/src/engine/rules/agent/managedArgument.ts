import { agentOf } from '../../model/workspaceIndex';
import { renderContext } from '../../render/context';
import { managedArgumentConflicts, operatorArgumentNames } from '../../render/podSpec/args';
import { locate } from '../../yaml/locate';
import type { Rule } from '../rule';
import { asRecord, isAgent, operatorVersion, specOf } from './spec';
import { operatorChanges } from '../../model/operator';
import { atLeast } from '../../util/version';

/**
 * The operator's own arguments for an agent are the ones the renderer writes, so both compare additionalArgs with
 * the same list: the one this spec and its Prometheus version give.
 */
export const managedArgument: Rule = {
  id: 'agent/managed-argument',
  severity: 'error',
  docs: "additionalArgs naming an argument the operator already sets (config.file, storage.agent.path, enable-feature before v0.77.0 or on Prometheus v2, or the `no-` form of one it sets): the operator refuses the agent and creates no workload.",
  appliesTo: isAgent,
  check(context) {
    const spec = specOf(context.document)!;
    const args = Array.isArray(spec.additionalArgs) ? spec.additionalArgs : [];
    const agent = args.length ? agentOf(context.document, context.file.uri) : undefined;
    if (!agent) return;
    const names = args.map((arg) => {
      const name = asRecord(arg)?.name;
      return typeof name === 'string' ? name : undefined;
    });
    // Before v0.77.0 the operator ran every agent with --enable-feature=agent: `agent` was no argument of its own,
    // `enable-feature` always was.
    const agentSwitch = atLeast(operatorVersion(context), operatorChanges.v3AgentFlag.since);
    const rendered = operatorArgumentNames(renderContext(agent, context.workspace, context.options));
    const operatorNames = agentSwitch ? rendered : [...new Set(rendered.map((name) => (name === 'agent' ? 'enable-feature' : name)))];
    for (const { index, managed } of managedArgumentConflicts(operatorNames, names)) {
      context.report({
        span: locate(context.document.yaml, context.lines, ['spec', 'additionalArgs', index, 'name'], 'value'),
        message: `can't set arguments which are already managed by the operator: ${managed}`,
      });
    }
  },
};

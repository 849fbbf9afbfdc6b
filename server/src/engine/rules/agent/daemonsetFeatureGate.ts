import { gateEnabled, operatorContainers, operatorGatesReader } from '../../model/operatorGates';
import { folderOf } from '../../util/folderOf';
import { locate } from '../../yaml/locate';
import type { Rule } from '../rule';
import { operatorChanges } from '../../model/operator';
import { atLeast } from '../../util/version';
import { isAgent, mode, operatorVersion, specOf } from './spec';

export const daemonSetFeatureGate: Rule = {
  id: 'agent/daemonset-feature-gate',
  severity: 'error',
  docs: 'DaemonSet mode where the operator of the workspace (the one beside the agent, else every one) runs without `--feature-gates=PrometheusAgentDaemonSet=true` (from v0.76.0, when the mode came): it refuses to reconcile the agent. Said only where the workspace holds the operator\'s Deployment and its flags can be read.',
  appliesTo: (document) => isAgent(document) && mode(specOf(document)!) === 'DaemonSet' && specOf(document)!.paused !== true,
  reads: () => 'index',
  check(context) {
    // Before the release with DaemonSet mode there is no gate: agent/daemonset-release says what happens instead.
    if (!atLeast(operatorVersion(context), operatorChanges.daemonSetMode.since)) return;
    // The operators' flags are not what the index compares: an edit of them is watched.
    context.watch(operatorGatesReader(context.workspace));
    const operators = operatorContainers(context.workspace, folderOf(context.file.uri));
    if (operators.length === 0 || !operators.every((operator) => gateEnabled(operator.container, 'PrometheusAgentDaemonSet') === false)) return;
    const named = [...new Set(operators.map((operator) => operator.title))].join(', ');
    context.report({
      span: locate(context.document.yaml, context.lines, ['spec', 'mode'], 'value'),
      message: `feature gate for Prometheus Agent's DaemonSet mode is not enabled: ${named} runs without --feature-gates=PrometheusAgentDaemonSet=true, and the operator does not reconcile the resource`,
    });
  },
};

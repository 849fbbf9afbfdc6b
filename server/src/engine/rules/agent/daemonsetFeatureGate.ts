import { daemonSetGate, operatorGatesReader } from '../../model/operatorGates';
import { locate } from '../../yaml/locate';
import type { Rule } from '../rule';
import { operatorChanges } from '../../model/operator';
import { atLeast } from '../../util/version';
import { isAgent, mode, operatorVersion, specOf } from './spec';

export const daemonSetFeatureGate: Rule = {
  id: 'agent/daemonset-feature-gate',
  severity: 'error',
  docs: 'DaemonSet mode where the operator of the workspace (the one beside the agent, else every one that may be in its cluster: see Environments in the README) runs without `--feature-gates=PrometheusAgentDaemonSet=true` (from v0.76.0, when the mode came): it refuses to reconcile the agent. Said only where the workspace holds the operator\'s Deployment and its flags can be read, and no kustomization building it patches it (an overlay may turn the gate on).',
  appliesTo: (document) => isAgent(document) && mode(specOf(document)!) === 'DaemonSet' && specOf(document)!.paused !== true,
  reads: () => 'index',
  check(context) {
    // Before the release with DaemonSet mode there is no gate: agent/daemonset-release says what happens instead.
    if (!atLeast(operatorVersion(context), operatorChanges.daemonSetMode.since)) return;
    // The operators' flags are not what the index compares: an edit of them is watched.
    context.watch(operatorGatesReader(context.workspace));
    const gate = daemonSetGate(context.workspace, context.file.uri);
    if (gate.state !== 'off') return;
    context.report({
      span: locate(context.document.yaml, context.lines, ['spec', 'mode'], 'value'),
      message: `feature gate for Prometheus Agent's DaemonSet mode is not enabled: ${gate.operators.join(', ')} runs without --feature-gates=PrometheusAgentDaemonSet=true, and the operator does not reconcile the resource`,
    });
  },
};

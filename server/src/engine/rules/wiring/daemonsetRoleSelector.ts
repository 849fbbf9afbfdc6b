import { operatorChanges } from '../../model/operator';
import { selectingTitle, selectorsOf } from '../../model/wiring';
import { atLeast } from '../../util/version';
import { locate } from '../../yaml/locate';
import { operatorVersion } from '../agent/spec';
import { removeFix } from '../fixes';
import type { Rule } from '../rule';
import { ownEntry } from './context';

/**
 * In DaemonSet mode the operator selects each agent's pods by node with a `role: pod` selector of its own; RoleSelector
 * appends a second one (generateRoleSelectorConfig), and Prometheus refuses a role selected twice.
 */
export const daemonSetRoleSelector: Rule = {
  id: 'wiring/daemonset-role-selector',
  severity: 'error',
  docs: 'A PodMonitor with `selectorMechanism: RoleSelector` that an agent in DaemonSet mode selects: the operator writes two `role: pod` selectors into its kubernetes_sd_configs (its own, by node, and the monitor\'s), and Prometheus refuses the whole configuration (`duplicated selector role: pod`): the agent keeps its last one, or does not start. Fix: remove selectorMechanism (RelabelConfig, the default).',
  appliesTo: (document) => document.kind === 'PodMonitor' && document.role === 'monitoring',
  reads: () => 'index',
  check(context) {
    const own = ownEntry(context);
    if (!own || context.document.yaml.dataAt(['spec', 'selectorMechanism']) !== 'RoleSelector') return;
    if (!atLeast(operatorVersion(context), operatorChanges.daemonSetPodMonitors.since)) return;
    const { selecting } = selectorsOf(context.workspace, 'PodMonitor', own);
    const daemonSets = selecting.filter(({ entry, kind }) => kind === 'PrometheusAgent' && entry.mode === 'DaemonSet');
    if (daemonSets.length === 0) return;
    context.report({
      span: locate(context.document.yaml, context.lines, ['spec', 'selectorMechanism'], 'value'),
      message: `${daemonSets.map(selectingTitle).join(', ')} in DaemonSet mode selects its pods by node with a pod selector of its own: RoleSelector adds a second, and Prometheus refuses the whole configuration (duplicated selector role: pod)`,
      // Other agents selecting it lose only RoleSelector's narrower watch.
      fixes: removeFix(context, ['spec', 'selectorMechanism']).map((fix) => ({ ...fix, preferred: daemonSets.length === selecting.length })),
    });
  },
};

import { operatorChanges } from '../../model/operator';
import { atLeast } from '../../util/version';
import { locate } from '../../yaml/locate';
import { documentSchema } from '../crd/schemas';
import type { Rule } from '../rule';
import { isAgent, mode, operatorVersion, specOf } from './spec';

export const daemonSetRelease: Rule = {
  id: 'agent/daemonset-release',
  severity: 'warning',
  docs: 'DaemonSet mode on a prometheus-operator release that does not run it as asked: before v0.76.0 it deploys a StatefulSet anyway (v0.75.0 has the field and ignores it; an older operator under newer CRDs does not know it); v0.76.0 generates no scrape job from PodMonitors in DaemonSet mode.',
  appliesTo: (document) => isAgent(document) && mode(specOf(document)!) === 'DaemonSet',
  check(context) {
    const operator = operatorVersion(context);
    const { modeField, daemonSetMode, daemonSetPodMonitors } = operatorChanges;
    if (!atLeast(operator, daemonSetMode.since)) {
      const known = atLeast(operator, modeField.since);
      // Where the CRD lacks the field too, the CRD rules already say it is unknown.
      const declared = documentSchema(context)?.schema?.properties?.spec?.properties?.mode;
      if (!known && (!declared || declared['x-promagent-added-field'])) return;
      context.report({
        span: locate(context.document.yaml, context.lines, ['spec', 'mode'], 'value'),
        message: `prometheus-operator ${operator} ${known ? 'has the mode field but ignores it' : 'does not know the mode field'}: it deploys a StatefulSet (DaemonSet mode came in ${daemonSetMode.since})`,
      });
      return;
    }
    const spec = specOf(context.document)!;
    if (atLeast(operator, daemonSetPodMonitors.since) || spec.podMonitorSelector === undefined || spec.podMonitorSelector === null) return;
    context.report({
      span: locate(context.document.yaml, context.lines, ['spec', 'podMonitorSelector'], 'key'),
      message: `in DaemonSet mode prometheus-operator ${operator} generates no scrape job from PodMonitors (${daemonSetPodMonitors.since} does): the agent scrapes nothing they select`,
    });
  },
};

import { locate } from '../../yaml/locate';
import type { Rule } from '../rule';
import { isAgent, specOf } from './spec';

export const sidecarMode: Rule = {
  id: 'agent/sidecar-mode',
  severity: 'hint',
  docs: '`mode: Sidecar` follows the injection proposal, which prometheus-operator v0.93 does not implement; with `promagent.sidecarMode` off it is an error, as upstream.',
  appliesTo: (document) => isAgent(document) && specOf(document)!.mode === 'Sidecar',
  check(context) {
    const span = locate(context.document.yaml, context.lines, ['spec', 'mode'], 'value');
    if (context.options.sidecarMode) {
      context.report({
        span,
        message: `mode Sidecar follows the sidecar-injection proposal: prometheus-operator ${context.options.operatorVersion} does not inject agents yet, and its CRD accepts only StatefulSet and DaemonSet`,
      });
    } else {
      context.report({
        span,
        severity: 'error',
        message: 'spec.mode: Unsupported value: "Sidecar": supported values: "StatefulSet", "DaemonSet"',
      });
    }
  },
};

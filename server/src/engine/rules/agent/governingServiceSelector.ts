import { governingServiceRefusal } from '../../model/referencedObjects';
import { agentOrServerOf } from '../../model/workspaceIndex';
import { locate } from '../../yaml/locate';
import type { Rule } from '../rule';
import { mode, operatorVersion, specOf } from './spec';

export const governingServiceSelector: Rule = {
  id: 'agent/governing-service-selector',
  severity: 'error',
  docs: 'A `serviceName` naming a Service of the workspace whose selector does not select the pods by the labels the operator selects them by (of a PrometheusAgent in StatefulSet mode, or a Prometheus, from v0.80.0): the operator checks the custom governing Service and stops reconciling the resource before the StatefulSet. Other labels the pods carry do not count. Said when the Service is written once, and no kustomization builds or sits beside it or the resource.',
  appliesTo: (document) => {
    const spec = specOf(document, ['PrometheusAgent', 'Prometheus']);
    return spec !== undefined && typeof spec.serviceName === 'string' && (document.kind === 'Prometheus' || mode(spec) === 'StatefulSet');
  },
  reads: () => 'index',
  check(context) {
    const { document, file, workspace } = context;
    const entry = agentOrServerOf(document, file.uri);
    const refusal = entry && governingServiceRefusal(entry, workspace, operatorVersion(context));
    if (!refusal) return;
    context.report({ span: locate(document.yaml, context.lines, ['spec', 'serviceName'], 'value'), message: `${refusal}: the operator does not reconcile the resource` });
  },
};

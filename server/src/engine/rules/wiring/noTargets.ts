import { monitorKindOf, podsIn, selectedPods, selectedOperatorServices, selectedServices, servicesIn, targetNamespaces, targetSelector, wiringUncertain } from '../../model/wiring';

/** Labels Kubernetes' controllers add to the pods they make (a Job's, a StatefulSet's, a ReplicaSet's). */
const controllerPodLabels = new Set([
  'job-name', 'batch.kubernetes.io/job-name', 'controller-uid', 'batch.kubernetes.io/controller-uid', 'batch.kubernetes.io/job-completion-index',
  'statefulset.kubernetes.io/pod-name', 'apps.kubernetes.io/pod-index', 'controller-revision-hash', 'pod-template-hash', 'pod-template-generation',
]);
import { locate } from '../../yaml/locate';
import type { Rule } from '../rule';
import { ownEntry, someOf } from './context';

export const noTargets: Rule = {
  id: 'wiring/no-targets',
  severity: 'information',
  docs: "A ServiceMonitor (PodMonitor) whose selector matches no Service (pod) of the workspace in the namespaces it covers (or of no namespace written, which `-n` may put there), while the workspace holds some there: as written, it finds nothing to scrape. Not said when a kustomization changes the namespace, labels or names of the monitor or of those Services (pods), when a List holds objects, when it may select a governing Service the operator creates (prometheus-agent-operated), nor for a selector on a label controllers add to the pods they make (job-name, pod-template-hash, apps.kubernetes.io/pod-index…).",
  appliesTo: (document) => monitorKindOf(document) === 'ServiceMonitor' || monitorKindOf(document) === 'PodMonitor',
  reads: () => 'index',
  check(context) {
    const own = ownEntry(context);
    if (!own || wiringUncertain(context.workspace, monitorKindOf(context.document)!, own)) return;
    const namespaces = targetNamespaces(own);
    // Those of no namespace written are among them: `kubectl apply -n` or `helm -n` may put them there.
    const writtenIn = (document: { namespace?: string }, namespace: string) => document.namespace !== undefined && (!namespaces || namespaces.includes(namespace));
    const where = (unplaced: boolean) => (namespaces ? `namespace${namespaces.length === 1 ? '' : 's'} ${namespaces.join(', ')}${unplaced ? ' or of no namespace written' : ''}` : 'any namespace');
    if (own.kind === 'ServiceMonitor') {
      if (selectedOperatorServices(context.workspace, own).length) return;
      if (selectedServices(context.workspace, own)?.length !== 0) return;
      const candidates = servicesIn(context.workspace, namespaces);
      // Said only where the workspace holds Services written in those namespaces: of those of no namespace written,
      // none may be meant for them.
      if (!candidates.some((service) => writtenIn(service.object.document, service.object.namespace))) return;
      context.report({
        span: locate(context.document.yaml, context.lines, ['spec', 'selector'], 'key'),
        message: `this selector matches none of the ${candidates.length} Service${candidates.length === 1 ? '' : 's'} of the workspace in ${where(candidates.some((service) => service.object.document.namespace === undefined))} (${someOf(candidates, (service) => service.object.name)})`,
      });
    } else {
      // Labels the controllers put on the pods they make are in no template: a selector on one may match them.
      const selector = targetSelector(own);
      if (!('error' in selector) && selector.requirements.some((requirement) => controllerPodLabels.has(requirement.key))) return;
      if (selectedPods(context.workspace, own)?.length !== 0) return;
      const candidates = podsIn(context.workspace, namespaces);
      if (!candidates.some((template) => writtenIn(template.document, template.namespace))) return;
      context.report({
        span: locate(context.document.yaml, context.lines, ['spec', 'selector'], 'key'),
        message: `this selector matches none of the ${candidates.length} pod template${candidates.length === 1 ? '' : 's'} of the workspace in ${where(candidates.some((template) => template.document.namespace === undefined))} (${someOf(candidates, (template) => template.ownerTitle)})`,
      });
    }
  },
};

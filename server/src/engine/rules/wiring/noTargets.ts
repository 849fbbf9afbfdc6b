import { holdsTargetsIn, monitorKindOf, podListsIn, selectsOperatorPods, selectedOperatorServices, selectedPods, selectedServices, serviceListsIn, targetNamespaces, targetSelector, wiringUncertain } from '../../model/wiring';
import { kubeletServiceNamespaces } from '../../model/operatorGates';
import { locate } from '../../yaml/locate';
import type { Rule } from '../rule';
import { firstOf, ownEntry, someOf } from './context';

/** Labels Kubernetes' controllers add to the pods they make (a Job's, a StatefulSet's, a ReplicaSet's). */
const controllerPodLabels = new Set([
  'job-name', 'batch.kubernetes.io/job-name', 'controller-uid', 'batch.kubernetes.io/controller-uid', 'batch.kubernetes.io/job-completion-index',
  'statefulset.kubernetes.io/pod-name', 'apps.kubernetes.io/pod-index', 'controller-revision-hash', 'pod-template-hash', 'pod-template-generation',
]);

export const noTargets: Rule = {
  id: 'wiring/no-targets',
  severity: 'information',
  docs: "A ServiceMonitor (PodMonitor) whose selector matches no Service (pod) of the workspace in the namespaces it covers (or of no namespace written, which `-n` may put there), while the workspace holds some there: as written, it finds nothing to scrape. Not said when a kustomization changes the namespace, labels or names of the monitor or of those Services (pods), when a List holds an item naming no kind (promagent does not read it), when it may select a Service the operator creates (an agent's governing Service, prometheus-agent-operated, or the kubelet's Service an operator of the workspace keeps with `--kubelet-service`) or the pods it creates for an agent, nor for a selector on a label controllers add to the pods they make (job-name, pod-template-hash, apps.kubernetes.io/pod-index…).",
  appliesTo: (document) => monitorKindOf(document) === 'ServiceMonitor' || monitorKindOf(document) === 'PodMonitor',
  reads: () => 'index',
  check(context) {
    const own = ownEntry(context);
    if (!own || wiringUncertain(context.workspace, monitorKindOf(context.document)!, own)) return;
    const namespaces = targetNamespaces(context.workspace, own);
    // Those of no namespace written are among them: `kubectl apply -n` or `helm -n` may put them there.
    const where = (unplaced: boolean) => (namespaces ? `namespace${namespaces.length === 1 ? '' : 's'} ${namespaces.join(', ')}${unplaced ? ' or of no namespace written' : ''}` : 'any namespace');
    if (own.kind === 'ServiceMonitor') {
      // Said only where the workspace holds Services written in those namespaces: of those of no namespace written,
      // none may be meant for them.
      if (selectedOperatorServices(context.workspace, own).length) return;
      // The kubelet's Service, which an operator of the workspace keeps, is in no file either. The operators' flags are
      // not what the index compares: watched.
      const kubelet = JSON.parse(context.watch(() => JSON.stringify(kubeletServiceNamespaces(context.workspace, own.uri) ?? null))) as string[] | null;
      if (!kubelet || kubelet.some((namespace) => !namespaces || namespaces.includes(namespace))) return;
      // Matching only Services of another environment folder, it may match its own cluster's, which the workspace lacks.
      if (selectedServices(context.workspace, own, true)?.length !== 0 || !holdsTargetsIn(context.workspace, own.kind, namespaces)) return;
      const { lists, unplaced } = serviceListsIn(context.workspace, namespaces);
      const { first, total } = firstOf(lists);
      context.report({
        span: locate(context.document.yaml, context.lines, ['spec', 'selector'], 'key'),
        message: `this selector matches none of the ${total} Service${total === 1 ? '' : 's'} of the workspace in ${where(unplaced)} (${someOf(first, (service) => service.object.name, ', ', total)})`,
      });
    } else {
      // Labels the controllers put on the pods they make are in no template: a selector on one may match them.
      const selector = targetSelector(own);
      if (!('error' in selector) && selector.requirements.some((requirement) => controllerPodLabels.has(requirement.key))) return;
      // The pods the operator creates for an agent are in no file.
      if (selectsOperatorPods(context.workspace, own)) return;
      if (selectedPods(context.workspace, own, true)?.length !== 0 || !holdsTargetsIn(context.workspace, 'PodMonitor', namespaces)) return;
      const { lists, unplaced } = podListsIn(context.workspace, namespaces);
      const { first, total } = firstOf(lists);
      context.report({
        span: locate(context.document.yaml, context.lines, ['spec', 'selector'], 'key'),
        message: `this selector matches none of the ${total} pod template${total === 1 ? '' : 's'} of the workspace in ${where(unplaced)} (${someOf(first, (template) => template.ownerTitle, ', ', total)})`,
      });
    }
  },
};

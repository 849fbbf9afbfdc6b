import { monitorKindOf, podsIn, selectedPods, selectedServices, servicesIn, targetNamespaces, wiringUncertain } from '../../model/wiring';
import { locate } from '../../yaml/locate';
import type { Rule } from '../rule';
import { ownEntry, someOf } from './context';

export const noTargets: Rule = {
  id: 'wiring/no-targets',
  severity: 'information',
  docs: "A ServiceMonitor (PodMonitor) whose selector matches no Service (pod) of the workspace in the namespaces it covers (or of no namespace written, which `-n` may put there), while the workspace holds some there: as written, it finds nothing to scrape. Not said when a kustomization changes the namespace, labels or names of the monitor or of those Services (pods), nor when a List holds objects.",
  appliesTo: (document) => monitorKindOf(document) === 'ServiceMonitor' || monitorKindOf(document) === 'PodMonitor',
  reads: () => 'index',
  check(context) {
    const own = ownEntry(context);
    if (!own || wiringUncertain(context.workspace, monitorKindOf(context.document)!, own)) return;
    const namespaces = targetNamespaces(own);
    // Those of no namespace written are among them: `kubectl apply -n` or `helm -n` may put them there.
    const where = (unplaced: boolean) => (namespaces ? `namespace${namespaces.length === 1 ? '' : 's'} ${namespaces.join(', ')}${unplaced ? ' or of no namespace written' : ''}` : 'any namespace');
    if (own.kind === 'ServiceMonitor') {
      const candidates = servicesIn(context.workspace, namespaces);
      if (candidates.length === 0 || selectedServices(context.workspace, own)?.length !== 0) return;
      context.report({
        span: locate(context.document.yaml, context.lines, ['spec', 'selector'], 'key'),
        message: `this selector matches none of the ${candidates.length} Service${candidates.length === 1 ? '' : 's'} of the workspace in ${where(candidates.some((service) => service.object.document.namespace === undefined))} (${someOf(candidates, (service) => service.object.name)})`,
      });
    } else {
      const candidates = podsIn(context.workspace, namespaces);
      if (candidates.length === 0 || selectedPods(context.workspace, own)?.length !== 0) return;
      context.report({
        span: locate(context.document.yaml, context.lines, ['spec', 'selector'], 'key'),
        message: `this selector matches none of the ${candidates.length} pod template${candidates.length === 1 ? '' : 's'} of the workspace in ${where(candidates.some((template) => template.document.namespace === undefined))} (${someOf(candidates, (template) => template.ownerTitle)})`,
      });
    }
  },
};

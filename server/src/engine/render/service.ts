import { labelKeys, names, ports } from './defaults';
import type { RenderContext } from './context';
import type { Json } from './fields';
import { managedLabels } from './names';
import { coreObject } from './workspaceObjects';
import { governingServiceRefusal } from '../model/referencedObjects';
import { governingServiceLabels, operatorRelease } from '../model/operator';

/**
 * The governing Service `prometheus-agent-operated`. It selects on `app.kubernetes.io/name` only, so every agent of
 * the namespace shares it. With spec.serviceName the operator creates none and checks the one named: that it exists
 * and selects the agent's pods (else it stops before the StatefulSet).
 */
export function governingService(context: RenderContext): Json | undefined {
  const serviceName = context.spec.string('serviceName');
  if (serviceName) {
    if (!coreObject(context.workspace, 'Service', context.namespace, serviceName)) {
      context.notes.add(`spec.serviceName: Service ${context.namespace}/${serviceName} is not in the workspace; the operator requires it to exist and to select the agent's pods`);
    }
    const refusal = governingServiceRefusal(context.agent, context.workspace, operatorRelease.version);
    if (refusal) context.notes.refuse(`spec.serviceName: ${refusal}`);
    return undefined;
  }
  return {
    apiVersion: 'v1',
    kind: 'Service',
    metadata: { name: names.governingService, namespace: context.namespace, labels: managedLabels(governingServiceLabels) },
    spec: {
      clusterIP: 'None',
      ports: [{ name: context.portName, port: ports.web, targetPort: context.portName }],
      selector: { [labelKeys.name]: names.appName },
    },
  };
}

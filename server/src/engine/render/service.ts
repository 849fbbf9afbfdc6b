import { labelKeys, names, ports } from './defaults';
import type { RenderContext } from './context';
import type { Json } from './fields';
import { managedLabels } from './names';
import { coreObject } from './workspaceObjects';

/**
 * The governing Service `prometheus-agent-operated`. It selects on `app.kubernetes.io/name` only, so every agent of
 * the namespace shares it. With spec.serviceName the operator creates none and only checks that one exists.
 */
export function governingService(context: RenderContext): Json | undefined {
  const serviceName = context.spec.string('serviceName');
  if (serviceName) {
    if (!coreObject(context.workspace, 'Service', context.namespace, serviceName)) {
      context.notes.add(`spec.serviceName: Service ${context.namespace}/${serviceName} is not in the workspace; the operator requires it to exist and to select the agent's pods`);
    }
    return undefined;
  }
  return {
    apiVersion: 'v1',
    kind: 'Service',
    metadata: { name: names.governingService, namespace: context.namespace, labels: managedLabels({ [labelKeys.operated]: 'true' }) },
    spec: {
      clusterIP: 'None',
      ports: [{ name: context.portName, port: ports.web, targetPort: context.portName }],
      selector: { [labelKeys.name]: names.appName },
    },
  };
}

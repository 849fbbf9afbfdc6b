import { monitorKindOf, podsBehind, selectedPods, selectedOperatorServices, selectedServices, wiringUncertain, type OperatorService, type ServiceEntry } from '../../model/wiring';
import { meshProxyPorts, podPorts, type PodTemplate } from '../../model/podTemplate';
import { asRecord } from '../../util/record';
import { compileRelabelRegex } from '../../util/relabelRegex';
import { locate } from '../../yaml/locate';
import type { Rule, RuleContext } from '../rule';
import { ownEntry, someOf } from './context';

const list = (value: unknown) => (Array.isArray(value) ? value : []);
const serviceTitle = (service: ServiceEntry) => `Service ${service.object.namespace}/${service.object.name}`;
const portNames = (service: ServiceEntry) => service.ports.flatMap((port) => (port.name ? [port.name] : []));

/**
 * Which port names an endpoint's `port` keeps: the operator writes it as the regex of a keep relabeling on the port's
 * name (`metrics-.*` keeps every metrics- port; an unnamed port's name is ""). A regex Prometheus refuses keeps any here:
 * another rule says what is wrong with it.
 */
function keepsName(port: string, version: string): (name: string | undefined) => boolean {
  const { regex } = compileRelabelRegex(port, version);
  return regex ? (name) => regex.matches(name ?? '') : () => true;
}
const containerPorts = (pods: PodTemplate[]) => pods.flatMap(podPorts);
/** What the pods may serve on: what they declare, and what a mesh's injected proxy adds. */
const servedPorts = (pods: PodTemplate[]) => [...containerPorts(pods), ...meshProxyPorts];
const describePorts = (pods: PodTemplate[]) => {
  const ports = containerPorts(pods).map((port) => (port.name ? `${port.name} (${port.containerPort})` : String(port.containerPort)));
  return ports.length ? [...new Set(ports)].join(', ') : 'none declared';
};

/** Whether a Service without a selector has its endpoints in the workspace: an Endpoints of its name, an EndpointSlice labelled with it. */
function handWrittenEndpoints(context: RuleContext, service: ServiceEntry): boolean {
  if (service.podSelector) return false;
  const { namespace, name } = service.object;
  const sameNamespace = (object: { namespace: string }) => object.namespace === namespace;
  return context.workspace.index.objectsOf('/Endpoints').some((object) => object.name === name && sameNamespace(object))
    || context.workspace.index.objectsOf('discovery.k8s.io/EndpointSlice').some((object) => sameNamespace(object)
      && asRecord(asRecord(asRecord(object.document.yaml.value)?.metadata)?.labels)?.['kubernetes.io/service-name'] === name);
}

/** A ServiceMonitor endpoint's `port` is a Service port's name; its `targetPort` a port of the pods behind. */
function checkServiceMonitor(context: RuleContext, services: ServiceEntry[], operatorServices: OperatorService[]): void {
  const operatorPorts = operatorServices.map((service) => service.port);
  // The operator keeps the endpoints' port names: a Service without a selector whose endpoints the workspace writes by
  // hand (an Endpoints or EndpointSlice object) has the ports they name, which may differ from its own.
  const portsElsewhere = services.some((service) => handWrittenEndpoints(context, service));
  const at = (i: number, field: string) => locate(context.document.yaml, context.lines, ['spec', 'endpoints', i, field], 'value');
  const endpoints = list(asRecord(asRecord(context.document.yaml.value)?.spec)?.endpoints);
  endpoints.forEach((raw, i) => {
    const endpoint = asRecord(raw) ?? {};
    // An empty port is none: the operator goes on to targetPort.
    if (typeof endpoint.port === 'string' && endpoint.port !== '') {
      if (portsElsewhere) return;
      const keeps = keepsName(endpoint.port, context.options.prometheusVersion);
      if (services.some((service) => service.ports.some((port) => keeps(port.name))) || operatorPorts.some(keeps)) return;
      const titles = [...services.map((service) => `${serviceTitle(service)}: ${portNames(service).join(', ') || 'no named port'}`),
        ...[...new Set(operatorServices.map((service) => `Service ${service.namespace}/${service.name} (the operator's): ${service.port}`))]];
      const named = someOf(titles, (title) => title, '; ');
      const number = /^\d+$/.test(endpoint.port) ? '; a number here is read as a port name: use targetPort for a port number' : '';
      context.report({ span: at(i, 'port'), message: `port ${JSON.stringify(endpoint.port)} names no port of the Services this ServiceMonitor selects (${named}): the operator matches Service ports by name${number}` });
      return;
    }
    const target = endpoint.targetPort;
    // An empty or zero targetPort is none: the operator keeps every port then.
    if ((typeof target !== 'number' && typeof target !== 'string') || target === '' || target === 0) return;
    const pods = services.flatMap((service) => podsBehind(context.workspace, service));
    if (pods.length === 0 || operatorPorts.length) return;
    // A name is a regex on the pods' port names too (the operator's keep relabeling on the container port name).
    const keeps = typeof target === 'string' ? keepsName(target, context.options.prometheusVersion) : undefined;
    const found = servedPorts(pods).some((port) => (keeps ? keeps(port.name) : port.containerPort === target));
    if (found) return;
    context.report({ span: at(i, 'targetPort'), message: `targetPort ${JSON.stringify(target)} is no container port of the pods behind the selected Services (${describePorts(pods)})` });
  });
}

/** A PodMonitor endpoint's `port` is a container port's name (`portNumber` its number). */
function checkPodMonitor(context: RuleContext, pods: PodTemplate[]): void {
  const endpoints = list(asRecord(asRecord(context.document.yaml.value)?.spec)?.podMetricsEndpoints);
  endpoints.forEach((raw, i) => {
    const endpoint = asRecord(raw) ?? {};
    const port = endpoint.port;
    const number = endpoint.portNumber;
    const field = typeof port === 'string' && port !== '' ? 'port' : typeof number === 'number' && number !== 0 ? 'portNumber' : undefined;
    if (!field) return;
    const keeps = field === 'port' ? keepsName(port as string, context.options.prometheusVersion) : undefined;
    const found = servedPorts(pods).some((declared) => (keeps ? keeps(declared.name) : declared.containerPort === number));
    if (found) return;
    const value = field === 'port' ? port : number;
    context.report({
      span: locate(context.document.yaml, context.lines, ['spec', 'podMetricsEndpoints', i, field], 'value'),
      message: `${field} ${JSON.stringify(value)} is no container port${field === 'port' ? ' name' : ''} of the pods this PodMonitor selects (${describePorts(pods)})`,
    });
  });
}

export const endpointPort: Rule = {
  id: 'wiring/endpoint-port',
  severity: 'warning',
  docs: "A ServiceMonitor endpoint whose `port` names no port of the Services it selects (the operator matches port *names*, the `port` a regex on them: a number there is the troubleshooting guide's pitfall), whose `targetPort` no pod behind them declares, or a PodMonitor endpoint whose `port` no selected pod's container or init container declares (a mesh's injected proxy ports, Istio's and Linkerd's, count as declared). Said only when those Services or pods are in the workspace, and no kustomization changes their namespace, labels or names (nor a List holds an item naming no kind); not for a Service without a selector whose endpoints the workspace writes by hand (Endpoints, EndpointSlice). A governing Service the operator creates that the selector may reach (prometheus-agent-operated) counts with its port, `web` or spec.portName; its pods are in no file, so `targetPort` is not checked then.",
  appliesTo: (document) => monitorKindOf(document) === 'ServiceMonitor' || monitorKindOf(document) === 'PodMonitor',
  reads: () => 'index',
  check(context) {
    const own = ownEntry(context);
    if (!own || wiringUncertain(context.workspace, monitorKindOf(context.document)!, own)) return;
    if (own.kind === 'ServiceMonitor') {
      // Services the operator creates may be among those it selects: their ports count, and their pods are in no file.
      const operatorServices = selectedOperatorServices(context.workspace, own);
      const services = selectedServices(context.workspace, own);
      if (services?.length || operatorServices.length) checkServiceMonitor(context, services ?? [], operatorServices);
    } else {
      const pods = selectedPods(context.workspace, own);
      if (pods?.length) checkPodMonitor(context, pods);
    }
  },
};

import { parseDuration } from '../util/duration';
import { podPorts, type PodTemplate } from './podTemplate';

/** The annotations a pod uses to ask for an injected agent (the sidecar-injection proposal). */
export const sidecarPrefix = 'prometheus.operator.io/';
export const sidecarAnnotations = {
  scrape: `${sidecarPrefix}scrape`,
  path: `${sidecarPrefix}path`,
  port: `${sidecarPrefix}port`,
  scrapeInterval: `${sidecarPrefix}scrape-interval`,
  agentSelector: `${sidecarPrefix}agent-selector`,
} as const;

export const defaultMetricsPath = '/metrics';

/** The scrape job of the agent injected into a pod: `sidecar/<namespace>/<workload name>`. */
export const sidecarJobName = (template: { namespace: string; ownerName: string }) => `sidecar/${template.namespace}/${template.ownerName}`;

/** What a pod asks of its injected agent, read from its annotations (values as written; the checks say what is wrong). */
export interface SidecarRequest {
  path: string;
  /** A port number or the name of a container port; the first declared container port when not annotated. */
  port?: number | string;
  scrapeInterval?: string;
  /** `<namespace>/<name>` of a PrometheusAgent in Sidecar mode, when annotated. */
  agentSelector?: { namespace: string; name: string };
}

/** The request of a pod template that says `prometheus.operator.io/scrape: "true"`; undefined otherwise. */
export function sidecarRequest(template: PodTemplate): SidecarRequest | undefined {
  const annotations = template.annotations;
  if (String(annotations[sidecarAnnotations.scrape]) !== 'true') return undefined;
  const text = (key: string) => (typeof annotations[key] === 'string' || typeof annotations[key] === 'number' ? String(annotations[key]) : undefined);
  const portText = text(sidecarAnnotations.port);
  const port = portText === undefined ? podPorts(template)[0]?.containerPort
    : /^\d+$/.test(portText) ? Number(portText) : portText;
  const selector = text(sidecarAnnotations.agentSelector);
  const parts = selector?.split('/');
  return {
    path: text(sidecarAnnotations.path) ?? defaultMetricsPath,
    port,
    scrapeInterval: text(sidecarAnnotations.scrapeInterval),
    agentSelector: parts?.length === 2 && parts[0] && parts[1] ? { namespace: parts[0], name: parts[1] } : undefined,
  };
}

const portName = /^(?=.*[a-z])[a-z0-9]([-a-z0-9]*[a-z0-9])?$/;
const dnsLabel = /^[a-z0-9]([-a-z0-9]*[a-z0-9])?$/;
const dnsSubdomain = /^[a-z0-9]([-a-z0-9]*[a-z0-9])?(\.[a-z0-9]([-a-z0-9]*[a-z0-9])?)*$/;

/** What is wrong with a sidecar annotation's value, if anything (string values only: unquoted ones are metadata/string-value's). */
export function sidecarValueProblem(key: string, value: string): string | undefined {
  switch (key) {
    case sidecarAnnotations.scrape:
      return value === 'true' || value === 'false' ? undefined : 'must be "true" or "false"';
    case sidecarAnnotations.path:
      return /^\/[^\s?#]*$/.test(value) ? undefined : 'must be an absolute URL path such as /metrics';
    case sidecarAnnotations.port:
      if (/^\d+$/.test(value)) return Number(value) >= 1 && Number(value) <= 65535 ? undefined : 'must be a port number between 1 and 65535';
      return value.length <= 15 && portName.test(value) ? undefined
        : 'must be a port number between 1 and 65535 or the name of a container port (at most 15 lowercase letters, digits and -)';
    case sidecarAnnotations.scrapeInterval: {
      const ms = parseDuration(value);
      if (ms === undefined) return 'must be a Prometheus duration such as 30s or 1m30s';
      return ms === 0 ? 'must be longer than 0' : undefined;
    }
    case sidecarAnnotations.agentSelector: {
      const [namespace, name, ...rest] = value.split('/');
      return rest.length === 0 && name !== undefined && dnsLabel.test(namespace) && dnsSubdomain.test(name) ? undefined
        : 'must be <namespace>/<name> of a PrometheusAgent';
    }
    default:
      return undefined;
  }
}

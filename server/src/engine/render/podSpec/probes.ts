import { probes } from '../defaults';
import type { RenderContext } from '../context';
import type { Json } from '../fields';

/** path.Clean of the route prefix joined with the handler's path: `/agent/` + `/-/ready` is `/agent/-/ready`. */
export function routePath(routePrefix: string, path: string): string {
  const parts: string[] = [];
  for (const part of `${routePrefix}/${path}`.split('/')) {
    if (part === '' || part === '.') continue;
    if (part === '..') parts.pop();
    else parts.push(part);
  }
  return `/${parts.join('/')}`;
}

/**
 * With listenLocal the kubelet cannot reach Prometheus, so the probe runs curl or wget inside the container (the
 * operator's exec helper; operator.md says only "sh -c running curl or wget").
 */
function execProbe(url: string): Json {
  return {
    exec: {
      command: ['sh', '-c', `if [ -x "$(command -v curl)" ]; then exec curl --fail ${url}; elif [ -x "$(command -v wget)" ]; then exec wget -q -O /dev/null ${url}; else exit 1; fi`],
    },
  };
}

/** The startup, readiness and liveness probes of the prometheus container; `port` is the port name or number probed. */
export function prometheusProbes(context: RenderContext, port: string | number, localPort: number): { startupProbe: Json; readinessProbe: Json; livenessProbe: Json } {
  const tls = context.spec.child('web').has('tlsConfig');
  const handler = (path: string): Json => {
    const full = routePath(context.routePrefix, path);
    if (context.spec.boolean('listenLocal')) return execProbe(`http://localhost:${localPort}${full}`);
    return { httpGet: { path: full, port, ...(tls ? { scheme: 'HTTPS' } : {}) } };
  };
  const startup = startupTiming(context);
  return {
    startupProbe: { ...handler('/-/ready'), timeoutSeconds: probes.timeoutSeconds, ...startup },
    readinessProbe: { ...handler('/-/ready'), timeoutSeconds: probes.timeoutSeconds, ...probes.readiness },
    livenessProbe: { ...handler('/-/healthy'), timeoutSeconds: probes.timeoutSeconds, ...probes.liveness },
  };
}

/** 15 s × 60 by default; with maximumStartupDurationSeconds s (≥ 60): ceil(s/60) failures, each ceil(s/failures) apart. */
function startupTiming(context: RenderContext): { periodSeconds: number; failureThreshold: number } {
  const maximum = context.spec.integer('maximumStartupDurationSeconds');
  if (maximum === undefined || maximum < 60) return { ...probes.startup };
  const failureThreshold = Math.ceil(maximum / 60);
  return { periodSeconds: Math.ceil(maximum / failureThreshold), failureThreshold };
}

import { envVars, images, names, paths, portNames, reloaderResources } from '../defaults';
import type { RenderContext } from '../context';
import type { Json } from '../fields';
import { routePath } from './probes';

/** readOnlyRootFilesystem, no privilege escalation, every capability dropped: the operator's containers all run so. */
export const containerSecurityContext: Json = { allowPrivilegeEscalation: false, capabilities: { drop: ['ALL'] }, readOnlyRootFilesystem: true };

/** spec.image, else the default base image tagged `v` + the version as the operator parses it (`2.46.0` → `v2.46.0`). */
export function prometheusImage(context: RenderContext): string {
  const image = context.spec.string('image');
  if (image && image.trim()) return image;
  return `${images.prometheusBase}:v${context.semver}`;
}

export interface PrometheusContainerParts {
  image: string;
  args: string[];
  ports?: Json[];
  mounts: Json[];
  probes: Json;
}

export function prometheusContainer(context: RenderContext, parts: PrometheusContainerParts): Json {
  const pullPolicy = context.spec.string('imagePullPolicy');
  const resources = context.spec.record('resources');
  return {
    name: names.prometheusContainer,
    image: parts.image,
    ...(pullPolicy ? { imagePullPolicy: pullPolicy } : {}),
    args: parts.args,
    ...(parts.ports ? { ports: parts.ports } : {}),
    ...(resources ? { resources } : {}),
    volumeMounts: parts.mounts,
    ...parts.probes,
    terminationMessagePolicy: 'FallbackToLogsOnError',
    securityContext: containerSecurityContext,
  };
}

export interface ReloaderParts {
  mounts: Json[];
  env: Json[];
  /** The reloader's own listen port (8080; an injected one may move). */
  listenPort: number;
  /** Where Prometheus listens, for the reload and runtime-info URLs. */
  prometheusPort: number;
  webConfigFile?: string;
}

export const podNameEnv: Json = { name: envVars.podName, valueFrom: { fieldRef: { fieldPath: 'metadata.name' } } };

const watchArgs = [
  `--config-file=${paths.configDir}/${paths.configFile}`,
  `--config-envsubst-file=${paths.configOutDir}/${paths.envsubstFile}`,
  `--watched-dir=${paths.configDir}`,
];

function logArgs(context: RenderContext): string[] {
  const level = context.spec.string('logLevel');
  const format = context.spec.string('logFormat');
  return [
    ...(level && level !== 'info' ? [`--log-level=${level}`] : []),
    ...(format && format !== 'logfmt' ? [`--log-format=${format}`] : []),
  ];
}

function reloaderBase(context: RenderContext, name: string, args: string[], parts: ReloaderParts, containerPorts?: Json[]): Json {
  const pullPolicy = context.spec.string('imagePullPolicy');
  const quantities = { cpu: reloaderResources.cpu, memory: reloaderResources.memory };
  return {
    name,
    image: images.configReloader,
    ...(pullPolicy ? { imagePullPolicy: pullPolicy } : {}),
    command: [paths.reloaderCommand],
    args,
    env: parts.env,
    ...(containerPorts ? { ports: containerPorts } : {}),
    resources: { limits: quantities, requests: quantities },
    volumeMounts: parts.mounts,
    terminationMessagePolicy: 'FallbackToLogsOnError',
    securityContext: containerSecurityContext,
  };
}

/**
 * The config-reloader sidecar: decompresses and envsubsts the config, then reloads Prometheus over HTTP
 * (`/-/reload`) or, with ProcessSignal, by signal (it finds the process through the shared process namespace).
 */
export function reloaderContainer(context: RenderContext, parts: ReloaderParts): Json {
  const scheme = context.spec.child('web').has('tlsConfig') ? 'https' : 'http';
  const base = `${scheme}://localhost:${parts.prometheusPort}`;
  const signal = context.spec.string('reloadStrategy') === 'ProcessSignal';
  // listenLocal keeps the reloader on localhost only with HTTP reloads: the operator passes it no listen option otherwise.
  const local = !signal && context.spec.boolean('listenLocal');
  const args = [local ? `--listen-address=localhost:${parts.listenPort}` : `--listen-address=:${parts.listenPort}`];
  if (parts.webConfigFile) args.push(`--web-config-file=${parts.webConfigFile}`);
  if (signal) args.push('--reload-method=signal', `--runtimeinfo-url=${base}${routePath(context.routePrefix, '/api/v1/status/runtimeinfo')}`);
  else args.push(`--reload-url=${base}${routePath(context.routePrefix, '/-/reload')}`);
  args.push(...watchArgs, ...logArgs(context));
  const containerPorts = local ? undefined : [{ name: portNames.reloaderWeb, containerPort: parts.listenPort, protocol: 'TCP' }];
  return reloaderBase(context, names.reloaderContainer, args, parts, containerPorts);
}

/** The init container writes prometheus.env.yaml once before Prometheus starts. */
export function initReloaderContainer(context: RenderContext, parts: ReloaderParts): Json {
  const args = ['--watch-interval=0', `--listen-address=:${parts.listenPort}`, ...watchArgs, ...logArgs(context)];
  return reloaderBase(context, names.initReloaderContainer, args, parts, [{ name: portNames.reloaderInit, containerPort: parts.listenPort, protocol: 'TCP' }]);
}


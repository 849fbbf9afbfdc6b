import { minimumPrometheus } from '../../model/operator';
import { paths, ports, specDefaults } from '../defaults';
import type { RenderContext } from '../context';
import { gated } from '../config/gates';
import { own } from '../../util/own';
import { mountsWebConfig, webConfigPath } from './webConfig';

interface Argument {
  name: string;
  value?: string;
}

const text = ({ name, value }: Argument) => (value ? `--${name}=${value}` : `--${name}`);

/**
 * The prometheus container's arguments in the operator's order (operator.md §3, 1–18), then spec.additionalArgs.
 * `listenAddress` replaces the listenLocal address (an injected agent listens where the pod has room). An additional
 * argument the operator sets itself makes it refuse the agent.
 */
export function prometheusArgs(context: RenderContext, withWebConfig: boolean, listenAddress?: string): string[] {
  const operators = operatorArguments(context, withWebConfig, listenAddress);
  const additional = context.spec.children('additionalArgs').flatMap((arg) => {
    const name = arg.string('name');
    return name ? [{ name, value: arg.string('value') }] : [];
  });
  const conflicts = managedArgumentConflicts(operators.map((arg) => arg.name), additional.map((arg) => arg.name));
  if (conflicts.length) {
    context.notes.refuse(`spec.additionalArgs: can't set arguments which are already managed by the operator: ${conflicts.map((c) => c.managed).join(',')}`);
  }
  return [...operators, ...additional].map(text);
}

/** The operator's own arguments, the web config flag last when the pod mounts it. */
function operatorArguments(context: RenderContext, withWebConfig: boolean, listenAddress?: string): Argument[] {
  const spec = context.spec;
  const web = spec.child('web');
  const args: Argument[] = [{ name: 'config.file', value: `${paths.configOutDir}/${paths.envsubstFile}` }];
  if (!context.v3) args.push({ name: 'web.console.templates', value: paths.consoleTemplates }, { name: 'web.console.libraries', value: paths.consoleLibraries });
  if (spec.string('reloadStrategy') !== 'ProcessSignal') args.push({ name: 'web.enable-lifecycle' });
  const pageTitle = web.string('pageTitle');
  if (pageTitle !== undefined && gated(context, 'v2.6.0', web.at('pageTitle'))) args.push({ name: 'web.page-title', value: pageTitle });
  const maxConnections = web.integer('maxConnections');
  if (maxConnections !== undefined) args.push({ name: 'web.max-connections', value: String(maxConnections) });
  if (spec.boolean('enableRemoteWriteReceiver') && gated(context, 'v2.33.0', 'spec.enableRemoteWriteReceiver')) {
    args.push({ name: 'web.enable-remote-write-receiver' });
    const versions = spec.stringList('remoteWriteReceiverMessageVersions');
    if (versions.length && gated(context, minimumPrometheus.remoteWriteMessageVersion, 'spec.remoteWriteReceiverMessageVersions')) {
      const messages = specDefaults.protobufMessages;
      args.push({ name: 'web.remote-write-receiver.accepted-protobuf-messages', value: versions.map((v) => own(messages, v) ?? messages['V1.0']).join(',') });
    }
  }
  const writesV2 = spec.children('remoteWrite').some((rw) => rw.string('messageVersion') === 'V2.0');
  if (writesV2 && context.atLeast(minimumPrometheus.remoteWriteMessageVersion) && !context.atLeast(minimumPrometheus.metadataWalRecordsUntil)) args.push({ name: 'enable-feature', value: 'metadata-wal-records' });
  // A V2.0 remote write on a Prometheus older than remote write 2.0 leaves the operator's generator of these arguments
  // marked too old (BuildCommonPrometheusArgs keeps the one it gated): each version-gated argument after it is dropped.
  const stillGated = (minimum: string, what: string) => {
    if (!writesV2 || context.atLeast(minimumPrometheus.remoteWriteMessageVersion)) return gated(context, minimum, what);
    context.notes.add(`${what}: dropped by the operator with ${context.version}, after a remoteWrite messageVersion V2.0 (which needs ${minimumPrometheus.remoteWriteMessageVersion})`);
    return false;
  };
  const otlpReceiver = spec.boolean('enableOTLPReceiver') ?? spec.has('otlp');
  if (otlpReceiver) {
    if (context.v3) args.push({ name: 'web.enable-otlp-receiver' });
    else if (stillGated(minimumPrometheus.otlpWriteReceiverFeature, 'spec.enableOTLPReceiver')) args.push({ name: 'enable-feature', value: 'otlp-write-receiver' });
  }
  const features = spec.stringList('enableFeatures');
  if (features.length && stillGated(minimumPrometheus.enableFeatures, 'spec.enableFeatures')) args.push({ name: 'enable-feature', value: features.join(',') });
  // Xor2 chunks need their feature flag, unless enableFeatures already names it.
  if (spec.child('tsdb').child('chunkEncoding').string('floats') === 'Xor2' && !features.includes('xor2-encoding') && context.atLeast(minimumPrometheus.chunkEncoding)) {
    args.push({ name: 'enable-feature', value: 'xor2-encoding' });
  }
  const externalUrl = spec.string('externalUrl');
  if (externalUrl) args.push({ name: 'web.external-url', value: externalUrl });
  args.push({ name: 'web.route-prefix', value: context.routePrefix });
  const logLevel = spec.string('logLevel');
  if (logLevel && logLevel !== 'info') args.push({ name: 'log.level', value: logLevel });
  const logFormat = spec.string('logFormat');
  if (logFormat && logFormat !== 'logfmt' && stillGated('v2.6.0', 'spec.logFormat')) args.push({ name: 'log.format', value: logFormat });
  const listen = listenAddress ?? (spec.boolean('listenLocal') ? `127.0.0.1:${ports.web}` : undefined);
  if (listen) args.push({ name: 'web.listen-address', value: listen });
  args.push(context.v3 ? { name: 'agent' } : { name: 'enable-feature', value: 'agent' });
  args.push({ name: 'storage.agent.path', value: paths.storage });
  const walCompression = spec.boolean('walCompression');
  if (walCompression !== undefined) args.push({ name: walCompression ? 'storage.agent.wal-compression' : 'no-storage.agent.wal-compression' });
  if (withWebConfig) args.push({ name: 'web.config.file', value: webConfigPath });
  return args;
}

/** An additional argument the operator refuses, with the operator's own name for it. */
export interface ArgumentConflict {
  /** Its index in spec.additionalArgs. */
  index: number;
  /** The operator's argument it collides with: the same name, or its `no-` twin (`storage.agent.wal-compression` for `no-storage.agent.wal-compression`). */
  managed: string;
}

/**
 * The additional arguments (by name, undefined where an entry has none) that name an argument the operator sets, or
 * its negation; names are compared as written, so `--config.file` is another argument than `config.file`.
 */
export function managedArgumentConflicts(operatorNames: string[], additionalNames: (string | undefined)[]): ArgumentConflict[] {
  const managed = new Set(operatorNames);
  return additionalNames.flatMap((name, index) => {
    if (name === undefined) return [];
    if (managed.has(name)) return [{ index, managed: name }];
    const twin = name.startsWith('no-') ? name.slice(3) : `no-${name}`;
    return managed.has(twin) ? [{ index, managed: twin }] : [];
  });
}

/** The operator's argument names for the agent as the renderer sees it: what agent/managed-argument compares with. */
export function operatorArgumentNames(context: RenderContext): string[] {
  return operatorArguments(context, context.mode !== 'Sidecar' && mountsWebConfig(context)).map((arg) => arg.name);
}

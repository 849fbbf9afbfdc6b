import { minimumPrometheus } from '../../model/operator';
import { paths, ports, specDefaults } from '../defaults';
import type { RenderContext } from '../context';
import { gated } from '../config/gates';
import { own } from '../../util/own';

interface Argument {
  name: string;
  value?: string;
}

const text = ({ name, value }: Argument) => (value ? `--${name}=${value}` : `--${name}`);

/**
 * The prometheus container's arguments in the operator's order (operator.md §3, 1–18). `listenAddress` replaces the
 * listenLocal address (an injected agent listens where the pod has room); `webConfigArg` is the web config flag.
 */
export function prometheusArgs(context: RenderContext, webConfigArg: string | undefined, listenAddress?: string): string[] {
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
  const otlpReceiver = spec.boolean('enableOTLPReceiver') ?? spec.has('otlp');
  if (otlpReceiver) {
    if (context.v3) args.push({ name: 'web.enable-otlp-receiver' });
    else if (gated(context, 'v2.47.0', 'spec.enableOTLPReceiver')) args.push({ name: 'enable-feature', value: 'otlp-write-receiver' });
  }
  const features = spec.stringList('enableFeatures');
  if (features.length && gated(context, 'v2.25.0', 'spec.enableFeatures')) args.push({ name: 'enable-feature', value: features.join(',') });
  if (spec.child('tsdb').child('chunkEncoding').string('floats') === 'Xor2' && context.atLeast(minimumPrometheus.chunkEncoding)) {
    args.push({ name: 'enable-feature', value: 'xor2-encoding' });
  }
  const externalUrl = spec.string('externalUrl');
  if (externalUrl) args.push({ name: 'web.external-url', value: externalUrl });
  args.push({ name: 'web.route-prefix', value: context.routePrefix });
  const logLevel = spec.string('logLevel');
  if (logLevel && logLevel !== 'info') args.push({ name: 'log.level', value: logLevel });
  const logFormat = spec.string('logFormat');
  if (logFormat && logFormat !== 'logfmt' && gated(context, 'v2.6.0', 'spec.logFormat')) args.push({ name: 'log.format', value: logFormat });
  const listen = listenAddress ?? (spec.boolean('listenLocal') ? `127.0.0.1:${ports.web}` : undefined);
  if (listen) args.push({ name: 'web.listen-address', value: listen });
  args.push(context.v3 ? { name: 'agent' } : { name: 'enable-feature', value: 'agent' });
  args.push({ name: 'storage.agent.path', value: paths.storage });
  const walCompression = spec.boolean('walCompression');
  if (walCompression !== undefined) args.push({ name: walCompression ? 'storage.agent.wal-compression' : 'no-storage.agent.wal-compression' });
  const out = args.map(text);
  if (webConfigArg) out.push(webConfigArg);
  return [...out, ...additionalArgs(context, [...args.map((a) => a.name), ...(webConfigArg ? ['web.config.file'] : [])])];
}

/**
 * spec.additionalArgs after the operator's own. An argument the operator already sets (or its `no-` form) makes it
 * refuse the agent: the notes say so and the argument is left out.
 */
function additionalArgs(context: RenderContext, managed: string[]): string[] {
  const taken = new Set(managed.flatMap((name) => [name, name.startsWith('no-') ? name.slice(3) : `no-${name}`]));
  const out: string[] = [];
  for (const arg of context.spec.children('additionalArgs')) {
    const name = arg.string('name');
    if (!name) continue;
    if (taken.has(name)) {
      context.notes.add(`${arg.at('name')}: can't set arguments which are already managed by the operator: ${name}; the operator does not reconcile the agent`);
      continue;
    }
    out.push(text({ name, value: arg.string('value') }));
  }
  return out;
}

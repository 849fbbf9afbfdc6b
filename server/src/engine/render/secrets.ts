import { gzipSync } from 'node:zlib';
import { webTlsConfigProblem } from '../model/httpClientChecks';
import { operatorRelease } from '../model/operator';
import { fieldPath } from '../util/kubernetesText';
import { paths } from './defaults';
import type { RenderContext } from './context';
import type { Json } from './fields';
import { managedLabels, tlsAssetsSecretName, webConfigSecretName } from './names';
import { webConfigFile } from './podSpec/webConfig';

export const base64 = (text: string | Buffer) => Buffer.from(text).toString('base64');

/** gzip with a zero mtime and fixed level, so the same config always gives the same bytes. */
export function gzipBase64(text: string): string {
  return base64(gzipSync(Buffer.from(text, 'utf8'), { level: 9 }));
}

function secret(context: RenderContext, name: string, data: Record<string, string>): Json {
  return {
    apiVersion: 'v1',
    kind: 'Secret',
    metadata: { name, namespace: context.namespace, labels: managedLabels() },
    type: 'Opaque',
    data,
  };
}

/** The config Secret as the operator stores it: prometheus.yml gzipped under `prometheus.yaml.gz`. */
export function configSecret(context: RenderContext, name: string, configYaml: string): Json {
  return secret(context, name, { [paths.configFile]: gzipBase64(configYaml) });
}

/** The web config Secret; none where the operator refuses spec.web.tlsConfig, which it checks before creating it. */
export function webConfigSecret(context: RenderContext): Json | undefined {
  const tls = context.spec.child('web').record('tlsConfig');
  const problem = tls && webTlsConfigProblem(tls, operatorRelease.version);
  if (problem) {
    context.notes.refuse(`${fieldPath(['spec', 'web', 'tlsConfig', ...problem.path])}: failed to initialize web config: ${problem.message}`);
    return undefined;
  }
  return secret(context, webConfigSecretName(context.name), { [paths.webConfigFile]: base64(webConfigFile(context)) });
}

/** `prom-agent-<name>-tls-assets-0`: the TLS files the config names, as far as the workspace holds them. */
export function tlsAssetsSecret(context: RenderContext): Json {
  return secret(context, tlsAssetsSecretName(context.name), Object.fromEntries(context.store.assets().map(([key, value]) => [key, base64(value)])));
}

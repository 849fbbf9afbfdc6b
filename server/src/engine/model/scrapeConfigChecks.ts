import { asRecord } from '../util/record';
import { compareVersions } from '../util/version';
import type { Path } from '../yaml/documents';
import { goQuote } from '../util/goQuote';
import { parseUrl } from '../util/goParse';
import { fieldSelectorError, labelSelectorError } from '../util/kubernetesSelectors';
import { present, storedClientProblems, type StoredSetting } from './httpClientChecks';
import { undated } from './operator';
import type { Refusal } from './refusal';

/**
 * What prometheus-operator refuses in a ScrapeConfig's service discoveries (the resource selector's validate…SDConfigs
 * checks), each with its path in the ScrapeConfig and the operator's message, prefixed as it prefixes it
 * (`consulSDConfigs: [1]: …`). `version` is the Prometheus version of the agent that selects the ScrapeConfig; without
 * one, the checks that depend on it are not made.
 */
export function serviceDiscoveryRefusals(spec: Record<string, unknown>, version: string | undefined, release: string): Refusal[] {
  return discoveries.flatMap((discovery) => {
    const path: Path = ['spec', discovery.field];
    const out: Refusal[] = [];
    // The operator checks these versions before it looks for a config of the kind: below them it refuses every
    // ScrapeConfig, whatever discovery it uses.
    if (discovery.everyScrapeConfigFrom && below(version, discovery.everyScrapeConfigFrom.version)) {
      out.push({ path, message: `${discovery.name}: ${discovery.everyScrapeConfigFrom.message}` });
    }
    const configs = Array.isArray(spec[discovery.field]) ? spec[discovery.field] as unknown[] : [];
    configs.forEach((raw, i) => {
      for (const problem of discovery.check?.(asRecord(raw) ?? {}, i, version, release) ?? []) {
        out.push({ path: [...path, i, ...problem.path], message: `${discovery.name}: ${problem.message}` });
      }
    });
    return out;
  });
}

/** What is wrong in one discovery config: where, relative to the config, and the message after the discovery's name. */
interface Problem {
  path: Path;
  message: string;
}

/** A discovery kind as the operator checks it: its field, the name its messages start with, and its checks. */
interface Discovery {
  field: string;
  name: string;
  everyScrapeConfigFrom?: { version: string; message: string };
  /** The problems of config `i` for operator `release`, paths relative to it, messages after the name (`[0]: …`). */
  check?: (config: Record<string, unknown>, i: number, version: string | undefined, release: string) => Problem[];
}

const text = (value: unknown) => (typeof value === 'string' ? value : undefined);
/** Whether the agent's version is older than `minimum`; never without an agent. */
const below = (version: string | undefined, minimum: string) => version !== undefined && compareVersions(version, minimum) < 0;
const indexed = (i: number, problems: Problem[]) => problems.map(({ path, message }) => ({ path, message: `[${i}]: ${message}` }));

/** The client settings of config `i` as the asset store loads them, in the operator's order for this discovery. */
const client = (...settings: StoredSetting[]) => (config: Record<string, unknown>, i: number) => indexed(i, storedClientProblems(config, settings));

/** A field that needs a newer Prometheus: `message` as the operator words it (some with the index, some without). */
function versionGate(config: Record<string, unknown>, field: string, version: string | undefined, minimum: string, message: string): Problem[] {
  return present(config[field]) && below(version, minimum) ? [{ path: [field], message }] : [];
}

/** Go's url.Parse of a written URL, its error as the operator passes it on. */
function urlParseProblems(config: Record<string, unknown>, field: string, i: number): Problem[] {
  const value = text(config[field]);
  const error = value === undefined ? undefined : parseUrl(value).error;
  return error ? [{ path: [field], message: `[${i}]: ${error}` }] : [];
}

/** The operator's validateServer (kuma, nomad): a URL that parses, with a scheme and a host. */
function serverProblems(config: Record<string, unknown>, i: number): Problem[] {
  const server = text(config.server);
  if (server === undefined) return [];
  const parsed = parseUrl(server);
  if (parsed.error) return [{ path: ['server'], message: `[${i}]: cannot parse server: ${parsed.error}` }];
  return parsed.scheme && parsed.host ? [] : [{ path: ['server'], message: `[${i}]: must not be empty and have a scheme: ${server}` }];
}

/** The selector roles each kubernetes_sd role takes, by the role lower-cased. */
const selectorRoles = new Map([
  ['pod', ['pod']],
  ['service', ['service']],
  ['endpointslice', ['pod', 'service', 'endpointslice']],
  ['endpoints', ['pod', 'service', 'endpoints']],
  ['node', ['node']],
  ['ingress', ['ingress']],
]);

function kubernetesProblems(config: Record<string, unknown>, i: number, version: string | undefined, release: string): Problem[] {
  const out = client('authorization', 'oauth2', 'tlsConfig', 'proxy')(config, i);
  const role = text(config.role) ?? '';
  if (role === 'EndpointSlice' && below(version, 'v2.21.0') && undated(release)) out.push({ path: ['role'], message: `[${i}]: EndpointSlice role is only supported for Prometheus version >= 2.21.0` });
  if (present(config.apiServer) && asRecord(config.namespaces)?.ownNamespace === true) {
    out.push({ path: ['namespaces', 'ownNamespace'], message: `[${i}]: cannot use 'apiServer' and 'namespaces.ownNamespace' simultaneously` });
  }
  const selectors = (Array.isArray(config.selectors) ? config.selectors : []).map((selector) => asRecord(selector) ?? {});
  // A role outside the CRD's enum never reaches the operator: the API server refuses the object first.
  const accepted = selectorRoles.get(role.toLowerCase());
  const wrongRole = accepted ? selectors.findIndex((selector) => !accepted.includes((text(selector.role) ?? '').toLowerCase())) : -1;
  if (accepted && wrongRole !== -1) {
    out.push({ path: ['selectors', wrongRole, 'role'], message: `[${i}] : ${role} role supports only ${accepted.join(', ')} selectors` });
  }
  selectors.forEach((selector, j) => {
    const field = text(selector.field);
    const fieldError = field === undefined ? undefined : fieldSelectorError(field);
    if (fieldError) out.push({ path: ['selectors', j, 'field'], message: `[${i}]: ${fieldError}` });
    const label = text(selector.label);
    const labelError = label === undefined ? undefined : labelSelectorError(label);
    if (labelError) out.push({ path: ['selectors', j, 'label'], message: `[${i}]: ${labelError}` });
  });
  return out;
}

function consulProblems(config: Record<string, unknown>, i: number, version: string | undefined): Problem[] {
  return [
    ...versionGate(config, 'pathPrefix', version, 'v2.45.0', 'field `config.PathPrefix` is only supported for Prometheus version >= 2.45.0'),
    ...versionGate(config, 'namespace', version, 'v2.28.0', 'field `config.Namespace` is only supported for Prometheus version >= 2.28.0'),
    ...versionGate(config, 'filter', version, 'v3.0.0', 'field `config.Filter` is only supported for Prometheus version >= 3.0.0'),
    ...versionGate(config, 'healthFilter', version, 'v3.11.2', 'field `config.HealthFilter` is only supported for Prometheus version >= 3.11.2'),
    ...client('authorization', 'oauth2', 'tlsConfig', 'proxy')(config, i),
  ];
}

function dnsProblems(config: Record<string, unknown>, i: number): Problem[] {
  const type = text(config.type);
  return type !== undefined && type !== 'SRV' && !present(config.port)
    ? [{ path: ['type'], message: `[${i}]: port required for record type ${goQuote(type)}` }] : [];
}

/** Without ManagedIdentity, SDK or WorkloadIdentity, the operator wants OAuth credentials, and checks the client only then. */
function azureProblems(config: Record<string, unknown>, i: number, version: string | undefined): Problem[] {
  const method = text(config.authenticationMethod) ?? '';
  const out: Problem[] = [];
  if (method === 'SDK' && below(version, 'v2.52.0')) out.push({ path: ['authenticationMethod'], message: `[${i}]: SDK authentication is only supported from Prometheus version 2.52.0` });
  if (method === 'WorkloadIdentity' && below(version, 'v3.11.0')) out.push({ path: ['authenticationMethod'], message: `[${i}]: WorkloadIdentity authentication is only supported from Prometheus version 3.11.0` });
  out.push(...versionGate(config, 'resourceGroup', version, 'v2.35.0', `[${i}]: ResourceGroup is only supported from Prometheus version >= 2.35.0`));
  if (method === 'ManagedIdentity' || method === 'SDK' || method === 'WorkloadIdentity') return out;
  if (!text(config.tenantID)) out.push({ path: ['tenantID'], message: `[${i}]: configuration requires a tenantID` });
  if (!text(config.clientID)) out.push({ path: ['clientID'], message: `[${i}]: configuration requires a clientID` });
  if (!present(config.clientSecret)) out.push({ path: ['clientSecret'], message: `[${i}]: configuration requires a clientSecret` });
  return [...out, ...client('oauth2', 'proxy', 'tlsConfig', 'authorization')(config, i)];
}

function openstackProblems(config: Record<string, unknown>, i: number, version: string | undefined, release: string): Problem[] {
  const out = config.role === 'LoadBalancer' && below(version, 'v3.2.0')
    ? [{ path: ['role'], message: `[${i}]: The LoadBalancer role is only supported from Prometheus version 3.2.0` }] : [];
  return undated(release) ? [...out, ...client('tlsConfig')(config, i)] : out;
}

const kumaProblems = (config: Record<string, unknown>, i: number, version: string | undefined, release: string) => [
  ...(undated(release) ? versionGate(config, 'clientID', version, 'v2.50.0', 'field `clientID` in kuma SD configuration is only supported for Prometheus version >= 2.50.0') : []),
  ...serverProblems(config, i),
  ...client('authorization', 'oauth2', 'tlsConfig', 'proxy')(config, i),
];

const dockerProblems = (config: Record<string, unknown>, i: number, version: string | undefined, release: string) => [
  ...(undated(release) ? versionGate(config, 'matchFirstNetwork', version, 'v2.54.1', `[${i}]: field \`matchFirstNetwork\` is only supported for Prometheus version >= 2.54.1`) : []),
  ...client('authorization', 'oauth2', 'tlsConfig')(config, i),
  ...urlParseProblems(config, 'host', i),
  ...client('proxy')(config, i),
];

const hetznerProblems = (config: Record<string, unknown>, i: number, version: string | undefined, release: string) => [
  ...(undated(release) ? versionGate(config, 'labelSelector', version, 'v3.5.0', `[${i}]: field \`labelSelector\` is only supported for Prometheus version >= 3.5.0`) : []),
  ...client('authorization', 'oauth2', 'tlsConfig', 'proxy')(config, i),
];

/**
 * PuppetDB's URL: one that parses, with a host. The operator also wants an http or https scheme, which the CRD's
 * pattern for the field already demands.
 */
function puppetDBProblems(config: Record<string, unknown>, i: number): Problem[] {
  const url = text(config.url);
  const parsed = url === undefined ? undefined : parseUrl(url);
  const out: Problem[] = [];
  if (parsed?.error) out.push({ path: ['url'], message: `[${i}]: ${parsed.error}` });
  else if (parsed && !parsed.host) out.push({ path: ['url'], message: `[${i}]: host is missing in URL` });
  return [...out, ...client('authorization', 'oauth2', 'tlsConfig', 'proxy')(config, i)];
}

/** In the order checkScrapeConfig goes through them; fileSDConfigs and gceSDConfigs it does not check. */
const discoveries: Discovery[] = [
  {
    field: 'httpSDConfigs', name: 'httpSDConfigs',
    everyScrapeConfigFrom: { version: 'v2.28.0', message: 'HTTP SD configuration is only supported for Prometheus version >= 2.28.0' },
    check: (config, i) => [...urlParseProblems(config, 'url', i), ...client('authorization', 'oauth2', 'tlsConfig', 'proxy')(config, i)],
  },
  { field: 'kubernetesSDConfigs', name: 'kubernetesSDConfigs', check: kubernetesProblems },
  { field: 'consulSDConfigs', name: 'consulSDConfigs', check: consulProblems },
  { field: 'dnsSDConfigs', name: 'dnsSDConfigs', check: dnsProblems },
  { field: 'ec2SDConfigs', name: 'ec2SDConfigs', check: client('tlsConfig', 'proxy') },
  { field: 'azureSDConfigs', name: 'azureSDConfigs', check: azureProblems },
  { field: 'openstackSDConfigs', name: 'openstackSDConfigs', check: openstackProblems },
  {
    field: 'digitalOceanSDConfigs', name: 'digitalOceanSDConfigs',
    everyScrapeConfigFrom: { version: 'v2.20.0', message: 'service discovery for Digital Ocean is only supported for Prometheus version >= 2.20.0' },
    check: client('authorization', 'oauth2', 'tlsConfig', 'proxy'),
  },
  { field: 'kumaSDConfigs', name: 'kumaSDConfigs', check: kumaProblems },
  { field: 'eurekaSDConfigs', name: 'eurekaSDConfigs', check: client('authorization', 'oauth2', 'tlsConfig', 'proxy') },
  { field: 'dockerSDConfigs', name: 'dockerSDConfigs', check: dockerProblems },
  {
    field: 'linodeSDConfigs', name: 'linodeSDConfigs',
    everyScrapeConfigFrom: { version: 'v2.28.0', message: 'linode SD configuration is only supported for Prometheus version >= 2.28.0' },
    check: client('authorization', 'oauth2', 'tlsConfig', 'proxy'),
  },
  { field: 'hetznerSDConfigs', name: 'hetznerSDConfigs', check: hetznerProblems },
  { field: 'nomadSDConfigs', name: 'nomadSDConfigs', check: (config, i) => [...serverProblems(config, i), ...client('authorization', 'oauth2', 'tlsConfig', 'proxy')(config, i)] },
  {
    field: 'dockerSwarmSDConfigs', name: 'dockerswarmSDConfigs',
    everyScrapeConfigFrom: { version: 'v2.20.0', message: 'dockerswarm SD configuration is only supported for Prometheus version >= 2.20.0' },
    check: (config, i) => [...urlParseProblems(config, 'host', i), ...client('authorization', 'oauth2', 'tlsConfig', 'proxy')(config, i)],
  },
  {
    field: 'puppetDBSDConfigs', name: 'puppetDBSDConfigs',
    everyScrapeConfigFrom: { version: 'v2.31.0', message: 'puppetDB SD configuration is only supported for Prometheus version >= 2.31.0' },
    check: puppetDBProblems,
  },
  {
    field: 'lightSailSDConfigs', name: 'lightSailSDConfigs',
    everyScrapeConfigFrom: { version: 'v2.27.0', message: 'lightSail SD configuration is only supported for Prometheus version >= 2.27.0' },
    check: client('authorization', 'oauth2', 'tlsConfig', 'proxy'),
  },
  {
    field: 'ovhcloudSDConfigs', name: 'OVHCloudSDConfigs',
    everyScrapeConfigFrom: { version: 'v2.40.0', message: 'OVHCloud SD configuration is only supported for Prometheus version >= 2.40.0' },
  },
  {
    field: 'scalewaySDConfigs', name: 'ScalewaySDConfigs',
    everyScrapeConfigFrom: { version: 'v2.26.0', message: 'ScaleWay SD configuration is only supported for Prometheus version >= 2.26.0' },
    check: client('proxy', 'tlsConfig'),
  },
  {
    field: 'ionosSDConfigs', name: 'IonosSDConfigs',
    everyScrapeConfigFrom: { version: 'v2.36.0', message: 'IONOS SD configuration is only supported for Prometheus version >= 2.36.0' },
    check: client('authorization', 'proxy', 'tlsConfig', 'oauth2'),
  },
];

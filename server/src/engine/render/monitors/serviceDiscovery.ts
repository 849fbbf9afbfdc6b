import type { RenderContext } from '../context';
import type { Fields, Json } from '../fields';
import { gated } from '../config/gates';
import { authorization, basicAuth, oauth2, proxyConfig, safeTlsConfig } from '../config/httpClient';
import { sorted } from '../names';

/**
 * A ScrapeConfig's service discoveries as the operator writes them into prometheus.yml: each CRD list
 * (`consulSDConfigs`) becomes the Prometheus list (`consul_sd_configs`), each entry's fields written in the operator's
 * order, Secret references resolved, TLS files copied into the tls-assets Secret.
 */

/** A field of an entry: `from` in the CRD, `to` in prometheus.yml, written as `write` says, from Prometheus `minimum`. */
interface FieldStep {
  from: string;
  to: string;
  /**
   * set: when given (the default); nonEmpty: when given and not empty; always: even when missing (the CRD requires it);
   * lowercase: always, lower-cased; secret: the value of the Secret key it names; sortedMap: a string map, keys sorted,
   * when not empty; filters: `[{name, values}]` sorted by name.
   */
  write?: 'set' | 'nonEmpty' | 'always' | 'lowercase' | 'secret' | 'sortedMap' | 'filters';
  minimum?: string;
}

/** One of the HTTP client settings the CRDs share, written where the operator writes it in the entry. */
type HttpStep = 'basicAuth' | 'authorization' | 'oauth2' | 'proxy' | 'tls';

/** What a field table cannot say: a step written for one discovery only. */
type CustomStep = (context: RenderContext, namespace: string, entry: Fields, out: Json) => void;

type Step = FieldStep | HttpStep | CustomStep;

const field = (from: string, to: string, write?: FieldStep['write'], minimum?: string): FieldStep => ({ from, to, write, minimum });
const refreshInterval = field('refreshInterval', 'refresh_interval');
const port = field('port', 'port');
const followRedirects = field('followRedirects', 'follow_redirects');
const enableHTTP2 = field('enableHTTP2', 'enable_http2');

/** AWS credentials are written only as a pair. */
const awsKeys: CustomStep = (context, namespace, entry, out) => {
  if (!entry.has('accessKey') || !entry.has('secretKey')) return;
  out.access_key = context.store.secretKey(namespace, entry.child('accessKey'));
  out.secret_key = context.store.secretKey(namespace, entry.child('secretKey'));
};

/** Record types newer than Prometheus itself are dropped: NS needs 2.49, MX 2.38. */
const dnsType: CustomStep = (context, _namespace, entry, out) => {
  const type = entry.string('type');
  if (type === undefined) return;
  const minimum = ({ NS: 'v2.49.0', MX: 'v2.38.0' } as Record<string, string>)[type];
  if (!minimum || gated(context, minimum, entry.at('type'))) out.type = type;
};

/**
 * The operator starts an Azure entry over at `environment`: the basic auth, authorization, OAuth2 and proxy settings
 * written before it are lost when an environment is given.
 */
const azureEnvironment: CustomStep = (_context, _namespace, entry, out) => {
  const environment = entry.string('environment');
  if (environment === undefined) return;
  const lost = Object.keys(out);
  if (lost.length) entry.note(`${entry.at('environment')}: the operator writes the Azure entry anew from environment on, dropping ${lost.join(', ')}`);
  for (const key of lost) delete out[key];
  out.environment = environment;
};

/** OVHcloud's service, in Prometheus's spelling; another value is left out. */
const ovhService: CustomStep = (_context, _namespace, entry, out) => {
  const service = ({ VPS: 'vps', DedicatedServer: 'dedicated_server' } as Record<string, string>)[entry.string('service') ?? ''];
  if (service) out.service = service;
  else entry.note(`${entry.at('service')}: ${JSON.stringify(entry.string('service') ?? '')} is no service Prometheus knows; the operator leaves it out`);
};

/** IONOS authenticates with its authorization unless OAuth2 is given. */
const ionosAuthorization: CustomStep = (context, namespace, entry, out) => {
  if (!entry.has('oauth2')) writeHttp(context, namespace, entry, out, 'authorization');
};

/** EC2's HTTP client settings arrived in Prometheus 2.41. */
const ec2HttpClient: CustomStep = (context, namespace, entry, out) => {
  for (const [from, to] of [['followRedirects', 'follow_redirects'], ['enableHTTP2', 'enable_http2']] as const) {
    const value = entry.boolean(from);
    if (value !== undefined && gated(context, 'v2.41.0', entry.at(from))) out[to] = value;
  }
  if (entry.has('tlsConfig') && gated(context, 'v2.41.0', entry.at('tlsConfig'))) writeHttp(context, namespace, entry, out, 'tls');
};

const kubernetesRoles: Record<string, string> = { pod: 'v2.35.0', endpoints: 'v2.37.0', endpointslice: 'v2.37.0' };

/** The Kubernetes discovery: the API server, the role (EndpointSlice from 2.21), namespaces, selectors, metadata. */
const kubernetes: Step[] = [
  field('apiServer', 'api_server'),
  (context, _namespace, entry, out) => {
    const role = (entry.string('role') ?? '').toLowerCase();
    if (role !== 'endpointslice' || gated(context, 'v2.21.0', entry.at('role'))) out.role = role;
  },
  'basicAuth', 'authorization', 'oauth2', 'proxy', followRedirects, enableHTTP2, 'tls',
  (_context, _namespace, entry, out) => {
    if (!entry.has('namespaces')) return;
    const namespaces = entry.child('namespaces');
    const own = namespaces.boolean('ownNamespace');
    out.namespaces = { names: namespaces.stringList('names'), ...(own === undefined ? {} : { own_namespace: own }) };
  },
  (context, _namespace, entry, out) => {
    const selectors = entry.children('selectors');
    if (!selectors.length || !gated(context, 'v2.17.0', entry.at('selectors'))) return;
    out.selectors = selectors.map((selector) => {
      const written: Json = { role: (selector.string('role') ?? '').toLowerCase() };
      const label = selector.string('label');
      if (label !== undefined) written.label = label;
      const fieldSelector = selector.string('field');
      if (fieldSelector !== undefined) written.field = fieldSelector;
      return written;
    });
  },
  (context, _namespace, entry, out) => {
    if (!entry.has('attachMetadata')) return;
    const minimum = kubernetesRoles[(entry.string('role') ?? '').toLowerCase()];
    if (!minimum) entry.note(`${entry.at('attachMetadata')}: Prometheus attaches metadata only to pod, endpoints and endpointslice targets; the operator leaves it out`);
    else if (gated(context, minimum, entry.at('attachMetadata'))) out.attach_metadata = { node: entry.child('attachMetadata').boolean('node') ?? null };
  },
];

/** Every discovery a ScrapeConfig can hold, in the operator's order: the CRD's list, Prometheus's list, the steps. */
const discoveries: [from: string, to: string, steps: Step[]][] = [
  ['staticConfigs', 'static_configs', [field('targets', 'targets', 'always'), (_context, _namespace, entry, out) => {
    out.labels = entry.strings('labels') ?? {};
  }]],
  ['fileSDConfigs', 'file_sd_configs', [field('files', 'files', 'always'), refreshInterval]],
  ['httpSDConfigs', 'http_sd_configs', ['basicAuth', 'authorization', 'tls', 'proxy', 'oauth2', field('url', 'url', 'always'), refreshInterval, followRedirects, enableHTTP2]],
  ['kubernetesSDConfigs', 'kubernetes_sd_configs', kubernetes],
  ['consulSDConfigs', 'consul_sd_configs', [
    'basicAuth', 'authorization', 'oauth2', 'proxy', 'tls', field('server', 'server', 'always'), field('pathPrefix', 'path_prefix'),
    field('tokenRef', 'token', 'secret'), field('datacenter', 'datacenter'), field('namespace', 'namespace'), field('partition', 'partition'),
    (_context, _namespace, entry, out) => {
      const scheme = entry.string('scheme');
      if (scheme !== undefined) out.scheme = scheme.toLowerCase();
    },
    field('services', 'services', 'nonEmpty'), field('tags', 'tags', 'nonEmpty'), field('tagSeparator', 'tag_separator'),
    field('nodeMeta', 'node_meta', 'sortedMap'), field('filter', 'filter'), field('healthFilter', 'health_filter'), field('allowStale', 'allow_stale'),
    refreshInterval, followRedirects, enableHTTP2,
  ]],
  ['dnsSDConfigs', 'dns_sd_configs', [field('names', 'names', 'always'), refreshInterval, dnsType, port]],
  ['ec2SDConfigs', 'ec2_sd_configs', [
    'proxy', field('region', 'region'), awsKeys, field('roleARN', 'role_arn'), refreshInterval, port, field('filters', 'filters', 'filters'), ec2HttpClient,
  ]],
  ['azureSDConfigs', 'azure_sd_configs', [
    'basicAuth', 'authorization', 'oauth2', 'proxy', azureEnvironment, field('authenticationMethod', 'authentication_method'),
    field('subscriptionID', 'subscription_id', 'nonEmpty'), field('tenantID', 'tenant_id'), field('clientID', 'client_id'),
    field('clientSecret', 'client_secret', 'secret'), field('resourceGroup', 'resource_group'), refreshInterval, port,
  ]],
  ['gceSDConfigs', 'gce_sd_configs', [
    field('project', 'project', 'always'), field('zone', 'zone', 'always'), field('filter', 'filter'), refreshInterval, port, field('tagSeparator', 'tag_separator'),
  ]],
  ['openstackSDConfigs', 'openstack_sd_configs', [
    field('role', 'role', 'lowercase'), field('region', 'region', 'always'), field('identityEndpoint', 'identity_endpoint'), field('username', 'username'),
    field('userid', 'userid'), field('password', 'password', 'secret'), field('domainName', 'domain_name'), field('domainID', 'domain_id'),
    field('projectName', 'project_name'), field('projectID', 'project_id'), field('applicationCredentialName', 'application_credential_name'),
    field('applicationCredentialId', 'application_credential_id'), field('applicationCredentialSecret', 'application_credential_secret', 'secret'),
    field('allTenants', 'all_tenants'), refreshInterval, port, field('availability', 'availability'), 'tls',
  ]],
  ['digitalOceanSDConfigs', 'digitalocean_sd_configs', ['authorization', 'oauth2', 'proxy', followRedirects, enableHTTP2, 'tls', port, refreshInterval]],
  ['kumaSDConfigs', 'kuma_sd_configs', [
    'basicAuth', 'authorization', 'oauth2', 'proxy', field('server', 'server', 'always'), followRedirects, enableHTTP2, 'tls', refreshInterval,
    field('fetchTimeout', 'fetch_timeout'), field('clientID', 'client_id'),
  ]],
  ['eurekaSDConfigs', 'eureka_sd_configs', [
    'basicAuth', 'authorization', 'oauth2', 'proxy', followRedirects, enableHTTP2, 'tls', refreshInterval, field('server', 'server', 'nonEmpty'),
  ]],
  ['dockerSDConfigs', 'docker_sd_configs', [
    'authorization', 'oauth2', 'proxy', 'basicAuth', field('filters', 'filters', 'filters'), field('host', 'host', 'always'), 'tls', port,
    field('hostNetworkingHost', 'host_networking_host'), field('matchFirstNetwork', 'match_first_network', 'set', 'v2.54.1'), refreshInterval,
    followRedirects, enableHTTP2,
  ]],
  ['linodeSDConfigs', 'linode_sd_configs', [
    'authorization', 'oauth2', 'proxy', 'tls', port, field('region', 'region'), enableHTTP2, field('tagSeparator', 'tag_separator'), refreshInterval, followRedirects,
  ]],
  ['hetznerSDConfigs', 'hetzner_sd_configs', [
    'basicAuth', 'authorization', 'oauth2', 'proxy', field('role', 'role', 'lowercase'), followRedirects, enableHTTP2, 'tls', port, refreshInterval,
    field('labelSelector', 'label_selector', 'nonEmpty', 'v3.5.0'),
  ]],
  ['nomadSDConfigs', 'nomad_sd_configs', [
    'basicAuth', 'authorization', 'oauth2', 'proxy', field('server', 'server', 'always'), field('allowStale', 'allow_stale'), field('namespace', 'namespace'),
    refreshInterval, field('region', 'region'), field('tagSeparator', 'tag_separator'), followRedirects, enableHTTP2, 'tls',
  ]],
  ['dockerSwarmSDConfigs', 'dockerswarm_sd_configs', [
    'basicAuth', 'authorization', 'oauth2', 'proxy', field('filters', 'filters', 'filters'), field('host', 'host', 'always'), 'tls',
    field('role', 'role', 'lowercase'), port, refreshInterval, followRedirects, enableHTTP2,
  ]],
  ['puppetDBSDConfigs', 'puppetdb_sd_configs', [
    'basicAuth', 'authorization', 'oauth2', 'proxy', field('url', 'url', 'always'), field('query', 'query', 'always'),
    field('includeParameters', 'include_parameters'), port, refreshInterval, followRedirects, 'tls', enableHTTP2,
  ]],
  ['lightSailSDConfigs', 'lightsail_sd_configs', [
    'basicAuth', 'authorization', 'proxy', 'oauth2', field('region', 'region'), field('endpoint', 'endpoint'), port, refreshInterval, awsKeys,
    field('roleARN', 'role_arn'), 'tls', followRedirects, enableHTTP2,
  ]],
  ['ovhcloudSDConfigs', 'ovhcloud_sd_configs', [
    field('applicationKey', 'application_key', 'always'), field('applicationSecret', 'application_secret', 'secret'),
    field('consumerKey', 'consumer_key', 'secret'), ovhService, field('endpoint', 'endpoint'), refreshInterval,
  ]],
  ['scalewaySDConfigs', 'scaleway_sd_configs', [
    field('accessKey', 'access_key', 'always'), field('secretKey', 'secret_key', 'secret'), field('projectID', 'project_id', 'always'),
    field('role', 'role', 'lowercase'), port, field('apiURL', 'api_url'), field('zone', 'zone'), field('nameFilter', 'name_filter'),
    field('tagsFilter', 'tags_filter', 'nonEmpty'), refreshInterval, 'proxy', 'tls', followRedirects, enableHTTP2,
  ]],
  ['ionosSDConfigs', 'ionos_sd_configs', [
    ionosAuthorization, 'oauth2', 'proxy', 'tls', field('datacenterID', 'datacenter_id', 'always'), followRedirects, enableHTTP2, port, refreshInterval,
  ]],
];

function writeHttp(context: RenderContext, namespace: string, entry: Fields, out: Json, step: HttpStep): void {
  switch (step) {
    case 'basicAuth':
      if (entry.has('basicAuth')) out.basic_auth = basicAuth(context, namespace, entry.child('basicAuth'));
      break;
    case 'authorization':
      if (entry.has('authorization')) {
        const written = authorization(context, namespace, entry.child('authorization'));
        if (written) out.authorization = written;
      }
      break;
    case 'oauth2':
      if (entry.has('oauth2')) {
        const written = oauth2(context, namespace, entry.child('oauth2'));
        if (written) out.oauth2 = written;
      }
      break;
    case 'proxy':
      Object.assign(out, proxyConfig(context, namespace, entry));
      break;
    case 'tls':
      if (entry.has('tlsConfig')) out.tls_config = safeTlsConfig(context, namespace, entry.child('tlsConfig'));
      break;
  }
}

function writeField(context: RenderContext, namespace: string, entry: Fields, out: Json, { from, to, write = 'set', minimum }: FieldStep): void {
  const value = entry.raw(from);
  const given = write === 'always' || write === 'lowercase' ? true
    : write === 'nonEmpty' || write === 'sortedMap' || write === 'filters' ? !isEmpty(value)
      : value !== undefined;
  if (!given || (minimum && !gated(context, minimum, entry.at(from)))) return;
  switch (write) {
    case 'lowercase':
      out[to] = (entry.string(from) ?? '').toLowerCase();
      break;
    case 'always':
      out[to] = value ?? '';
      break;
    case 'secret':
      out[to] = context.store.secretKey(namespace, entry.child(from));
      break;
    case 'sortedMap':
      out[to] = sorted(entry.strings(from) ?? {});
      break;
    case 'filters':
      out[to] = entry.children(from)
        .map((filter) => ({ name: filter.string('name') ?? '', values: filter.stringList('values') }))
        .sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0));
      break;
    default:
      out[to] = value;
  }
}

const isEmpty = (value: unknown) => value === undefined || value === '' || (Array.isArray(value) && value.length === 0)
  || (value !== null && typeof value === 'object' && Object.keys(value).length === 0);

/** Every discovery of the ScrapeConfig `spec`, as prometheus.yml keys; references resolve in `namespace`, the ScrapeConfig's. */
export function serviceDiscoveries(context: RenderContext, namespace: string, spec: Fields): Json {
  const out: Json = {};
  for (const [from, to, steps] of discoveries) {
    const entries = spec.children(from);
    if (!entries.length) continue;
    out[to] = entries.map((entry) => {
      const written: Json = {};
      for (const step of steps) {
        if (typeof step === 'function') step(context, namespace, entry, written);
        else if (typeof step === 'string') writeHttp(context, namespace, entry, written, step);
        else writeField(context, namespace, entry, written, step);
      }
      return written;
    });
  }
  return out;
}

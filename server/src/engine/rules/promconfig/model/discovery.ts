import type { KeySpec, SectionSpec } from './types';
import { afterV2_42, bool, duration, int, key, labelMap, list, oneOf, oneOfAnyCase, section, str, stringList, url } from './values';

interface Discovery {
  /** The Go package: its `plain` type is named in unmarshal errors. */
  pkg: string;
  doc: string;
  since?: string;
  /** Whether the SD inlines an HTTP client. */
  http: boolean;
  /** Modelled keys; absent: the SD's keys are not modelled and unknown keys are not reported. */
  keys?: Record<string, KeySpec>;
}

const refresh = key(duration, 'How often targets are refreshed.');

/** Every `<name>_sd_configs` Prometheus registers (discovery/install), by name. */
const discoveries: Record<string, Discovery> = {
  aws: { pkg: 'aws', doc: 'AWS targets (EC2, ECS, Lightsail, MSK, RDS, ElastiCache in one SD).', since: 'v3.8.0', http: true },
  azure: { pkg: 'azure', doc: 'Azure virtual machines.', http: true },
  consul: { pkg: 'consul', doc: 'Consul catalog services.', http: true },
  digitalocean: { pkg: 'digitalocean', doc: 'DigitalOcean droplets.', http: true },
  dns: {
    pkg: 'dns', doc: 'DNS SRV, A, AAAA, MX or NS records.', http: false,
    keys: {
      names: key(stringList, 'Domain names to query.'),
      type: key(oneOfAnyCase(['SRV', 'A', 'AAAA', 'MX', 'NS']), 'Record type, any letter case (NS since v2.49).', { defaultText: 'SRV' }),
      port: key(int, 'Port of the targets; required for every type but SRV.'),
      refresh_interval: refresh,
    },
  },
  docker: { pkg: 'moby', doc: 'Docker Engine containers.', http: true },
  dockerswarm: { pkg: 'moby', doc: 'Docker Swarm services, tasks or nodes.', http: true },
  ec2: {
    pkg: 'aws', doc: 'AWS EC2 instances.', http: true,
    keys: {
      region: key(str, 'AWS region; read from the instance metadata when empty.'),
      endpoint: key(str, 'Custom EC2 API endpoint.'),
      access_key: key(str, 'AWS access key ID.'),
      secret_key: key({ kind: 'secret', goType: 'config.plain' }, 'AWS secret access key.'),
      profile: key(str, 'Named AWS profile.'),
      role_arn: key(str, 'Role to assume.'),
      refresh_interval: refresh,
      port: key(int, 'Port of the targets.', { defaultText: '80' }),
      filters: key(list(section('ec2Filter'), '[]*aws.EC2Filter'), 'EC2 API filters (name and values).'),
    },
  },
  ecs: { pkg: 'aws', doc: 'AWS ECS tasks.', since: 'v3.8.0', http: true },
  elasticache: { pkg: 'aws', doc: 'AWS ElastiCache nodes.', since: 'v3.11.0', http: true },
  eureka: { pkg: 'eureka', doc: 'Eureka registered applications.', http: true },
  file: {
    pkg: 'file', doc: 'Targets read from JSON or YAML files, re-read when they change.', http: false,
    keys: {
      files: key(stringList, 'Files (the last path segment may hold one *) ending in .json, .yml or .yaml.'),
      refresh_interval: key(duration, 'How often the files are re-read besides change events.', { defaultText: '5m' }),
    },
  },
  gce: { pkg: 'gce', doc: 'Google Compute Engine instances.', http: false },
  hetzner: { pkg: 'hetzner', doc: 'Hetzner Cloud or Robot servers.', http: true },
  http: {
    pkg: 'http', doc: 'Targets fetched as JSON from an HTTP endpoint.', http: true,
    keys: {
      url: key(str, 'Endpoint returning the target groups; http or https.', { required: true }),
      refresh_interval: key(duration, 'How often the endpoint is polled.', { defaultText: '1m' }),
    },
  },
  ionos: { pkg: 'ionos', doc: 'IONOS Cloud servers.', http: true },
  kubernetes: {
    pkg: 'kubernetes', doc: 'Kubernetes nodes, pods, services, endpoints, endpoint slices or ingresses.', http: true,
    keys: {
      api_server: key(url, 'API server URL; in-cluster configuration when empty.'),
      role: key(oneOf(['pod', 'service', 'endpoints', 'endpointslice', 'node', 'ingress']), 'Kind of object that becomes a target.', { required: true }),
      kubeconfig_file: key(str, 'Kubeconfig file; excludes api_server and custom HTTP settings.'),
      namespaces: key(section('kubernetesNamespaces'), 'Namespaces to watch; all when empty.'),
      selectors: key(list(section('kubernetesSelector'), '[]kubernetes.SelectorConfig'), 'Label and field selectors per role.'),
      attach_metadata: key(section('kubernetesAttachMetadata'), 'Metadata of related objects to attach as labels.'),
    },
  },
  kuma: { pkg: 'xds', doc: 'Kuma control plane dataplanes.', http: true },
  lightsail: { pkg: 'aws', doc: 'AWS Lightsail instances.', http: true },
  linode: { pkg: 'linode', doc: 'Linode instances.', http: true },
  marathon: { pkg: 'marathon', doc: 'Marathon applications.', http: true },
  msk: { pkg: 'aws', doc: 'AWS MSK brokers.', since: 'v3.10.0', http: true },
  nerve: { pkg: 'zookeeper', doc: 'AirBnB Nerve registrations in ZooKeeper.', http: false },
  nomad: { pkg: 'nomad', doc: 'Nomad services.', http: true },
  oci: { pkg: 'oci', doc: 'Oracle Cloud Infrastructure instances.', since: 'v3.14.0', http: true },
  openstack: { pkg: 'openstack', doc: 'OpenStack Nova instances or hypervisors.', http: false },
  outscale: { pkg: 'outscale', doc: 'Outscale virtual machines.', since: 'v3.12.0', http: true },
  ovhcloud: { pkg: 'ovhcloud', doc: 'OVHcloud dedicated servers or VPS.', http: false },
  puppetdb: { pkg: 'puppetdb', doc: 'PuppetDB resources.', http: true },
  rds: { pkg: 'aws', doc: 'AWS RDS instances.', since: 'v3.11.0', http: true },
  scaleway: { pkg: 'scaleway', doc: 'Scaleway instances or bare-metal servers.', http: true },
  serverset: { pkg: 'zookeeper', doc: 'Twitter Serversets in ZooKeeper.', http: false },
  stackit: { pkg: 'stackit', doc: 'STACKIT servers.', since: 'v3.5.0', http: true },
  triton: { pkg: 'triton', doc: 'Joyent Triton containers or compute nodes.', http: false },
  uyuni: { pkg: 'uyuni', doc: 'Uyuni managed systems.', http: true },
  vultr: { pkg: 'vultr', doc: 'Vultr instances.', http: true },
};

export const sdSectionName = (name: string) => `${name}SD`;

const staticConfigType = 'struct { Targets []string "yaml:\\"targets\\""; Labels model.LabelSet "yaml:\\"labels\\"" }';

/** Keys Go inlines into scrape jobs and Alertmanager configs: static targets and every service discovery. */
export const serviceDiscoveryKeys: Record<string, KeySpec> = {
  static_configs: key(list(section('staticConfig'), '[]*targetgroup.Group', 'empty or null section in static_configs'),
    'Targets listed in the configuration, with labels.'),
  ...Object.fromEntries(Object.entries(discoveries).map(([name, discovery]) => [
    `${name}_sd_configs`,
    key(list(section(sdSectionName(name)), `[]*${discovery.pkg}.SDConfig`, `empty or null section in ${name}_sd_configs`),
      discovery.doc, { since: discovery.since }),
  ])),
};

export const discoverySections: Record<string, SectionSpec> = {
  staticConfig: {
    goType: staticConfigType,
    doc: 'A group of static targets and the labels they share.',
    keys: {
      targets: key(stringList, 'Targets as host:port (no scheme, no path).'),
      labels: key(labelMap('model.LabelSet', 'model.LabelValue'), 'Labels added to every target of the group.'),
    },
  },
  ...Object.fromEntries(Object.entries(discoveries).map(([name, discovery]) => [sdSectionName(name), {
    goType: `${discovery.pkg}.plain`,
    doc: discovery.doc,
    keys: discovery.keys ?? {},
    include: discovery.http ? ['httpClient'] : [],
    open: discovery.keys === undefined,
  } satisfies SectionSpec])),
  ec2Filter: {
    goType: 'aws.EC2Filter',
    doc: 'One EC2 API filter.',
    keys: { name: key(str, 'Filter name.'), values: key(stringList, 'Values the filter matches; at least one.') },
  },
  kubernetesNamespaces: {
    goType: 'kubernetes.plain',
    doc: 'Namespaces to discover in.',
    keys: {
      own_namespace: key(bool, 'Include the namespace Prometheus runs in.'),
      names: key(stringList, 'Namespace names.'),
    },
  },
  kubernetesSelector: {
    goType: 'kubernetes.SelectorConfig',
    doc: 'A label and field selector for one role.',
    keys: {
      role: key(oneOf(['pod', 'service', 'endpoints', 'endpointslice', 'node', 'ingress']), 'Role the selector filters.'),
      label: key(str, 'Label selector, as kubectl takes it.'),
      field: key(str, 'Field selector, as kubectl takes it.'),
    },
  },
  kubernetesAttachMetadata: {
    goType: 'kubernetes.AttachMetadataConfig',
    doc: 'Metadata of related objects attached as labels.',
    keys: {
      node: key(bool, 'Attach node metadata (pod, endpoints and endpointslice roles).'),
      namespace: key(bool, 'Attach namespace metadata.', { since: afterV2_42 }),
    },
  },
};

import type { KeySpec, SectionSpec } from './types';
import { bool, duration, int, key, labelMap, list, oneOf, oneOfAnyCase, secret, section, str, stringList, stringMap, url } from './values';

interface Discovery {
  /** The Go type of one entry, as `[]*T` names it in unmarshal errors. */
  goType: string;
  /** The type its UnmarshalYAML decodes into (`type plain SDConfig`): named in `field K not found in type T`. */
  plainType: string;
  doc: string;
  since?: string;
  /** Whether the SD inlines an HTTP client. */
  http: boolean;
  keys: Record<string, KeySpec>;
}

const refresh = (defaultText: string) => key(duration, 'How often targets are refreshed.', { defaultText });
const port = (defaultText: string) => key(int, 'Port given to the discovered targets.', { defaultText });

export const kubernetesRoles = ['pod', 'service', 'endpoints', 'endpointslice', 'node', 'ingress'];
const awsRoles = ['ec2', 'ecs', 'elasticache', 'lightsail', 'msk', 'rds'];
const azureAuthenticationMethods = ['OAuth', 'ManagedIdentity', 'SDK', 'WorkloadIdentity'];

/** The credentials and endpoint every AWS discovery takes; external_id came with v3.12 (#17171, #18579). */
const awsKeys: Record<string, KeySpec> = {
  region: key(str, 'AWS region; from the instance metadata (IMDS) when empty.'),
  endpoint: key(str, 'Custom AWS API endpoint.'),
  access_key: key(str, 'AWS access key ID; from the environment when empty.'),
  secret_key: key(secret, 'AWS secret access key.'),
  profile: key(str, 'Named AWS profile.'),
  role_arn: key(str, 'Role to assume.'),
  external_id: key(str, 'External ID given when assuming role_arn.', { since: 'v3.12.0' }),
  refresh_interval: refresh('1m'),
  port: port('80'),
};
const awsFilters = key(list(section('awsFilter'), '[]*aws.Filter'), 'API filters (name and values), as the AWS API takes them.');
const awsClusters = key(stringList, 'Clusters (names or ARNs) to discover in; all when empty.');
const requestConcurrency = (defaultText: string) => key(int, 'Most concurrent AWS API requests.', { defaultText });

const mobyFilters = key(list(section('mobyFilter'), '[]moby.Filter'), 'Docker API filters (name and values).');
const zookeeperKeys: Record<string, KeySpec> = {
  servers: key(stringList, 'ZooKeeper servers (host:port); at least one.'),
  paths: key(stringList, 'ZooKeeper paths, each starting with /; at least one.'),
  timeout: key(duration, 'ZooKeeper session timeout.', { defaultText: '10s' }),
};

/** Every `<name>_sd_configs` Prometheus registers (discovery/install), by name, with the keys of its SDConfig. */
const discoveries: Record<string, Discovery> = {
  aws: {
    goType: 'aws.SDConfig', plainType: 'aws.plain', doc: 'AWS targets of one role: EC2, ECS, ElastiCache, Lightsail, MSK or RDS.', since: 'v3.8.0', http: true,
    keys: {
      role: key(oneOf(awsRoles), 'AWS service discovered: ec2, ecs, lightsail (v3.8), msk (v3.10), rds, elasticache (v3.11).', { required: true }),
      ...awsKeys,
      filters: awsFilters,
      clusters: awsClusters,
    },
  },
  azure: {
    goType: 'azure.SDConfig', plainType: 'azure.plain', doc: 'Azure virtual machines and scale sets.', http: true,
    keys: {
      environment: key(str, 'Azure cloud environment.', { defaultText: 'AzurePublicCloud' }),
      port: port('80'),
      subscription_id: key(str, 'Subscription whose machines are discovered.', { required: true }),
      tenant_id: key(str, 'Tenant ID; required with the OAuth method.'),
      client_id: key(str, 'Client ID; required with the OAuth method.'),
      client_secret: key(secret, 'Client secret; required with the OAuth method.'),
      refresh_interval: refresh('5m'),
      authentication_method: key(oneOf(azureAuthenticationMethods),
        'How to authenticate: OAuth, ManagedIdentity, SDK (v2.52) or WorkloadIdentity (v3.11).', { defaultText: 'OAuth' }),
      resource_group: key(str, 'Only machines of this resource group.', { since: 'v2.34.0' }),
    },
  },
  consul: {
    goType: 'consul.SDConfig', plainType: 'consul.plain', doc: 'Consul catalog services.', http: true,
    keys: {
      server: key(str, 'Consul agent (host:port).', { defaultText: 'localhost:8500' }),
      path_prefix: key(str, 'Path prefix of the Consul API, behind a proxy.', { since: 'v2.45.0' }),
      token: key(secret, 'Consul ACL token.'),
      datacenter: key(str, 'Datacenter to query; the agent\'s when empty.'),
      namespace: key(str, 'Consul Enterprise namespace.'),
      partition: key(str, 'Consul Enterprise admin partition.', { since: 'v2.40.0' }),
      tag_separator: key(str, 'String joining the tags in __meta_consul_tags.', { defaultText: ',' }),
      scheme: key(str, 'URL scheme of the Consul API.', { defaultText: 'http' }),
      username: key(str, 'Basic-auth user name (excludes basic_auth).'),
      password: key(secret, 'Basic-auth password (excludes basic_auth).'),
      allow_stale: key(bool, 'Allow stale reads from any Consul server.', { defaultText: 'true' }),
      refresh_interval: refresh('30s'),
      services: key(stringList, 'Services to discover; all when empty.'),
      tags: key(stringList, 'Only instances holding all these tags.'),
      node_meta: key(stringMap, 'Only nodes with this metadata.'),
      filter: key(str, 'Filter expression for the Catalog API.', { since: 'v3.0.0' }),
      health_filter: key(str, 'Filter expression for the Health API.', { since: 'v3.11.2' }),
    },
  },
  digitalocean: {
    goType: 'digitalocean.SDConfig', plainType: 'digitalocean.plain', doc: 'DigitalOcean droplets or managed databases.', http: true,
    keys: {
      refresh_interval: refresh('1m'),
      port: port('80'),
      role: key(oneOf(['droplets', 'databases']), 'What is discovered: droplets or managed databases.', { since: 'v3.12.0', defaultText: 'droplets' }),
    },
  },
  dns: {
    goType: 'dns.SDConfig', plainType: 'dns.plain', doc: 'DNS SRV, A, AAAA, MX or NS records.', http: false,
    keys: {
      names: key(stringList, 'Domain names to query; at least one.'),
      type: key(oneOfAnyCase(['SRV', 'A', 'AAAA', 'MX', 'NS']), 'Record type, any letter case (NS since v2.49).', { defaultText: 'SRV' }),
      port: key(int, 'Port of the targets; required for every type but SRV.'),
      refresh_interval: refresh('30s'),
    },
  },
  docker: {
    goType: 'moby.DockerSDConfig', plainType: 'moby.plain', doc: 'Docker Engine containers.', http: true,
    keys: {
      host: key(str, 'Docker daemon address (unix:///var/run/docker.sock, tcp://host:2375).', { required: true }),
      port: port('80'),
      filters: mobyFilters,
      host_networking_host: key(str, 'Host address of containers in host networking mode.', { defaultText: 'localhost' }),
      refresh_interval: refresh('1m'),
      match_first_network: key(bool, 'With several networks, only the first one of a container.', { since: 'v2.54.0', defaultText: 'true' }),
    },
  },
  dockerswarm: {
    goType: 'moby.DockerSwarmSDConfig', plainType: 'moby.plain', doc: 'Docker Swarm services, tasks or nodes.', http: true,
    keys: {
      host: key(str, 'Docker daemon address.', { required: true }),
      role: key(oneOf(['services', 'tasks', 'nodes']), 'What is discovered: services, tasks or nodes.', { required: true }),
      port: port('80'),
      filters: mobyFilters,
      refresh_interval: refresh('1m'),
    },
  },
  ec2: {
    goType: 'aws.EC2SDConfig', plainType: 'aws.plain', doc: 'AWS EC2 instances.', http: true,
    keys: { ...awsKeys, filters: awsFilters },
  },
  ecs: {
    goType: 'aws.ECSSDConfig', plainType: 'aws.plain', doc: 'AWS ECS tasks.', since: 'v3.8.0', http: true,
    keys: { ...awsKeys, clusters: awsClusters, request_concurrency: requestConcurrency('20') },
  },
  elasticache: {
    goType: 'aws.ElasticacheSDConfig', plainType: 'aws.plain', doc: 'AWS ElastiCache nodes.', since: 'v3.11.0', http: true,
    keys: { ...awsKeys, clusters: awsClusters, request_concurrency: requestConcurrency('10') },
  },
  eureka: {
    goType: 'eureka.SDConfig', plainType: 'eureka.plain', doc: 'Eureka registered applications.', http: true,
    keys: {
      server: key(str, 'Eureka server URL, with scheme and host.', { required: true }),
      refresh_interval: refresh('30s'),
    },
  },
  file: {
    goType: 'file.SDConfig', plainType: 'file.plain', doc: 'Targets read from JSON or YAML files, re-read when they change.', http: false,
    keys: {
      files: key(stringList, 'Files (the last path segment may hold one *) ending in .json, .yml or .yaml.'),
      refresh_interval: key(duration, 'How often the files are re-read besides change events.', { defaultText: '5m' }),
    },
  },
  gce: {
    goType: 'gce.SDConfig', plainType: 'gce.plain', doc: 'Google Compute Engine instances.', http: false,
    keys: {
      project: key(str, 'Google Cloud project ID.', { required: true }),
      zone: key(str, 'Zone of the instances (one per entry).', { required: true }),
      filter: key(str, 'Instance list filter, as the Compute API takes it.'),
      refresh_interval: refresh('1m'),
      port: port('80'),
      tag_separator: key(str, 'String joining the tags in __meta_gce_tags.', { defaultText: ',' }),
    },
  },
  hetzner: {
    goType: 'hetzner.SDConfig', plainType: 'hetzner.plain', doc: 'Hetzner Cloud or Robot servers.', http: true,
    keys: {
      refresh_interval: refresh('1m'),
      port: port('80'),
      role: key(oneOf(['hcloud', 'robot']), 'API discovered: hcloud (Hetzner Cloud) or robot (dedicated servers).', { required: true }),
      label_selector: key(str, 'Only Hetzner Cloud servers matching this label selector.', { since: 'v3.5.0' }),
    },
  },
  http: {
    goType: 'http.SDConfig', plainType: 'http.plain', doc: 'Targets fetched as JSON from an HTTP endpoint.', http: true,
    keys: {
      url: key(str, 'Endpoint returning the target groups; http or https.', { required: true }),
      refresh_interval: key(duration, 'How often the endpoint is polled.', { defaultText: '1m' }),
    },
  },
  ionos: {
    goType: 'ionos.SDConfig', plainType: 'ionos.plain', doc: 'IONOS Cloud servers.', since: 'v2.36.0', http: true,
    keys: {
      datacenter_id: key(str, 'IONOS Cloud data center whose servers are discovered.', { required: true }),
      refresh_interval: refresh('1m'),
      port: port('80'),
    },
  },
  kubernetes: {
    goType: 'kubernetes.SDConfig', plainType: 'kubernetes.plain', doc: 'Kubernetes nodes, pods, services, endpoints, endpoint slices or ingresses.', http: true,
    keys: {
      api_server: key(url, 'API server URL; in-cluster configuration when empty.'),
      role: key(oneOf(kubernetesRoles), 'Kind of object that becomes a target.', { required: true }),
      kubeconfig_file: key(str, 'Kubeconfig file; excludes api_server and custom HTTP settings.'),
      namespaces: key(section('kubernetesNamespaces'), 'Namespaces to watch; all when empty.'),
      selectors: key(list(section('kubernetesSelector'), '[]kubernetes.SelectorConfig'), 'Label and field selectors per role.'),
      attach_metadata: key(section('kubernetesAttachMetadata'), 'Metadata of related objects to attach as labels.'),
    },
  },
  kuma: {
    goType: 'xds.SDConfig', plainType: 'xds.plainKumaConf', doc: 'Kuma control plane dataplanes.', http: true,
    keys: {
      server: key(str, 'Kuma control plane URL, with scheme and host.', { required: true }),
      client_id: key(str, 'Client ID sent to the control plane; the host name when empty.', { since: 'v2.50.0' }),
      refresh_interval: refresh('15s'),
      fetch_timeout: key(duration, 'Timeout of one fetch (a long poll).', { defaultText: '2m' }),
    },
  },
  lightsail: {
    goType: 'aws.LightsailSDConfig', plainType: 'aws.plain', doc: 'AWS Lightsail instances.', http: true,
    keys: awsKeys,
  },
  linode: {
    goType: 'linode.SDConfig', plainType: 'linode.plain', doc: 'Linode instances.', http: true,
    keys: {
      refresh_interval: refresh('1m'),
      port: port('80'),
      tag_separator: key(str, 'String joining the tags in __meta_linode_tags.', { defaultText: ',' }),
      region: key(str, 'Only instances of this region.', { since: 'v2.52.0' }),
    },
  },
  marathon: {
    goType: 'marathon.SDConfig', plainType: 'marathon.plain', doc: 'Marathon applications.', http: true,
    keys: {
      servers: key(stringList, 'Marathon server URLs; at least one.'),
      refresh_interval: refresh('30s'),
      auth_token: key(secret, 'DC/OS authentication token (excludes the HTTP client\'s auth settings).'),
      auth_token_file: key(str, 'File holding the authentication token.'),
    },
  },
  msk: {
    goType: 'aws.MSKSDConfig', plainType: 'aws.plain', doc: 'AWS MSK brokers.', since: 'v3.10.0', http: true,
    keys: { ...awsKeys, clusters: awsClusters, request_concurrency: requestConcurrency('10') },
  },
  nerve: {
    goType: 'zookeeper.NerveSDConfig', plainType: 'zookeeper.plain', doc: 'AirBnB Nerve registrations in ZooKeeper.', http: false,
    keys: zookeeperKeys,
  },
  nomad: {
    goType: 'nomad.SDConfig', plainType: 'nomad.plain', doc: 'Nomad services.', since: 'v2.37.0', http: true,
    keys: {
      allow_stale: key(bool, 'Allow stale reads from any Nomad server.', { defaultText: 'true' }),
      namespace: key(str, 'Nomad namespace.', { defaultText: 'default' }),
      refresh_interval: refresh('1m'),
      region: key(str, 'Nomad region.', { defaultText: 'global' }),
      server: key(str, 'Nomad server URL.', { defaultText: 'http://localhost:4646' }),
      tag_separator: key(str, 'String joining the tags in __meta_nomad_tags.', { defaultText: ',' }),
    },
  },
  oci: {
    goType: 'oci.SDConfig', plainType: 'oci.plain', doc: 'Oracle Cloud Infrastructure compute instances.', since: 'v3.14.0', http: true,
    keys: {
      auth: key(oneOf(['api_key', 'instance_principal']), 'How to authenticate: api_key or instance_principal.', { defaultText: 'api_key' }),
      tenancy: key(str, 'Tenancy OCID (api_key).'),
      user: key(str, 'User OCID (api_key).'),
      fingerprint: key(str, 'Fingerprint of the API signing key (api_key).'),
      key_file: key(str, 'File holding the API signing key (api_key).'),
      key_passphrase: key(secret, 'Passphrase of the key file.'),
      key_passphrase_file: key(str, 'File holding the passphrase of the key file.'),
      region: key(str, 'OCI region.', { required: true }),
      compartments: key(stringList, 'Compartment OCIDs to scan; every active compartment of the tenancy when empty.'),
      port: port('80'),
      refresh_interval: refresh('1m'),
    },
  },
  openstack: {
    goType: 'openstack.SDConfig', plainType: 'openstack.plain', doc: 'OpenStack Nova instances, hypervisors or Octavia load balancers.', http: false,
    keys: {
      identity_endpoint: key(str, 'Keystone endpoint; from OS_AUTH_URL when empty.'),
      username: key(str, 'User name.'),
      userid: key(str, 'User ID.'),
      password: key(secret, 'Password.'),
      project_name: key(str, 'Project (tenant) name.'),
      project_id: key(str, 'Project (tenant) ID.'),
      domain_name: key(str, 'Domain name.'),
      domain_id: key(str, 'Domain ID.'),
      application_credential_name: key(str, 'Application credential name.'),
      application_credential_id: key(str, 'Application credential ID.'),
      application_credential_secret: key(secret, 'Application credential secret.'),
      role: key(oneOf(['instance', 'hypervisor', 'loadbalancer']), 'What is discovered: instance, hypervisor or loadbalancer (v3.2).', { required: true }),
      region: key(str, 'OpenStack region.', { required: true }),
      refresh_interval: refresh('1m'),
      port: port('80'),
      all_tenants: key(bool, 'Instances of every project (needs admin rights).'),
      tls_config: key(section('tls'), 'TLS settings for the OpenStack API.'),
      availability: key(oneOf(['public', 'internal', 'admin']), 'Endpoint availability to connect to.', { defaultText: 'public' }),
    },
  },
  outscale: {
    goType: 'outscale.SDConfig', plainType: 'outscale.plain', doc: 'Outscale virtual machines.', since: 'v3.12.0', http: true,
    keys: {
      endpoint: key(str, 'Outscale API endpoint; https://api.<region>.outscale.com/api/v1 when empty.'),
      region: key(str, 'Outscale region.', { defaultText: 'eu-west-2' }),
      access_key: key(str, 'Access key.', { required: true }),
      secret_key: key(secret, 'Secret key (or secret_key_file).'),
      secret_key_file: key(str, 'File holding the secret key.'),
      refresh_interval: refresh('1m'),
      port: port('80'),
    },
  },
  ovhcloud: {
    goType: 'ovhcloud.SDConfig', plainType: 'ovhcloud.plain', doc: 'OVHcloud dedicated servers or VPS.', since: 'v2.40.0', http: false,
    keys: {
      endpoint: key(str, 'OVHcloud API endpoint (ovh-eu, ovh-ca …).', { defaultText: 'ovh-eu' }),
      application_key: key(str, 'Application key.', { required: true }),
      application_secret: key(secret, 'Application secret.', { required: true }),
      consumer_key: key(secret, 'Consumer key.', { required: true }),
      refresh_interval: refresh('1m'),
      service: key(oneOf(['vps', 'dedicated_server']), 'What is discovered: vps or dedicated_server.', { required: true }),
    },
  },
  puppetdb: {
    goType: 'puppetdb.SDConfig', plainType: 'puppetdb.plain', doc: 'PuppetDB resources.', http: true,
    keys: {
      url: key(str, 'PuppetDB URL; http or https.', { required: true }),
      query: key(str, 'PQL query selecting the resources.', { required: true }),
      include_parameters: key(bool, 'Attach the resources\' parameters as labels.'),
      port: port('80'),
      refresh_interval: refresh('1m'),
    },
  },
  rds: {
    goType: 'aws.RDSSDConfig', plainType: 'aws.plain', doc: 'AWS RDS instances.', since: 'v3.11.0', http: true,
    keys: {
      ...awsKeys,
      clusters: awsClusters,
      filters: { ...awsFilters, since: 'v3.13.0' },
      request_concurrency: requestConcurrency('10'),
    },
  },
  scaleway: {
    goType: 'scaleway.SDConfig', plainType: 'scaleway.plain', doc: 'Scaleway instances or bare-metal servers.', http: true,
    keys: {
      project_id: key(str, 'Scaleway project ID.', { required: true }),
      api_url: key(str, 'Scaleway API URL.', { defaultText: 'https://api.scaleway.com' }),
      zone: key(str, 'Zone of the servers.', { defaultText: 'fr-par-1' }),
      access_key: key(str, 'Access key.', { required: true }),
      secret_key: key(secret, 'Secret key (or secret_key_file).'),
      secret_key_file: key(str, 'File holding the secret key.'),
      name_filter: key(str, 'Only servers with this name.'),
      tags_filter: key(stringList, 'Only servers with these tags.'),
      refresh_interval: refresh('1m'),
      port: port('80'),
      role: key(oneOf(['instance', 'baremetal']), 'What is discovered: instance or baremetal.', { required: true }),
    },
  },
  serverset: {
    goType: 'zookeeper.ServersetSDConfig', plainType: 'zookeeper.plain', doc: 'Twitter Serversets in ZooKeeper.', http: false,
    keys: zookeeperKeys,
  },
  stackit: {
    goType: 'stackit.SDConfig', plainType: 'stackit.plain', doc: 'STACKIT servers.', since: 'v3.5.0', http: true,
    keys: {
      project: key(str, 'STACKIT project ID.'),
      refresh_interval: refresh('1m'),
      port: port('80'),
      region: key(str, 'STACKIT region.', { defaultText: 'eu01' }),
      endpoint: key(str, 'STACKIT API endpoint; from the region when empty.'),
      service_account_key: key(secret, 'Service account key (JSON).'),
      private_key: key(secret, 'Private key (PEM) of the service account key.'),
      service_account_key_path: key(str, 'File holding the service account key.'),
      private_key_path: key(str, 'File holding the private key.'),
      credentials_file_path: key(str, 'STACKIT credentials file.'),
    },
  },
  triton: {
    goType: 'triton.SDConfig', plainType: 'triton.plain', doc: 'Joyent Triton containers or compute nodes.', http: false,
    keys: {
      account: key(str, 'Triton account.', { required: true }),
      role: key(oneOf(['container', 'cn']), 'What is discovered: container or cn (compute nodes).', { defaultText: 'container' }),
      dns_suffix: key(str, 'DNS suffix of the targets.', { required: true }),
      endpoint: key(str, 'Triton discovery endpoint.', { required: true }),
      groups: key(stringList, 'Only containers of these groups.'),
      port: port('9163'),
      refresh_interval: refresh('1m'),
      tls_config: key(section('tls'), 'TLS settings for the Triton endpoint.'),
      version: key(int, 'Triton discovery API version.', { defaultText: '1' }),
    },
  },
  uyuni: {
    goType: 'uyuni.SDConfig', plainType: 'uyuni.plain', doc: 'Uyuni managed systems.', http: true,
    keys: {
      server: key(str, 'Uyuni server URL.', { required: true }),
      username: key(str, 'User name.', { required: true }),
      password: key(secret, 'Password.', { required: true }),
      entitlement: key(str, 'Only systems with this entitlement.', { defaultText: 'monitoring_entitled' }),
      separator: key(str, 'String joining the groups in __meta_uyuni_groups.', { defaultText: ',' }),
      refresh_interval: refresh('1m'),
    },
  },
  vultr: {
    goType: 'vultr.SDConfig', plainType: 'vultr.plain', doc: 'Vultr instances.', since: 'v2.36.0', http: true,
    keys: { refresh_interval: refresh('1m'), port: port('80') },
  },
};

export const sdSectionName = (name: string) => `${name}SD`;

const staticConfigType = 'struct { Targets []string "yaml:\\"targets\\""; Labels model.LabelSet "yaml:\\"labels\\"" }';

/** Keys Go inlines into scrape jobs and Alertmanager configs: static targets and every service discovery. */
export const serviceDiscoveryKeys: Record<string, KeySpec> = {
  static_configs: key(list(section('staticConfig'), '[]*targetgroup.Group', 'empty or null section in static_configs'),
    'Targets listed in the configuration, with labels.'),
  ...Object.fromEntries(Object.entries(discoveries).map(([name, discovery]) => [
    `${name}_sd_configs`,
    key(list(section(sdSectionName(name)), `[]*${discovery.goType}`, `empty or null section in ${name}_sd_configs`),
      discovery.doc, { since: discovery.since }),
  ])),
};

const filter = (goType: string): SectionSpec => ({
  goType,
  doc: 'One API filter: a name and the values it matches.',
  keys: { name: key(str, 'Filter name.'), values: key(stringList, 'Values the filter matches.') },
});

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
    goType: discovery.plainType,
    doc: discovery.doc,
    keys: discovery.keys,
    include: discovery.http ? ['httpClient'] : [],
  } satisfies SectionSpec])),
  awsFilter: filter('aws.Filter'),
  mobyFilter: filter('moby.Filter'),
  kubernetesNamespaces: {
    goType: 'kubernetes.plain',
    doc: 'Namespaces to discover in.',
    keys: {
      own_namespace: key(bool, 'Include the namespace Prometheus runs in (in-cluster only).', { since: 'v2.33.0' }),
      names: key(stringList, 'Namespace names.'),
    },
  },
  kubernetesSelector: {
    goType: 'kubernetes.SelectorConfig',
    doc: 'A label and field selector for one role.',
    keys: {
      role: key(oneOf(kubernetesRoles), 'Role the selector filters.'),
      label: key(str, 'Label selector, as kubectl takes it.'),
      field: key(str, 'Field selector, as kubectl takes it.'),
    },
  },
  kubernetesAttachMetadata: {
    goType: 'kubernetes.AttachMetadataConfig',
    doc: 'Metadata of related objects attached as labels.',
    keys: {
      node: key(bool, 'Attach node metadata (pod, endpoints and endpointslice roles).', { since: 'v2.35.0' }),
      namespace: key(bool, 'Attach namespace metadata.', { since: 'v3.6.0' }),
      deployment: key(bool, 'Attach the name of the pod\'s Deployment.', { since: 'v3.11.0' }),
      job: key(bool, 'Attach the name of the pod\'s Job.', { since: 'v3.11.0' }),
      cronjob: key(bool, 'Attach the name of the pod\'s CronJob.', { since: 'v3.11.0' }),
    },
  },
};

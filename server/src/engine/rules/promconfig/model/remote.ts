import type { SectionSpec } from './types';
import { afterV2_42, bool, duration, int, key, labelMap, list, oneOf, secret, section, str, stringMap, uint64, url } from './values';

export const protobufMessages = ['prometheus.WriteRequest', 'io.prometheus.write.v2.Request'];

const relabelList = (nullItem: string) => list(section('relabel'), '[]*relabel.Config', nullItem);

export const remoteSections: Record<string, SectionSpec> = {
  remoteWrite: {
    goType: 'config.plain',
    doc: 'Where samples are sent. An agent keeps nothing queryable: remote_write is how its samples leave.',
    include: ['httpClient'],
    keys: {
      url: key(url, 'Endpoint samples are sent to.', { required: true }),
      remote_timeout: key(duration, 'Timeout of one request.', { defaultText: '30s' }),
      headers: key(stringMap, 'Extra headers on every request (Authorization and protocol headers are refused).'),
      write_relabel_configs: key(relabelList('empty or null relabeling rule in remote write config'), 'Relabeling applied to series before they are sent.'),
      name: key(str, 'Name of the queue in metrics and logs; unique among remote_write entries.'),
      send_exemplars: key(bool, 'Send exemplars too.'),
      send_native_histograms: key(bool, 'Send native histograms too.'),
      round_robin_dns: key(bool, 'Spread connections over every IP the host name resolves to.', { since: 'v3.1.0' }),
      protobuf_message: key(oneOf(protobufMessages), 'Remote-write protocol message: 1.0 (prometheus.WriteRequest) or 2.0.', { since: 'v2.54.0', defaultText: 'prometheus.WriteRequest' }),
      queue_config: key(section('queue'), 'Sharding, batching and retries of the send queue.'),
      metadata_config: key(section('metadata'), 'Sending of metric metadata.'),
      sigv4: key(section('sigv4'), 'AWS Signature Version 4 signing.'),
      azuread: key(section('azuread'), 'Azure AD authentication.', { since: 'v2.45.0' }),
      google_iam: key(section('googleIam'), 'Google Cloud IAM authentication.', { since: 'v2.55.0' }),
    },
  },
  queue: {
    goType: 'config.QueueConfig',
    doc: 'The send queue of one remote_write endpoint.',
    keys: {
      capacity: key(int, 'Samples buffered per shard before reading the WAL blocks.', { defaultText: '10000' }),
      max_shards: key(int, 'Most concurrent shards.', { defaultText: '50' }),
      min_shards: key(int, 'Fewest concurrent shards.', { defaultText: '1' }),
      max_samples_per_send: key(int, 'Most samples per request.', { defaultText: '2000' }),
      batch_send_deadline: key(duration, 'Longest a sample waits in a shard before the batch is sent.', { defaultText: '5s' }),
      min_backoff: key(duration, 'First retry delay.', { defaultText: '30ms' }),
      max_backoff: key(duration, 'Longest retry delay.', { defaultText: '5s' }),
      retry_on_http_429: key(bool, 'Retry on HTTP 429 (Too Many Requests).'),
      sample_age_limit: key(duration, 'Samples older than this are dropped instead of sent.', { since: 'v2.50.0' }),
    },
  },
  metadata: {
    goType: 'config.MetadataConfig',
    doc: 'Sending of metric metadata (type, help, unit).',
    keys: {
      send: key(bool, 'Send metadata.', { defaultText: 'true' }),
      send_interval: key(duration, 'How often metadata is sent.', { defaultText: '1m' }),
      max_samples_per_send: key(int, 'Most metadata entries per request.', { defaultText: '2000' }),
    },
  },
  sigv4: {
    goType: 'sigv4.plain',
    doc: 'AWS Signature Version 4 request signing.',
    keys: {
      region: key(str, 'AWS region; from the environment when empty.'),
      access_key: key(str, 'AWS access key ID.'),
      secret_key: key(secret, 'AWS secret access key.'),
      profile: key(str, 'Named AWS profile.'),
      role_arn: key(str, 'Role to assume.'),
      external_id: key(str, 'External ID used when assuming role_arn.', { since: 'v3.11.0' }),
      use_fips_sts_endpoint: key(bool, 'Use the FIPS STS endpoint.', { since: afterV2_42 }),
      service_name: key(str, 'AWS service name to sign for.', { since: afterV2_42 }),
    },
  },
  azuread: {
    goType: 'azuread.plain',
    doc: 'Azure AD authentication: one of managed identity, OAuth, SDK or workload identity.',
    // cloud is a name, or (AzureCustom) a block whose keys promagent has not read: it is left unchecked, as are
    // the blocks of the later ways to authenticate.
    keys: {
      managed_identity: key(section('azureadManagedIdentity'), 'A managed identity (client_id; the system-assigned one when empty, since v3.5).'),
      oauth: key(section('azureadOAuth'), 'An application\'s client credentials.', { since: 'v2.48.0' }),
      sdk: key(section('azureadSdk'), 'The Azure SDK\'s default credential chain.', { since: 'v2.52.0' }),
      workload_identity: key(section('azureadOpen'), 'A Kubernetes workload identity.', { since: 'v3.7.0' }),
      scope: key(str, 'Scope of the token requested.', { since: 'v3.9.0' }),
      certificate: key(section('azureadOpen'), 'A client certificate.', { since: 'v3.13.0' }),
    },
    open: true,
  },
  azureadManagedIdentity: {
    goType: 'azuread.ManagedIdentityConfig',
    doc: 'An Azure managed identity.',
    keys: { client_id: key(str, 'Client ID (a UUID) of the managed identity.') },
    open: true,
  },
  azureadOAuth: {
    goType: 'azuread.OAuthConfig',
    doc: 'Azure AD application credentials.',
    keys: {
      client_id: key(str, 'Client ID (a UUID) of the application.'),
      client_secret: key(str, 'Client secret of the application.'),
      tenant_id: key(str, 'Tenant ID.'),
    },
    open: true,
  },
  azureadSdk: {
    goType: 'azuread.SDKConfig',
    doc: 'The Azure SDK\'s credential chain.',
    keys: { tenant_id: key(str, 'Tenant ID.') },
    open: true,
  },
  azureadOpen: {
    goType: 'azuread.plain',
    doc: 'Settings of a later way to authenticate to Azure AD.',
    keys: {},
    open: true,
  },
  googleIam: {
    goType: 'googleiam.plain',
    doc: 'Google Cloud IAM authentication.',
    keys: { credentials_file: key(str, 'Service-account credentials file; default credentials when empty.') },
  },
  remoteRead: {
    goType: 'config.plain',
    doc: 'A remote storage queried by PromQL (server only).',
    include: ['httpClient'],
    keys: {
      url: key(url, 'Endpoint queried.', { required: true }),
      remote_timeout: key(duration, 'Timeout of one request.', { defaultText: '1m' }),
      chunked_read_limit: key(uint64, 'Largest protobuf frame accepted in streamed responses.'),
      headers: key(stringMap, 'Extra headers on every request.'),
      read_recent: key(bool, 'Also read the time range local storage holds.'),
      name: key(str, 'Name in metrics and logs; unique among remote_read entries.'),
      required_matchers: key(labelMap('model.LabelSet', 'model.LabelValue'), 'Equality matchers a query needs before this endpoint is read.'),
      filter_external_labels: key(bool, 'Add external labels as matchers.', { defaultText: 'true' }),
    },
  },
};

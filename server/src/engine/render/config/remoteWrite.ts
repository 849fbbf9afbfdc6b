import { minimumPrometheus, removedInPrometheus } from '../../model/operator';
import { specDefaults } from '../defaults';
import type { RenderContext } from '../context';
import type { Fields, Json } from '../fields';
import { sorted } from '../names';
import { gated } from './gates';
import { authorization, basicAuth, oauth2, proxyConfig, tlsConfig } from './httpClient';
import { relabelConfigs } from './relabel';
import { own } from '../../util/own';

/** `spec.remoteWrite` as prometheus.yml's `remote_write`: the CRD's camelCase fields in the operator's order. */
export function remoteWrite(context: RenderContext): Json[] {
  return context.spec.children('remoteWrite').map((entry) => remoteWriteEntry(context, entry));
}

function remoteWriteEntry(context: RenderContext, rw: Fields): Json {
  const namespace = context.namespace;
  const gate = (minimum: string, key: string) => gated(context, minimum, rw.at(key));
  const out: Json = { url: rw.string('url') ?? '' };
  const timeout = rw.string('remoteTimeout');
  if (timeout !== undefined) out.remote_timeout = timeout;
  const headers = rw.strings('headers');
  if (headers && Object.keys(headers).length && gate('v2.15.0', 'headers')) out.headers = sorted(headers);
  const name = rw.string('name');
  if (name && gate('v2.15.0', 'name')) out.name = name;
  const messageVersion = rw.string('messageVersion');
  if (messageVersion && gate(minimumPrometheus.remoteWriteMessageVersion, 'messageVersion')) out.protobuf_message = own(specDefaults.protobufMessages, messageVersion) ?? specDefaults.protobufMessages['V1.0'];
  const sendExemplars = rw.boolean('sendExemplars');
  if (sendExemplars !== undefined && gate('v2.27.0', 'sendExemplars')) out.send_exemplars = sendExemplars;
  const sendNative = rw.boolean('sendNativeHistograms');
  if (sendNative !== undefined && gate('v2.40.0', 'sendNativeHistograms')) out.send_native_histograms = sendNative;
  const relabelings = relabelConfigs(rw.children('writeRelabelConfigs'));
  if (relabelings.length) out.write_relabel_configs = relabelings;
  if (rw.has('basicAuth')) out.basic_auth = basicAuth(context, namespace, rw.child('basicAuth'));
  const bearerToken = rw.string('bearerToken');
  if (bearerToken) out.bearer_token = bearerToken;
  const bearerTokenFile = rw.string('bearerTokenFile');
  if (bearerTokenFile) out.bearer_token_file = bearerTokenFile;
  if (rw.has('oauth2')) {
    const oauth = oauth2(context, namespace, rw.child('oauth2'));
    if (oauth) out.oauth2 = oauth;
  }
  if (rw.has('tlsConfig')) out.tls_config = tlsConfig(context, namespace, rw.child('tlsConfig'));
  if (rw.has('authorization')) {
    const auth = authorization(context, namespace, rw.child('authorization'));
    if (auth) out.authorization = auth;
  }
  Object.assign(out, proxyConfig(context, namespace, rw));
  if (rw.has('sigv4') && gate('v2.26.0', 'sigv4')) out.sigv4 = sigv4(context, rw.child('sigv4'));
  if (rw.has('azureAd') && gate(minimumPrometheus.azureAd, 'azureAd')) out.azuread = azureAd(context, rw.child('azureAd'));
  const followRedirects = rw.boolean('followRedirects');
  if (followRedirects !== undefined && gate('v2.26.0', 'followRedirects')) out.follow_redirects = followRedirects;
  const http2 = rw.boolean('enableHTTP2');
  if (http2 !== undefined && gate('v2.35.0', 'enableHTTP2')) out.enable_http2 = http2;
  if (rw.has('queueConfig')) out.queue_config = queueConfig(context, rw.child('queueConfig'));
  if (rw.has('metadataConfig') && gate('v2.23.0', 'metadataConfig')) out.metadata_config = metadataConfig(context, rw.child('metadataConfig'), messageVersion === 'V2.0');
  const roundRobin = rw.boolean('roundRobinDNS');
  if (roundRobin !== undefined && gate('v3.1.0', 'roundRobinDNS')) out.round_robin_dns = roundRobin;
  return out;
}

function sigv4(context: RenderContext, sigv4: Fields): Json {
  const out: Json = {};
  const region = sigv4.string('region');
  if (region) out.region = region;
  if (sigv4.has('accessKey') && sigv4.has('secretKey')) {
    out.access_key = context.store.secretKey(context.namespace, sigv4.child('accessKey'));
    out.secret_key = context.store.secretKey(context.namespace, sigv4.child('secretKey'));
  }
  const profile = sigv4.string('profile');
  if (profile) out.profile = profile;
  const roleArn = sigv4.string('roleArn');
  if (roleArn) out.role_arn = roleArn;
  const externalId = sigv4.string('externalId');
  if (externalId && gated(context, minimumPrometheus.sigv4ExternalId, sigv4.at('externalId'))) out.external_id = externalId;
  const fips = sigv4.boolean('useFIPSSTSEndpoint');
  if (fips !== undefined && gated(context, minimumPrometheus.sigv4FipsEndpoint, sigv4.at('useFIPSSTSEndpoint'))) out.use_fips_sts_endpoint = fips;
  return out;
}

function azureAd(context: RenderContext, azure: Fields): Json {
  const out: Json = {};
  if (azure.has('managedIdentity')) {
    const clientId = azure.child('managedIdentity').string('clientId');
    out.managed_identity = clientId ? { client_id: clientId } : {};
  }
  if (azure.has('oauth') && gated(context, 'v2.48.0', azure.at('oauth'))) {
    const oauth = azure.child('oauth');
    out.oauth = {
      client_id: oauth.string('clientId') ?? '',
      client_secret: context.store.secretKey(context.namespace, oauth.child('clientSecret')),
      tenant_id: oauth.string('tenantId') ?? '',
    };
  }
  if (azure.has('sdk') && gated(context, 'v2.52.0', azure.at('sdk'))) out.sdk = { tenant_id: azure.child('sdk').string('tenantId') ?? '' };
  if (azure.has('workloadIdentity') && gated(context, 'v3.7.0', azure.at('workloadIdentity'))) {
    const identity = azure.child('workloadIdentity');
    out.workload_identity = { client_id: identity.string('clientId') ?? '', tenant_id: identity.string('tenantId') ?? '' };
  }
  const cloud = azure.string('cloud');
  if (cloud) out.cloud = cloud;
  const scope = azure.string('scope');
  if (scope && gated(context, 'v3.9.0', azure.at('scope'))) out.scope = scope;
  return out;
}

function queueConfig(context: RenderContext, queue: Fields): Json {
  const out: Json = {};
  const integer = (key: string, name: string, minimum?: string) => {
    const value = queue.integer(key);
    if (value && (!minimum || gated(context, minimum, queue.at(key)))) out[name] = value;
  };
  const duration = (key: string, name: string, minimum?: string) => {
    const value = queue.string(key);
    if (value !== undefined && (!minimum || gated(context, minimum, queue.at(key)))) out[name] = value;
  };
  integer('capacity', 'capacity');
  integer('minShards', 'min_shards', 'v2.6.0');
  integer('maxShards', 'max_shards');
  integer('maxSamplesPerSend', 'max_samples_per_send');
  duration('batchSendDeadline', 'batch_send_deadline');
  const maxRetries = queue.integer('maxRetries');
  if (maxRetries) {
    if (!context.atLeast(removedInPrometheus.queueMaxRetries)) out.max_retries = maxRetries;
    else context.notes.add(`${queue.at('maxRetries')}: Prometheus removed max_retries in ${removedInPrometheus.queueMaxRetries}; the operator drops it with ${context.version}`);
  }
  duration('minBackoff', 'min_backoff');
  duration('maxBackoff', 'max_backoff');
  if (queue.boolean('retryOnRateLimit') && gated(context, 'v2.26.0', queue.at('retryOnRateLimit'))) out.retry_on_http_429 = true;
  duration('sampleAgeLimit', 'sample_age_limit', 'v2.50.0');
  return out;
}

/** With remote-write 2.0 Prometheus sends metadata with the samples: the operator turns the separate sending off. */
function metadataConfig(context: RenderContext, metadata: Fields, writesV2: boolean): Json {
  const send = metadata.boolean('send') ?? false;
  if (writesV2 && send) context.notes.add(`${metadata.at('send')}: remote-write 2.0 carries metadata with the samples; the operator writes send: false`);
  const out: Json = { send: writesV2 ? false : send };
  const interval = metadata.string('sendInterval');
  if (interval) out.send_interval = interval;
  const max = metadata.integer('maxSamplesPerSend');
  if (max !== undefined && gated(context, 'v2.29.0', metadata.at('maxSamplesPerSend'))) out.max_samples_per_send = max;
  return out;
}

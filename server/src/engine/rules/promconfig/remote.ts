import { isMap, isPair, isScalar, isSeq } from 'yaml';
import type { Document } from 'yaml';
import { atLeast } from '../../util/version';
import { parseDuration } from '../../util/duration';
import type { Rule } from '../rule';
import { isPrometheusConfig, sectionsNamed } from './common';
import { goKey, goQuote, goText, isNullNode, resolved, spanOf, type MapView } from './goYaml';
import { protobufMessages } from './model';
import { configUnits, type ConfigUnit } from './units';

/** remote_write and remote_read entries as RemoteWriteConfig / RemoteReadConfig validate them. */

const reservedHeaders = new Set([
  'host', 'content-encoding', 'content-length', 'content-type', 'user-agent', 'connection', 'keep-alive',
  'proxy-authenticate', 'proxy-authorization', 'www-authenticate', 'accept-encoding',
  'x-prometheus-remote-write-version', 'x-prometheus-remote-read-version', 'x-amz-date', 'x-amz-security-token', 'x-amz-content-sha256',
]);

/** Before azuread (v2.45) the auth messages listed four methods; releases between v2.45 and v3 are read as current. */
const legacyAuthWording = (version: string) => !atLeast(version, 'v2.45.0');

function checkHeaders(unit: ConfigUnit, view: MapView): void {
  const headers = view.value('headers');
  if (!isMap(headers)) return;
  const via = legacyAuthWording(unit.version) ? 'basic_auth, authorization, oauth2, or sigv4' : 'basic_auth, authorization, oauth2, sigv4, azuread or google_iam';
  for (const pair of headers.items) {
    const name = isPair(pair) ? goKey(pair) ?? '' : '';
    const span = spanOf(pair.key as never);
    if (!span) continue;
    if (name.toLowerCase() === 'authorization') unit.report({ span, message: `authorization header must be changed via the ${via} parameter` });
    else if (reservedHeaders.has(name.toLowerCase())) unit.report({ span, message: `${name} is a reserved header. It must not be changed` });
  }
}

function checkNames(unit: ConfigUnit, entries: MapView[], what: 'write' | 'read'): void {
  const seen = new Set<string>();
  for (const entry of entries) {
    const name = entry.text('name') ?? '';
    if (name && seen.has(name)) unit.report({ span: entry.spanFor('name'), message: `found multiple remote ${what} configs with job name ${goQuote(name)}` });
    seen.add(name);
  }
}

/** The fields of a remote_write entry that are config.Secret, which marshal as `<secret>` whatever they hold. */
const secretFields = new Set(['bearer_token', 'basic_auth.password', 'authorization.credentials', 'oauth2.client_secret', 'sigv4.secret_key']);

/**
 * A value as the remote storage hashes it, as text (keys sorted: a struct's fields have one order; secrets masked, as
 * yaml.Marshal writes them): equal texts, equal hashes. Values that are equal only once decoded (`30s`, `0.5m`) differ
 * here: such duplicates are not told.
 */
function decodedText(raw: unknown, doc: Document, path = ''): string {
  const node = resolved(raw, doc);
  // An empty secret marshals as nothing, any other as `<secret>`.
  if (secretFields.has(path)) return !isScalar(node) || goText(node) === '' ? 'null' : '"<secret>"';
  if (isMap(node)) {
    const entries = node.items.flatMap((pair) => {
      if (!isPair(pair)) return [];
      const key = goKey(pair) ?? '';
      return [[key, decodedText(pair.value, doc, path ? `${path}.${key}` : key)]];
    });
    return `{${entries.sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0)).map(([key, value]) => `${JSON.stringify(key)}:${value}`).join(',')}}`;
  }
  if (isSeq(node)) return `[${node.items.map((item) => decodedText(item, doc)).join(',')}]`;
  return isScalar(node) ? JSON.stringify(goText(node)) : 'null';
}

/**
 * Two remote_write entries with no name alike in every setting but their secrets: the remote storage hashes each entry
 * when it applies the configuration (WriteStorage.ApplyConfig) and refuses the second; a Prometheus starting with it
 * exits. Two of one name are refused before (see checkNames).
 */
function checkDuplicates(unit: ConfigUnit, entries: MapView[]): void {
  if (entries.length < 2) return;
  const seen = new Set<string>();
  for (const entry of entries) {
    if (entry.text('name')) continue;
    const text = decodedText(entry.node, entry.views.doc);
    if (seen.has(text)) unit.report({ span: entry.anchor(), message: `duplicate remote write configs are not allowed, found duplicate for URL: ${entry.text('url') ?? ''}` });
    seen.add(text);
  }
}

const authMethods = ['basic_auth', 'authorization', 'oauth2', 'sigv4', 'azuread', 'google_iam'];
const queueDefaults: Record<string, number> = { max_shards: 50, min_shards: 1, max_samples_per_send: 2000, capacity: 10000 };

export const remoteWrite: Rule = {
  id: 'promconfig/remote-write',
  severity: 'error',
  docs: 'A remote_write entry Prometheus refuses: no url, a reserved header, an unknown protobuf_message, two auth methods, an azuread with no cloud, no single way to authenticate or a missing or malformed ID, a bad queue_config (v3.12+, written empty too), the same entry twice (the remote storage refuses it when Prometheus starts).',
  appliesTo: isPrometheusConfig,
  check(context) {
    for (const unit of configUnits(context)) {
      const entries = sectionsNamed(unit, 'remoteWrite').map((section) => section.view);
      for (const entry of entries) {
        if (!entry.has('url')) unit.report({ span: entry.spanFor('url'), message: 'url for remote_write is empty' });
        checkHeaders(unit, entry);
        if (entry.pair('protobuf_message')) {
          const message = entry.text('protobuf_message') ?? '';
          if (!protobufMessages.includes(message)) {
            unit.report({
              span: entry.spanFor('protobuf_message'),
              message: `invalid protobuf_message value: unknown type for remote write protobuf message ${message}, supported: ${protobufMessages.join(', ')}`,
            });
          }
        }
        checkAuthMethods(unit, entry);
        checkAzureAd(unit, entry.map('azuread'));
        if (atLeast(unit.version, 'v3.12.0')) checkQueue(unit, entry);
      }
      checkNames(unit, entries, 'write');
      checkDuplicates(unit, entries);
    }
  },
};

/** Pairs of basic_auth, authorization and oauth2 are common's HTTP client errors; this adds sigv4, azuread, google_iam. */
function checkAuthMethods(unit: ConfigUnit, entry: MapView): void {
  // The HTTP client's Validate makes a bearer token the authorization before the methods are counted.
  const bearer = entry.configured('bearer_token') || entry.configured('bearer_token_file');
  const written = (method: string) => entry.has(method) || (method === 'authorization' && bearer);
  const configured = authMethods.filter(written);
  const beyondHttpClient = configured.some((method) => ['sigv4', 'azuread', 'google_iam'].includes(method));
  if (configured.length < 2 || !beyondHttpClient) return;
  const message = legacyAuthWording(unit.version)
    ? 'at most one of basic_auth, authorization, oauth2, & sigv4 must be configured'
    : `at most one of basic_auth, authorization, oauth2, sigv4, azuread or google_iam must be configured. Currently configured: [${configured.join(' ')}]`;
  unit.report({ span: entry.keySpan(configured[configured.length - 1]) ?? entry.anchor(), message });
}

const azureClouds = ['AzurePublic', 'AzureChina', 'AzureGovernment', 'AzureCustom'];
const azureMethods: [string, string][] = [['managed_identity', 'Azure Managed Identity'], ['oauth', 'Azure OAuth'], ['sdk', 'Azure SDK']];

/** What the Azure AD config says when it has no way to authenticate: the ways the release knows. */
function noAzureMethod(version: string): string {
  if (atLeast(version, 'v3.7.0')) return 'must provide an Azure Managed Identity, Azure Workload Identity, Azure OAuth or Azure SDK in the Azure AD config';
  if (atLeast(version, 'v2.52.0')) return 'must provide an Azure Managed Identity, Azure OAuth or Azure SDK in the Azure AD config';
  return 'must provide an Azure Managed Identity or Azure OAuth in the Azure AD config';
}

/** google/uuid's Parse: 36 characters with dashes, braced, as a urn, or 32 hex digits. */
function isUuid(text: string): boolean {
  let hex = text;
  if (text.length === 45 && text.slice(0, 9).toLowerCase() === 'urn:uuid:') hex = text.slice(9);
  else if (text.length === 38 && text.startsWith('{') && text.endsWith('}')) hex = text.slice(1, -1);
  if (hex.length === 36) return /^[0-9a-fA-F]{8}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{12}$/.test(hex);
  return /^[0-9a-fA-F]{32}$/.test(text);
}

/** AzureADConfig.Validate: a known cloud, one way to authenticate, the IDs that way needs. */
function checkAzureAd(unit: ConfigUnit, azuread: MapView | undefined): void {
  if (!azuread) return;
  // At the key the message is about, or at the block that lacks it.
  const report = (block: string, key: string, message: string) =>
    unit.report({ span: azuread.map(block)?.keySpan(key) ?? azuread.keySpan(block) ?? azuread.anchor(), message });
  const cloud = azuread.text('cloud');
  if (cloud && !azureClouds.includes(cloud)) {
    unit.report({ span: azuread.spanFor('cloud'), message: 'must provide a cloud in the Azure AD config' });
    return;
  }
  const configured = (key: string) => azuread.value(key) !== undefined && azuread.value(key) !== null;
  if (!['workload_identity', 'certificate', ...azureMethods.map(([key]) => key)].some(configured)) {
    unit.report({ span: azuread.anchor(), message: noAzureMethod(unit.version) });
    return;
  }
  const both = azureMethods.filter(([key]) => configured(key));
  if (both.length > 1) {
    unit.report({ span: azuread.keySpan(both[1][0]) ?? azuread.anchor(), message: `cannot provide both ${both[0][1]} and ${both[1][1]} in the Azure AD config` });
    return;
  }
  const identity = azuread.map('managed_identity');
  if (identity) {
    // Since v3.5 an empty client_id picks the system-assigned identity.
    const clientId = identity.text('client_id') ?? '';
    if (clientId === '' && !atLeast(unit.version, 'v3.5.0')) report('managed_identity', 'client_id', 'must provide an Azure Managed Identity client_id in the Azure AD config');
    else if (clientId !== '' && !isUuid(clientId)) report('managed_identity', 'client_id', 'the provided Azure Managed Identity client_id is invalid');
  }
  const oauth = azuread.map('oauth');
  if (oauth) {
    const missing = ['client_id', 'client_secret', 'tenant_id'].find((key) => !oauth.text(key));
    if (missing) report('oauth', missing, `must provide an Azure OAuth ${missing} in the Azure AD config`);
    else if (!isUuid(oauth.text('client_id') ?? '')) report('oauth', 'client_id', 'the provided Azure OAuth client_id is invalid');
  }
}

function checkQueue(unit: ConfigUnit, entry: MapView): void {
  // Written with no value, the queue settings are all zero (go-yaml resets the struct): the first check fails.
  const written = entry.value('queue_config');
  if (written !== undefined && isNullNode(written)) {
    unit.report({ span: entry.spanFor('queue_config'), message: 'remote write queue max_shards must be positive' });
    return;
  }
  const queue = entry.map('queue_config');
  if (!queue) return;
  const value = (key: string) => (queue.pair(key) ? queue.number(key) ?? 0 : queueDefaults[key]);
  for (const key of ['max_shards', 'min_shards', 'max_samples_per_send', 'capacity']) {
    if (value(key) <= 0) unit.report({ span: queue.spanFor(key), message: `remote write queue ${key} must be positive` });
  }
  if (value('min_shards') > value('max_shards')) {
    unit.report({ span: queue.spanFor('min_shards'), message: 'remote write queue min_shards must not be greater than max_shards' });
  }
  const backoff = (key: string, fallback: number) => (queue.pair(key) ? parseDuration(queue.text(key) ?? '') : fallback);
  const min = backoff('min_backoff', 30);
  const max = backoff('max_backoff', 5000);
  if (min !== undefined && max !== undefined && max < min) {
    unit.report({ span: queue.spanFor('max_backoff'), message: 'remote write queue max_backoff must not be less than min_backoff' });
  }
}

export const remoteRead: Rule = {
  id: 'promconfig/remote-read',
  severity: 'error',
  docs: 'A remote_read entry Prometheus refuses: no url, a reserved header, a name used twice.',
  appliesTo: isPrometheusConfig,
  check(context) {
    for (const unit of configUnits(context)) {
      const entries = sectionsNamed(unit, 'remoteRead').map((section) => section.view);
      for (const entry of entries) {
        if (!entry.has('url')) unit.report({ span: entry.spanFor('url'), message: 'url for remote_read is empty' });
        checkHeaders(unit, entry);
      }
      checkNames(unit, entries, 'read');
    }
  },
};

export const remoteRules: Rule[] = [remoteWrite, remoteRead];

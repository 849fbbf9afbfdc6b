import { asRecord } from '../util/record';
import { authorizationProblem, oauth2Problem, present, proxyProblem, tlsConfigProblem, type ClientProblem } from './httpClientChecks';

const text = (value: unknown) => (typeof value === 'string' ? value : undefined);

/** What google/uuid's Parse takes: 8-4-4-4-12 hex digits, alone, after `urn:uuid:` or in braces, or 32 undashed. */
const dashed = '[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}';
const uuid = new RegExp(`^(?:(?:urn:uuid:)?${dashed}|\\{${dashed}\\}|[0-9a-f]{32})$`, 'i');
const isUuid = (value: unknown) => uuid.test(text(value) ?? '');

/** The ways to authenticate a remote write, in the order the CRD lists them: at most one may be set. */
const authenticators = ['basicAuth', 'oauth2', 'authorization', 'sigv4', 'azureAd'];
const azureAuthenticators = [['managedIdentity', 'Azure Managed Identity'], ['oauth', 'Azure OAuth'], ['sdk', 'Azure SDK'], ['workloadIdentity', 'Azure Workload Identity']] as const;

/**
 * The first thing the operator refuses in a `spec.remoteWrite` entry, in its words (validateRemoteWriteSpec, then the
 * asset store loading the entry's credentials, TLS and proxy settings): it stops reconciling the agent, or the
 * Prometheus, and creates nothing. `atLeast` tells whether the Prometheus that runs it is at least a version. Whether
 * the Secrets and ConfigMaps the entry names exist is the cluster's to say.
 */
export function remoteWriteProblem(entry: Record<string, unknown>, atLeast: (minimum: string) => boolean, version: string): ClientProblem | undefined {
  const set = authenticators.filter((key) => present(entry[key]));
  if (set.length > 1) return { path: [set[1]], message: `${set.map((key) => JSON.stringify(key)).join(' and ')} can't be set at the same time, at most one of them must be defined` };
  const azure = asRecord(entry.azureAd);
  if (azure) {
    const given = azureAuthenticators.filter(([key]) => present(azure[key]));
    if (given.length === 0) return { path: ['azureAd'], message: 'must provide Azure Managed Identity, Azure OAuth, Azure SDK, or Azure Workload Identity in the Azure AD config' };
    if (given.length > 1) return { path: ['azureAd', given[1][0]], message: `cannot provide both ${given[0][1]} and ${given[1][1]} in the Azure AD config` };
    const [key] = given[0];
    const settings = asRecord(azure[key]) ?? {};
    if (key === 'managedIdentity' && !atLeast('v3.5.0') && !text(settings.clientId)) {
      return { path: ['azureAd', key], message: `managedIdentidy: clientId is required with Prometheus < 3.5.0, current = ${version.replace(/^v/, '')}` };
    }
    if (key === 'oauth' && !atLeast('v2.48.0')) return { path: ['azureAd', key], message: 'azureAD.oauth requires Prometheus >= v2.48.0' };
    if (key === 'oauth' && !isUuid(settings.clientId)) return { path: ['azureAd', key, 'clientId'], message: 'the provided Azure OAuth clientId is invalid' };
    if (key === 'sdk' && !atLeast('v2.52.0')) return { path: ['azureAd', key], message: 'azureAD.sdk requires Prometheus >= v2.52.0' };
    if (key === 'workloadIdentity') {
      if (!atLeast('v3.7.0')) return { path: ['azureAd', key], message: 'azureAD.workloadIdentity requires Prometheus >= v3.7.0' };
      if (!isUuid(settings.clientId)) return { path: ['azureAd', key, 'clientId'], message: 'the provided Azure Workload Identity clientId is invalid' };
      if (!isUuid(settings.tenantId)) return { path: ['azureAd', key, 'tenantId'], message: 'the provided Azure Workload Identity tenantId is invalid' };
    }
  }
  const proxy = proxyProblem(entry);
  if (proxy) return proxy;
  const oauth2 = asRecord(entry.oauth2);
  const oauth2Refusal = oauth2 && oauth2Problem(oauth2);
  if (oauth2Refusal) return { path: ['oauth2', ...oauth2Refusal.path], message: oauth2Refusal.message };
  const tls = asRecord(entry.tlsConfig);
  const tlsRefusal = tls && tlsConfigProblem(tls, true);
  if (tlsRefusal) return { path: ['tlsConfig'], message: `failed to validate TLS configuration: ${tlsRefusal}` };
  const authorization = asRecord(entry.authorization);
  // Loaded, and so checked, only when it names credentials.
  const authorizationRefusal = authorization && present(authorization.credentials) && authorizationProblem(authorization);
  if (authorizationRefusal) return { path: ['authorization', ...authorizationRefusal.path], message: authorizationRefusal.message };
  const sigv4 = asRecord(entry.sigv4);
  if (sigv4 && present(sigv4.accessKey) !== present(sigv4.secretKey)) return { path: ['sigv4'], message: 'both accessKey and secretKey should be provided' };
  return undefined;
}

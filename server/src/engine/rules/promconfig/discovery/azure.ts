import { goQuote } from '../goYaml';
import type { SdCheck, SdEntry } from './sd';

/** discovery/azure: the subscription, the OAuth credentials, a known authentication method. */

/** The methods each release accepts: SDK came with v2.52, WorkloadIdentity with v3.11. */
function methods(entry: SdEntry): string[] {
  if (entry.since('v3.11.0')) return ['OAuth', 'ManagedIdentity', 'SDK', 'WorkloadIdentity'];
  return entry.since('v2.52.0') ? ['OAuth', 'ManagedIdentity', 'SDK'] : ['OAuth', 'ManagedIdentity'];
}

export const azureChecks: Record<string, SdCheck> = {
  azure(entry) {
    const requires = (key: string) => entry.report(key, `azure SD configuration requires a ${key}`);
    if (!entry.set('subscription_id')) return requires('subscription_id');
    const method = entry.text('authentication_method', 'OAuth');
    if (method === 'OAuth') {
      for (const key of ['tenant_id', 'client_id', 'client_secret']) if (!entry.set(key)) return requires(key);
    }
    const supported = methods(entry);
    if (!supported.includes(method)) {
      const listed = supported.map(goQuote);
      const named = `${listed.slice(0, -1).join(', ')} or ${listed.at(-1)}`;
      return entry.report('authentication_method', `unknown authentication_type ${goQuote(method)}. Supported types are ${named}`);
    }
  },
};

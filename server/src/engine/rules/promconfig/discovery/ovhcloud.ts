import type { SdCheck } from './sd';

/** discovery/ovhcloud: an endpoint, the three credentials, a known service. */
export const ovhcloudChecks: Record<string, SdCheck> = {
  ovhcloud(entry) {
    if (!entry.set('endpoint', 'ovh-eu')) return entry.report('endpoint', 'endpoint can not be empty');
    if (!entry.set('application_key')) return entry.report('application_key', 'application key can not be empty');
    if (!entry.set('application_secret')) return entry.report('application_secret', 'application secret can not be empty');
    if (!entry.set('consumer_key')) return entry.report('consumer_key', 'consumer key can not be empty');
    const service = entry.text('service');
    if (service !== 'dedicated_server' && service !== 'vps') return entry.report('service', `unknown service: ${service}`);
  },
};

import type { SdCheck } from './sd';

/** discovery/ionos: a data center. */
export const ionosChecks: Record<string, SdCheck> = {
  ionos(entry) {
    if (!entry.set('datacenter_id')) return entry.report('datacenter_id', "datacenter id can't be empty");
  },
};

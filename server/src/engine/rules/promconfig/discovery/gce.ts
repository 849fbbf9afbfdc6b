import type { SdCheck } from './sd';

/** discovery/gce: a project and a zone. */
export const gceChecks: Record<string, SdCheck> = {
  gce(entry) {
    if (!entry.set('project')) return entry.report('project', 'GCE SD configuration requires a project');
    if (!entry.set('zone')) return entry.report('zone', 'GCE SD configuration requires a zone');
  },
};

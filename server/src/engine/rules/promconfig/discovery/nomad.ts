import type { SdCheck } from './sd';

/** discovery/nomad: a server. */
export const nomadChecks: Record<string, SdCheck> = {
  nomad(entry) {
    if (entry.text('server', 'http://localhost:4646').trim() === '') return entry.report('server', 'nomad SD configuration requires a server address');
  },
};

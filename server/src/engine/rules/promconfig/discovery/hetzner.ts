import { refused, type SdCheck } from './sd';

/** discovery/hetzner: a known role. */
export const hetznerChecks: Record<string, SdCheck> = {
  hetzner(entry) {
    const unknown = refused(entry, 'role', ['robot', 'hcloud']);
    if (unknown) return entry.report('role', `unknown role ${unknown}`);
    if (!entry.set('role')) return entry.report('role', 'role missing (one of: robot, hcloud)');
  },
};

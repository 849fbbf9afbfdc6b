import { refused, type SdCheck } from './sd';

/** discovery/digitalocean: a known role (v3.12 added the role, and databases). */
export const digitaloceanChecks: Record<string, SdCheck> = {
  digitalocean(entry) {
    const unknown = refused(entry, 'role', ['droplets', 'databases']);
    if (unknown) return entry.report('role', `unknown DigitalOcean SD role ${unknown}`);
    if (entry.text('role', 'droplets') === '') return entry.report('role', 'role missing (one of: droplets, databases)');
  },
};

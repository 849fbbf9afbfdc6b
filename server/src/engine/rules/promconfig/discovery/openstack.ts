import { refused, type SdCheck } from './sd';

/** discovery/openstack: a known availability and role (loadbalancer since v3.2), a region. */
export const openstackChecks: Record<string, SdCheck> = {
  openstack(entry) {
    const roles = entry.since('v3.2.0') ? ['instance', 'hypervisor', 'loadbalancer'] : ['instance', 'hypervisor'];
    const unknown = refused(entry, 'role', roles);
    if (unknown) return entry.report('role', `unknown OpenStack SD role ${unknown}`);
    const availability = entry.text('availability', 'public');
    if (!['public', 'internal', 'admin'].includes(availability)) {
      return entry.report('availability', `unknown availability ${availability}, must be one of admin, internal or public`);
    }
    if (!entry.set('role')) return entry.report('role', `role missing (one of: ${roles.join(', ')})`);
    if (!entry.set('region')) return entry.report('region', 'openstack SD configuration requires a region');
  },
};

import { refused, type SdCheck } from './sd';

/** discovery/scaleway: a known role, a project, one secret key, an access key. */
export const scalewayChecks: Record<string, SdCheck> = {
  scaleway(entry) {
    const unknown = refused(entry, 'role', ['instance', 'baremetal']);
    if (unknown) return entry.report('role', `unknown role ${unknown}`);
    if (!entry.set('role')) return entry.report('role', 'role missing (one of: instance, baremetal)');
    if (!entry.set('project_id')) return entry.report('project_id', 'project_id is mandatory');
    const secret = entry.set('secret_key');
    const secretFile = entry.set('secret_key_file');
    if (!secret && !secretFile) return entry.report('secret_key', 'one of secret_key & secret_key_file must be configured');
    if (secret && secretFile) return entry.report('secret_key_file', 'at most one of secret_key & secret_key_file must be configured');
    if (!entry.set('access_key')) return entry.report('access_key', 'access_key is mandatory');
  },
};

import { parseUrl } from '../goParse';
import type { SdCheck } from './sd';

/** discovery/moby: docker_sd and dockerswarm_sd need a host url.Parse reads; Swarm also a role. */

function hostProblem(host: string): string | undefined {
  return host === '' ? 'host missing' : parseUrl(host).error;
}

export const mobyChecks: Record<string, SdCheck> = {
  docker(entry) {
    const problem = hostProblem(entry.text('host'));
    if (problem) return entry.report('host', problem);
  },
  dockerswarm(entry) {
    const problem = hostProblem(entry.text('host'));
    if (problem) return entry.report('host', problem);
    const role = entry.text('role');
    if (role === '') return entry.report('role', 'role missing (one of: tasks, services, nodes)');
    if (!['services', 'nodes', 'tasks'].includes(role)) return entry.report('role', `invalid role ${role}, expected tasks, services, or nodes`);
  },
};

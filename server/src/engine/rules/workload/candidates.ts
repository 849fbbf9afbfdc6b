import type { PrometheusWorkload } from '../../model/workloads';
import { flagReleases } from '../../model/prometheusFlags';
import { knownVersion } from './context';

/**
 * The releases a workload may run: the one its image tag names, else every release the flag data knows. A finding
 * about an image of unknown release is raised only when it holds for all of them: never one that depends on a guess.
 */
export function candidateVersions(workload: PrometheusWorkload): string[] {
  const version = knownVersion(workload);
  return version ? [version] : [...flagReleases];
}

/** Whether `holds` is true of every release the workload may run. */
export const holdsForAll = (workload: PrometheusWorkload, holds: (version: string) => boolean) => candidateVersions(workload).every(holds);

/** How a finding names what runs: `Prometheus v3.8.1`, or `every Prometheus release` for an unknown one. */
export const runsWhat = (workload: PrometheusWorkload) => {
  const version = knownVersion(workload);
  return version ? `Prometheus ${version}` : 'every Prometheus release from v2.32 on';
};

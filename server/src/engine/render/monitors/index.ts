import type { RenderContext } from '../context';
import type { Json } from '../fields';
import { monitorsOf, selection } from '../../model/wiring';
import { additionalScrapeConfigs } from './additional';
import { podMonitorJobs } from './podMonitor';
import { probeJob } from './probe';
import { scrapeConfigJob } from './scrapeConfig';
import { selectMonitors } from './selection';
import { serviceMonitorJobs } from './serviceMonitor';

/**
 * The scrape jobs of an agent in the operator's order: PodMonitors, additionalScrapeConfigs, then (StatefulSet mode
 * only) ServiceMonitors, Probes and ScrapeConfigs.
 */
export function scrapeConfigs(context: RenderContext): Json[] {
  const jobs: Json[] = [];
  for (const monitor of selectMonitors(context, 'PodMonitor')) jobs.push(...podMonitorJobs(context, monitor));
  jobs.push(...additionalScrapeConfigs(context));
  // The CRD refuses their selectors in DaemonSet mode (Probes' and ScrapeConfigs' from v0.85.0, ServiceMonitors' from
  // v0.88.0: see celRejection); where it takes them, the operator skips them.
  if (context.mode === 'DaemonSet') {
    const selecting = { entry: context.agent, kind: 'PrometheusAgent' as const };
    for (const kind of ['ServiceMonitor', 'Probe', 'ScrapeConfig'] as const) {
      const selected = monitorsOf(context.workspace, kind).some((monitor) => !selection(context.workspace, selecting, kind, monitor));
      if (selected) context.notes.add(`${kind}s are selected, but the operator skips them in DaemonSet mode`);
    }
    return jobs;
  }
  for (const monitor of selectMonitors(context, 'ServiceMonitor')) jobs.push(...serviceMonitorJobs(context, monitor));
  for (const probe of selectMonitors(context, 'Probe')) jobs.push(probeJob(context, probe));
  for (const scrapeConfig of selectMonitors(context, 'ScrapeConfig')) jobs.push(scrapeConfigJob(context, scrapeConfig));
  return jobs;
}

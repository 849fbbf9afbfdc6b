import type { RenderContext } from '../context';
import type { Json } from '../fields';
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
  // The CRD refuses their selectors in DaemonSet mode (see celRejection).
  if (context.mode === 'DaemonSet') return jobs;
  for (const monitor of selectMonitors(context, 'ServiceMonitor')) jobs.push(...serviceMonitorJobs(context, monitor));
  for (const probe of selectMonitors(context, 'Probe')) jobs.push(probeJob(context, probe));
  for (const scrapeConfig of selectMonitors(context, 'ScrapeConfig')) jobs.push(scrapeConfigJob(context, scrapeConfig));
  return jobs;
}

import type { RenderContext } from '../context';
import type { Json } from '../fields';
import { monitorsOf, selection } from '../../model/wiring';
import { additionalScrapeConfigs } from './additional';
import { podMonitorJobs } from './podMonitor';
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
  if (context.mode === 'DaemonSet') {
    const selecting = { entry: context.agent, kind: 'PrometheusAgent' as const };
    const selected = monitorsOf(context.workspace, 'ServiceMonitor').some((monitor) => !selection(context.workspace, selecting, 'ServiceMonitor', monitor));
    if (selected) context.notes.add('ServiceMonitors are selected, but the operator skips them in DaemonSet mode');
    return jobs;
  }
  for (const monitor of selectMonitors(context, 'ServiceMonitor')) jobs.push(...serviceMonitorJobs(context, monitor));
  for (const [kind, selector] of [['Probe', 'probeSelector'], ['ScrapeConfig', 'scrapeConfigSelector']] as const) {
    if (context.spec.has(selector) && monitorsOf(context.workspace, kind).length) {
      context.notes.add(`spec.${selector}: the jobs of ${kind} objects are not rendered; prometheus.yml shows PodMonitors, ServiceMonitors and additionalScrapeConfigs only`);
    }
  }
  return jobs;
}

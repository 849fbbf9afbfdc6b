import { monitorRefusals } from '../../model/monitorChecks';
import { selectingTitle, selectorsOf } from '../../model/wiring';
import type { Path } from '../../yaml/documents';
import { locate } from '../../yaml/locate';
import type { Rule } from '../rule';
import { isMonitor, monitorKindOf, ownEntry } from './context';

export const monitorRejected: Rule = {
  id: 'wiring/monitor-rejected',
  severity: 'error',
  docs: "What prometheus-operator rejects in a ServiceMonitor, PodMonitor, Probe or ScrapeConfig when an agent selects it (relabelings as Prometheus validates them, scrapeTimeout greater than the interval, file access an agent denies, an unknown scrape class, a prober URL that is no host): the operator skips the whole monitor. At the field, in the operator's words; checks that depend on the agent are made for each agent that selects it.",
  appliesTo: isMonitor,
  reads: () => 'index',
  check(context) {
    const kind = monitorKindOf(context.document)!;
    const own = ownEntry(context);
    if (!own) return;
    const { selecting } = selectorsOf(context.workspace, kind, own);
    // Without an agent, what holds for any; with several, each refusal once, naming those it holds for.
    const runs = selecting.length ? selecting.map((agent) => ({ agent, refusals: monitorRefusals(agent, kind, own) })) : [{ agent: undefined, refusals: monitorRefusals(undefined, kind, own) }];
    const byMessage = new Map<string, { path: Path; agents: string[] }>();
    for (const { agent, refusals } of runs) {
      for (const refusal of refusals) {
        const entry = byMessage.get(refusal.message) ?? { path: refusal.path, agents: [] as string[] };
        if (agent) entry.agents.push(selectingTitle(agent));
        byMessage.set(refusal.message, entry);
      }
    }
    for (const [message, { path, agents }] of byMessage) {
      const forWhom = agents.length && agents.length < runs.length ? ` for ${agents.join(', ')}` : '';
      context.report({
        span: locate(context.document.yaml, context.lines, path, 'value'),
        message: `${message}: the operator rejects this ${kind}${forWhom} and scrapes none of it`,
      });
    }
  },
};

import { monitorRefusals, type Refusal } from '../../model/monitorChecks';
import { operatorRelease } from '../../model/operator';
import { monitorKindOf, selectingTitle, selectorsOf } from '../../model/wiring';
import { locate } from '../../yaml/locate';
import type { Rule } from '../rule';
import { isMonitor, kindInRelease, ownEntry } from './context';

export const monitorRejected: Rule = {
  id: 'wiring/monitor-rejected',
  severity: 'error',
  docs: "What prometheus-operator rejects in a ServiceMonitor, PodMonitor, Probe or ScrapeConfig when an agent selects it (relabelings as Prometheus validates them, scrapeTimeout greater than the interval, file access an agent denies, an unknown scrape class, authorization, OAuth2, TLS and proxy settings, a Probe without targets or with a prober URL that is no host, a ScrapeConfig's service discoveries: fields and discoveries its Prometheus version lacks, kubernetes selectors, DNS ports, Azure credentials, server URLs): the operator skips the whole monitor. At the field, in the operator's words; checks that depend on the agent are made for each agent that selects it (not for one a kustomization building it patches: what it applies is not what is written), and checks a release before v0.93.0 did not make are left out for it. Whether the Secrets and ConfigMaps a monitor names exist is the cluster's to say.",
  appliesTo: isMonitor,
  reads: () => 'index',
  check(context) {
    const kind = monitorKindOf(context.document)!;
    const own = ownEntry(context);
    if (!own || !kindInRelease(context)) return;
    const { selecting } = selectorsOf(context.workspace, kind, own);
    const release = context.options.operator?.version ?? operatorRelease.version;
    // Without an agent, what holds for any; with several, each refusal once, naming those it holds for. An agent a
    // kustomization building it patches (its scrape classes, its interval) is not what is written: what holds for any.
    const runs = selecting.length
      ? selecting.map((agent) => ({ agent, refusals: monitorRefusals(context.workspace.index.mayPatch(agent.entry.uri, agent.kind, agent.entry.name) ? undefined : agent, kind, own, release) }))
      : [{ agent: undefined, refusals: monitorRefusals(undefined, kind, own, release) }];
    const byMessage = new Map<string, { refusal: Refusal; agents: string[] }>();
    for (const { agent, refusals } of runs) {
      for (const refusal of refusals) {
        const entry = byMessage.get(refusal.message) ?? { refusal, agents: [] as string[] };
        if (agent) entry.agents.push(selectingTitle(agent));
        byMessage.set(refusal.message, entry);
      }
    }
    for (const [message, { refusal, agents }] of byMessage) {
      const forWhom = agents.length && agents.length < runs.length ? ` for ${agents.join(', ')}` : '';
      context.report({
        span: locate(context.document.yaml, context.lines, refusal.path, refusal.anchor ?? 'value'),
        message: `${message}: the operator rejects this ${kind}${forWhom} and scrapes none of it`,
      });
    }
  },
};

import { additionalScrapeConfigsRefusal } from '../../model/referencedObjects';
import { agentOrServerOf } from '../../model/workspaceIndex';
import { locate } from '../../yaml/locate';
import type { Rule } from '../rule';
import { configManaged, isAgentOrServer, specOf } from './spec';

export const additionalScrapeConfigsKey: Rule = {
  id: 'agent/additional-scrape-configs-key',
  severity: 'error',
  docs: 'An `additionalScrapeConfigs` naming a Secret of the workspace that has no such key, and not marked `optional`: the operator stops reconciling the resource before it generates the configuration. Said when the Secret is written once, and no kustomization builds or sits beside it or the resource, nor generates keys of that Secret.',
  appliesTo: isAgentOrServer,
  reads: () => 'index',
  check(context) {
    const { document, file, workspace } = context;
    // A Prometheus whose configuration the operator does not generate loads none.
    if (!configManaged(document, specOf(document, ['PrometheusAgent', 'Prometheus'])!)) return;
    const entry = agentOrServerOf(document, file.uri);
    const refusal = entry && additionalScrapeConfigsRefusal(entry, workspace);
    if (!refusal) return;
    context.report({ span: locate(document.yaml, context.lines, ['spec', 'additionalScrapeConfigs', 'key'], 'value'), message: `${refusal}: the operator does not reconcile the resource` });
  },
};

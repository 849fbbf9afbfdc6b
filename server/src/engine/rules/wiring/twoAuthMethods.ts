import { present } from '../../model/httpClientChecks';
import { monitorKindOf, readsKind, selectingTitle, selectorsOf } from '../../model/wiring';
import { asRecord } from '../../util/record';
import { locate } from '../../yaml/locate';
import type { Path } from '../../yaml/documents';
import type { Rule } from '../rule';
import { kindInRelease, ownEntry } from './context';

const allMethods = ['basicAuth', 'authorization', 'oauth2'];

/**
 * The ScrapeConfig discoveries whose client the operator writes method by method (generateScrapeConfig) and Prometheus
 * validates as it loads them, by field, with the methods each writes. Ionos is left out: its CRD requires
 * authorization, which the operator leaves out where oauth2 is set.
 */
const discoveryMethods: Record<string, string[]> = {
  httpSDConfigs: allMethods, kubernetesSDConfigs: allMethods, consulSDConfigs: allMethods, azureSDConfigs: allMethods, kumaSDConfigs: allMethods,
  eurekaSDConfigs: allMethods, dockerSDConfigs: allMethods, hetznerSDConfigs: allMethods, nomadSDConfigs: allMethods, dockerSwarmSDConfigs: allMethods,
  puppetDBSDConfigs: allMethods, lightSailSDConfigs: allMethods, digitalOceanSDConfigs: ['authorization', 'oauth2'], linodeSDConfigs: ['authorization', 'oauth2'],
};

/**
 * The operator validates a ServiceMonitor's or PodMonitor's client (one way to authenticate) but not a Probe's nor a
 * ScrapeConfig's service discoveries: it writes every method set into the job, and Prometheus's HTTP client refuses
 * two of them, and with them the whole configuration.
 */
export const twoAuthMethods: Rule = {
  id: 'wiring/two-auth-methods',
  severity: 'error',
  docs: 'A Probe, or a service discovery of a ScrapeConfig, with two of basicAuth, authorization and oauth2, that an agent selects: the operator writes both into the job, and Prometheus refuses the whole configuration (`at most one of basic_auth, oauth2 & authorization must be configured`): the agent keeps its last one, or does not start.',
  appliesTo: (document) => document.role === 'monitoring' && (document.kind === 'Probe' || document.kind === 'ScrapeConfig'),
  reads: () => 'index',
  check(context) {
    const kind = monitorKindOf(context.document);
    const own = ownEntry(context);
    const spec = asRecord(asRecord(context.document.yaml.value)?.spec);
    if ((kind !== 'Probe' && kind !== 'ScrapeConfig') || !own || !spec || !kindInRelease(context)) return;
    const selecting = selectorsOf(context.workspace, kind, own).selecting.filter((agent) => readsKind(agent, kind));
    if (selecting.length === 0) return;
    // A ScrapeConfig's own client has a CEL rule of its CRD: the API server refuses two methods there.
    const discoveries = Object.entries(spec).flatMap(([field, list]) => (!Object.hasOwn(discoveryMethods, field) || !Array.isArray(list) ? []
      : list.map((_, index) => ({ path: ['spec', field, index] as Path, methods: discoveryMethods[field] }))));
    const clients = kind === 'Probe' ? [{ path: ['spec'] as Path, methods: allMethods }] : discoveries;
    for (const { path, methods } of clients) {
      const client = asRecord(context.document.yaml.dataAt(path));
      const set = methods.filter((method) => present(client?.[method]));
      if (set.length < 2) continue;
      context.report({
        span: locate(context.document.yaml, context.lines, [...path, set[set.length - 1]], 'key'),
        message: `at most one of basic_auth, oauth2 & authorization must be configured: the operator writes ${set.join(' and ')} into the job, and Prometheus refuses the configuration of ${selecting.map(selectingTitle).join(', ')}`,
      });
    }
  },
};

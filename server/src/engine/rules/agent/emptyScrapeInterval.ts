import { locate } from '../../yaml/locate';
import { removeFix } from '../fixes';
import type { Rule } from '../rule';
import { isAgentOrServer, specOf } from './spec';

/**
 * The CRD's pattern takes "" (each part of a duration is optional) and its default of 30s fills in only a field left
 * out: the operator writes `scrape_interval: ""` into prometheus.yml as it stands.
 */
export const emptyScrapeInterval: Rule = {
  id: 'agent/empty-scrape-interval',
  severity: 'error',
  docs: 'scrapeInterval: "" passes the CRD, but the operator writes it into prometheus.yml as `scrape_interval: ""`, which Prometheus refuses (`empty duration string`), and rejects every monitor with a scrapeTimeout and no interval of its own. Fix: remove it (the default, 30s, then applies).',
  appliesTo: isAgentOrServer,
  check(context) {
    const spec = specOf(context.document, ['PrometheusAgent', 'Prometheus'])!;
    if (spec.scrapeInterval !== '') return;
    context.report({
      span: locate(context.document.yaml, context.lines, ['spec', 'scrapeInterval'], 'value'),
      message: 'scrapeInterval "" becomes scrape_interval: "" in prometheus.yml, which Prometheus refuses (empty duration string); the operator rejects every monitor with a scrapeTimeout and no interval of its own (invalid scrapeInterval "")',
      fixes: removeFix(context, ['spec', 'scrapeInterval'], 'Remove scrapeInterval (30s by default)'),
    });
  },
};

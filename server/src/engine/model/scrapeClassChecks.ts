import { asRecord } from '../util/record';
import { compareVersions } from '../util/version';
import type { Path } from '../yaml/documents';
import { authorizationProblem, tlsConfigProblem, type ClientProblem } from './httpClientChecks';
import { relabelProblem, utf8NamesFrom } from './monitorChecks';
import { undated } from './operator';

/** What the operator refuses in a scrape class: the field, relative to the spec, and its words. */
export interface ScrapeClassRefusal {
  path: Path;
  message: string;
}

/** The operator release whose CRDs brought spec.scrapeClasses, and with them the single-default check. */
const scrapeClassesFrom = 'v0.72.0';

const list = (value: unknown) => (Array.isArray(value) ? value : []);

/**
 * What the operator refuses in `spec.scrapeClasses` of a PrometheusAgent or a Prometheus (getScrapeClassConfig, as it
 * creates the config generator, whoever manages the configuration): each class's first problem, in class order, paths
 * relative to the spec, messages in the operator's words. The operator stops at the first and creates nothing.
 * `version` is the Prometheus version it parsed; `release` the operator's.
 */
export function scrapeClassRefusals(spec: Record<string, unknown>, version: string, release: string): ScrapeClassRefusal[] {
  if (compareVersions(release, scrapeClassesFrom) < 0) return [];
  const validated = undated(release);
  const utf8Names = compareVersions(release, utf8NamesFrom) >= 0;
  let defaultSeen = false;
  return list(spec.scrapeClasses).flatMap((raw, i) => {
    const scrapeClass = asRecord(raw) ?? {};
    const name = typeof scrapeClass.name === 'string' ? scrapeClass.name : '';
    const problem = (validated ? classProblem(scrapeClass, name, version, utf8Names) : undefined)
      ?? (scrapeClass.default === true && defaultSeen ? { path: ['default'], message: 'multiple default scrape classes defined' } : undefined);
    if (scrapeClass.default === true) defaultSeen = true;
    return problem ? [{ path: ['scrapeClasses', i, ...problem.path], message: `failed to parse scrape classes: ${problem.message}` }] : [];
  });
}

/** One class's relabelings, TLS settings and authorization, in the operator's order; the name is printed unquoted. */
function classProblem(scrapeClass: Record<string, unknown>, name: string, version: string, utf8Names: boolean): ClientProblem | undefined {
  for (const [field, what] of [['relabelings', 'relabelings'], ['metricRelabelings', 'metric relabelings']]) {
    for (const [j, rule] of list(scrapeClass[field]).entries()) {
      const problem = relabelProblem(asRecord(rule) ?? {}, version, true, utf8Names);
      if (problem) return { path: [field, j, problem.field], message: `invalid ${what} for scrapeClass ${name}: [${j}]: ${problem.message}` };
    }
  }
  const tls = asRecord(scrapeClass.tlsConfig);
  const tlsProblem = tls && tlsConfigProblem(tls, true);
  if (tlsProblem) return { path: ['tlsConfig'], message: `invalid TLS config for scrapeClass ${name}: ${tlsProblem}` };
  const authorization = asRecord(scrapeClass.authorization);
  const authorizationRefusal = authorization && authorizationProblem(authorization);
  if (authorizationRefusal) return { path: ['authorization', ...authorizationRefusal.path], message: `invalid authorization for scrapeClass ${name}: ${authorizationRefusal.message}` };
  return undefined;
}

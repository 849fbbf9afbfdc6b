import { isMap, isPair, isScalar, isSeq } from 'yaml';
import type { Node } from 'yaml';
import { parseDuration } from '../../util/duration';
import { atLeast } from '../../util/version';
import type { Rule, RuleContext } from '../rule';
import type { ClassifiedDocument } from '../../classify';
import { mountedReadOrders, type ReadConfiguration } from '../../model/runners';
import { decodeConfig } from './decode';
import { isPrometheusConfig, sectionsNamed } from './common';
import { goKey, goQuote, goText, invalidUtf8Quoted, spanOf, type MapView } from './goYaml';
import { escapingSchemes, scrapeProtocols, validationSchemes } from './model';
import { globalScheme, isV3, isValidLabelName, jobScheme, libraryScheme, utf8NamesFeature } from './names';
import { configUnits, unitsInReadOrder, type ConfigUnit } from './units';

/** Scrape jobs as Prometheus validates them (ScrapeConfig.Validate and the checks around it). */

export const jobName = (job: MapView) => job.text('job_name') ?? '';
const forJob = (job: MapView) => `scrape config with job name ${goQuote(jobName(job))}`;
const globalOf = (unit: ConfigUnit) => (unit.includedPath ? undefined : unit.global);
export const defaultInterval = 60_000;
export const defaultTimeout = 10_000;

/** A duration setting in milliseconds: 0 when unset or empty, undefined when Prometheus cannot read it. */
export function durationOf(view: MapView | undefined, key: string): number | undefined {
  const text = view?.text(key);
  return text === undefined || text === '' ? 0 : parseDuration(text);
}

export const emptyJobName: Rule = {
  id: 'promconfig/job-name',
  severity: 'error',
  docs: 'A scrape config without job_name: `job_name is empty`.',
  appliesTo: isPrometheusConfig,
  check(context) {
    for (const unit of configUnits(context)) {
      for (const job of unit.decoded.jobs) {
        if (job.text('job_name') === '' || !job.pair('job_name')) unit.report({ span: job.spanFor('job_name'), message: 'job_name is empty' });
      }
    }
  },
};

export const duplicateJobName: Rule = {
  id: 'promconfig/duplicate-job-name',
  severity: 'error',
  docs: 'Two scrape configs with one job_name, in the file or across the files scrape_config_files pulls in (a file two patterns match is read twice).',
  appliesTo: isPrometheusConfig,
  check(context) {
    const { document, runner } = context;
    if (document.embedding && runner?.includedBy) {
      // The keys read before this one may be in other files, whose edits the index does not see: what is read is
      // watched, and the watch's first read is the one checked.
      let orders: ReadConfiguration[][] = [];
      context.watch(() => {
        orders = mountedReadOrders(document.embedding!, context.file.uri, runner, context.workspace);
        return JSON.stringify(orders.map((order) => order.map(({ path, document: read }) => [path, read.embedding?.text ?? read.source.text])));
      });
      if (orders.length) {
        duplicatesInReadOrders(context, orders);
        return;
      }
    }
    const firstSeen = new Map<string, string>();
    for (const unit of unitsInReadOrder(context)) {
      const here = unit.includedPath === undefined ? 'main config file' : goQuote(unit.includedPath);
      for (const job of unit.decoded.jobs) {
        const name = jobName(job);
        if (name === '') continue;
        const first = firstSeen.get(name);
        if (first === undefined) firstSeen.set(name, here);
        else {
          const where = unit.includedPath === undefined ? '' : `, first found in ${first}`;
          unit.report({ span: job.spanFor('job_name'), message: `found multiple scrape configs with job name ${goQuote(name)}${where}` });
        }
      }
    }
  },
};

/**
 * A key a mounted configuration pulls in, read as Prometheus reads it in each workload mounting both: its jobs
 * against those read before it (see mountedReadOrders). What some workloads' orders raise and others' do not is left
 * unsaid.
 */
function duplicatesInReadOrders(context: RuleContext, orders: ReadConfiguration[][]): void {
  const own = configUnits(context)[0];
  const version = context.options.prometheusVersion;
  const decodedJobs = new Map<ClassifiedDocument, string[]>();
  const jobNamesOf = (read: ReadConfiguration) => {
    let names = decodedJobs.get(read.document);
    if (!names) decodedJobs.set(read.document, (names = decodeConfig(read.document.yaml.ast, read.path === undefined ? 'config' : 'scrape-config-file', version).jobs.map(jobName)));
    return names;
  };
  const raised = orders.map((order) => {
    const found = new Map<number, { job: MapView; message: string }>();
    const firstSeen = new Map<string, string>();
    for (const read of order) {
      const here = read.path === undefined ? 'main config file' : goQuote(read.path);
      if (read.document !== context.document) {
        for (const name of jobNamesOf(read)) if (name !== '' && !firstSeen.has(name)) firstSeen.set(name, here);
        continue;
      }
      own.decoded.jobs.forEach((job, index) => {
        const name = jobName(job);
        if (name === '') return;
        const first = firstSeen.get(name);
        if (first === undefined) firstSeen.set(name, here);
        // A job read twice is said once, as its first read finds it.
        else if (!found.has(index)) found.set(index, { job, message: `${here}: found multiple scrape configs with job name ${goQuote(name)}, first found in ${first}` });
      });
    }
    return found;
  });
  for (const [key, { job, message }] of raised[0]) {
    if (raised.every((found) => found.has(key))) own.report({ span: job.spanFor('job_name'), message });
  }
}

export const scrapeTimeout: Rule = {
  id: 'promconfig/scrape-timeout',
  severity: 'error',
  docs: 'A scrape_timeout longer than the scrape_interval in effect (global, or per job after the global defaults apply). Not said of a job that inherits its interval in a file of scrape_configs alone that nothing in the workspace runs or pulls in, whose first line does not say who runs it and whose name is not prometheus*.yml: a configuration elsewhere may pull it in, whose global is not known.',
  appliesTo: isPrometheusConfig,
  check(context) {
    for (const unit of configUnits(context)) {
      const global = unit.global;
      const globalInterval = durationOf(global, 'scrape_interval') || defaultInterval;
      const globalTimeout = durationOf(global, 'scrape_timeout');
      if (globalOf(unit) && globalTimeout !== undefined && globalTimeout > globalInterval) {
        unit.report({ span: global!.spanFor('scrape_timeout'), message: 'global scrape timeout greater than scrape interval' });
      }
      for (const job of unit.decoded.jobs) {
        const interval = durationOf(job, 'scrape_interval');
        const timeout = durationOf(job, 'scrape_timeout');
        if (interval === undefined || timeout === undefined || (!interval && unit.globalUnknown)) continue;
        if (timeout > (interval || globalInterval)) {
          unit.report({ span: job.spanFor('scrape_timeout'), message: `scrape timeout greater than scrape interval for ${forJob(job)}` });
        }
      }
    }
  },
};

const supported = `[${[...scrapeProtocols].sort().join(' ')}]`;

export const protocols: Rule = {
  id: 'promconfig/scrape-protocols',
  severity: 'error',
  docs: 'scrape_protocols empty, with an unknown or repeated protocol; an unknown fallback_scrape_protocol.',
  appliesTo: isPrometheusConfig,
  check(context) {
    for (const unit of configUnits(context)) {
      const check = (view: MapView, owner: string) => {
        const node = view.value('scrape_protocols');
        if (!isSeq(node)) return;
        if (node.items.length === 0) {
          unit.report({ span: view.spanFor('scrape_protocols'), message: `scrape_protocols cannot be empty for ${owner}` });
          return;
        }
        const written = node.items.map((item) => (isScalar(item) ? goText(item) : ''));
        const seen = new Set<string>();
        node.items.forEach((item, index) => {
          const protocol = written[index];
          const span = spanOf(item as Node) ?? view.spanFor('scrape_protocols');
          if (seen.has(protocol.toLowerCase())) {
            unit.report({ span, message: `duplicated protocol in scrape_protocols, got [${written.join(' ')}] for ${owner}` });
          } else if (!scrapeProtocols.includes(protocol)) {
            unit.report({ span, message: `scrape_protocols: unknown scrape protocol ${protocol}, supported: ${supported} for ${owner}` });
          }
          seen.add(protocol.toLowerCase());
        });
      };
      if (globalOf(unit)) check(unit.global!, 'global config');
      for (const job of unit.decoded.jobs) {
        check(job, forJob(job));
        const fallback = job.text('fallback_scrape_protocol');
        if (fallback && !scrapeProtocols.includes(fallback)) {
          unit.report({
            span: job.spanFor('fallback_scrape_protocol'),
            message: `invalid fallback_scrape_protocol for ${forJob(job)}: unknown scrape protocol ${fallback}, supported: ${supported}`,
          });
        }
      }
    }
  },
};

const escapingList = escapingSchemes.map((scheme) => `'${scheme}'`).join(', ').replace(/, ([^,]*)$/, ', or $1');

export const nameScheme: Rule = {
  id: 'promconfig/name-scheme',
  severity: 'error',
  docs: 'metric_name_validation_scheme or metric_name_escaping_scheme unknown, or allow-utf-8 escaping with legacy validation (v3).',
  appliesTo: isPrometheusConfig,
  check(context) {
    const units = configUnits(context);
    // Each scrape config checks the global escaping scheme as it is validated: with no job, nothing checks it.
    const anyJob = units.some((unit) => unit.decoded.jobs.length > 0);
    for (const unit of units) {
      if (!isV3(unit.version)) continue;
      const levels: [MapView, string][] = unit.decoded.jobs.map((job) => [job, 'scrape config']);
      if (globalOf(unit)) levels.unshift([unit.global!, 'global']);
      for (const [view, level] of levels) {
        const validation = view.text('metric_name_validation_scheme');
        if (validation && !validationSchemes.includes(validation)) {
          unit.report({ span: view.spanFor('metric_name_validation_scheme'), message: `unrecognized ValidationScheme: ${goQuote(validation)}` });
        }
        const escaping = view.text('metric_name_escaping_scheme');
        if (escaping && !escapingSchemes.includes(escaping) && (level !== 'global' || anyJob)) {
          unit.report({
            span: view.spanFor('metric_name_escaping_scheme'),
            message: `unknown ${level} name escaping method specified, must be one of ${escapingList}, got ${goQuote(escaping)}`,
          });
        }
      }
      const global = unit.global;
      const globalValidation = globalScheme(global, unit.version);
      const globalEscaping = global?.text('metric_name_escaping_scheme') || (globalValidation === 'legacy' ? 'underscores' : 'allow-utf-8');
      for (const job of unit.decoded.jobs) {
        const own = job.text('metric_name_validation_scheme');
        const validation = jobScheme(job, global, unit.version);
        // Since v3.7 (#16923) a job that sets its validation scheme infers its escaping from it; before, from global.
        const inherits = !own || !atLeast(unit.version, 'v3.7.0');
        if (unit.globalUnknown && ((inherits && !job.has('metric_name_escaping_scheme')) || !own)) continue;
        const escaping = job.text('metric_name_escaping_scheme') || (inherits ? globalEscaping : validation === 'legacy' ? 'underscores' : 'allow-utf-8');
        if (escaping === 'allow-utf-8' && validation !== 'utf8') {
          const key = job.has('metric_name_escaping_scheme') ? 'metric_name_escaping_scheme' : 'metric_name_validation_scheme';
          unit.report({ span: job.spanFor(key), message: 'utf8 metric names requested but validation scheme is not set to UTF8' });
        }
      }
    }
  },
};

export const labelName: Rule = {
  id: 'promconfig/label-name',
  severity: 'error',
  docs: 'A label name invalid under the scheme in effect (legacy names before v3, unless v2.55 runs with --enable-feature=utf8-names): external_labels, static labels, source_labels, required_matchers.',
  appliesTo: isPrometheusConfig,
  check(context) {
    for (const unit of configUnits(context)) {
      const report = (node: unknown, name: string, scheme: 'utf8' | 'legacy') => {
        const span = spanOf(node as Node);
        // Bytes that are not UTF-8 (from !!binary) make a name invalid under either scheme.
        const quoted = invalidUtf8Quoted(node) ?? (isValidLabelName(name, scheme) ? undefined : goQuote(name));
        if (span && quoted) unit.report({ span, message: `${quoted} is not a valid label name` });
      };
      const mapKeys = (view: MapView | undefined, key: string, scheme: 'utf8' | 'legacy') => {
        const map = view?.value(key);
        if (!isMap(map)) return;
        for (const pair of map.items) if (isPair(pair)) report(pair.key, goKey(pair) ?? '', scheme);
      };
      // v2.55's feature switches the library's scheme, which external labels are checked with too before v3.
      const features = context.runner?.features;
      if (globalOf(unit)) mapKeys(unit.global, 'external_labels', utf8NamesFeature(unit.version, features) ? 'utf8' : globalScheme(unit.global, unit.version));
      const library = libraryScheme(unit.version, features);
      for (const group of sectionsNamed(unit, 'staticConfig')) mapKeys(group.view, 'labels', library);
      for (const read of sectionsNamed(unit, 'remoteRead')) mapKeys(read.view, 'required_matchers', library);
      for (const step of sectionsNamed(unit, 'relabel')) {
        for (const item of step.view.items('source_labels')) if (isScalar(item) || item === null) report(item, item ? goText(item) : '', library);
      }
    }
  },
};

export const scrapeRules: Rule[] = [emptyJobName, duplicateJobName, scrapeTimeout, protocols, nameScheme, labelName];

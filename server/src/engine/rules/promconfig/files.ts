import { isScalar } from 'yaml';
import type { Rule } from '../rule';
import { isPrometheusConfig } from './common';
import { goQuote, goText, spanOf } from './goYaml';
import { absolutePattern, malformedGlob } from '../../model/scrapeConfigFiles';
import { configUnits, unreadIncludes } from './units';

/** Paths a configuration names: rule files and scrape config files. */

/** One `*` at most, and only in the last path segment. */
const pathPattern = /^[^*]*(\*[^/]*)?$/;
const patternKeys: [string, string][] = [['rule_files', 'rule file'], ['scrape_config_files', 'scrape config file']];

export const filePattern: Rule = {
  id: 'promconfig/file-pattern',
  severity: 'error',
  docs: 'A rule_files or scrape_config_files pattern with a `*` outside the last path segment, or two (`invalid rule file path "a/**/b.yml"`); a scrape_config_files glob Go cannot read (`syntax error in pattern`).',
  appliesTo: isPrometheusConfig,
  check(context) {
    const root = configUnits(context)[0].decoded.root;
    for (const [key, what] of patternKeys) {
      for (const item of root?.items(key) ?? []) {
        const span = spanOf(item);
        const path = isScalar(item) ? goText(item) : undefined;
        if (!span || path === undefined) continue;
        if (!pathPattern.test(path)) {
          context.report({ span, message: `invalid ${what} path ${goQuote(path)}` });
          continue;
        }
        // At start-up the scrape config files are globbed, joined to the configuration's folder: a malformed
        // pattern stops Prometheus. An embedded configuration's folder is the pod's, which promagent cannot know.
        const absolute = key === 'scrape_config_files' && !context.document.embedding ? absolutePattern(context.file.uri, path) : undefined;
        if (absolute !== undefined && malformedGlob(absolute)) {
          context.report({ span, message: `error retrieving scrape config files for ${goQuote(absolute)}: syntax error in pattern` });
        }
      }
    }
  },
};

export const scrapeConfigFiles: Rule = {
  id: 'promconfig/scrape-config-files',
  severity: 'error',
  docs: 'A file scrape_config_files pulls in that is not valid YAML (its other errors come from the other rules, on the line that pulls it in), or that promagent did not read: a FIFO or a device, which Prometheus would wait on or read forever, or a file above the size bound (a warning).',
  appliesTo: isPrometheusConfig,
  check(context) {
    for (const { path, entry, reason } of unreadIncludes(context)) {
      context.report({ span: entry, message: `${goQuote(path)}: not checked: ${reason}`, severity: 'warning' });
    }
    for (const unit of configUnits(context)) {
      if (unit.includedPath === undefined) continue;
      for (const problem of unit.yaml.problems) if (problem.isError && problem.code !== 'DUPLICATE_KEY') unit.report({ span: problem.span, message: `yaml: ${problem.message}` });
    }
  },
};

export const fileRules: Rule[] = [filePattern, scrapeConfigFiles];

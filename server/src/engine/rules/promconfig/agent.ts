import { isMap, isSeq } from 'yaml';
import type { Node } from 'yaml';
import { atLeast } from '../../util/version';
import { removeEntry } from '../../yaml/removal';
import { configFileName } from '../../../../../shared/configFiles';
import type { FixDraft, Report, Rule, RuleContext } from '../rule';
import type { ClassifiedDocument } from '../../classify';
import type { CheckOptions } from '../../types';
import { isPrometheusConfig, isWholeConfig } from './common';
import { goKey, spanOf, type MapView } from './goYaml';
import { sectionKeys, type KeySpec, type SectionSpec } from './model';
import { configUnits } from './units';
import { decodedUri } from '../../util/uriText';

/** Prometheus run with --agent: what it refuses, what it ignores, and the one thing it needs to be useful. */

/** A whole configuration that an agent runs (the model's runner): what follows holds only in agent mode. */
const runByAgent = (document: ClassifiedDocument, options: CheckOptions) =>
  isWholeConfig(document) && options.runBy?.mode === 'agent';

/**
 * What an agent refuses or ignores, said of a configuration only a name says an agent runs (the runner's mode is an
 * assumption): information, its fix offered but not applied unasked. No error depends on a guess.
 */
function reportForAgent(context: RuleContext, report: Report): void {
  const runner = context.runner;
  if (runner?.mode === undefined || runner.assumption === undefined) {
    context.report(report);
    return;
  }
  const fixes = report.fixes?.map(({ preferred: _, ...fix }) => fix);
  context.report({ ...report, message: `${report.message} (if an agent runs it: only ${runner.modeFrom} says so)`, severity: 'information', fixes });
}

function removeKeyFix(context: RuleContext, view: MapView, key: string, title = `Remove ${key}`): FixDraft[] {
  const pair = view.pair(key);
  // A key brought in by a merge key (<<) is written elsewhere: no clean edit.
  if (!pair || !view.node.items.includes(pair)) return [];
  const edit = removeEntry(context.text, context.lines, view.node, pair);
  return edit ? [{ title, edits: [edit], preferred: true }] : [];
}

const nonEmptyList = (node: Node | null | undefined) => isSeq(node) && node.items.length > 0;

/** The sections an agent refuses that the configuration holds (alerting counts with alertmanagers or relabelling). */
function forbiddenSections(context: RuleContext): string[] {
  const root = configUnits(context)[0].decoded.root;
  // A file pulled in holds scrape_configs only: any other key is unknown there (promconfig/unknown-key).
  if (!root || context.runner?.includedBy) return [];
  const alerting = root.value('alerting');
  const forbidden = {
    alerting: isMap(alerting) && ['alertmanagers', 'alert_relabel_configs'].some((key) => nonEmptyList(root.map('alerting')?.value(key))),
    rule_files: nonEmptyList(root.value('rule_files')),
    remote_read: nonEmptyList(root.value('remote_read')),
  };
  return Object.entries(forbidden).flatMap(([key, present]) => (present ? [key] : []));
}

export const agentForbidden: Rule = {
  id: 'promconfig/agent-forbidden',
  severity: 'error',
  docs: 'alerting (with alertmanagers or alert_relabel_configs), rule_files or remote_read: an agent refuses to start. Fix: remove the section. Information, the fix not applied by promagent fix, where only a name says an agent runs it.',
  appliesTo: runByAgent,
  check(context) {
    const root = configUnits(context)[0].decoded.root;
    for (const key of forbiddenSections(context)) {
      reportForAgent(context, {
        span: root!.keySpan(key) ?? root!.anchor(),
        message: `field ${key} is not allowed in agent mode`,
        fixes: removeKeyFix(context, root!, key),
      });
    }
  },
};

const ignorableBySection = new WeakMap<SectionSpec, [string, KeySpec][]>();

/** The keys of a section some agent ignores: always, or before the release whose agent uses them. Listed once per section type. */
function ignorableKeys(spec: SectionSpec): [string, KeySpec][] {
  let keys = ignorableBySection.get(spec);
  if (!keys) ignorableBySection.set(spec, (keys = Object.entries(sectionKeys(spec)).filter(([, key]) => key.agent === 'ignored' || key.agentUsesSince)));
  return keys;
}

/** The keys of a section the agent of `version` ignores. */
function ignoredKeys(spec: SectionSpec, version: string): [string, KeySpec][] {
  return ignorableKeys(spec).filter(([, key]) => key.agent === 'ignored' || (key.agentUsesSince && !atLeast(version, key.agentUsesSince)));
}

export const agentIgnored: Rule = {
  id: 'promconfig/agent-ignored',
  severity: 'warning',
  docs: 'Settings an agent accepts but never uses (evaluation_interval, rule_query_offset, query_log_file, TSDB retention, exemplars …). Fix: remove them.',
  appliesTo: runByAgent,
  check(context) {
    for (const { section, key, spec } of ignoredSettings(context)) {
      const name = [...section.view.path, key].join('.');
      reportForAgent(context, {
        span: section.view.keySpan(key) ?? section.view.anchor(),
        message: `${name} is ignored in agent mode (${spec.doc[0].toLowerCase()}${spec.doc.slice(1, -1)})`,
        fixes: removeKeyFix(context, section.view, key),
      });
    }
  },
};

/** The settings of the configuration an agent would ignore, section by section. */
function ignoredSettings(context: RuleContext) {
  return configUnits(context)[0].decoded.sections.flatMap((section) =>
    ignoredKeys(section.spec, context.options.prometheusVersion).flatMap(([key, spec]) => (section.view.has(key) ? [{ section, key, spec }] : [])));
}

/**
 * A file holding only scrape_configs and not named like a configuration: what scrape_config_files pulls in, where
 * remote_write has no place.
 */
function scrapeConfigFileLike(context: RuleContext): boolean {
  const root = context.document.yaml.ast.contents;
  if (context.document.embedding || !isMap(root) || configFileName.test(decodedUri(context.file.uri))) return false;
  return root.items.length === 1 && goKey(root.items[0]) === 'scrape_configs';
}

export const agentRemoteWrite: Rule = {
  id: 'promconfig/agent-remote-write',
  severity: 'information',
  docs: 'No remote_write: an agent keeps nothing queryable, its samples only leave through remote_write (before v2.42 an agent refused to start). Not said of a file a configuration pulls in with scrape_config_files, nor of one holding only scrape_configs that is not named like a configuration (prometheus*.yml, *agent*.yml), as such files are.',
  appliesTo: runByAgent,
  check(context) {
    const root = configUnits(context)[0].decoded.root;
    if (root && nonEmptyList(root.value('remote_write'))) return;
    if (context.runner?.includedBy || scrapeConfigFileLike(context)) return;
    const span = root?.keySpan('remote_write') ?? root?.anchor() ?? spanOf(context.document.yaml.ast.contents) ?? context.document.yaml.span;
    const anchor = { start: span.start, end: Math.max(span.start, Math.min(span.end, context.lines.lineEnd(span.start))) };
    if (!atLeast(context.options.prometheusVersion, 'v2.42.0')) {
      reportForAgent(context, { span: anchor, message: 'at least one remote_write target must be specified in agent mode', severity: 'error' });
      return;
    }
    context.report({ span: anchor, message: 'no remote_write: an agent keeps no queryable data, its samples only leave through remote_write' });
  },
};

export const whoRuns: Rule = {
  id: 'promconfig/who-runs',
  severity: 'information',
  docs: 'Nothing says whether an agent or a server runs this configuration (no workload of the workspace mounts it, no `# promagent: agent|server` line), or only its name does, while it holds what an agent refuses or ignores: what was assumed and how to say it. Only checks that hold either way raise errors then.',
  appliesTo: isPrometheusConfig,
  check(context) {
    const assumption = context.runner?.assumption;
    // Said only where the verdict depends on the mode: sections an agent refuses or settings it ignores.
    if (!assumption || !(forbiddenSections(context).length || ignoredSettings(context).length)) return;
    const start = context.text.charCodeAt(0) === 0xfeff ? 1 : 0;
    context.report({ span: { start, end: context.lines.lineEnd(start) }, message: assumption, quotesNoValue: true });
  },
};

export const agentRules: Rule[] = [whoRuns, agentForbidden, agentIgnored, agentRemoteWrite];

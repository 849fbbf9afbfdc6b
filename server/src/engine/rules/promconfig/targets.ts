import { isMap, isPair, isScalar, isSeq } from 'yaml';
import type { Node } from 'yaml';
import { parseDuration } from '../../util/duration';
import type { Rule } from '../rule';
import { isPrometheusConfig, sectionsNamed } from './common';
import { goKey, goQuote, goText, spanOf, type MapView } from './goYaml';
import { isValidLabelName, jobScheme, type NameScheme } from './names';
import { compileRelabelRegex, expandTemplate, fullMatch } from '../../util/relabelRegex';
import { readRelabel, relabelProblem, type RelabelStep } from './relabel';
import { defaultInterval, defaultTimeout, durationOf, jobName } from './scrape';
import { configUnits } from './units';

/** Static targets: what Prometheus checks while loading, and what promtool checks after relabeling them. */

export const staticTarget: Rule = {
  id: 'promconfig/static-target',
  severity: 'error',
  docs: 'A static target that is not host:port (`"http://foo:9100" is not a valid hostname`): without relabel_configs Prometheus refuses the configuration; with them, a target that is none after relabeling, as promtool relabels it (promtool check config refuses the configuration; Prometheus loads it and drops the target, so it is never scraped).',
  appliesTo: isPrometheusConfig,
  check(context) {
    for (const unit of configUnits(context)) {
      const globalInterval = durationOf(unit.global, 'scrape_interval') || defaultInterval;
      const globalTimeout = durationOf(unit.global, 'scrape_timeout') || Math.min(defaultTimeout, globalInterval);
      for (const owner of sectionsNamed(unit, 'scrape', 'alertmanager')) {
        const relabels = owner.view.items('relabel_configs').filter(isMap).map((node) => readRelabel(owner.view.views.of(node, [])));
        const scheme = jobScheme(owner.view, unit.global, unit.version);
        // The outcome cannot be known here with a hashmod step, or a step Prometheus refuses anyway.
        const simulated = !relabels.some((step) => step.action === 'hashmod' || relabelProblem(step, scheme, unit.version));
        owner.view.items('static_configs').forEach((group, groupIndex) => {
          if (!isMap(group)) return;
          const view = owner.view.views.of(group, []);
          view.items('targets').forEach((target, index) => {
            const address = isScalar(target) ? goText(target) : '';
            const span = spanOf(target);
            if (!span) return;
            if (relabels.length === 0 && address.includes('/')) {
              unit.report({ span, message: `${goQuote(address)} is not a valid hostname` });
              return;
            }
            // promtool goes on for scrape jobs: it builds each target as a scrape would and checks what comes out.
            if (owner.name !== 'scrape' || !simulated) return;
            const [ownInterval, ownTimeout] = [durationOf(owner.view, 'scrape_interval'), durationOf(owner.view, 'scrape_timeout')];
            const interval = ownInterval || globalInterval;
            const timeout = ownTimeout || Math.min(globalTimeout, interval);
            const labels = targetLabels(owner.view, view, address, interval, timeout);
            const problem = relabeledTargetProblem(labels, relabels, scheme, unit.version);
            // The job's own timeout past its interval stops the loading: promconfig/scrape-timeout says so. Past an
            // interval or timeout the job takes from a global not known here, it may not be past.
            const inherited = unit.globalUnknown && !(ownInterval && ownTimeout);
            if (!problem || (problem.startsWith(timeoutPastInterval) && (timeout > interval || inherited))) return;
            // promtool refuses the configuration; Prometheus loads it and drops the target, with a log line, when it
            // builds targets: scraped, it never is.
            unit.report({
              span,
              message: `instance ${index} in group ${groupIndex}: ${problem} (promtool check config refuses the configuration; Prometheus drops the target)`,
            });
          });
        });
      }
    }
  },
};

/** The labels promtool starts relabeling from: the address, the group's labels, then the job's defaults. */
function targetLabels(job: MapView, group: MapView, address: string, interval: number, timeout: number): Map<string, string> {
  const labels = new Map<string, string>([['__address__', address]]);
  const groupLabels = group.value('labels');
  if (isMap(groupLabels)) {
    for (const pair of groupLabels.items) {
      const value = pair.value as Node | null;
      if (isPair(pair) && !labels.has(goKey(pair) ?? '')) labels.set(goKey(pair) ?? '', isScalar(value) ? goText(value) : '');
    }
  }
  const defaults: [string, string][] = [
    ['job', jobName(job)], ['__scrape_interval__', formatDuration(interval)], ['__scrape_timeout__', formatDuration(timeout)],
    ['__metrics_path__', job.text('metrics_path') || '/metrics'], ['__scheme__', job.text('scheme') || 'http'],
  ];
  for (const [name, value] of defaults) if (!labels.get(name)) labels.set(name, value);
  const params = job.value('params');
  if (isMap(params)) {
    for (const pair of params.items) {
      const values = pair.value as Node | null;
      const first = isSeq(values) ? values.items[0] : undefined;
      if (isPair(pair) && isScalar(first)) labels.set(`__param_${goKey(pair) ?? ''}`, goText(first));
    }
  }
  return labels;
}

const timeoutPastInterval = 'scrape timeout cannot be greater than scrape interval';

/**
 * What promtool does with the static targets of a job that relabels them: it runs the relabel steps on each target's
 * labels and checks the address that comes out (scrape.TargetsFromGroup). Undefined when the outcome cannot be known.
 */
function relabeledTargetProblem(
  labels: Map<string, string>, steps: readonly RelabelStep[], scheme: NameScheme, version: string,
): string | undefined | false {
  for (const step of steps) {
    const kept = applyStep(labels, step, scheme, version);
    if (kept === undefined) return undefined;
    if (!kept) return false;
  }
  const address = labels.get('__address__') ?? '';
  if (address === '') return 'no address';
  if (address.includes('/')) return `${goQuote(address)} is not a valid hostname`;
  const interval = labels.get('__scrape_interval__') ?? '';
  const timeout = labels.get('__scrape_timeout__') ?? '';
  const intervalMs = parseDuration(interval);
  const timeoutMs = parseDuration(timeout);
  if (intervalMs === undefined || timeoutMs === undefined) return undefined;
  if (intervalMs === 0) return 'scrape interval cannot be 0';
  if (timeoutMs === 0) return 'scrape timeout cannot be 0';
  if (timeoutMs > intervalMs) return `${timeoutPastInterval} (${goQuote(timeout)} > ${goQuote(interval)})`;
  return undefined;
}

/** One relabel step on a label set (relabel.relabel); false drops the target, undefined: cannot be simulated. */
function applyStep(labels: Map<string, string>, step: RelabelStep, scheme: NameScheme, version: string): boolean | undefined {
  const { regex } = compileRelabelRegex(step.regex ?? '(.*)', version);
  if (!regex) return undefined;
  const value = (step.sourceLabels ?? []).map((name) => labels.get(name) ?? '').join(step.separator);
  const set = (name: string, text: string) => (text === '' ? labels.delete(name) : labels.set(name, text));
  switch (step.action) {
    case 'drop': return !regex.matches(value);
    case 'keep': return regex.matches(value);
    case 'dropequal': return (labels.get(step.targetLabel) ?? '') !== value;
    case 'keepequal': return (labels.get(step.targetLabel) ?? '') === value;
    case 'lowercase': set(step.targetLabel, value.toLowerCase()); return true;
    case 'uppercase': set(step.targetLabel, value.toUpperCase()); return true;
    case 'replace': {
      if (value === '' && step.regex === undefined && !step.targetLabel.includes('$') && !step.replacement.includes('$')) {
        set(step.targetLabel, step.replacement);
        return true;
      }
      const match = fullMatch(regex, value);
      if (!match) return true;
      const target = expandTemplate(step.targetLabel, match);
      if (isValidLabelName(target, scheme)) set(target, expandTemplate(step.replacement, match));
      return true;
    }
    case 'labelmap':
      for (const [name, text] of [...labels]) {
        const match = fullMatch(regex, name);
        if (match) labels.set(expandTemplate(step.replacement, match), text);
      }
      return true;
    case 'labeldrop':
    case 'labelkeep':
      for (const name of [...labels.keys()]) if (regex.matches(name) === (step.action === 'labeldrop')) labels.delete(name);
      return true;
    default: return undefined;
  }
}

/** model.Duration's String(): `1m30s`, `0s`. */
function formatDuration(ms: number): string {
  if (ms === 0) return '0s';
  const units: [string, number][] = [['y', 31_536_000_000], ['w', 604_800_000], ['d', 86_400_000], ['h', 3_600_000], ['m', 60_000], ['s', 1000], ['ms', 1]];
  let rest = ms;
  let out = '';
  for (const [unit, size] of units) {
    if (rest >= size) {
      out += `${Math.floor(rest / size)}${unit}`;
      rest %= size;
    }
  }
  return out;
}

import { atLeast } from '../../util/version';
import type { Rule } from '../rule';
import { isPrometheusConfig, sectionsNamed } from './common';
import type { SectionInstance } from './decode';
import { goQuote, isNullNode, spanOf, type MapView } from './goYaml';
import { relabelActions } from './model';
import { globalScheme, isValidLabelName, jobScheme, type NameScheme } from './names';
import { compileRelabelRegex } from '../../util/relabelRegex';
import { configUnits, type ConfigUnit } from './units';

/** A relabel step with Go's defaults applied: an absent key takes the default, a key with no value the zero value. */
export interface RelabelStep {
  view: MapView;
  /** Lower-cased, as Go compares it; '' for `action:` with no value. */
  action: string;
  /** As written; null for `action:` with no value (Go keeps the zero value, ''). */
  actionText: string | null;
  /** Undefined: not set (Go's nil slice). */
  sourceLabels?: string[];
  separator: string;
  /** Undefined: the default `(.*)`; any written regex, even `(.*)`, counts as set. */
  regex?: string;
  modulus: number;
  targetLabel: string;
  replacement: string;
}

export function readRelabel(view: MapView): RelabelStep {
  const valueOr = (key: string, fallback: string) => (view.pair(key) ? view.text(key) ?? fallback : fallback);
  const action = view.value('action');
  const actionText = action !== undefined && isNullNode(action) ? null : valueOr('action', 'replace');
  return {
    view,
    action: actionText?.toLowerCase() ?? '',
    actionText,
    sourceLabels: view.has('source_labels') ? view.texts('source_labels') : undefined,
    separator: valueOr('separator', ';'),
    regex: view.pair('regex') ? view.text('regex') ?? '' : undefined,
    modulus: view.number('modulus') ?? 0,
    targetLabel: valueOr('target_label', ''),
    replacement: valueOr('replacement', '$1'),
  };
}

/** Legacy label names with `$1` / `${name}` references, as the replace and labelmap actions may write them. */
const legacyNameWithReferences = /^(?:(?:[a-zA-Z_]|\$(?:\{\w+\}|\w+))+\w*)+$/;

/** The actions of later releases (CHANGELOG: lowercase and uppercase in 2.36.0, keepequal and dropequal in 2.41.0). */
const actionsSince: Record<string, string> = { lowercase: 'v2.36.0', uppercase: 'v2.36.0', keepequal: 'v2.41.0', dropequal: 'v2.41.0' };

const needsTargetLabel = ['replace', 'hashmod', 'lowercase', 'uppercase', 'keepequal', 'dropequal'];
const plainTargetActions = ['lowercase', 'uppercase', 'keepequal', 'dropequal'];

/**
 * The first check of relabel.Config.Validate that fails, with the key it is about. Before v3.2 (#15851) a target_label
 * holding `$` references, and a labelmap replacement, had to be legacy names whatever the scheme.
 */
export function relabelProblem(step: RelabelStep, scheme: NameScheme, version: string): { message: string; key?: string } | undefined {
  const { action, targetLabel: target, replacement } = step;
  const validName = (name: string) => isValidLabelName(name, scheme);
  const legacyReferences = scheme === 'legacy' || !atLeast(version, 'v3.2.0');
  const validWithReferences = (name: string) => (legacyReferences ? legacyNameWithReferences.test(name) : validName(name));
  const badTarget = { message: `${goQuote(target)} is invalid 'target_label' for ${action} action`, key: 'target_label' };
  if (step.actionText === null) return { message: 'relabel action cannot be empty', key: 'action' };
  if (!relabelActions.includes(action)) return { message: `unknown relabel action ${goQuote(step.actionText)}`, key: 'action' };
  const since = actionsSince[action];
  if (since && !atLeast(version, since)) {
    return { message: `unknown relabel action ${goQuote(step.actionText)}: ${action} came in Prometheus ${since} (checking for ${version})`, key: 'action' };
  }
  if (action === 'hashmod' && step.modulus === 0) return { message: 'relabel configuration for hashmod requires non-zero modulus', key: 'modulus' };
  if (needsTargetLabel.includes(action) && target === '') {
    return { message: `relabel configuration for ${action} action requires 'target_label' value`, key: step.view.pair('target_label') ? 'target_label' : 'action' };
  }
  if (action === 'replace' && !(target.includes('$') ? validWithReferences(target) : validName(target))) return badTarget;
  if (plainTargetActions.includes(action) && !validName(target)) return badTarget;
  if (plainTargetActions.includes(action) && replacement !== '$1') return { message: `'replacement' can not be set for ${action} action`, key: 'replacement' };
  if (action === 'labelmap' && !validWithReferences(replacement)) {
    return { message: `${goQuote(replacement)} is invalid 'replacement' for labelmap action`, key: 'replacement' };
  }
  if (action === 'hashmod' && !validName(target)) return badTarget;
  if (action === 'keepequal' || action === 'dropequal') {
    const extra = [step.regex !== undefined && 'regex', step.modulus !== 0 && 'modulus', step.separator !== ';' && 'separator', replacement !== '$1' && 'replacement'].find(Boolean);
    if (extra) return { message: `${action} action requires only 'source_labels' and \`target_label\`, and no other fields`, key: extra };
  }
  if (action === 'labeldrop' || action === 'labelkeep') {
    const extra = [step.sourceLabels !== undefined && 'source_labels', target !== '' && 'target_label', step.modulus !== 0 && 'modulus',
      step.separator !== ';' && 'separator', replacement !== '$1' && 'replacement'].find(Boolean);
    if (extra) return { message: `${action} action requires only 'regex', and no other fields`, key: extra };
  }
  return undefined;
}

/** Scrape and metric relabeling follow their job's scheme; remote-write and alert relabeling the global one. */
function schemeOf(unit: ConfigUnit, section: SectionInstance): NameScheme {
  return section.job ? jobScheme(section.job, unit.global, unit.version) : globalScheme(unit.global, unit.version);
}

export const relabel: Rule = {
  id: 'promconfig/relabel',
  severity: 'error',
  docs: 'A relabel step Prometheus refuses, checked in its loader\'s order: action, hashmod modulus, target_label, replacement, fields an action does not take.',
  appliesTo: isPrometheusConfig,
  check(context) {
    for (const unit of configUnits(context)) {
      for (const section of sectionsNamed(unit, 'relabel')) {
        const problem = relabelProblem(readRelabel(section.view), schemeOf(unit, section), unit.version);
        if (problem) unit.report({ span: problem.key ? section.view.spanFor(problem.key) : section.view.anchor(), message: problem.message });
      }
    }
  },
};

export const relabelRegex: Rule = {
  id: 'promconfig/relabel-regex',
  severity: 'error',
  docs: 'A relabel regex RE2 cannot compile (Go\'s regexp, anchored as ^(?s:…)$): `error parsing regexp: missing closing )`.',
  appliesTo: isPrometheusConfig,
  check(context) {
    for (const unit of configUnits(context)) {
      for (const scalar of unit.decoded.scalars) {
        if (scalar.kind !== 'regex') continue;
        const { error } = compileRelabelRegex(scalar.text, unit.version);
        const span = spanOf(scalar.node);
        if (error && span) unit.report({ span, message: error });
      }
    }
  },
};

export const relabelRules: Rule[] = [relabel, relabelRegex];

import { isScalar } from 'yaml';
import { sidecarAnnotations, sidecarPrefix, sidecarValueProblem } from '../../model/sidecarRequest';
import { didYouMean } from '../../util/didYouMean';
import { nodeAt } from '../../yaml/documents';
import { replaceScalar } from '../../yaml/edits';
import { renameFix } from '../fixes';
import type { FixDraft, Rule, RuleContext } from '../rule';
import { annotationPath, annotationSpan, hasPodTemplate, templateOf } from './context';
import { own } from '../../util/own';

const knownKeys = Object.values(sidecarAnnotations) as string[];

const renameAnnotation = (context: RuleContext, key: string, newKey: string): FixDraft[] =>
  renameFix(context, annotationPath(templateOf(context), key), newKey, `Rename to ${newKey}`);

export const unknownAnnotation: Rule = {
  id: 'sidecar/unknown-annotation',
  severity: 'error',
  docs: 'A `prometheus.operator.io/` annotation that the sidecar proposal does not define (a typo): the pod silently gets no agent. Fix: rename to the closest key.',
  appliesTo: hasPodTemplate,
  check(context) {
    const template = templateOf(context);
    for (const key of Object.keys(template.annotations)) {
      if (!key.startsWith(sidecarPrefix) || knownKeys.includes(key)) continue;
      const suggestion = didYouMean(key, knownKeys);
      context.report({
        span: annotationSpan(context, template, key, 'key'),
        message: `unknown annotation ${JSON.stringify(key)}${suggestion ? `: did you mean ${JSON.stringify(suggestion)}?` : ''} (known: ${knownKeys.map((k) => k.slice(sidecarPrefix.length)).join(', ')})`,
        fixes: suggestion ? renameAnnotation(context, key, suggestion) : [],
      });
    }
  },
};

export const annotationValue: Rule = {
  id: 'sidecar/annotation-value',
  severity: 'error',
  docs: 'A sidecar annotation whose value is not what it must be: scrape "true"/"false", an absolute path, a port 1–65535 or a port name, a Prometheus duration, <namespace>/<name>.',
  appliesTo: hasPodTemplate,
  check(context) {
    const template = templateOf(context);
    for (const key of knownKeys) {
      const value = template.annotations[key];
      if (typeof value !== 'string') continue;
      const problem = sidecarValueProblem(key, value);
      if (!problem) continue;
      const node = nodeAt(context.document.yaml.ast.contents, annotationPath(template, key));
      const lower = key === sidecarAnnotations.scrape && /^(true|false)$/i.test(value) ? value.toLowerCase() : undefined;
      const edit = lower && node && isScalar(node) ? replaceScalar(node, lower, context.text) : undefined;
      context.report({
        span: annotationSpan(context, template, key, 'value'),
        message: `${key}: Invalid value: ${JSON.stringify(value)}: ${problem}`,
        fixes: edit ? [{ title: `Change to "${lower}"`, edits: [edit], preferred: true }] : [],
      });
    }
  },
};

/** An earlier draft of the proposal spelt the annotations under prometheus.operator.com, with `metricspath`. */
const legacyKeys: Record<string, string> = {
  'prometheus.operator.com/scrape': sidecarAnnotations.scrape,
  'prometheus.operator.com/port': sidecarAnnotations.port,
  'prometheus.operator.com/metricspath': sidecarAnnotations.path,
  'prometheus.operator.com/agent-selector': sidecarAnnotations.agentSelector,
};

export const legacyAnnotation: Rule = {
  id: 'sidecar/legacy-annotation',
  severity: 'warning',
  docs: 'An annotation from the proposal\'s earlier draft (`prometheus.operator.com/scrape`, `/port`, `/metricspath`, `/agent-selector`). Fix: the canonical key.',
  appliesTo: hasPodTemplate,
  check(context) {
    const template = templateOf(context);
    for (const key of Object.keys(template.annotations)) {
      const canonical = own(legacyKeys, key);
      if (!canonical) continue;
      context.report({
        span: annotationSpan(context, template, key, 'key'),
        message: `${key} is the spelling of an earlier draft of the sidecar proposal: use ${canonical}`,
        fixes: renameAnnotation(context, key, canonical),
      });
    }
  },
};

export const annotationRules: Rule[] = [unknownAnnotation, annotationValue, legacyAnnotation];

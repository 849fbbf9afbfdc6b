import { isScalar } from 'yaml';
import { sidecarAnnotations, sidecarPrefix } from '../../model/sidecarRequest';
import { parseDuration } from '../../util/duration';
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

const portName = /^(?=.*[a-z])[a-z0-9]([-a-z0-9]*[a-z0-9])?$/;
const dnsLabel = /^[a-z0-9]([-a-z0-9]*[a-z0-9])?$/;
const dnsSubdomain = /^[a-z0-9]([-a-z0-9]*[a-z0-9])?(\.[a-z0-9]([-a-z0-9]*[a-z0-9])?)*$/;

/** What is wrong with an annotation's value, if anything (string values only: unquoted ones are metadata/string-value's). */
function valueProblem(key: string, value: string): string | undefined {
  switch (key) {
    case sidecarAnnotations.scrape:
      return value === 'true' || value === 'false' ? undefined : 'must be "true" or "false"';
    case sidecarAnnotations.path:
      return /^\/[^\s?#]*$/.test(value) ? undefined : 'must be an absolute URL path such as /metrics';
    case sidecarAnnotations.port:
      if (/^\d+$/.test(value)) return Number(value) >= 1 && Number(value) <= 65535 ? undefined : 'must be a port number between 1 and 65535';
      return value.length <= 15 && portName.test(value) ? undefined
        : 'must be a port number between 1 and 65535 or the name of a container port (at most 15 lowercase letters, digits and -)';
    case sidecarAnnotations.scrapeInterval: {
      const ms = parseDuration(value);
      if (ms === undefined) return 'must be a Prometheus duration such as 30s or 1m30s';
      return ms === 0 ? 'must be longer than 0' : undefined;
    }
    case sidecarAnnotations.agentSelector: {
      const [namespace, name, ...rest] = value.split('/');
      return rest.length === 0 && name !== undefined && dnsLabel.test(namespace) && dnsSubdomain.test(name) ? undefined
        : 'must be <namespace>/<name> of a PrometheusAgent';
    }
    default:
      return undefined;
  }
}

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
      const problem = valueProblem(key, value);
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

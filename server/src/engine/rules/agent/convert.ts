import { isMap, isNode, isScalar } from 'yaml';
import type { Pair } from 'yaml';
import { findPair, nodeAt, type Path } from '../../yaml/documents';
import { replaceScalar, valueEnd, yamlString } from '../../yaml/edits';
import { locate } from '../../yaml/locate';
import { removeFix } from '../fixes';
import type { EditDraft, FixDraft, Rule, RuleContext } from '../rule';
import { serverOnlyFields } from './serverOnly';
import { asRecord, prometheusVersion, specOf, type Spec } from './spec';
import { atLeast } from '../../util/version';
import { agentKey } from '../../model/workspaceIndex';
import { schemaInUse } from '../../model/operatorRelease';

/**
 * Where a Prometheus CR asks for agent mode: `agent` in enableFeatures or in an enable-feature flag (v2's switch), or
 * the `--agent` flag (v3's). `keep` holds an enable-feature flag's other features, which the conversion keeps.
 */
interface AgentRequest {
  path: Path;
  flag: boolean;
  keep?: string[];
}

function agentRequests(spec: Spec): AgentRequest[] {
  const found: AgentRequest[] = [];
  (Array.isArray(spec.enableFeatures) ? spec.enableFeatures : []).forEach((feature, i) => {
    if (feature === 'agent') found.push({ path: ['spec', 'enableFeatures', i], flag: false });
  });
  (Array.isArray(spec.additionalArgs) ? spec.additionalArgs : []).forEach((arg, i) => {
    const record = asRecord(arg);
    const name = typeof record?.name === 'string' ? record.name.replace(/^-+/, '') : '';
    const features = typeof record?.value === 'string' ? record.value.split(',') : [];
    const path: Path = ['spec', 'additionalArgs', i];
    if (name === 'agent') found.push({ path, flag: true });
    else if (name === 'enable-feature' && features.includes('agent')) {
      const keep = features.filter((f) => f !== 'agent');
      found.push({ path, flag: false, keep: keep.length ? keep : undefined });
    }
  });
  return found;
}

/** What Prometheus does with the flags the operator still passes to a server, in agent mode or not. */
function outcome(version: string, requests: AgentRequest[]): string {
  const v3 = atLeast(version, 'v3.0.0');
  const retentionFlag = !atLeast(version, 'v3.11.0');
  const agentMode = v3 ? requests.some((r) => r.flag) : requests.some((r) => !r.flag);
  const passed = retentionFlag ? '--storage.tsdb.path and --storage.tsdb.retention.time' : '--storage.tsdb.path';
  if (!v3 && !agentMode) return `Prometheus ${version} has no --agent flag (v3 added it), so it does not start`;
  if (!agentMode) return `Prometheus ${version} ignores the unknown feature "agent" (v3 switches with --agent) and runs as a full server`;
  const flags = retentionFlag ? '\\"--storage.tsdb.path\\" \\"--storage.tsdb.retention.time\\"' : '\\"--storage.tsdb.path\\"';
  return `the operator still passes ${passed}, so Prometheus ${version} exits with "The following flag(s) can not be used in agent mode: [${flags}]"`;
}

/** The operator's image for deprecated baseImage/tag/sha: `base@sha256:sha`, `base:tag`, or `base:version`. */
function foldedImage(spec: Spec, version: string): string {
  const base = typeof spec.baseImage === 'string' ? spec.baseImage : 'quay.io/prometheus/prometheus';
  if (typeof spec.sha === 'string') return `${base}@sha256:${spec.sha}`;
  return `${base}:${typeof spec.tag === 'string' ? spec.tag : version}`;
}

function conversionFix(context: RuleContext, spec: Spec, requests: AgentRequest[]): FixDraft | undefined {
  const root = context.document.yaml.ast.contents;
  const edits: EditDraft[] = [];
  for (const [key, value] of [['apiVersion', 'monitoring.coreos.com/v1alpha1'], ['kind', 'PrometheusAgent']] as const) {
    const node = nodeAt(root, [key]);
    const edit = node ? replaceScalar(node, value, context.text) : undefined;
    if (!edit) return undefined;
    edits.push(edit);
  }
  const removals: Path[] = [];
  // When every feature listed is `agent`, the key goes too: an empty enableFeatures says nothing.
  const features = Array.isArray(spec.enableFeatures) ? spec.enableFeatures : [];
  const keptFeatures = features.filter((feature) => feature !== 'agent');
  if (features.length && !keptFeatures.length) removals.push(['spec', 'enableFeatures']);
  for (const request of requests) {
    if (!keptFeatures.length && request.path[1] === 'enableFeatures') continue;
    const value = request.keep && nodeAt(root, [...request.path, 'value']);
    // An agent's operator passes --enable-feature itself on v2 (its agent switch) and for enableFeatures, and then
    // refuses it in additionalArgs: the other features would have to move to enableFeatures, so no conversion is offered.
    if (value && (!atLeast(prometheusVersion(context, spec), 'v3.0.0') || keptFeatures.length)) return undefined;
    const edit = request.keep && value ? replaceScalar(value, request.keep.join(','), context.text) : undefined;
    if (edit) edits.push(edit);
    else removals.push(request.path);
  }
  const imageFields = ['baseImage', 'tag', 'sha'].filter((f) => spec[f] !== undefined);
  if (imageFields.length && spec.image === undefined) {
    const specNode = nodeAt(root, ['spec']);
    const pair = isMap(specNode) ? findPair(specNode.items as Pair[], imageFields[0]) : undefined;
    const key = pair?.key;
    const end = isNode(pair?.value) ? valueEnd(pair.value, context.text) : undefined;
    if (!isScalar(key) || !key.range || end === undefined) return undefined;
    edits.push({ start: key.range[0], end, newText: `image: ${yamlString(foldedImage(spec, prometheusVersion(context, spec)))}` });
    removals.push(...imageFields.slice(1).map((f) => ['spec', f]));
  } else {
    removals.push(...imageFields.map((f) => ['spec', f]));
  }
  // A field of the release's Prometheus its PrometheusAgent lacks goes too (the API server would drop it): the server's
  // own fields, and what came to agents later than to servers (tsdb, before v0.77.0). A field neither has (a typo) stays
  // for crd/unknown-field to name.
  const fieldsOf = (kind: 'Prometheus' | 'PrometheusAgent', apiVersion: string) => schemaInUse(kind, apiVersion, context.options, context.workspace).schema?.properties?.spec?.properties;
  const agentFields = fieldsOf('PrometheusAgent', 'monitoring.coreos.com/v1alpha1');
  const serverFields = fieldsOf('Prometheus', 'monitoring.coreos.com/v1') ?? {};
  if (!agentFields) return undefined;
  const agentLacks = (field: string) => Object.hasOwn(serverOnlyFields, field) || (Object.hasOwn(serverFields, field) && !Object.hasOwn(agentFields, field));
  const otherServerFields = Object.keys(spec).filter((f) => agentLacks(f) && !imageFields.includes(f));
  removals.push(...otherServerFields.map((f) => ['spec', f]));
  for (const path of removals) {
    const [fix] = removeFix(context, path);
    if (!fix) return undefined;
    edits.push(...fix.edits);
  }
  return { title: 'Convert to PrometheusAgent', edits, preferred: true };
}

/**
 * Whether spec.containers gives the prometheus container `args` of its own: the operator merges it into the container
 * it builds as a strategic merge patch, and a container's args have no patch strategy, so they replace the operator's
 * (its tsdb flags and enableFeatures' flag among them; kube-prometheus runs an agent this way).
 */
function replacesArguments(spec: Spec): boolean {
  return (Array.isArray(spec.containers) ? spec.containers : []).some((container) => asRecord(container)?.name === 'prometheus' && asRecord(container)?.args != null);
}

export const prometheusAsAgent: Rule = {
  id: 'agent/prometheus-cr-agent-mode',
  severity: 'error',
  docs: 'A Prometheus CR that asks for agent mode: the operator still passes a server\'s tsdb flags, so Prometheus exits (or, on v3 with the v2 feature flag, runs a full server). Not said where spec.containers gives the prometheus container args of its own, which replace the operator\'s. Fix: convert it to a PrometheusAgent, leaving out the fields the release\'s PrometheusAgent lacks (not offered when one of its name exists, or when it names a governing Service of its own, which selects a server\'s pods).',
  appliesTo: (document) => specOf(document, ['Prometheus']) !== undefined,
  // Whether a PrometheusAgent of its name exists decides whether the conversion is offered.
  reads: () => 'index',
  check(context) {
    const spec = specOf(context.document, ['Prometheus'])!;
    const requests = agentRequests(spec);
    if (requests.length === 0 || replacesArguments(spec)) return;
    const version = prometheusVersion(context, spec);
    // Not offered where it would clash: a PrometheusAgent of that name already in the workspace would be replaced, and a
    // custom governing Service selects the server's pods, not the agent's (app.kubernetes.io/name differs).
    const namesake = context.workspace.index.agentNamed(agentKey({ namespace: context.document.namespace ?? 'default', name: context.document.name ?? '' }));
    const fix = namesake || spec.serviceName !== undefined ? undefined : conversionFix(context, spec, requests);
    context.report({
      span: locate(context.document.yaml, context.lines, requests[0].path, 'value'),
      message: `a Prometheus resource cannot run in agent mode: ${outcome(version, requests)}. Use a PrometheusAgent (its objects are named prom-agent-${context.document.name ?? '<name>'}-*)`,
      fixes: fix ? [fix] : [],
    });
  },
};

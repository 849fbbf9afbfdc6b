/**
 * A CRD's openAPIV3Schema as the JSON Schema promagent validates with, completes and hovers from: the same transform
 * for the bundled CRDs (scripts/generate-schemas.ts, scripts/generate-operator-releases.ts) and for CRDs a workspace
 * holds, read while checking.
 */

/** The subset of JSON Schema (plus Kubernetes extensions) the CRD schemas use. */
export interface CrdSchema {
  type?: string;
  description?: string;
  properties?: Record<string, CrdSchema>;
  additionalProperties?: boolean | CrdSchema;
  items?: CrdSchema;
  required?: string[];
  enum?: unknown[];
  default?: unknown;
  pattern?: string;
  anyOf?: CrdSchema[];
  'x-kubernetes-validations'?: DeclaredValidation[];
  'x-kubernetes-list-type'?: 'atomic' | 'set' | 'map';
  'x-kubernetes-list-map-keys'?: string[];
  'x-kubernetes-int-or-string'?: boolean;
  'x-kubernetes-preserve-unknown-fields'?: boolean;
  /** Enum values promagent adds to the CRD's (Sidecar). */
  'x-promagent-added-enum'?: unknown[];
  /** A field the CRD lacks that promagent declares for its own mode (spec.mode on releases before it existed). */
  'x-promagent-added-field'?: boolean;
}

export interface DeclaredValidation {
  rule: string;
  message?: string;
  fieldPath?: string;
  messageExpression?: string;
  /** promagent's own rules (Sidecar mode) report warnings where the pod ignores a field. */
  'x-promagent-severity'?: 'warning';
  /** A rule promagent adds for Sidecar mode (off when `promagent.sidecarMode` is). */
  'x-promagent-sidecar'?: boolean;
}

type SchemaNode = Record<string, unknown>;

/**
 * Kubernetes prunes or rejects fields a structural schema does not declare: that is made explicit for ajv
 * (`additionalProperties: false`), and an int-or-string field becomes an `anyOf`. Nothing else changes.
 */
export function structuralSchema(node: SchemaNode): CrdSchema {
  const out: SchemaNode = {};
  for (const [key, value] of Object.entries(node)) {
    if (key === 'properties') {
      out.properties = Object.fromEntries(Object.entries(value as Record<string, SchemaNode>).map(([name, sub]) => [name, structuralSchema(sub)]));
    } else if ((key === 'items' || key === 'additionalProperties') && typeof value === 'object') {
      out[key] = structuralSchema(value as SchemaNode);
    } else if (key === 'anyOf' || key === 'allOf' || key === 'oneOf') {
      out[key] = (value as SchemaNode[]).map((sub) => structuralSchema(sub));
    } else {
      out[key] = value;
    }
  }
  const closed = out.type === 'object' && out.properties && out.additionalProperties === undefined &&
    out['x-kubernetes-preserve-unknown-fields'] !== true;
  if (closed) out.additionalProperties = false;
  if (out['x-kubernetes-int-or-string'] === true && !out.anyOf) out.anyOf = [{ type: 'integer' }, { type: 'string' }];
  return out as CrdSchema;
}

/**
 * Sidecar is promagent's third PrometheusAgent mode (the injection proposal, see README "Sidecar mode"), whatever the
 * operator release: the upstream CRD knows only StatefulSet and DaemonSet (and has no `mode` before v0.75.0). This is
 * the one place the schema is widened, and where the fields that cannot apply to an injected agent are declared, as
 * CEL rules of the same form as the DaemonSet ones.
 */
const sidecarMode = 'Sidecar';

/** An injected agent scrapes only its own pod: selecting monitors, or more scrape jobs, has no meaning. */
export const sidecarSelectionFields = [
  'serviceMonitorSelector', 'serviceMonitorNamespaceSelector', 'podMonitorSelector', 'podMonitorNamespaceSelector',
  'probeSelector', 'probeNamespaceSelector', 'scrapeConfigSelector', 'scrapeConfigNamespaceSelector', 'additionalScrapeConfigs',
];
/** One agent per pod, inside that pod: there is no StatefulSet to size, shard, store or roll out. */
export const sidecarWorkloadFields = [
  'replicas', 'shardingStrategy', 'storage', 'persistentVolumeClaimRetentionPolicy', 'podManagementPolicy',
  'updateStrategy', 'serviceName', 'minReadySeconds',
];
/** The pod belongs to its own workload: pod-level settings of the agent cannot reach it. */
export const sidecarIgnoredPodFields = [
  'affinity', 'tolerations', 'topologySpreadConstraints', 'nodeSelector', 'priorityClassName', 'schedulerName',
  'hostNetwork', 'hostUsers', 'hostAliases', 'dnsPolicy', 'dnsConfig', 'serviceAccountName', 'automountServiceAccountToken',
  'securityContext', 'podMetadata', 'terminationGracePeriodSeconds', 'enableServiceLinks', 'initContainers',
];

function sidecarRule(field: string, message: string, severity?: 'warning'): DeclaredValidation {
  return {
    rule: `!(has(self.mode) && self.mode == '${sidecarMode}' && has(self.${field}))`,
    message,
    'x-promagent-sidecar': true,
    ...(severity ? { 'x-promagent-severity': severity } : {}),
  };
}

/** The Sidecar rules for the spec fields a release has: a field it lacks is already an unknown field. */
function sidecarRules(fields: Record<string, CrdSchema>): DeclaredValidation[] {
  const has = (field: string) => Object.hasOwn(fields, field);
  return [
    ...[...sidecarSelectionFields, ...sidecarWorkloadFields].filter(has).map((f) => sidecarRule(f, `${f} cannot be set when mode is ${sidecarMode}`)),
    ...(has('shards') ? [{
      rule: `!(has(self.mode) && self.mode == '${sidecarMode}' && has(self.shards) && self.shards > 1)`,
      message: `shards cannot be greater than 1 when mode is ${sidecarMode}`,
      'x-promagent-sidecar': true,
    }] : []),
    ...sidecarIgnoredPodFields.filter(has).map((f) => sidecarRule(f, `${f} is ignored when mode is ${sidecarMode}: the pod belongs to its own workload`, 'warning')),
  ];
}

/** The mode field of a release that has none: it takes only promagent's own mode. */
const sidecarOnlyMode: CrdSchema = {
  description: `Sidecar is promagent's mode from the sidecar-injection proposal; this prometheus-operator release has no mode field.`,
  enum: [sidecarMode],
  type: 'string',
  'x-promagent-added-enum': [sidecarMode],
  'x-promagent-added-field': true,
};

const withoutModes = new WeakMap<CrdSchema, CrdSchema>();

/**
 * The schema as its CRD has it, without promagent's Sidecar mode (`promagent.sidecarMode` off): what completion and
 * hover offer then. Made once per schema.
 */
export function withoutPromagentModes(kind: string, schema: CrdSchema): CrdSchema {
  const spec = schema.properties?.spec;
  const mode = spec?.properties?.mode;
  if (kind !== 'PrometheusAgent' || !spec?.properties || !mode) return schema;
  let without = withoutModes.get(schema);
  if (!without) {
    const { mode: _added, ...others } = spec.properties;
    const { 'x-promagent-added-enum': added = [], ...upstreamMode } = mode;
    const properties = mode['x-promagent-added-field'] ? others
      : { ...spec.properties, mode: { ...upstreamMode, enum: mode.enum?.filter((value) => !added.includes(value)) } };
    const upstream = (spec['x-kubernetes-validations'] ?? []).filter((validation) => !validation['x-promagent-sidecar']);
    without = { ...schema, properties: { ...schema.properties, spec: { ...spec, properties, 'x-kubernetes-validations': upstream } } };
    withoutModes.set(schema, without);
  }
  return without;
}

/**
 * The schema with promagent's Sidecar mode: `Sidecar` among spec.mode's values (spec.mode itself where the release
 * has none) and the Sidecar rules on spec. Copies only what it changes, and gives the same result applied twice.
 */
export function withPromagentModes(kind: string, schema: CrdSchema): CrdSchema {
  const spec = schema.properties?.spec;
  if (kind !== 'PrometheusAgent' || !spec?.properties) return schema;
  const mode = spec.properties.mode;
  let widenedMode: CrdSchema = sidecarOnlyMode;
  if (mode && !mode['x-promagent-added-field']) {
    // A mode without an enum (a workspace CRD's, say) takes Sidecar already.
    const values = mode.enum?.filter((value) => value !== sidecarMode);
    widenedMode = values ? { ...mode, enum: [...values, sidecarMode], 'x-promagent-added-enum': [sidecarMode] } : mode;
  }
  const properties = { ...spec.properties, mode: widenedMode };
  const upstream = (spec['x-kubernetes-validations'] ?? []).filter((validation) => !validation['x-promagent-sidecar']);
  const widenedSpec = { ...spec, properties, 'x-kubernetes-validations': [...upstream, ...sidecarRules(properties)] };
  return { ...schema, properties: { ...schema.properties, spec: widenedSpec } };
}

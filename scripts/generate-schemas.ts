// Turns each upstream CRD's openAPIV3Schema into a JSON Schema (draft-07) under schemas/.
// `npm run schemas` writes the files; `--check` exits 1 when a committed file has drifted.
import { readFileSync, writeFileSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import { parse } from 'yaml';

type SchemaNode = Record<string, unknown>;
interface CrdDocument {
  spec: {
    group: string;
    names: { kind: string };
    versions: { name: string; served: boolean; schema: { openAPIV3Schema: SchemaNode } }[];
  };
}

const root = join(__dirname, '..');
const crdDir = join(root, 'schemas', 'crds');
const outDir = join(root, 'schemas');

/**
 * Sidecar is promagent's third PrometheusAgent mode (the injection proposal, see README "Sidecar mode").
 * The upstream CRD knows only StatefulSet and DaemonSet; this is the one place the schema is widened, and where the
 * fields that cannot apply to an injected agent are declared, as CEL rules of the same form as the DaemonSet ones.
 */
const extraEnumValues: Record<string, Record<string, string[]>> = { PrometheusAgent: { 'spec.mode': ['Sidecar'] } };

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

function sidecarRule(field: string, message: string, severity?: 'warning') {
  return {
    rule: `!(has(self.mode) && self.mode == 'Sidecar' && has(self.${field}))`,
    message,
    'x-promagent-sidecar': true,
    ...(severity ? { 'x-promagent-severity': severity } : {}),
  };
}

const extraValidations: Record<string, Record<string, object[]>> = {
  PrometheusAgent: {
    spec: [
      ...[...sidecarSelectionFields, ...sidecarWorkloadFields].map((f) => sidecarRule(f, `${f} cannot be set when mode is Sidecar`)),
      {
        rule: "!(has(self.mode) && self.mode == 'Sidecar' && has(self.shards) && self.shards > 1)",
        message: 'shards cannot be greater than 1 when mode is Sidecar',
        'x-promagent-sidecar': true,
      },
      ...sidecarIgnoredPodFields.map((f) => sidecarRule(f, `${f} is ignored when mode is Sidecar: the pod belongs to its own workload`, 'warning')),
    ],
  },
};

/** Kubernetes prunes or rejects fields a structural schema does not declare: make that explicit for ajv. */
interface Extras {
  enumValues: Record<string, string[]>;
  validations: Record<string, object[]>;
}

function toJsonSchema(node: SchemaNode, path: string, extras: Extras): SchemaNode {
  const out: SchemaNode = {};
  for (const [key, value] of Object.entries(node)) {
    if (key === 'properties') {
      out.properties = Object.fromEntries(
        Object.entries(value as Record<string, SchemaNode>)
          .map(([name, sub]) => [name, toJsonSchema(sub, path ? `${path}.${name}` : name, extras)]),
      );
    } else if ((key === 'items' || key === 'additionalProperties') && typeof value === 'object') {
      out[key] = toJsonSchema(value as SchemaNode, `${path}[]`, extras);
    } else if (key === 'anyOf' || key === 'allOf' || key === 'oneOf') {
      out[key] = (value as SchemaNode[]).map((sub) => toJsonSchema(sub, path, extras));
    } else {
      out[key] = value;
    }
  }
  const closed = out.type === 'object' && out.properties && out.additionalProperties === undefined &&
    out['x-kubernetes-preserve-unknown-fields'] !== true;
  if (closed) out.additionalProperties = false;
  if (out['x-kubernetes-int-or-string'] === true && !out.anyOf) out.anyOf = [{ type: 'integer' }, { type: 'string' }];
  const added = extras.enumValues[path];
  if (added && Array.isArray(out.enum)) {
    out.enum = [...(out.enum as unknown[]), ...added];
    out['x-promagent-added-enum'] = added;
  }
  const validations = extras.validations[path];
  if (validations) out['x-kubernetes-validations'] = [...((out['x-kubernetes-validations'] as object[] | undefined) ?? []), ...validations];
  return out;
}

export function generateSchemas(): Map<string, string> {
  const result = new Map<string, string>();
  for (const file of readdirSync(crdDir).filter((f) => f.endsWith('.yaml')).sort()) {
    const crd = parse(readFileSync(join(crdDir, file), 'utf8')) as CrdDocument;
    const { group, names } = crd.spec;
    for (const version of crd.spec.versions.filter((v) => v.served)) {
      const kind = names.kind;
      const extras = { enumValues: extraEnumValues[kind] ?? {}, validations: extraValidations[kind] ?? {} };
      const schema = toJsonSchema(version.schema.openAPIV3Schema, '', extras);
      const name = `${kind.toLowerCase()}_${version.name}.json`;
      const doc = {
        $schema: 'http://json-schema.org/draft-07/schema#',
        $id: `https://promagent.dev/schemas/${name}`,
        title: `${kind} (${group}/${version.name})`,
        'x-kubernetes-group-version-kind': [{ group, version: version.name, kind }],
        'x-promagent-source': `schemas/crds/${file}`,
        ...schema,
      };
      result.set(name, JSON.stringify(doc, null, 1) + '\n');
    }
  }
  return result;
}

if (require.main === module) {
  const check = process.argv.includes('--check');
  let drifted = 0;
  for (const [name, text] of generateSchemas()) {
    const target = join(outDir, name);
    if (check) {
      let current = '';
      try { current = readFileSync(target, 'utf8'); } catch { /* missing counts as drift */ }
      if (current !== text) { drifted++; console.error(`schemas/${name} is out of date: run npm run schemas`); }
    } else {
      writeFileSync(target, text);
      console.log(`wrote schemas/${name}`);
    }
  }
  process.exit(drifted ? 1 : 0);
}

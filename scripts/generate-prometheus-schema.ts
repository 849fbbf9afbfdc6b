// Writes schemas/prometheus-config.json, the JSON Schema (draft-07) of prometheus.yml, from the engine's model of the
// configuration (server/src/engine/rules/promconfig/model): every key of v3.14 with what it does and whether an agent
// uses it. `npm run schemas:prometheus` writes it; test/engine/prometheus-schema.test.ts fails when it drifts.
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import {
  afterV2_42, latestModelledVersion, sections, sectionKeys, type KeySpec, type ScalarSpec, type SectionSpec, type ValueSpec,
} from '../server/src/engine/rules/promconfig/model';
import { compareVersions } from '../server/src/engine/util/version';

type Schema = Record<string, unknown>;

export const prometheusSchemaPath = join(__dirname, '..', 'schemas', 'prometheus-config.json');

// Prometheus' own grammars (model.ParseDuration, units.ParseBase2Bytes); a bare 0 is written as a YAML integer.
const durationPattern = '^(0|([0-9]+y)?([0-9]+w)?([0-9]+d)?([0-9]+h)?([0-9]+m)?([0-9]+s)?([0-9]+ms)?)$';
const sizePattern = '^[+-]?(0|(([0-9]+(\\.[0-9]*)?|\\.[0-9]+)(B|KB|MB|GB|TB|PB|EB|KiB|MiB|GiB|TiB|PiB|EiB))+)$';
const zero = { const: 0 };

const agentText: Record<string, string> = {
  used: 'Used in agent mode.',
  ignored: 'Ignored in agent mode (accepted, never used).',
  forbidden: 'Not allowed in agent mode: an agent refuses to start when it is set.',
};

function scalarSchema(spec: ScalarSpec): Schema {
  switch (spec.kind) {
    case 'bool': return { type: 'boolean' };
    case 'int': return spec.goType.startsWith('u') ? { type: 'integer', minimum: 0 } : { type: 'integer' };
    case 'float': return { type: 'number' };
    case 'duration': return { anyOf: [{ type: 'string', minLength: 1, pattern: durationPattern }, zero] };
    case 'size': return { anyOf: [{ type: 'string', pattern: sizePattern }, zero] };
    default: {
      if (!spec.enum) return { type: 'string' };
      const listed = { type: 'string', enum: [...spec.enum] };
      return spec.caseInsensitive ? { anyOf: [listed, { type: 'string', pattern: anyCase(spec.enum) }] } : listed;
    }
  }
}

/** A pattern matching the values in any letter case (JSON Schema patterns take no flags). */
function anyCase(values: readonly string[]): string {
  const letters = (value: string) => [...value].map((c) => (/[a-z]/i.test(c) ? `[${c.toLowerCase()}${c.toUpperCase()}]` : c.replace(/[.*+?^${}()|[\]\\]/g, '\\$&'))).join('');
  return `^(${values.map(letters).join('|')})$`;
}

function valueSchema(spec: ValueSpec): Schema {
  switch (spec.kind) {
    // Draft-07 ignores a $ref's siblings: allOf keeps the key's own description next to the section's schema.
    case 'section': return { allOf: [{ $ref: `#/definitions/${spec.section}` }] };
    case 'list': return { type: 'array', items: valueSchema(spec.item) };
    case 'map': {
      const map: Schema = { type: 'object', additionalProperties: valueSchema(spec.value) };
      // Label names: any non-empty UTF-8 since v3 (legacy names only under metric_name_validation_scheme: legacy).
      return spec.labelKeys ? { ...map, propertyNames: { minLength: 1 } } : map;
    }
    default: return scalarSchema(spec);
  }
}

function description(spec: KeySpec): string {
  const since = spec.since === afterV2_42 ? ' Added after v2.42.' : spec.since ? ` Added in Prometheus ${spec.since}.` : '';
  const defaultText = spec.defaultText ? ` Default: ${spec.defaultText}.` : '';
  const agentSince = spec.agentUsesSince ? ` (since Prometheus ${spec.agentUsesSince}; ignored before)` : '';
  return `${spec.doc}${defaultText} ${agentText[spec.agent ?? 'used'].replace(/\.$/, `${agentSince}.`)}${since}`;
}

/** Keys of the newest release modelled: removed keys (v2's scrape_classic_histograms) are left out. */
function currentKeys(spec: SectionSpec): [string, KeySpec][] {
  return Object.entries(sectionKeys(spec)).filter(([, key]) => !key.removedIn || compareVersions(latestModelledVersion, key.removedIn) < 0);
}

function sectionSchema(spec: SectionSpec): Schema {
  const keys = currentKeys(spec);
  const required = keys.filter(([, key]) => key.required).map(([name]) => name);
  return {
    type: 'object',
    description: spec.doc,
    properties: Object.fromEntries(keys.map(([name, key]) => [name, { description: description(key), ...valueSchema(key.value) }])),
    additionalProperties: spec.open === true,
    ...(required.length ? { required } : {}),
  };
}

export function prometheusSchemaText(): string {
  const { config, ...others } = sections;
  const schema = {
    $schema: 'http://json-schema.org/draft-07/schema#',
    $id: 'https://promagent.dev/schemas/prometheus-config.json',
    title: `Prometheus configuration (prometheus.yml, up to ${latestModelledVersion})`,
    'x-promagent-source': 'server/src/engine/rules/promconfig/model',
    ...sectionSchema(config),
    definitions: Object.fromEntries(Object.entries(others).map(([name, spec]) => [name, sectionSchema(spec)])),
  };
  return JSON.stringify(schema, null, 1) + '\n';
}

if (require.main === module) {
  writeFileSync(prometheusSchemaPath, prometheusSchemaText());
  console.log('wrote schemas/prometheus-config.json');
}

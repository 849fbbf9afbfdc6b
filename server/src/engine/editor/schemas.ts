import type { MonitoringKind } from '../classify';
import { withoutPromagentModes, type CrdSchema } from '../model/crdSchema';
import type { SchemaInUse } from '../model/operatorRelease';
import { fieldReleases } from '../model/operatorReleases';
import { validationSites } from '../rules/cel/validations';

/**
 * What completion and hover read: the CRD schema of the release in use (or the workspace's CRD) with every field's
 * type, default, pattern, forbidden modes and the release that added it spelt out.
 */
type EditorSchema = CrdSchema & { markdownDescription?: string; defaultSnippets?: unknown[] };

const cache = new WeakMap<CrdSchema, string>();

/** The schema completion and hover read: promagent's Sidecar mode in it only while `promagent.sidecarMode` is on. */
export function editorSchema(inUse: SchemaInUse, sidecarMode: boolean): SchemaInUse {
  return sidecarMode || !inUse.schema ? inUse : { ...inUse, schema: withoutPromagentModes(inUse.kind, inUse.schema) };
}

/** The schema, as JSON text, that yaml-language-server serves for completion and hover of a kind. Built once per schema. */
export function editorSchemaText({ kind, schema }: SchemaInUse): string | undefined {
  if (!schema) return undefined;
  let text = cache.get(schema);
  if (!text) {
    const facts: Facts = { forbidden: forbiddenModes(schema), kind, kindSince: fieldReleases(kind, [])?.since };
    const decorated = decorate(schema, [], facts) as EditorSchema;
    if (kind === 'PrometheusAgent' || kind === 'Prometheus') addRemoteWriteSnippet(decorated);
    text = JSON.stringify(decorated);
    cache.set(schema, text);
  }
  return text;
}

interface Facts {
  forbidden: Map<string, string[]>;
  kind: MonitoringKind;
  /** The release that added the kind: its fields that came with it need no "since". */
  kindSince?: string;
}

/** spec fields → the modes whose CEL rules forbid them (`self.mode == 'DaemonSet' && has(self.replicas)`). */
function forbiddenModes(schema: CrdSchema): Map<string, string[]> {
  const modes = new Map<string, string[]>();
  for (const site of validationSites(schema)) {
    if (site.pattern.join('.') !== 'spec') continue;
    for (const validation of site.validations) {
      const match = /self\.mode == '(\w+)' && has\(self\.(\w+)\)/.exec(validation.rule);
      if (!match || validation.severity !== 'error') continue;
      modes.set(match[2], [...(modes.get(match[2]) ?? []), match[1]]);
    }
  }
  return modes;
}

/** Items stand for `0` in a path the release history reads; a map's values for a key no schema declares. */
const historyPath = (path: string[]) => path.map((segment) => (segment === '[]' ? 0 : segment));

function decorate(schema: CrdSchema, path: string[], facts: Facts): CrdSchema {
  const out: EditorSchema = { ...schema };
  if (schema.properties) {
    out.properties = Object.fromEntries(Object.entries(schema.properties).map(([name, sub]) => [name, decorate(sub, [...path, name], facts)]));
  }
  if (schema.items) out.items = decorate(schema.items, [...path, '[]'], facts);
  if (typeof schema.additionalProperties === 'object') out.additionalProperties = decorate(schema.additionalProperties, [...path, '{}'], facts);
  const lines = [
    `**Type:** ${typeName(schema)}`,
    schema.default !== undefined ? `**Default:** \`${JSON.stringify(schema.default)}\`` : '',
    schema.pattern ? `**Pattern:** \`${schema.pattern}\`` : '',
  ];
  const modes = path.length === 2 && path[0] === 'spec' ? facts.forbidden.get(path[1]) : undefined;
  if (modes) lines.push(`**Cannot be set when mode is** ${modes.join(' or ')}.`);
  if (path.join('.') === 'spec.mode' && schema['x-promagent-added-enum']?.length) lines.push('`Sidecar` is promagent\'s third mode, from the sidecar-injection proposal: no prometheus-operator release implements it.');
  // Only where the field is one of a release's own: a map's values ('{}') are not fields.
  const releases = path.length && path[path.length - 1] !== '{}' && path[path.length - 1] !== '[]' ? fieldReleases(facts.kind, historyPath(path)) : undefined;
  if (releases?.since && releases.since !== facts.kindSince) lines.push(`**Since** prometheus-operator ${releases.since}${releases.until ? `, **removed in** ${releases.until}` : ''}.`);
  else if (releases?.until) lines.push(`**Removed in** prometheus-operator ${releases.until}.`);
  out.markdownDescription = [schema.description ?? '', lines.filter(Boolean).join('  \n')].filter(Boolean).join('\n\n');
  return out;
}

function typeName(schema: CrdSchema): string {
  if (schema['x-kubernetes-int-or-string']) return 'integer or string';
  if (schema.type === 'array') return `list of ${schema.items ? typeName(schema.items) : 'any'}`;
  return schema.type ?? 'any';
}

function addRemoteWriteSnippet(schema: EditorSchema): void {
  const items = schema.properties?.spec?.properties?.remoteWrite?.items as EditorSchema | undefined;
  if (!items) return;
  items.defaultSnippets = [{
    label: 'remoteWrite with basic auth from a Secret',
    description: 'A remote_write endpoint whose username and password are read from a Secret',
    body: {
      url: '${1:https://metrics.example.com/api/v1/write}',
      basicAuth: {
        username: { name: '${2:remote-write-credentials}', key: '${3:username}' },
        password: { name: '${2:remote-write-credentials}', key: '${4:password}' },
      },
    },
  }];
}

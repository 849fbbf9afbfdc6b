import type { MonitoringKind } from '../classify';
import { crdSchema, type CrdSchema } from '../rules/crd/schemas';
import { validationSites } from '../rules/cel/validations';

/** What completion and hover read: the CRD schema with every field's type, default, pattern and forbidden modes spelt out. */
type EditorSchema = CrdSchema & { markdownDescription?: string; defaultSnippets?: unknown[] };

const cache = new Map<MonitoringKind, string>();

/** The schema, as JSON text, that yaml-language-server serves for completion and hover of a kind. Built once per kind. */
export function editorSchemaText(kind: MonitoringKind): string {
  let text = cache.get(kind);
  if (!text) {
    const forbidden = forbiddenModes(kind);
    const decorated = decorate(crdSchema(kind), [], forbidden) as EditorSchema;
    if (kind === 'PrometheusAgent' || kind === 'Prometheus') addRemoteWriteSnippet(decorated);
    text = JSON.stringify(decorated);
    cache.set(kind, text);
  }
  return text;
}

/** spec fields → the modes whose CEL rules forbid them (`self.mode == 'DaemonSet' && has(self.replicas)`). */
function forbiddenModes(kind: MonitoringKind): Map<string, string[]> {
  const modes = new Map<string, string[]>();
  for (const site of validationSites(kind)) {
    if (site.pattern.join('.') !== 'spec') continue;
    for (const validation of site.validations) {
      const match = /self\.mode == '(\w+)' && has\(self\.(\w+)\)/.exec(validation.rule);
      if (!match || validation.severity !== 'error') continue;
      modes.set(match[2], [...(modes.get(match[2]) ?? []), match[1]]);
    }
  }
  return modes;
}

function decorate(schema: CrdSchema, path: string[], forbidden: Map<string, string[]>): CrdSchema {
  const out: EditorSchema = { ...schema };
  if (schema.properties) {
    out.properties = Object.fromEntries(Object.entries(schema.properties).map(([name, sub]) => [name, decorate(sub, [...path, name], forbidden)]));
  }
  if (schema.items) out.items = decorate(schema.items, [...path, '[]'], forbidden);
  if (typeof schema.additionalProperties === 'object') out.additionalProperties = decorate(schema.additionalProperties, [...path, '{}'], forbidden);
  const facts = [
    `**Type:** ${typeName(schema)}`,
    schema.default !== undefined ? `**Default:** \`${JSON.stringify(schema.default)}\`` : '',
    schema.pattern ? `**Pattern:** \`${schema.pattern}\`` : '',
  ];
  const modes = path.length === 2 && path[0] === 'spec' ? forbidden.get(path[1]) : undefined;
  if (modes) facts.push(`**Cannot be set when mode is** ${modes.join(' or ')}.`);
  if (path.join('.') === 'spec.mode') facts.push('`Sidecar` is promagent\'s third mode, from the sidecar-injection proposal: prometheus-operator v0.93 does not implement it.');
  out.markdownDescription = [schema.description ?? '', facts.filter(Boolean).join('  \n')].filter(Boolean).join('\n\n');
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

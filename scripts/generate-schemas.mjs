// Turns each upstream CRD's openAPIV3Schema into a JSON Schema (draft-07) under schemas/.
// `node scripts/generate-schemas.mjs` writes the files; `--check` exits 1 when a committed file has drifted.
import { readFileSync, writeFileSync, readdirSync } from 'node:fs';
import { join, dirname } from 'node:path';
import { fileURLToPath } from 'node:url';
import { parse } from 'yaml';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
const crdDir = join(root, 'schemas', 'crds');
const outDir = join(root, 'schemas');

/**
 * Sidecar is promagent's third PrometheusAgent mode (the injection proposal, see README "Sidecar mode").
 * The upstream CRD knows only StatefulSet and DaemonSet; this is the one place the schema is widened.
 */
const extraEnumValues = { PrometheusAgent: { 'spec.mode': ['Sidecar'] } };

/** Kubernetes prunes or rejects fields a structural schema does not declare: make that explicit for ajv. */
function toJsonSchema(node, path, extras) {
  if (Array.isArray(node)) return node.map((item) => toJsonSchema(item, path, extras));
  if (node === null || typeof node !== 'object') return node;
  const out = {};
  for (const [key, value] of Object.entries(node)) {
    if (key === 'properties') {
      out.properties = Object.fromEntries(
        Object.entries(value).map(([name, sub]) => [name, toJsonSchema(sub, path ? `${path}.${name}` : name, extras)]),
      );
    } else if (key === 'items' || key === 'additionalProperties') {
      out[key] = typeof value === 'object' ? toJsonSchema(value, `${path}[]`, extras) : value;
    } else if (key === 'anyOf' || key === 'allOf' || key === 'oneOf') {
      out[key] = value.map((sub) => toJsonSchema(sub, path, extras));
    } else {
      out[key] = value;
    }
  }
  const closed = out.type === 'object' && out.properties && out.additionalProperties === undefined &&
    out['x-kubernetes-preserve-unknown-fields'] !== true;
  if (closed) out.additionalProperties = false;
  if (out['x-kubernetes-int-or-string'] === true && !out.anyOf) out.anyOf = [{ type: 'integer' }, { type: 'string' }];
  const added = extras[path];
  if (added && Array.isArray(out.enum)) {
    out.enum = [...out.enum, ...added];
    out['x-promagent-added-enum'] = added;
  }
  return out;
}

export function generateSchemas() {
  const result = new Map();
  for (const file of readdirSync(crdDir).filter((f) => f.endsWith('.yaml')).sort()) {
    const crd = parse(readFileSync(join(crdDir, file), 'utf8'));
    const { group, names } = crd.spec;
    for (const version of crd.spec.versions.filter((v) => v.served)) {
      const kind = names.kind;
      const schema = toJsonSchema(version.schema.openAPIV3Schema, '', extraEnumValues[kind] ?? {});
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

if (process.argv[1] === fileURLToPath(import.meta.url)) {
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

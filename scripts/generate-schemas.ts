// Turns each upstream CRD's openAPIV3Schema into a JSON Schema (draft-07) under schemas/, widened with promagent's
// Sidecar mode (server/src/engine/model/crdSchema.ts).
// `npm run schemas` writes the files; `--check` exits 1 when a committed file has drifted.
import { readFileSync, writeFileSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import { parse } from 'yaml';
import { structuralSchema, withPromagentModes } from '../server/src/engine/model/crdSchema';

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

export function generateSchemas(): Map<string, string> {
  const result = new Map<string, string>();
  for (const file of readdirSync(crdDir).filter((f) => f.endsWith('.yaml')).sort()) {
    const crd = parse(readFileSync(join(crdDir, file), 'utf8')) as CrdDocument;
    const { group, names } = crd.spec;
    for (const version of crd.spec.versions.filter((v) => v.served)) {
      const kind = names.kind;
      const schema = withPromagentModes(kind, structuralSchema(version.schema.openAPIV3Schema));
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

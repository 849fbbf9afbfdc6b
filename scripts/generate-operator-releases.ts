// Writes schemas/operator-releases.json: what each prometheus-operator release's CRDs accept, as changes to the
// newest release's schemas (schemas/*.json, from schemas/crds/). For each kind and field, the releases that have it;
// for each keyword that changed (enum, pattern, format, required, default, bounds, x-kubernetes-validations …), its
// value from each release on. Descriptions are the newest release's; a field the newest release lacks keeps its last.
// `npm run schemas:releases -- <folder>` writes it; `--check` exits 1 when the committed file differs. The folder holds
// one subfolder per release (v0.64.0/ …) with that tag's example/prometheus-operator-crd/*.yaml.
import { existsSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { parse } from 'yaml';
import { structuralSchema, type CrdSchema } from '../server/src/engine/model/crdSchema';
import { atRelease, type ReleaseHistory } from '../server/src/engine/model/operatorReleases';
import { compareVersions } from '../server/src/engine/util/version';

export const operatorReleasesPath = join(__dirname, '..', 'schemas', 'operator-releases.json');
const bundledCrds = join(__dirname, '..', 'schemas', 'crds');

interface CrdDocument {
  metadata?: { annotations?: Record<string, string> };
  spec: { names: { kind: string }; versions: { name: string; served: boolean; schema: { openAPIV3Schema: Record<string, unknown> } }[] };
}

/** Keywords that hold other schemas: compared field by field, not as values. Descriptions are not compared. */
const structural = new Set(['properties', 'items', 'additionalProperties', 'description']);

/** The served version's schema of each kind in a folder of CRD files. */
function readSchemas(folder: string): Map<string, CrdSchema> {
  const schemas = new Map<string, CrdSchema>();
  for (const file of readdirSync(folder).filter((f) => f.endsWith('.yaml')).sort()) {
    const crd = parse(readFileSync(join(folder, file), 'utf8')) as CrdDocument;
    const served = crd.spec.versions.filter((v) => v.served);
    if (served.length !== 1) throw new Error(`${folder}/${file}: ${served.length} served versions; model each`);
    schemas.set(crd.spec.names.kind, structuralSchema(served[0].schema.openAPIV3Schema));
  }
  return schemas;
}

/** Release indexes as `[from, to)` ranges. */
function ranges(indexes: number[]): [number, number][] {
  const out: [number, number][] = [];
  for (const i of indexes) {
    const last = out[out.length - 1];
    if (last && last[1] === i) last[1] = i + 1;
    else out.push([i, i + 1]);
  }
  return out;
}

const withoutDescriptions = (schema: CrdSchema): CrdSchema => JSON.parse(JSON.stringify(schema, (key, value) => (key === 'description' && typeof value === 'string' ? undefined : value)));

/**
 * The history of one schema node, given the node in each release (undefined where absent) and the releases where its
 * parent is present. Undefined when the node is the same (descriptions aside) wherever its parent is.
 */
function history(nodes: (CrdSchema | undefined)[], parentPresence: number[]): ReleaseHistory | undefined {
  const present = parentPresence.filter((i) => nodes[i] !== undefined);
  if (present.length === 0) return undefined;
  const newest = nodes.length - 1;
  const out: ReleaseHistory = {};
  if (present.length !== parentPresence.length) out.r = ranges(present);
  // A node the newest release lacks is carried whole, as its last release had it; its changes before that are relative to it.
  const base = nodes[newest] ?? nodes[present[present.length - 1]]!;
  if (!nodes[newest]) out.s = base;
  const keywords = new Set(present.flatMap((i) => Object.keys(nodes[i]!)).filter((k) => !structural.has(k)));
  // An additionalProperties that is a schema in some releases and a boolean in others changes as a whole.
  const additional = present.map((i) => typeof nodes[i]!.additionalProperties);
  const additionalAsValue = new Set(additional).size > 1;
  if (additionalAsValue) keywords.add('additionalProperties');
  for (const keyword of [...keywords].sort()) {
    const text = (node: CrdSchema) => {
      const value = (node as Record<string, unknown>)[keyword];
      return value === undefined ? undefined : JSON.stringify(keyword === 'additionalProperties' && typeof value === 'object' ? withoutDescriptions(value as CrdSchema) : value);
    };
    const baseText = text(base);
    if (present.every((i) => text(nodes[i]!) === baseText)) continue;
    const changes: [number, unknown?][] = [];
    let previous: string | undefined | null = null;
    for (const i of present) {
      const value = text(nodes[i]!);
      if (value === previous) continue;
      changes.push(value === undefined ? [i] : [i, JSON.parse(value)]);
      previous = value;
    }
    (out.k ??= {})[keyword] = changes;
  }
  const names = [...new Set(present.flatMap((i) => Object.keys(nodes[i]!.properties ?? {})))].sort();
  for (const name of names) {
    const child = history(nodes.map((n) => n?.properties?.[name]), present);
    if (child) (out.p ??= {})[name] = child;
  }
  const items = history(nodes.map((n) => n?.items), present);
  if (items) out.i = items;
  if (!additionalAsValue) {
    const schemas = nodes.map((n) => (typeof n?.additionalProperties === 'object' ? n.additionalProperties : undefined));
    const additionalProperties = history(schemas, present);
    if (additionalProperties) out.a = additionalProperties;
  }
  return Object.keys(out).length ? out : undefined;
}

/** Keys sorted, descriptions left out: two schemas that validate alike read the same. */
function canonical(value: unknown): string {
  return JSON.stringify(value, (key, item) => {
    if (key === 'description' && typeof item === 'string') return undefined;
    return item !== null && typeof item === 'object' && !Array.isArray(item) ? Object.fromEntries(Object.entries(item).sort(([a], [b]) => a.localeCompare(b))) : item;
  });
}

/** What promagent derives for each release from the newest schema and the history must be that release's schema. */
function verify(kind: string, nodes: (CrdSchema | undefined)[], tree: ReleaseHistory, releases: string[]): void {
  nodes.forEach((node, index) => {
    const derived = atRelease(nodes[nodes.length - 1], tree, index);
    if (canonical(derived) !== canonical(node)) throw new Error(`${kind} ${releases[index]}: the history does not give back its schema`);
  });
}

export function operatorReleasesText(folder: string): string {
  const releases = readdirSync(folder).filter((f) => /^v\d+\.\d+\.\d+$/.test(f)).sort(compareVersions);
  const schemas = releases.map((release) => readSchemas(join(folder, release)));
  const newest = schemas[schemas.length - 1];
  const bundled = readSchemas(bundledCrds);
  for (const [kind, schema] of bundled) {
    if (JSON.stringify(newest.get(kind)) !== JSON.stringify(schema)) {
      throw new Error(`${kind}: schemas/crds/ is not ${releases[releases.length - 1]}'s CRD; the history is relative to it`);
    }
  }
  const all = releases.map((_, i) => i);
  const kinds = Object.fromEntries([...bundled.keys()].sort().map((kind) => {
    const nodes = schemas.map((s) => s.get(kind));
    const tree = history(nodes, all) ?? {};
    verify(kind, nodes, tree, releases);
    return [kind, tree];
  }));
  // One kind per line: the file stays small, and a regeneration reads as a short diff.
  const lines = Object.entries(kinds).map(([kind, tree]) => `  ${JSON.stringify(kind)}: ${JSON.stringify(tree)}`);
  return `{\n "releases": ${JSON.stringify(releases)},\n "kinds": {\n${lines.join(',\n')}\n }\n}\n`;
}

if (require.main === module) {
  const check = process.argv.includes('--check');
  const folder = process.argv.slice(2).find((a) => !a.startsWith('--'));
  if (!folder || !existsSync(folder)) {
    console.error('usage: generate-operator-releases.ts [--check] <folder of releases: v0.64.0/monitoring.coreos.com_*.yaml …>');
    process.exit(2);
  }
  const text = operatorReleasesText(folder);
  const current = existsSync(operatorReleasesPath) ? readFileSync(operatorReleasesPath, 'utf8') : '';
  if (check) {
    console.log(current === text ? 'schemas/operator-releases.json is up to date' : 'schemas/operator-releases.json differs: run npm run schemas:releases -- <folder>');
    process.exit(current === text ? 0 : 1);
  }
  writeFileSync(operatorReleasesPath, text);
  console.log(`wrote schemas/operator-releases.json (${text.length} bytes)`);
}

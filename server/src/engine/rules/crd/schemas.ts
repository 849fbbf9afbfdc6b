import Ajv, { type ValidateFunction } from 'ajv';
import { servedKind } from '../../classify';
import type { CrdSchema } from '../../model/crdSchema';
import { schemaInUse, type SchemaInUse } from '../../model/operatorRelease';
import type { RuleContext } from '../rule';

export type { CrdSchema } from '../../model/crdSchema';

/** The schema the document is checked against (the release in use's, or the workspace's CRD), once per document. */
export function documentSchema(context: RuleContext): SchemaInUse | undefined {
  const kind = servedKind(context.document);
  return kind && context.memo('schema-in-use', () => schemaInUse(kind, context.document.apiVersion, context.options, context.workspace));
}

/**
 * Compiled once per schema, on first use: compiling the PrometheusAgent schema takes a few hundred ms. Each schema
 * gets its own ajv, which keeps what it compiled: a release's schema no longer in use goes with its validator.
 */
const validators = new WeakMap<CrdSchema, ValidateFunction>();

export function validatorFor(schema: CrdSchema): ValidateFunction {
  let validate = validators.get(schema);
  if (!validate) {
    validate = createAjv().compile(schema);
    validators.set(schema, validate);
  }
  return validate;
}

function createAjv(): Ajv {
  // Unoptimized code compiles in half the time and memory; validating with it is not measurably slower.
  const instance = new Ajv({ allErrors: true, strict: false, validateFormats: false, validateSchema: false, code: { optimize: false } });
  // Kubernetes rejects two entries with the same key in a `map` list, and the same value twice in a `set` list.
  instance.addKeyword({
    keyword: 'x-kubernetes-list-type',
    type: 'array',
    schemaType: 'string',
    errors: true,
    compile(listType: string, parentSchema) {
      const mapKeys = (parentSchema as CrdSchema)['x-kubernetes-list-map-keys'] ?? [];
      const validate = (data: unknown[]): boolean => {
        if (listType === 'atomic') return true;
        const seen = new Set<string>();
        const errors: object[] = [];
        data.forEach((item, index) => {
          const identity = listType === 'map' && item !== null && typeof item === 'object'
            ? JSON.stringify(Object.fromEntries(mapKeys.map((k) => [k, (item as Record<string, unknown>)[k]])))
            : JSON.stringify(item);
          if (seen.has(identity)) {
            errors.push({ keyword: 'x-kubernetes-list-type', params: { index, identity }, message: 'duplicate' });
          }
          seen.add(identity);
        });
        (validate as unknown as { errors: object[] }).errors = errors;
        return errors.length === 0;
      };
      return validate;
    },
  });
  instance.addKeyword({ keyword: 'x-kubernetes-list-map-keys' });
  return instance;
}

/** The schema of the field at `path` (map keys and list indexes included), if the schema declares one. */
export function schemaAt(schema: CrdSchema, path: readonly (string | number)[]): CrdSchema | undefined {
  let current: CrdSchema | undefined = schema;
  for (const segment of path) {
    if (!current) return undefined;
    if (typeof segment === 'number') current = current.items;
    else current = current.properties?.[segment] ?? (typeof current.additionalProperties === 'object' ? current.additionalProperties : undefined);
  }
  return current;
}

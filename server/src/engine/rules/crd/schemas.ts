import type { ValidateFunction } from 'ajv';
import { servedKind, type MonitoringKind } from '../../classify';
import type { CrdSchema } from '../../model/crdSchema';
import { schemaInUse, type SchemaInUse } from '../../model/operatorRelease';
import { newestSchema } from '../../model/operatorReleases';
import { createAjv } from './ajv';
import { precompiledValidators } from './precompiled';
import type { RuleContext } from '../rule';

export type { CrdSchema } from '../../model/crdSchema';

/** The schema the document is checked against (the release in use's, or the workspace's CRD), once per document. */
export function documentSchema(context: RuleContext): SchemaInUse | undefined {
  const kind = servedKind(context.document);
  return kind && context.memo('schema-in-use', () => schemaInUse(kind, context.document.apiVersion, context.options, context.workspace));
}

/**
 * Made once per schema, on first use: the newest release's validators come written as code with the bundle (see
 * precompiled.ts); any other schema is compiled, which takes a few hundred ms for the PrometheusAgent one. Each
 * compiled schema gets its own ajv, which keeps what it compiled: a release's schema no longer in use goes with its
 * validator.
 */
const validators = new WeakMap<CrdSchema, ValidateFunction>();

export function validatorFor(schema: CrdSchema, kind: MonitoringKind): ValidateFunction {
  let validate = validators.get(schema);
  if (!validate) {
    const precompiled = schema === newestSchema(kind) ? precompiledValidators[kind] : undefined;
    validate = precompiled ? precompiled() : createAjv().compile(schema);
    validators.set(schema, validate);
  }
  return validate;
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

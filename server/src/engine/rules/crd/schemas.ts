import Ajv, { type ValidateFunction } from 'ajv';
import type { MonitoringKind } from '../../classify';

/** The subset of JSON Schema (plus Kubernetes extensions) the generated CRD schemas use. */
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
  'x-kubernetes-validations'?: { rule: string; message?: string; fieldPath?: string; messageExpression?: string }[];
  'x-kubernetes-list-type'?: 'atomic' | 'set' | 'map';
  'x-kubernetes-list-map-keys'?: string[];
  'x-kubernetes-int-or-string'?: boolean;
  'x-kubernetes-preserve-unknown-fields'?: boolean;
  'x-promagent-added-enum'?: unknown[];
}

/**
 * Each schema is read on first use (about 2 MB together): a run that meets no ScrapeConfig never builds its schema.
 * The literal paths let the bundler include them.
 */
const schemaLoaders: Record<MonitoringKind, () => unknown> = {
  PrometheusAgent: () => require('../../../../../schemas/prometheusagent_v1alpha1.json'),
  Prometheus: () => require('../../../../../schemas/prometheus_v1.json'),
  ServiceMonitor: () => require('../../../../../schemas/servicemonitor_v1.json'),
  PodMonitor: () => require('../../../../../schemas/podmonitor_v1.json'),
  Probe: () => require('../../../../../schemas/probe_v1.json'),
  ScrapeConfig: () => require('../../../../../schemas/scrapeconfig_v1alpha1.json'),
};

export function crdSchema(kind: MonitoringKind): CrdSchema {
  return schemaLoaders[kind]() as CrdSchema;
}

let ajv: Ajv | undefined;
const validators = new Map<MonitoringKind, ValidateFunction>();

/** Compiled once per kind, on first use: compiling the PrometheusAgent schema takes a few hundred ms. */
export function validatorFor(kind: MonitoringKind): ValidateFunction {
  let validate = validators.get(kind);
  if (!validate) {
    ajv ??= createAjv();
    validate = ajv.compile(crdSchema(kind));
    validators.set(kind, validate);
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

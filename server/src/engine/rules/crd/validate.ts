import type { ErrorObject } from 'ajv';
import { servedKind, type ClassifiedDocument } from '../../classify';
import { didYouMean } from '../../util/didYouMean';
import { fieldPath, typeText, valueText } from '../../util/kubernetesText';
import type { Anchor } from '../../yaml/locate';
import type { Path } from '../../yaml/documents';
import { crdSchema, validatorFor, type CrdSchema } from './schemas';

export type ViolationKind = 'unknown-field' | 'type' | 'enum' | 'required' | 'invalid' | 'duplicate';

export interface Violation {
  kind: ViolationKind;
  path: Path;
  anchor: Anchor;
  message: string;
  /** For an unknown field: the declared field it most likely meant. */
  suggestion?: string;
  /** For an unknown field: every field declared where it stands. */
  knownFields?: string[];
  /** For an enum: the values it accepts. */
  allowed?: unknown[];
}

/**
 * Validates the document against its CRD schema, the way the API server's structural validation would. Enum values
 * promagent adds to the upstream CRD (Sidecar) count only when `withAddedValues` is set.
 */
export function validateAgainstCrd(document: ClassifiedDocument, withAddedValues: boolean): Violation[] {
  const kind = servedKind(document);
  if (!kind || document.yaml.value === undefined) return [];
  const data = withoutNulls(withoutStatus(document.yaml.value));
  const validate = validatorFor(kind);
  if (validate(data)) return [];
  return toViolations(validate.errors ?? [], data, crdSchema(kind), withAddedValues);
}

/**
 * Every monitoring.coreos.com CRD has a status subresource, so the API server drops `status` from what is created or
 * updated through the resource itself: nothing under it is validated (nor stored).
 */
export function withoutStatus(value: unknown): unknown {
  if (value === null || typeof value !== 'object' || Array.isArray(value) || !Object.hasOwn(value, 'status')) return value;
  const { status: _dropped, ...rest } = value as Record<string, unknown>;
  return rest;
}

/**
 * Kubernetes drops null fields before validating a custom resource, so `replicas:` with no value is not an error.
 * Only what holds a null is copied: most documents have none and are validated as they are.
 */
function withoutNulls(value: unknown): unknown {
  if (value === null || typeof value !== 'object') return value;
  if (Array.isArray(value)) {
    let copy: unknown[] | undefined;
    value.forEach((item, i) => {
      const cleaned = withoutNulls(item);
      if (cleaned !== item) (copy ??= [...value])[i] = cleaned;
    });
    return copy ?? value;
  }
  const record = value as Record<string, unknown>;
  let copy: Record<string, unknown> | undefined;
  for (const key of Object.keys(record)) {
    const item = record[key];
    const cleaned = withoutNulls(item);
    if (item === null) delete (copy ??= { ...record })[key];
    else if (cleaned !== item) (copy ??= { ...record })[key] = cleaned;
  }
  return copy ?? value;
}

function toViolations(errors: ErrorObject[], data: unknown, schema: CrdSchema, withAddedValues: boolean): Violation[] {
  // An int-or-string field reports one error for the union, not one per branch.
  const unions = new Set(errors.filter((e) => e.keyword === 'anyOf').map((e) => e.instancePath));
  const violations: Violation[] = [];
  for (const error of errors) {
    if (error.keyword !== 'anyOf' && unions.has(error.instancePath) && error.schemaPath.includes('/anyOf/')) continue;
    const violation = toViolation(error, data, schema, withAddedValues);
    if (violation) violations.push(violation);
  }
  return violations;
}

function toViolation(error: ErrorObject, data: unknown, schema: CrdSchema, withAddedValues: boolean): Violation | undefined {
  const { path, value } = followPointer(error.instancePath, data);
  const parentSchema = keywordOwner(error.schemaPath, schema);
  const at = fieldPath(path);
  const params = error.params as Record<string, unknown>;
  switch (error.keyword) {
    case 'additionalProperties': {
      const field = String(params.additionalProperty);
      const known = Object.keys(parentSchema?.properties ?? {});
      const suggestion = didYouMean(field, known);
      const full = fieldPath([...path, field]);
      return {
        kind: 'unknown-field', path: [...path, field], anchor: 'key', suggestion, knownFields: known,
        message: `unknown field "${full}"${suggestion ? `: did you mean "${suggestion}"?` : ''}`,
      };
    }
    case 'required': {
      const field = String(params.missingProperty);
      return { kind: 'required', path: [...path, field], anchor: 'parent', message: `${fieldPath([...path, field])}: Required value` };
    }
    case 'type':
      return { kind: 'type', path, anchor: 'value', message: `${at}: Invalid value: ${valueText(value)}: must be ${typeText(String(params.type))}` };
    case 'anyOf': {
      const types = (parentSchema?.anyOf ?? []).map((s) => typeText(String(s.type)));
      return { kind: 'type', path, anchor: 'value', message: `${at}: Invalid value: ${valueText(value)}: must be ${types.join(' or ')}` };
    }
    case 'enum': {
      // The message lists what the CRD accepts; a value promagent adds (Sidecar) is named apart, and only when accepted.
      const added = parentSchema?.['x-promagent-added-enum'] ?? [];
      const upstream = (params.allowedValues as unknown[]).filter((v) => v !== '' && !added.includes(v));
      const allowed = withAddedValues ? [...upstream, ...added] : upstream;
      const listed = upstream.map((v) => JSON.stringify(v)).join(', ');
      const proposal = withAddedValues && added.length
        ? `; promagent also accepts ${added.map((v) => JSON.stringify(v)).join(', ')}, its mode for the sidecar-injection proposal (promagent.sidecarMode)`
        : '';
      return { kind: 'enum', path, anchor: 'value', allowed, message: `${at}: Unsupported value: ${JSON.stringify(value)}: supported values: ${listed}${proposal}` };
    }
    case 'x-kubernetes-list-type': {
      const index = Number(params.index);
      return { kind: 'duplicate', path: [...path, index], anchor: 'value', message: `${fieldPath([...path, index])}: Duplicate value: ${String(params.identity)}` };
    }
    default: {
      const detail = constraintText(error);
      return detail ? { kind: 'invalid', path, anchor: 'value', message: `${at}: Invalid value: ${valueText(value)}: ${detail}` } : undefined;
    }
  }
}

/** The API server's wording for the remaining OpenAPI constraints. */
function constraintText(error: ErrorObject): string | undefined {
  const p = error.params as Record<string, unknown>;
  switch (error.keyword) {
    case 'pattern': return `should match '${String(p.pattern)}'`;
    case 'minimum': return `should be greater than or equal to ${String(p.limit)}`;
    case 'maximum': return `should be less than or equal to ${String(p.limit)}`;
    case 'exclusiveMinimum': return `should be greater than ${String(p.limit)}`;
    case 'exclusiveMaximum': return `should be less than ${String(p.limit)}`;
    case 'minLength': return `should be at least ${String(p.limit)} chars long`;
    case 'maxLength': return `may not be longer than ${String(p.limit)}`;
    case 'minItems': return `should have at least ${String(p.limit)} items`;
    case 'maxItems': return `must have at most ${String(p.limit)} items`;
    case 'minProperties': return `should have at least ${String(p.limit)} properties`;
    case 'maxProperties': return `must have at most ${String(p.limit)} properties`;
    case 'multipleOf': return `should be a multiple of ${String(p.multipleOf)}`;
    case 'uniqueItems': return 'should not contain duplicate items';
    default: return undefined;
  }
}

const pointerSegments = (pointer: string): string[] => pointer.split('/').slice(1).map((raw) => raw.replace(/~1/g, '/').replace(/~0/g, '~'));

/**
 * The schema holding the keyword an error's schemaPath ends in. Read from the schema rather than asked of ajv
 * (`verbose`): that option makes the generated validator larger and its compilation slower.
 */
function keywordOwner(schemaPath: string, schema: CrdSchema): CrdSchema | undefined {
  let current: unknown = schema;
  for (const segment of pointerSegments(schemaPath).slice(0, -1)) {
    current = current !== null && typeof current === 'object' ? (current as Record<string, unknown>)[segment] : undefined;
  }
  return current as CrdSchema | undefined;
}

/** Follows a JSON pointer into the data: the path (list indexes told from map keys that look like numbers), the value. */
function followPointer(pointer: string, data: unknown): { path: Path; value: unknown } {
  const path: (string | number)[] = [];
  let current: unknown = data;
  for (const key of pointerSegments(pointer)) {
    if (Array.isArray(current)) {
      path.push(Number(key));
      current = current[Number(key)];
    } else {
      path.push(key);
      current = current !== null && typeof current === 'object' ? (current as Record<string, unknown>)[key] : undefined;
    }
  }
  return { path, value: current };
}

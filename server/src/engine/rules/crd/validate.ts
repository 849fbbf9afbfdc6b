import type { ErrorObject } from 'ajv';
import type { ClassifiedDocument } from '../../classify';
import type { SchemaInUse } from '../../model/operatorRelease';
import { enumValueReleases, fieldReleases, type FieldReleases } from '../../model/operatorReleases';
import type { OperatorTarget } from '../../types';
import { didYouMean } from '../../util/didYouMean';
import { fieldPath, typeText, valueText } from '../../util/kubernetesText';
import { compareVersions } from '../../util/version';
import type { Anchor } from '../../yaml/locate';
import type { Path } from '../../yaml/documents';
import { validatorFor, type CrdSchema } from './schemas';

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
  /** For an unknown field, or a value, that other prometheus-operator releases accept. */
  releaseNote?: string;
}

/** What a check against one schema needs besides the data: the schema, the release in use, the Sidecar setting. */
interface Validation {
  inUse: SchemaInUse & { schema: CrdSchema };
  target: OperatorTarget | undefined;
  /** Enum values promagent adds to the upstream CRD (Sidecar) count only when set. */
  withAddedValues: boolean;
}

/**
 * Validates the document against its CRD schema, the way the API server's structural validation would. `patch`: the
 * document is a strategic-merge patch kustomize merges, which takes its merge directives out first.
 */
export function validateAgainstCrd(document: ClassifiedDocument, inUse: SchemaInUse, target: OperatorTarget | undefined, withAddedValues: boolean, patch = false): Violation[] {
  const { schema } = inUse;
  if (!schema || document.yaml.value === undefined) return [];
  const merged = withoutNulls(withoutStatus(document.yaml.value));
  const data = patch ? withoutDirectives(merged) : merged;
  const validate = validatorFor(schema, inUse.kind);
  if (validate(data)) return [];
  return toViolations(validate.errors ?? [], data, { inUse: { ...inUse, schema }, target, withAddedValues });
}

/**
 * What the releases say about a field or a value the schema in use lacks: `added in prometheus-operator v0.75.0; the
 * target is v0.74.0`. Undefined when no known release has it, or when one the schema is said to be of does.
 */
export function releaseNote(releases: FieldReleases | undefined, inUse: SchemaInUse, target: OperatorTarget | undefined): string | undefined {
  if (!releases) return undefined;
  const of = inUse.crd
    ? inUse.release ? `the workspace's CRD ${inUse.crd.name} is ${inUse.release}` : `the workspace's CRD ${inUse.crd.name} does not declare it`
    : `the target is ${target?.version ?? inUse.release}`;
  const release = inUse.release ?? target?.version;
  const { since, until } = releases;
  if (release && since && compareVersions(release, since) < 0) {
    return `added in prometheus-operator ${since}${until ? ` and removed in ${until}` : ''}; ${of}`;
  }
  if (release && until && compareVersions(release, until) >= 0) return `removed in prometheus-operator ${until}; ${of}`;
  // A release that has it: only a workspace CRD can lack it then.
  if (!inUse.crd) return undefined;
  return `prometheus-operator has it${since ? ` from ${since}` : ''}${until ? ` until ${until}` : ''}; ${of}`;
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
 * The value without the map entries `dropped` names, at any depth. Only what holds one is copied: most documents have
 * none and are validated as they are.
 */
function without(value: unknown, dropped: (key: string, item: unknown) => boolean): unknown {
  if (value === null || typeof value !== 'object') return value;
  if (Array.isArray(value)) {
    let copy: unknown[] | undefined;
    value.forEach((item, i) => {
      const cleaned = without(item, dropped);
      if (cleaned !== item) (copy ??= [...value])[i] = cleaned;
    });
    return copy ?? value;
  }
  const record = value as Record<string, unknown>;
  let copy: Record<string, unknown> | undefined;
  for (const key of Object.keys(record)) {
    const item = record[key];
    const cleaned = without(item, dropped);
    if (dropped(key, item)) delete (copy ??= { ...record })[key];
    else if (cleaned !== item) (copy ??= { ...record })[key] = cleaned;
  }
  return copy ?? value;
}

/** Kubernetes drops null fields before validating a custom resource, so `replicas:` with no value is not an error. */
const withoutNulls = (value: unknown) => without(value, (_, item) => item === null);

/** The keys of a strategic-merge patch that say how to merge (`$patch: delete`, `$setElementOrder/containers`). */
const patchDirective = /^\$(patch|retainKeys|setElementOrder\/.+|deleteFromPrimitiveList\/.+)$/;

/** A patch's data without its merge directives, which kustomize takes out as it merges. */
const withoutDirectives = (value: unknown) => without(value, (key) => patchDirective.test(key));

function toViolations(errors: ErrorObject[], data: unknown, validation: Validation): Violation[] {
  // An int-or-string field reports one error for the union, not one per branch.
  const unions = new Set(errors.filter((e) => e.keyword === 'anyOf').map((e) => e.instancePath));
  const violations: Violation[] = [];
  for (const error of errors) {
    if (error.keyword !== 'anyOf' && unions.has(error.instancePath) && error.schemaPath.includes('/anyOf/')) continue;
    const violation = toViolation(error, data, validation);
    if (violation) violations.push(violation);
  }
  return violations;
}

/** An unknown field: with the releases that have it when there are some, else with the declared field it likely meant. */
function unknownField(path: Path, known: string[], validation: Validation): Violation {
  const { inUse, target } = validation;
  const note = releaseNote(fieldReleases(inUse.kind, path, inUse.release ?? target?.version), inUse, target);
  const suggestion = note ? undefined : didYouMean(String(path[path.length - 1]), known);
  const detail = note ?? (suggestion ? `did you mean "${suggestion}"?` : undefined);
  return {
    kind: 'unknown-field', path, anchor: 'key', suggestion, knownFields: known, releaseNote: note,
    message: `unknown field "${fieldPath(path)}"${detail ? `: ${detail}` : ''}`,
  };
}

function toViolation(error: ErrorObject, data: unknown, validation: Validation): Violation | undefined {
  const { inUse, target, withAddedValues } = validation;
  const { path, value } = followPointer(error.instancePath, data);
  const parentSchema = keywordOwner(error.schemaPath, inUse.schema);
  const at = fieldPath(path);
  const params = error.params as Record<string, unknown>;
  switch (error.keyword) {
    case 'additionalProperties':
      return unknownField([...path, String(params.additionalProperty)], Object.keys(parentSchema?.properties ?? {}), validation);
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
      // A field the release lacks, which promagent declares for Sidecar mode alone: any other value is the CRD's field.
      if (parentSchema?.['x-promagent-added-field']) return unknownField(path, [], validation);
      // The message lists what the CRD accepts; a value promagent adds (Sidecar) is named apart, and only when accepted.
      const added = parentSchema?.['x-promagent-added-enum'] ?? [];
      const upstream = (params.allowedValues as unknown[]).filter((v) => v !== '' && !added.includes(v));
      const allowed = withAddedValues ? [...upstream, ...added] : upstream;
      const listed = upstream.map((v) => JSON.stringify(v)).join(', ');
      const proposal = withAddedValues && added.length
        ? `; promagent also accepts ${added.map((v) => JSON.stringify(v)).join(', ')}, its mode for the sidecar-injection proposal (promagent.sidecarMode)`
        : '';
      const note = releaseNote(enumValueReleases(inUse.kind, path, value, inUse.release ?? target?.version), inUse, target);
      const message = `${at}: Unsupported value: ${JSON.stringify(value)}: supported values: ${listed}${proposal}${note ? ` (${JSON.stringify(value)}: ${note})` : ''}`;
      return { kind: 'enum', path, anchor: 'value', allowed, releaseNote: note, message };
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

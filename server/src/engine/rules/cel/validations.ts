import type * as CelLibrary from '@bufbuild/cel';
import type { CelInput } from '@bufbuild/cel';
import type { CrdSchema, DeclaredValidation } from '../../model/crdSchema';
import { precomputedGuards } from './precomputed';

/** A path through the schema: property names, `[]` for any list item, `{}` for any map value. */
export type SchemaPattern = readonly string[];

export interface CompiledValidation {
  rule: string;
  message: string;
  /** The field the rule is about, relative to the object carrying it (from `fieldPath`). */
  fieldPath?: string[];
  /** Fields the rule tests with `has(self.x)`, as paths relative to the object. */
  presenceFields: string[][];
  /** Conditions on the object that alone make the rule hold, so it need not be evaluated (see `guardsOf`). */
  guards: readonly Guard[];
  severity: 'error' | 'warning';
  /** Rules promagent adds for Sidecar mode (off when the setting is). */
  sidecarOnly: boolean;
  /** The rule planned for evaluation, or why it could not be, on first use: most rules are skipped by their guards. */
  compiled: () => Compiled;
}

/**
 * A condition on a field of `self` that alone makes a rule hold: the field is absent (`!has(self.f) || ...`), or, with
 * `differentFrom`, it holds a string other than that one (`!(self.mode == 'DaemonSet' && ...)` on a StatefulSet).
 */
export interface Guard {
  field: string;
  differentFrom?: string;
}

export interface Compiled {
  evaluate?: (self: CelInput) => unknown;
  compileError?: string;
}

export interface ValidationSite {
  pattern: SchemaPattern;
  validations: CompiledValidation[];
}

type Expr = ReturnType<typeof CelLibrary.parse>['expr'];

/**
 * The CEL library and its environment, loaded when a rule is first compiled: setting up its protobuf descriptors is
 * a tenth of a short CLI run, which a run without monitoring resources does not need.
 */
let loaded: { cel: typeof CelLibrary; env: ReturnType<typeof CelLibrary.celEnv> } | undefined;
function celLibrary() {
  if (!loaded) {
    const cel = require('@bufbuild/cel') as typeof CelLibrary;
    loaded = { cel, env: cel.celEnv() };
  }
  return loaded;
}
const sites = new WeakMap<CrdSchema, ValidationSite[]>();

/**
 * Every `x-kubernetes-validations` of a schema (a kind's, as a release or a workspace CRD has it), compiled once.
 * Rules that compare with `oldSelf` need an update to mean anything and are skipped.
 */
export function validationSites(schema: CrdSchema): ValidationSite[] {
  let found = sites.get(schema);
  if (!found) {
    found = [];
    collect(schema, [], found);
    sites.set(schema, found);
  }
  return found;
}

function collect(schema: CrdSchema, pattern: string[], out: ValidationSite[]): void {
  const declared = schema['x-kubernetes-validations'];
  if (declared?.length) {
    const validations = declared.filter((v) => !/\boldSelf\b/.test(v.rule)).map(compileValidation);
    if (validations.length) out.push({ pattern, validations });
  }
  for (const [name, sub] of Object.entries(schema.properties ?? {})) collect(sub, [...pattern, name], out);
  if (schema.items) collect(schema.items, [...pattern, '[]'], out);
  if (typeof schema.additionalProperties === 'object') collect(schema.additionalProperties, [...pattern, '{}'], out);
}

export function compileValidation(declared: DeclaredValidation): CompiledValidation {
  const presenceFields = [...declared.rule.matchAll(/has\(self\.([A-Za-z0-9_.]+)\)/g)].map((m) => m[1].split('.'));
  const base: Omit<CompiledValidation, 'guards' | 'compiled'> = {
    rule: declared.rule,
    // The API server's wording when a rule has no message.
    message: declared.message ?? `failed rule: ${declared.rule}`,
    fieldPath: declared.fieldPath ? declared.fieldPath.replace(/^\./, '').split('.') : undefined,
    presenceFields,
    severity: declared['x-promagent-severity'] ?? 'error',
    sidecarOnly: declared['x-promagent-sidecar'] === true,
  };
  const known = precomputedGuards.get(declared.rule);
  if (!known) {
    const { guards, ...compiled } = compileRule(declared.rule);
    return { ...base, guards, compiled: () => compiled };
  }
  let compiled: Compiled | undefined;
  return { ...base, guards: known, compiled: () => (compiled ??= compileRule(declared.rule)) };
}

function compileRule(rule: string): Compiled & { guards: Guard[] } {
  try {
    const { cel, env } = celLibrary();
    const parsed = cel.parse(rule);
    const program = cel.plan(env, parsed);
    return { guards: guardsOf(parsed.expr, true), evaluate: (self) => program({ self }) };
  } catch (error) {
    return { guards: [], compileError: error instanceof Error ? error.message : String(error) };
  }
}

/**
 * The guards that force `expr` to `outcome`. Most CRD rules read
 * `!(has(self.mode) && self.mode == 'DaemonSet' && has(self.replicas))`: without `replicas`, or with a mode other than
 * DaemonSet, the rule holds whatever the rest says, and CEL's `&&`/`||` give the same answer when the other side
 * fails, so skipping it changes no result. Comparing a field with a string decides only when the field holds a
 * string: another type could make the comparison an error.
 */
function guardsOf(expr: Expr, outcome: boolean): Guard[] {
  const kind = expr.exprKind;
  if (kind.case === 'selectExpr') {
    const { operand, field, testOnly } = kind.value;
    return testOnly && isSelf(operand) && !outcome ? [{ field }] : [];
  }
  if (kind.case !== 'callExpr') return [];
  const { function: name, args } = kind.value;
  if (name === '!_' && args.length === 1) return guardsOf(args[0], !outcome);
  // `self.f == 'x'` is false, and `self.f != 'x'` true, when f holds another string.
  if (((name === '_==_' && !outcome) || (name === '_!=_' && outcome)) && args.length === 2) {
    const compared = fieldAndString(args[0], args[1]) ?? fieldAndString(args[1], args[0]);
    return compared ? [compared] : [];
  }
  // One side decides `a && b` when false and `a || b` when true.
  if ((name === '_&&_' && !outcome) || (name === '_||_' && outcome)) {
    const guards = args.flatMap((arg) => guardsOf(arg, outcome));
    return guards.filter((guard, i) => guards.findIndex((other) => other.field === guard.field && other.differentFrom === guard.differentFrom) === i);
  }
  return [];
}

const isSelf = (expr: Expr | undefined) => expr?.exprKind.case === 'identExpr' && expr.exprKind.value.name === 'self';

/** `self.f` compared with a string literal, as a guard. */
function fieldAndString(field: Expr, value: Expr): Guard | undefined {
  const select = field.exprKind;
  const constant = value.exprKind;
  if (select.case !== 'selectExpr' || select.value.testOnly || !isSelf(select.value.operand)) return undefined;
  if (constant.case !== 'constExpr' || constant.value.constantKind.case !== 'stringValue') return undefined;
  return { field: select.value.field, differentFrom: constant.value.constantKind.value };
}

/** CEL's view of JSON data: objects are maps, whole numbers are `int` (so `self.shards > 1` compares ints). */
export function toCel(value: unknown): CelInput {
  if (Array.isArray(value)) return value.map(toCel);
  if (value !== null && typeof value === 'object') {
    return new Map(Object.entries(value).filter(([, v]) => v !== null).map(([k, v]) => [k, toCel(v)]));
  }
  if (typeof value === 'number' && Number.isInteger(value)) return BigInt(value);
  return value as CelInput;
}

export type Outcome = { passed: true } | { passed: false } | { error: string };

/** Whether the rule holds on `self` (plain data) without evaluating it: one of its guards is met. */
export function holdsByGuard(validation: CompiledValidation, self: unknown): boolean {
  if (validation.guards.length === 0 || self === null || typeof self !== 'object') return false;
  const record = self as Record<string, unknown>;
  return validation.guards.some(({ field, differentFrom }) => {
    const value = record[field];
    return differentFrom === undefined ? value === undefined || value === null : typeof value === 'string' && value !== differentFrom;
  });
}

/** Evaluates a rule on `self`, already converted with toCel (once for all the rules of a place). */
export function run(validation: CompiledValidation, self: CelInput): Outcome {
  const { evaluate, compileError } = validation.compiled();
  if (!evaluate) return { error: compileError ?? 'not compiled' };
  const result = evaluate(self);
  if (celLibrary().cel.isCelError(result)) return { error: result.message };
  if (typeof result !== 'boolean') return { error: `rule did not return a bool: ${String(result)}` };
  return { passed: result };
}

/** A place in the data a schema pattern reaches, and the value there. */
export interface Instance {
  path: (string | number)[];
  value: unknown;
}

/** Every place in the data a schema pattern reaches. */
function instances(value: unknown, pattern: SchemaPattern, path: Instance['path'] = []): Instance[] {
  if (value === null || value === undefined) return [];
  if (pattern.length === 0) return [{ path, value }];
  const [head, ...rest] = pattern;
  if (head === '[]') return Array.isArray(value) ? value.flatMap((item, i) => instances(item, rest, [...path, i])) : [];
  if (typeof value !== 'object' || Array.isArray(value)) return [];
  const record = value as Record<string, unknown>;
  if (head === '{}') return Object.keys(record).flatMap((key) => instances(record[key], rest, [...path, key]));
  return Object.hasOwn(record, head) ? instances(record[head], rest, [...path, head]) : [];
}

/**
 * Each rule of the schema run where the data has a place for it, with what it gave: what the API server evaluates as
 * it stores the object. A rule its guards decide is not run; Sidecar mode's own rules only with `sidecarMode`.
 */
export function* evaluatedValidations(schema: CrdSchema, data: object, sidecarMode: boolean): Generator<{ instance: Instance; validation: CompiledValidation; outcome: Outcome }> {
  for (const site of validationSites(schema)) {
    for (const instance of instances(data, site.pattern)) {
      let self: CelInput | undefined;
      for (const validation of site.validations) {
        if ((validation.sidecarOnly && !sidecarMode) || holdsByGuard(validation, instance.value)) continue;
        self ??= toCel(instance.value);
        yield { instance, validation, outcome: run(validation, self) };
      }
    }
  }
}

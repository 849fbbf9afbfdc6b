import type { Guard } from './validations';

/**
 * The guards (see guardsOf in validations.ts) of every CEL rule of the newest release's schemas, by rule text.
 * Finding them means parsing the rule, about a millisecond each, while a PrometheusAgent's guards usually leave
 * few of its 49 rules to evaluate, often none. The server and CLI bundles get them computed at build time (esbuild.mjs, with the CRD validators) in
 * place of this module. Run from source (tests, the benchmark's in-process engine), there are none, and each rule is
 * parsed when it is compiled.
 */
export const precomputedGuards: ReadonlyMap<string, readonly Guard[]> = new Map();

// The newest release's CRD validators as code (ajv standalone), and the guards of its CEL rules: esbuild.mjs bundles
// this file, runs it, and builds what it returns into the server and CLI bundles in place of
// server/src/engine/rules/crd/precompiled.ts and server/src/engine/rules/cel/precomputed.ts.
import standaloneCode from 'ajv/dist/standalone';
import { monitoringKinds, type MonitoringKind } from '../server/src/engine/classify';
import { newestSchema } from '../server/src/engine/model/operatorReleases';
import { createAjv } from '../server/src/engine/rules/crd/ajv';
import { validationSites, type Guard } from '../server/src/engine/rules/cel/validations';

/** Per kind (all of them unless told), a CommonJS module exporting its validator. */
export function validatorModules(kinds = Object.keys(monitoringKinds) as MonitoringKind[]): Partial<Record<MonitoringKind, string>> {
  return Object.fromEntries(kinds.map((kind) => {
    const ajv = createAjv(true);
    return [kind, standaloneCode(ajv, ajv.compile(newestSchema(kind)))];
  }));
}

/** Every CEL rule of the newest release's schemas that compiles, with its guards. */
export function celGuards(): Record<string, readonly Guard[]> {
  const sites = (Object.keys(monitoringKinds) as MonitoringKind[]).flatMap((kind) => validationSites(newestSchema(kind)));
  const validations = sites.flatMap((site) => site.validations).filter((validation) => !validation.compiled().compileError);
  return Object.fromEntries(validations.map((validation) => [validation.rule, validation.guards]));
}

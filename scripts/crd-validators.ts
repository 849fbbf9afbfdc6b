// The newest release's CRD validators as code (ajv standalone): esbuild.mjs bundles this file, runs it, and builds
// what it returns into the server and CLI bundles in place of server/src/engine/rules/crd/precompiled.ts.
import standaloneCode from 'ajv/dist/standalone';
import { monitoringKinds, type MonitoringKind } from '../server/src/engine/classify';
import { newestSchema } from '../server/src/engine/model/operatorReleases';
import { createAjv } from '../server/src/engine/rules/crd/ajv';

/** Per kind (all of them unless told), a CommonJS module exporting its validator. */
export function validatorModules(kinds = Object.keys(monitoringKinds) as MonitoringKind[]): Partial<Record<MonitoringKind, string>> {
  return Object.fromEntries(kinds.map((kind) => {
    const ajv = createAjv(true);
    return [kind, standaloneCode(ajv, ajv.compile(newestSchema(kind)))];
  }));
}

import type { ValidateFunction } from 'ajv';
import type { MonitoringKind } from '../../classify';

/**
 * The validators of the newest release's schemas (schemas/*.json), each loaded on first use. The server and CLI
 * bundles get them written as code: esbuild.mjs generates them with createAjv (ajv.ts), writes them beside the bundle
 * (dist/crd-validators/) and builds their loaders in place of this module, which saves compiling them on every start.
 * Run from source (tests, the benchmark's in-process engine), there are none, and those schemas are compiled like any
 * other.
 */
export const precompiledValidators: Partial<Record<MonitoringKind, () => ValidateFunction>> = {};

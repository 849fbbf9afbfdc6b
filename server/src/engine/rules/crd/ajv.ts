import Ajv, { _, nil, type Code, type KeywordCxt } from 'ajv';
import type { CrdSchema } from '../../model/crdSchema';
import { patternRegExp } from './patternRegExp';

/**
 * The one ajv set-up CRD schemas are validated with: at run time (schemas of older releases, CRDs a workspace holds)
 * and at build time, where esbuild.mjs writes the newest release's validators as code (`source`) that the server and
 * CLI bundles load instead of compiling them at start.
 */
export function createAjv(source = false): Ajv {
  // Unoptimized code compiles in half the time and memory; validating with it is not measurably slower.
  const instance = new Ajv({ allErrors: true, strict: false, validateFormats: false, validateSchema: false, code: { optimize: false, source, regExp: patternRegExp } });
  // Kubernetes rejects two entries with the same key in a `map` list, and the same value twice in a `set` list. Written
  // as generated code, not as a function: a function cannot be part of a validator written out as code.
  instance.addKeyword({
    keyword: 'x-kubernetes-list-type',
    type: 'array',
    schemaType: 'string',
    error: { message: 'duplicate', params: ({ params }) => _`{index: ${params.index}, identity: ${params.identity}}` },
    code(cxt: KeywordCxt) {
      const { gen, data, schema } = cxt;
      if (schema === 'atomic') return;
      const mapKeys = schema === 'map' ? (cxt.parentSchema as CrdSchema)['x-kubernetes-list-map-keys'] ?? [] : undefined;
      const seen = gen.const('seen', _`new Set()`);
      gen.forRange('i', 0, _`${data}.length`, (i) => {
        const item = gen.const('item', _`${data}[${i}]`);
        // A map entry is known by its keys, in the order the schema lists them (computed keys: `__proto__` is a key).
        let keys: Code = nil;
        for (const key of mapKeys ?? []) keys = keys === nil ? _`[${key}]: ${item}[${key}]` : _`${keys}, [${key}]: ${item}[${key}]`;
        const identity = mapKeys
          ? gen.const('identity', _`${item} !== null && typeof ${item} == "object" ? JSON.stringify({${keys}}) : JSON.stringify(${item})`)
          : gen.const('identity', _`JSON.stringify(${item})`);
        gen.if(_`${seen}.has(${identity})`, () => {
          cxt.setParams({ index: i, identity });
          cxt.error(true);
        });
        gen.code(_`${seen}.add(${identity})`);
      });
    },
  });
  instance.addKeyword({ keyword: 'x-kubernetes-list-map-keys' });
  return instance;
}

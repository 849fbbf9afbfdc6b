import { RE2JS } from 're2js';

/**
 * Past this length a value is matched with RE2, as Kubernetes matches a CRD's `pattern` (Go's regexp): in time linear
 * in the value. JavaScript's backtracking engine, quick on the short values fields hold, takes time quadratic or worse
 * on some patterns (the CRDs' ByteSize takes seconds on a run of 100,000 digits).
 */
const backtrackingUpTo = 256;

/**
 * The regular expression engine CRD validators match `pattern` with (ajv's code.regExp). `code`: how a validator
 * written out as code requires it, from beside it in crd-validators/ (see esbuild.mjs).
 */
export const patternRegExp = Object.assign((pattern: string, flags: string) => {
  const native = new RegExp(pattern, flags);
  let linear: RE2JS | undefined;
  return {
    test(text: string): boolean {
      if (text.length <= backtrackingUpTo) return native.test(text);
      try {
        linear ??= RE2JS.compile(pattern);
      } catch {
        // A pattern RE2 does not take (a workspace's own CRD): the API server refuses that CRD, not this value.
        return native.test(text);
      }
      return linear.matcher(text).find();
    },
    // ajv keeps one engine per pattern, known by this text.
    toString: () => native.toString(),
  };
}, { code: 'require("./pattern.js").patternRegExp' });

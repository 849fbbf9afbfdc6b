import { isMap, isScalar, isSeq } from 'yaml';
import type { Node, Pair } from 'yaml';
import { findPair, readEntries, type ReadEntry, type Span } from '../../yaml/documents';
import { quoteScalar } from '../../yaml/edits';
import { goScalarType, readsAsString } from '../metadata';
import type { Rule, RuleContext } from '../rule';

/** The value maps of ConfigMaps and Secrets, as the API server decodes them. */

/** Go's base64.StdEncoding as encoding/json applies it to []byte: padded, `\r` and `\n` skipped. */
const base64Text = /^(?:[A-Za-z0-9+/]{4})*(?:[A-Za-z0-9+/]{2}==|[A-Za-z0-9+/]{3}=)?$/;

function entries(context: RuleContext, field: string): ReadEntry[] {
  const root = context.document.yaml.ast.contents;
  return isMap(root) ? readEntries(context.document.yaml.ast, findPair(root.items as Pair[], field)?.value as Node | null) : [];
}

/** Where a finding about an entry's value goes: the alias it comes through, or the value's first line. */
function valueSpan(context: RuleContext, value: Node, via: Node | undefined): Span {
  const [start, end] = (via ?? value).range!;
  return { start, end: Math.min(end, context.lines.lineEnd(start)) };
}

export const dataValue: Rule = {
  id: 'data/value',
  severity: 'error',
  docs: 'A ConfigMap `data` or Secret `stringData` value that is not a string, or a Secret `data` or ConfigMap `binaryData` value that is not base64: the API server refuses the object. Fix: quote the value.',
  appliesTo: (document) => document.role === 'config-map' || document.role === 'secret',
  check(context) {
    const kind = context.document.role === 'secret' ? 'Secret' : 'ConfigMap';
    const [textField, bytesField] = kind === 'Secret' ? ['stringData', 'data'] : ['data', 'binaryData'];
    for (const { key, value, via } of entries(context, textField)) {
      if (!value?.range || (isScalar(value) && (value.value === null || readsAsString(value)))) continue;
      const goType = isScalar(value) ? goScalarType(value) : isSeq(value) ? 'array' : 'object';
      const edit = isScalar(value) && !via ? quoteScalar(context.text, value) : undefined;
      context.report({
        span: valueSpan(context, value, via),
        message: `${textField} ${JSON.stringify(key)} must be a string: cannot unmarshal ${goType} into Go struct field ${kind}.${textField} of type string`,
        fixes: edit ? [{ title: 'Quote the value', edits: [edit], preferred: true }] : [],
      });
    }
    for (const { key, value, via } of entries(context, bytesField)) {
      if (!value?.range || (isScalar(value) && value.value === null)) continue;
      // A date or a sexagesimal stays the text it is written as.
      const text = !isScalar(value) || !readsAsString(value) ? undefined
        : typeof value.value === 'string' ? value.value
          : value.value instanceof Uint8Array ? new TextDecoder().decode(value.value) : context.text.slice(value.range![0], value.range![1]);
      if (text !== undefined && base64Text.test(text.replace(/[\r\n]/g, ''))) continue;
      const goType = isScalar(value) ? goScalarType(value) : isSeq(value) ? 'array' : 'object';
      context.report({
        span: valueSpan(context, value, via),
        message: text === undefined
          ? `${bytesField} ${JSON.stringify(key)} must be base64 text: cannot unmarshal ${goType} into Go struct field ${kind}.${bytesField} of type []uint8`
          : `${bytesField} ${JSON.stringify(key)} is not base64: illegal base64 data (put plain text under ${textField} instead)`,
      });
    }
  },
};

export const dataRules: Rule[] = [dataValue];

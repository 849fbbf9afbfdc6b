import { isAlias, isMap, isScalar, isSeq } from 'yaml';
import type { Node, Pair } from 'yaml';
import { findPair, isMergeKey, keyText } from '../../yaml/documents';
import { quoteScalar } from '../../yaml/edits';
import { goScalarType, readsAsString } from '../metadata';
import type { Rule, RuleContext } from '../rule';

/** The value maps of ConfigMaps and Secrets, as the API server decodes them. */

/** Go's base64.StdEncoding as encoding/json applies it to []byte: padded, `\r` and `\n` skipped. */
const base64Text = /^(?:[A-Za-z0-9+/]{4})*(?:[A-Za-z0-9+/]{2}==|[A-Za-z0-9+/]{3}=)?$/;

function entries(context: RuleContext, field: string): Pair[] {
  const root = context.document.yaml.ast.contents;
  const values = isMap(root) ? findPair(root.items as Pair[], field)?.value : undefined;
  return isMap(values) ? (values.items as Pair[]) : [];
}

export const dataValue: Rule = {
  id: 'data/value',
  severity: 'error',
  docs: 'A ConfigMap `data` or Secret `stringData` value that is not a string, or a Secret `data` or ConfigMap `binaryData` value that is not base64: the API server refuses the object. Fix: quote the value.',
  appliesTo: (document) => document.role === 'config-map' || document.role === 'secret',
  check(context) {
    const kind = context.document.role === 'secret' ? 'Secret' : 'ConfigMap';
    const [textField, bytesField] = kind === 'Secret' ? ['stringData', 'data'] : ['data', 'binaryData'];
    for (const pair of entries(context, textField)) {
      const value = pair.value as Node | null;
      if (isMergeKey(pair) || value === null || isAlias(value) || (isScalar(value) && (value.value === null || readsAsString(value)))) continue;
      const goType = isScalar(value) ? goScalarType(value) : isSeq(value) ? 'array' : 'object';
      const edit = isScalar(value) ? quoteScalar(context.text, value) : undefined;
      context.report({
        span: { start: value.range![0], end: Math.min(value.range![1], context.lines.lineEnd(value.range![0])) },
        message: `${textField} ${JSON.stringify(keyText(pair) ?? '')} must be a string: cannot unmarshal ${goType} into Go struct field ${kind}.${textField} of type string`,
        fixes: edit ? [{ title: 'Quote the value', edits: [edit], preferred: true }] : [],
      });
    }
    for (const pair of entries(context, bytesField)) {
      const value = pair.value as Node | null;
      if (isMergeKey(pair) || value === null || isAlias(value) || (isScalar(value) && value.value === null)) continue;
      // A date or a sexagesimal stays the text it is written as.
      const text = !isScalar(value) || !readsAsString(value) ? undefined
        : typeof value.value === 'string' ? value.value : context.text.slice(value.range![0], value.range![1]);
      if (text !== undefined && base64Text.test(text.replace(/[\r\n]/g, ''))) continue;
      const goType = isScalar(value) ? goScalarType(value) : isSeq(value) ? 'array' : 'object';
      context.report({
        span: { start: value.range![0], end: Math.min(value.range![1], context.lines.lineEnd(value.range![0])) },
        message: text === undefined
          ? `${bytesField} ${JSON.stringify(keyText(pair) ?? '')} must be base64 text: cannot unmarshal ${goType} into Go struct field ${kind}.${bytesField} of type []uint8`
          : `${bytesField} ${JSON.stringify(keyText(pair) ?? '')} is not base64: illegal base64 data (put plain text under ${textField} instead)`,
      });
    }
  },
};

export const dataRules: Rule[] = [dataValue];

import { isScalar, Scalar } from 'yaml';
import type { Node, Pair } from 'yaml';
import type { EditDraft } from '../report';

const plainSafe = /^(?!-( |$))[A-Za-z0-9_./-](?:[A-Za-z0-9_./@= -]|:(?! |$))*$/;
const yaml11Special = /^(y|yes|n|no|true|false|on|off|null|~)$/i;

/** A string as YAML would need it written: plain where that reads back as the same string, double-quoted otherwise. */
export function yamlString(value: string): string {
  const looksLikeOther = yaml11Special.test(value) || /^[-+]?(\d|\.\d)/.test(value);
  return plainSafe.test(value) && !looksLikeOther && !value.endsWith(' ') ? value : JSON.stringify(value);
}

/**
 * Where a value written in `text` ends: a block scalar's range (`|`, `>`) runs on over the line breaks after its last
 * line, which belong to what follows (the next entry, a `---`, a comment).
 */
export function valueEnd(node: Node, text: string): number | undefined {
  if (!node.range) return undefined;
  const [start, end] = node.range;
  if (!isScalar(node) || (node.type !== Scalar.BLOCK_LITERAL && node.type !== Scalar.BLOCK_FOLDED)) return end;
  return start + text.slice(start, end).replace(/[ \t\r\n]+$/, '').length;
}

/**
 * Replaces a scalar's text (as written in `text`), keeping the quote style it was written with. Not a scalar that
 * carries an anchor: its aliases (`replicas: *n`) would change with it.
 */
export function replaceScalar(node: Node, value: string, text: string): EditDraft | undefined {
  if (!isScalar(node) || !node.range || node.anchor) return undefined;
  const start = node.range[0];
  const end = valueEnd(node, text)!;
  let newText = yamlString(value);
  if (node.type === Scalar.QUOTE_DOUBLE) newText = JSON.stringify(value);
  else if (node.type === Scalar.QUOTE_SINGLE) newText = `'${value.replace(/'/g, "''")}'`;
  return { start, end, newText };
}

/**
 * Wraps a plain scalar in double quotes, so `true` or `8080` becomes the string Kubernetes expects; an empty value
 * becomes `""`. A scalar with an explicit tag (`!!int 42`) keeps its type quoted, and one with an anchor would change
 * its aliases too: no edit.
 */
export function quoteScalar(text: string, node: Node): EditDraft | undefined {
  if (!isScalar(node) || !node.range || node.type !== Scalar.PLAIN || node.tag || node.anchor) return undefined;
  const [start, end] = node.range;
  if (start === end) return { start, end, newText: text[start - 1] === ':' ? ' ""' : '""' };
  return { start, end, newText: JSON.stringify(text.slice(start, end)) };
}

export function renameKey(pair: Pair, newKey: string, text: string): EditDraft | undefined {
  const key = pair.key;
  if (!isScalar(key) || !key.range) return undefined;
  return replaceScalar(key, newKey, text);
}

import { isMap, isScalar, isSeq, Scalar } from 'yaml';
import type { Node } from 'yaml';
import { podTemplatePaths } from '../../classify';
import { nodeAt, nodeSpan, readEntries, resolveAlias, type Path, type ReadEntry } from '../../yaml/documents';
import { quoteScalar } from '../../yaml/edits';
import { locate } from '../../yaml/locate';
import type { Rule, RuleContext } from '../rule';
import { duplicateObject } from './duplicateObject';
import { own } from '../../util/own';
import { sidecarAnnotations, sidecarValueProblem } from '../../model/sidecarRequest';

const kubernetesRoles = new Set(['monitoring', 'pod', 'workload', 'config-map', 'secret']);
const isKubernetesObject = (document: { role: string }) => kubernetesRoles.has(document.role);

const dns1123Subdomain = /^[a-z0-9]([-a-z0-9]*[a-z0-9])?(\.[a-z0-9]([-a-z0-9]*[a-z0-9])?)*$/;
const dns1123Label = /^[a-z0-9]([-a-z0-9]*[a-z0-9])?$/;
const qualifiedNamePart = /^([A-Za-z0-9][-A-Za-z0-9_.]*)?[A-Za-z0-9]$/;
const labelValue = /^(([A-Za-z0-9][-A-Za-z0-9_.]*)?[A-Za-z0-9])?$/;

const subdomainRule = `a lowercase RFC 1123 subdomain must consist of lower case alphanumeric characters, '-' or '.', and must start and end with an alphanumeric character (e.g. 'example.com', regex used for validation is '[a-z0-9]([-a-z0-9]*[a-z0-9])?(\\.[a-z0-9]([-a-z0-9]*[a-z0-9])?)*')`;
const labelRule = `a lowercase RFC 1123 label must consist of lower case alphanumeric characters or '-', and must start and end with an alphanumeric character (e.g. 'my-name',  or '123-abc', regex used for validation is '[a-z0-9]([-a-z0-9]*[a-z0-9])?')`;
const qualifiedNameRule = `name part must consist of alphanumeric characters, '-', '_' or '.', and must start and end with an alphanumeric character (e.g. 'MyName',  or 'my.name',  or '123-abc', regex used for validation is '([A-Za-z0-9][-A-Za-z0-9_.]*)?[A-Za-z0-9]')`;
const labelValueRule = `a valid label must be an empty string or consist of alphanumeric characters, '-', '_' or '.', and must start and end with an alphanumeric character (e.g. 'MyValue',  or 'my_value',  or '12345', regex used for validation is '(([A-Za-z0-9][-A-Za-z0-9_.]*)?[A-Za-z0-9])?')`;

/** The metadata blocks of a document: the object's own, and its pod template's for a workload. */
function metadataPaths(context: RuleContext): Path[] {
  const paths: Path[] = [['metadata']];
  const template = context.document.kind ? own(podTemplatePaths, context.document.kind) : undefined;
  if (context.document.role === 'workload' && template) paths.push([...template, 'metadata']);
  if (context.document.kind === 'CronJob') paths.push(['spec', 'jobTemplate', 'metadata']);
  return paths;
}

function scalarText(context: RuleContext, node: Node | null | undefined): string | undefined {
  return isScalar(node) && node.range ? context.text.slice(node.range[0], node.range[1]) : undefined;
}

export const objectName: Rule = {
  id: 'metadata/name',
  severity: 'error',
  docs: 'metadata.name is missing or not a lowercase RFC 1123 subdomain; metadata.namespace not an RFC 1123 label; either written so that YAML reads a number or a boolean (`namespace: y`). Fix for the last: quote it, where quoted it is a valid name.',
  appliesTo: isKubernetesObject,
  check(context) {
    const { yaml, name, namespace } = context.document;
    const locateAt = (path: Path, anchor: 'key' | 'value') => locate(yaml, context.lines, path, anchor);
    if (yaml.valueError !== undefined) return;
    // A name YAML reads as a number or a boolean (`namespace: y`, `name: 404`) is refused before it is validated.
    for (const field of ['name', 'namespace'] as const) {
      const node = resolveAlias(yaml.ast, nodeAt(yaml.ast.contents, ['metadata', field]));
      if (!isScalar(node) || node.value === null || readsAsString(node)) continue;
      const written = scalarText(context, node) ?? '';
      const goType = goScalarType(node);
      // Quoted, it must still be a valid name: `"1E3"` or `"TRUE"` would trade one error for another.
      const valid = field === 'name' ? written.length <= 253 && dns1123Subdomain.test(written) : written.length <= 63 && dns1123Label.test(written);
      const edit = valid ? quoteScalar(context.text, node) : undefined;
      context.report({
        span: locateAt(['metadata', field], 'value'),
        message: `metadata.${field} must be a string: Kubernetes rejects the unquoted ${written} (cannot unmarshal ${goType} into Go struct field ObjectMeta.metadata.${field} of type string)`,
        fixes: edit ? [{ title: `Quote ${written}`, edits: [edit], preferred: true }] : [],
      });
      return;
    }
    const written = yaml.dataAt(['metadata', 'name']);
    if ((written === undefined || written === null) && !yaml.dataAt(['metadata', 'generateName'])) {
      const anchorPath = yaml.dataAt(['metadata']) ? ['metadata'] : ['kind'];
      context.report({ span: locateAt(anchorPath, 'key'), message: 'metadata.name: Required value: name or generateName is required' });
    } else if (name !== undefined && (name.length > 253 || !dns1123Subdomain.test(name))) {
      const detail = name.length > 253 ? 'must be no more than 253 characters' : subdomainRule;
      context.report({ span: locateAt(['metadata', 'name'], 'value'), message: `metadata.name: Invalid value: ${JSON.stringify(name)}: ${detail}` });
    }
    if (namespace !== undefined && (namespace.length > 63 || !dns1123Label.test(namespace))) {
      const detail = namespace.length > 63 ? 'must be no more than 63 characters' : labelRule;
      context.report({ span: locateAt(['metadata', 'namespace'], 'value'), message: `metadata.namespace: Invalid value: ${JSON.stringify(namespace)}: ${detail}` });
    }
  },
};

/**
 * Whether kubectl reads a scalar as a string. It reads YAML with go-yaml v2, which differs from YAML 1.1 on untagged
 * plain scalars: sexagesimals (`02:30`) stay strings (timestamps, `2025-01-01`, and `0o17` or `0X1F`, integers to
 * go-yaml and strings to YAML 1.1, the parser reads so already), and a `!!binary` value is its decoded text.
 */
export function readsAsString(value: Scalar): boolean {
  // A !!binary value is its decoded bytes as a string to go-yaml (decoder.scalar).
  if (typeof value.value === 'string' || value.value instanceof Uint8Array) return true;
  return value.type === Scalar.PLAIN && value.tag === undefined && value.format === 'TIME';
}

/** A tag as written in the common case: `!!int` for the YAML tag `tag:yaml.org,2002:int`. */
const shortTag = (tag: string) => tag.replace(/^tag:yaml\.org,2002:/, '!!');

/** The JSON type Kubernetes names when it refuses a scalar that is not a string. */
export function goScalarType(value: Scalar): string {
  if (value.value === null) return 'null';
  if (typeof value.value === 'boolean') return 'bool';
  return readsAsString(value) ? 'string' : 'number';
}

/** The entries of the mapping at `path` as Kubernetes reads them: merge keys and aliases followed. */
function mapEntries(context: RuleContext, path: Path): ReadEntry[] {
  return readEntries(context.document.yaml.ast, nodeAt(context.document.yaml.ast.contents, path));
}

/**
 * The string an annotation's unquoted value is quoted as: as written, unless that is no valid value of a sidecar
 * annotation where what YAML read is (`yes`, `on`: "true"; `9102.0`, `+9102`: "9102"); undefined when neither is.
 */
function annotationMeant(key: string, written: string, value: Scalar): string | undefined {
  // A port YAML reads as a number (0x2396, 1e3) means that number: quoted as written it would name a port.
  const port = key === sidecarAnnotations.port && typeof value.value === 'number' && Number.isInteger(value.value) ? String(value.value) : undefined;
  if (port !== undefined) return sidecarValueProblem(key, port) ? undefined : port;
  if (!sidecarValueProblem(key, written)) return written;
  const read = typeof value.value === 'boolean' || (typeof value.value === 'number' && Number.isInteger(value.value)) ? String(value.value) : undefined;
  return read !== undefined && !sidecarValueProblem(key, read) ? read : undefined;
}

export const stringValues: Rule = {
  id: 'metadata/string-value',
  severity: 'error',
  docs: 'A label or annotation value that YAML reads as a number, boolean or null, or labels or annotations that are not a map: Kubernetes only accepts a map of strings. Fix: quote the value.',
  appliesTo: isKubernetesObject,
  check(context) {
    for (const metadata of metadataPaths(context)) {
      for (const field of ['labels', 'annotations'] as const) {
        const fieldAsWritten = nodeAt(context.document.yaml.ast.contents, [...metadata, field]);
        const fieldNode = resolveAlias(context.document.yaml.ast, fieldAsWritten);
        if (fieldAsWritten?.range && fieldNode && !isMap(fieldNode) && !(isScalar(fieldNode) && fieldNode.value === null)) {
          const goType = isSeq(fieldNode) ? 'array' : isScalar(fieldNode) ? goScalarType(fieldNode) : 'object';
          const [start, end] = fieldAsWritten.range;
          context.report({
            span: { start, end: Math.min(end, context.lines.lineEnd(start)) },
            message: `metadata.${field} must be a map of strings: Kubernetes rejects this ${goType} (cannot unmarshal ${goType} into Go struct field ObjectMeta.metadata.${field} of type map[string]string)`,
          });
        }
        for (const { key, value, via } of mapEntries(context, [...metadata, field])) {
          // Go's JSON decoder leaves a string as it is for a null: the value is "" (an apply's merge drops the key).
          if (isScalar(value) ? readsAsString(value) || value.value === null : value === null) continue;
          const goType = isScalar(value) ? goScalarType(value) : isSeq(value) ? 'array' : 'object';
          const written = scalarText(context, value) ?? '';
          // Quoted, a label must still be a valid label value: `"-1"` or `"~"` would trade one error for another; so
          // must a sidecar annotation, where what YAML read may be (`yes` is "true").
          const meant = field === 'annotations' ? (isScalar(value) ? annotationMeant(key, written, value) : undefined)
            : written.length <= 63 && labelValue.test(written) ? written : undefined;
          const quoted = value && !via && meant !== undefined ? quoteScalar(context.text, value) : undefined;
          const edit = quoted && meant !== written ? { ...quoted, newText: JSON.stringify(meant) } : quoted;
          const span = via?.range ? { start: via.range[0], end: via.range[1] }
            : value?.range && isScalar(value) && written ? { start: value.range[0], end: value.range[1] }
              : locate(context.document.yaml, context.lines, [...metadata, field, key], 'key');
          context.report({
            span,
            message: `${field === 'labels' ? 'label' : 'annotation'} ${JSON.stringify(key)} must be a string: Kubernetes rejects ${!isScalar(value) ? `this ${goType === 'array' ? 'list' : 'map'}` : !written ? 'an empty value' : value.tag ? `${shortTag(value.tag)} ${written}` : `the unquoted ${written}`} (cannot unmarshal ${goType} into Go struct field ObjectMeta.metadata.${field} of type string)`,
            fixes: edit ? [{ title: !written ? 'Set to ""' : meant === written ? `Quote ${written}` : `Change to ${JSON.stringify(meant)}`, edits: [edit], preferred: true }] : [],
          });
        }
      }
    }
  },
};

/** Go's strings.ToLower where JavaScript's differs in what a qualified name can hold: Go lowercases İ to i. */
const goLowerCase = (text: string) => text.replace(/\u0130/g, 'i').toLowerCase();

/** A qualified name as label and annotation keys use it: an optional DNS-subdomain prefix, a slash, a name. */
function qualifiedNameProblem(key: string): string | undefined {
  const slash = key.lastIndexOf('/');
  const prefix = slash >= 0 ? key.slice(0, slash) : undefined;
  const name = slash >= 0 ? key.slice(slash + 1) : key;
  if (prefix !== undefined && (prefix.length === 0 || prefix.length > 253 || !dns1123Subdomain.test(prefix))) {
    return `prefix part ${subdomainRule}`;
  }
  if (name.length === 0) return 'name part must be non-empty';
  if (name.length > 63) return 'name part must be no more than 63 characters';
  if (!qualifiedNamePart.test(name)) return qualifiedNameRule;
  return undefined;
}

export const labelSyntax: Rule = {
  id: 'metadata/label-syntax',
  severity: 'error',
  docs: 'A label or annotation key that is not a qualified name (an annotation key in any case: Kubernetes checks it lowercased), or a label value that is not a valid label value.',
  appliesTo: isKubernetesObject,
  check(context) {
    for (const metadata of metadataPaths(context)) {
      for (const field of ['labels', 'annotations'] as const) {
        const at = metadata.join('.');
        for (const { key, keyNode, value, via } of mapEntries(context, [...metadata, field])) {
          // Kubernetes checks an annotation key lowercased (ValidateAnnotations: "case doesn't matter").
          const keyProblem = qualifiedNameProblem(field === 'annotations' ? goLowerCase(key) : key);
          if (keyProblem) {
            const span = nodeSpan(via ?? keyNode) ?? locate(context.document.yaml, context.lines, [...metadata, field, key], 'key');
            context.report({ span, message: `${at}.${field}: Invalid value: ${JSON.stringify(key)}: ${keyProblem}` });
          }
          if (field === 'labels' && isScalar(value) && typeof value.value === 'string') {
            const text = value.value;
            const problem = text.length > 63 ? 'must be no more than 63 characters' : labelValue.test(text) ? undefined : labelValueRule;
            if (problem) {
              const span = nodeSpan(via ?? value) ?? locate(context.document.yaml, context.lines, [...metadata, field, key], 'value');
              context.report({ span, message: `${at}.labels: Invalid value: ${JSON.stringify(text)}: ${problem}` });
            }
          }
        }
      }
    }
  },
};

export const typeMeta: Rule = {
  id: 'metadata/type-meta',
  severity: 'error',
  docs: 'A document read as a Kubernetes manifest (`--as kubernetes`) without apiVersion or kind.',
  appliesTo: (document) => document.role === 'untyped-manifest',
  check(context) {
    const { apiVersion, kind, yaml } = context.document;
    const missing = [apiVersion === undefined ? 'apiVersion not set' : '', kind === undefined ? 'kind not set' : ''].filter(Boolean);
    const start = yaml.ast.contents?.range?.[0] ?? yaml.span.start;
    context.report({ span: { start, end: context.lines.lineEnd(start) }, message: `error validating data: [${missing.join(', ')}]` });
  },
};

export const metadataRules: Rule[] = [objectName, stringValues, labelSyntax, typeMeta, duplicateObject];

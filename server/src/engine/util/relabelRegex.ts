import { RE2JS } from 're2js';
import { atLeast } from './version';


/**
 * Relabel regexes as Prometheus compiles them: RE2 syntax (Go's regexp, not JavaScript's), anchored at both ends.
 * v3 wraps them as `^(?s:<re>)$` (a dot matches newlines), v2 as `^(?:<re>)$`; parse errors quote the wrapped text.
 */
export interface CompiledRegex {
  regex?: RE2JS;
  /** Go's message, e.g. error parsing regexp: missing closing ): `^(?s:a(b)$` */
  error?: string;
}

const cache = new Map<string, CompiledRegex>();
const cacheLimit = 1000;

export function compileRelabelRegex(source: string, version: string): CompiledRegex {
  const wrapped = atLeast(version, 'v3.0.0') ? `^(?s:${source})$` : `^(?:${source})$`;
  const key = `${atLeast(version, goNamedGroupsSince) ? '' : 'go<1.22:'}${wrapped}`;
  let compiled = cache.get(key);
  if (!compiled) {
    compiled = compile(wrapped, atLeast(version, goNamedGroupsSince));
    if (cache.size >= cacheLimit) cache.clear();
    cache.set(key, compiled);
  }
  return compiled;
}

/** Prometheus v2.51 was the first built with Go 1.22, whose regexp reads `(?<name>…)` as well as `(?P<name>…)`. */
const goNamedGroupsSince = 'v2.51.0';

/** Where Go's regexp and RE2 (re2js) part: Go allows two groups of one name, and before Go 1.22 no `(?<`. */
function compile(wrapped: string, angleNames: boolean): CompiledRegex {
  const groups = namedGroups(wrapped);
  if (!angleNames && groups.some((group) => group.angle)) return { error: 'error parsing regexp: invalid or unsupported Perl syntax: `(?<`' };
  // A repeated name becomes a plain group: the numbering stays, and a ${name} reference finds the first, as in Go.
  const seen = new Set<string>();
  let source = '';
  let at = 0;
  for (const group of groups) {
    if (group.name === undefined) continue;
    if (seen.has(group.name)) source += `${wrapped.slice(at, group.start)}(`, at = group.end;
    seen.add(group.name);
  }
  source += wrapped.slice(at);
  try {
    return { regex: RE2JS.compile(source) };
  } catch (error) {
    const message = error instanceof Error ? error.message : String(error);
    // re2js bounds a program at 1,398,101 instructions, Go's regexp at 3,355,443 (128 MB of 40-byte ones), and checks
    // the size before a repeat count: what lies between, or a repeat count Go refuses first, is not told here.
    if (message.endsWith(largeExpression)) return {};
    return { error: message };
  }
}

/** re2js' message for an expression past its size bound. */
const largeExpression = 'expression too large';

/** The `(?P<name>` and `(?<…` openings outside escapes and character classes; `name` is unset for a lookbehind. */
function namedGroups(source: string): { start: number; end: number; name?: string; angle: boolean }[] {
  const found: { start: number; end: number; name?: string; angle: boolean }[] = [];
  let inClass = false;
  for (let i = 0; i < source.length; i++) {
    const char = source[i];
    if (char === '\\') i++;
    else if (inClass) inClass = char !== ']';
    else if (char === '[') inClass = true;
    else if (source.startsWith('(?P<', i) || source.startsWith('(?<', i)) {
      const angle = source[i + 2] === '<';
      const open = i + (angle ? 3 : 4);
      const close = source.indexOf('>', open);
      const name = close > open && /^\w+$/.test(source.slice(open, close)) ? source.slice(open, close) : undefined;
      found.push({ start: i, end: name === undefined ? open : close + 1, name, angle });
    }
  }
  return found;
}

/** The groups of a full match, by number and by name; undefined when the regex does not match the whole value. */
export function fullMatch(regex: RE2JS, value: string): { group(reference: string | number): string } | undefined {
  const matcher = regex.matcher(value);
  if (!matcher.matches()) return undefined;
  return {
    group(reference) {
      if (typeof reference === 'number') return reference <= matcher.groupCount() ? matcher.group(reference) ?? '' : '';
      const names = regex.namedGroups();
      return Object.hasOwn(names, reference) ? matcher.group(names[reference]) ?? '' : '';
    },
  };
}

/**
 * Go's Regexp.ExpandString: `$1`, `${1}`, `$name`, `${name}` (a name as long as possible: `$1x` is the group named
 * `1x`, `$01` the group named `01`), `$$` for a dollar; a `$` that starts no reference stays as written.
 */
export function expandTemplate(template: string, match: { group(reference: string | number): string }): string {
  if (!template.includes('$')) return template;
  let out = '';
  for (const part of templateParts(template)) out += typeof part === 'string' ? part : match.group(part.group);
  return out;
}

/** A template's text and the groups it refers to, in order. */
type TemplatePart = string | { group: string | number };

/** Read once per template: a job's steps expand the same few templates for each of its targets. */
const templates = new Map<string, TemplatePart[]>();

function templateParts(template: string): TemplatePart[] {
  let parts = templates.get(template);
  if (parts) return parts;
  parts = [];
  let literal = '';
  for (let i = 0; i < template.length; i++) {
    const char = template[i];
    if (char !== '$') {
      literal += char;
      continue;
    }
    if (template[i + 1] === '$') {
      literal += '$';
      i++;
      continue;
    }
    // Go's extract: a name of Unicode letters, digits and underscores; a number only without a leading zero.
    const reference = /^\{([\p{L}\p{Nd}_]+)\}|^([\p{L}\p{Nd}_]+)/u.exec(template.slice(i + 1));
    if (!reference) {
      literal += '$';
      continue;
    }
    const name = reference[1] ?? reference[2];
    parts.push(literal, { group: /^(0|[1-9]\d{0,8})$/.test(name) ? Number(name) : name });
    literal = '';
    i += reference[0].length;
  }
  parts.push(literal);
  if (templates.size >= cacheLimit) templates.clear();
  templates.set(template, parts);
  return parts;
}

import { goQuote } from './goQuote';

/**
 * The selector strings of kubernetes_sd_configs, read as Prometheus reads them while loading: with Kubernetes' own
 * parsers (k8s.io/apimachinery labels.Parse and fields.ParseSelector). Each function returns the error the parser
 * gives, in its words, or undefined when the string parses. Wording of apimachinery v0.35 and later (its `content`
 * validation package), which Prometheus v3 builds with.
 */

const utf8Length = (text: string) => new TextEncoder().encode(text).length;

/** Go's sort.Strings order: by bytes, which for UTF-8 is the order of code points. */
function compareCodePoints(a: string, b: string): number {
  const left = [...a];
  const right = [...b];
  for (let i = 0; i < Math.min(left.length, right.length); i++) {
    const difference = (left[i].codePointAt(0) ?? 0) - (right[i].codePointAt(0) ?? 0);
    if (difference !== 0) return difference;
  }
  return left.length - right.length;
}

// ---- label keys and values (content.IsLabelKey, content.IsLabelValue) -------------------------------------------

const labelKeyPattern = '([A-Za-z0-9][-A-Za-z0-9_.]*)?[A-Za-z0-9]';
const labelKeyRule = `must consist of alphanumeric characters, '-', '_' or '.', and must start and end with an alphanumeric character (e.g. 'MyName',  or 'my.name',  or '123-abc', regex used for validation is '${labelKeyPattern}')`;
const subdomainPattern = '[a-z0-9]([-a-z0-9]*[a-z0-9])?(\\.[a-z0-9]([-a-z0-9]*[a-z0-9])?)*';
const subdomainRule = `a lowercase RFC 1123 subdomain must consist of lower case alphanumeric characters, '-' or '.', and must start and end with an alphanumeric character (e.g. 'example.com', regex used for validation is '${subdomainPattern}')`;
const labelValuePattern = `(${labelKeyPattern})?`;
const labelValueRule = `a valid label must be an empty string or consist of alphanumeric characters, '-', '_' or '.', and must start and end with an alphanumeric character (e.g. 'MyValue',  or 'my_value',  or '12345', regex used for validation is '${labelValuePattern}')`;
const tooLong = (bytes: number) => `must be no more than ${bytes} bytes`;
const subdomain = new RegExp(`^${subdomainPattern}$`);
const labelKeyName = new RegExp(`^${labelKeyPattern}$`);
const labelValueText = new RegExp(`^${labelValuePattern}$`);

/** What is wrong with a label key: an optional DNS-subdomain prefix and a slash, then a name of 63 bytes at most. */
export function labelKeyProblems(key: string): string[] {
  const parts = key.split('/');
  if (parts.length > 2) {
    return [`a valid label key ${labelKeyRule} with an optional DNS subdomain prefix and '/' (e.g. 'example.com/MyName')`];
  }
  const problems: string[] = [];
  const name = parts.at(-1) ?? '';
  if (parts.length === 2) {
    const prefix = parts[0];
    if (prefix === '') problems.push('prefix part must be non-empty');
    else {
      if (utf8Length(prefix) > 253) problems.push(`prefix part ${tooLong(253)}`);
      if (!subdomain.test(prefix)) problems.push(`prefix part ${subdomainRule}`);
    }
  }
  if (name === '') problems.push('name part must be non-empty');
  else if (utf8Length(name) > 63) problems.push(`name part ${tooLong(63)}`);
  if (!labelKeyName.test(name)) problems.push(`name part ${labelKeyRule}`);
  return problems;
}

/** What is wrong with a label value: 63 bytes at most, alphanumeric at both ends. */
export function labelValueProblems(value: string): string[] {
  const problems: string[] = [];
  if (utf8Length(value) > 63) problems.push(tooLong(63));
  if (!labelValueText.test(value)) problems.push(labelValueRule);
  return problems;
}

/** A field.Error of kind Invalid as it prints: `<path>: Invalid value: "<value>": <detail>`. */
export const invalid = (path: string, value: string, problems: string[]) => `${path}: Invalid value: ${goQuote(value)}: ${problems.join('; ')}`;

// ---- the label selector lexer ------------------------------------------------------------------------------------

type TokenKind = 'end' | 'identifier' | 'in' | 'notin' | '!' | '=' | '==' | '!=' | '>' | '<' | '(' | ')' | ',';

interface Token {
  kind: TokenKind;
  text: string;
}

const specialSymbols = new Set(['=', '!', '(', ')', ',', '>', '<']);
const whitespace = new Set([' ', '\t', '\r', '\n']);

/**
 * The lexer reads byte by byte and takes a NUL where the input ends: a NUL byte ends a token as the end does. Every
 * special symbol is a token alone; two make one only as `==` or `!=`.
 */
function tokenize(selector: string): Token[] {
  const tokens: Token[] = [];
  let position = 0;
  const read = () => (position < selector.length ? selector[position++] : '\0');
  for (;;) {
    let char = read();
    while (whitespace.has(char)) char = read();
    if (char === '\0') {
      tokens.push({ kind: 'end', text: '' });
      return tokens;
    }
    if (specialSymbols.has(char)) {
      const pair = char + (selector[position] ?? '');
      const text = pair === '==' || pair === '!=' ? pair : char;
      position += text.length - 1;
      tokens.push({ kind: text as TokenKind, text });
      continue;
    }
    let text = char;
    for (;;) {
      const next = read();
      if (next === '\0') break;
      if (specialSymbols.has(next) || whitespace.has(next)) {
        position--;
        break;
      }
      text += next;
    }
    tokens.push({ kind: text === 'in' || text === 'notin' ? text : 'identifier', text });
  }
}

// ---- the label selector parser -----------------------------------------------------------------------------------

type Operator = 'exists' | 'doesNotExist' | 'in' | 'notin' | '=' | '==' | '!=' | 'gt' | 'lt';

const binaryOperators: Partial<Record<TokenKind, Operator>> = { in: 'in', notin: 'notin', '=': '=', '==': '==', '>': 'gt', '<': 'lt', '!=': '!=' };

class LabelSelectorParser {
  private position = 0;

  constructor(private readonly tokens: Token[]) {}

  /** The next token; where values are read, `in` and `notin` are plain identifiers. */
  private lookahead(asValue = true): Token {
    const token = this.tokens[Math.min(this.position, this.tokens.length - 1)];
    return asValue && (token.kind === 'in' || token.kind === 'notin') ? { kind: 'identifier', text: token.text } : token;
  }

  private consume(asValue = true): Token {
    const token = this.lookahead(asValue);
    this.position++;
    return token;
  }

  parse(): string | undefined {
    for (;;) {
      const token = this.lookahead();
      if (token.kind === 'end') return undefined;
      if (token.kind !== 'identifier' && token.kind !== '!') return `found '${token.text}', expected: !, identifier, or 'end of string'`;
      const problem = this.requirement();
      if (problem) return `unable to parse requirement: ${problem}`;
      const after = this.consume();
      if (after.kind === 'end') return undefined;
      if (after.kind !== ',') return `found '${after.text}', expected: ',' or 'end of string'`;
      const next = this.lookahead();
      if (next.kind !== 'identifier' && next.kind !== '!') return `found '${next.text}', expected: identifier after ','`;
    }
  }

  private requirement(): string | undefined {
    let operator: Operator | undefined;
    let token = this.consume();
    if (token.kind === '!') {
      operator = 'doesNotExist';
      token = this.consume();
    }
    if (token.kind !== 'identifier') return `found '${token.text}', expected: identifier`;
    const key = token.text;
    const keyProblems = labelKeyProblems(key);
    // The parser has no field path: Go prints the nil path as <nil>.
    if (keyProblems.length) return invalid('<nil>', key, keyProblems);
    const next = this.lookahead().kind;
    if (operator || next === 'end' || next === ',') return undefined;
    const operatorToken = this.consume(false);
    operator = binaryOperators[operatorToken.kind];
    if (!operator) return `found '${operatorToken.text}', expected: in, notin, =, ==, !=, gt, lt`;
    const values = operator === 'in' || operator === 'notin' ? this.valueSet() : this.exactValue();
    if (typeof values === 'string') return values;
    return requirementProblems(key, operator, [...values].sort(compareCodePoints));
  }

  private valueSet(): Set<string> | string {
    const open = this.consume();
    if (open.kind !== '(') return `found '${open.text}' expected: '('`;
    const first = this.lookahead();
    if (first.kind === ')') {
      this.consume();
      return new Set(['']);
    }
    if (first.kind !== 'identifier' && first.kind !== ',') return `found '${first.text}', expected: ',', ')' or identifier`;
    // A list that parses ends before a `)`, which closes it.
    const values = this.identifiers();
    if (typeof values !== 'string') this.consume();
    return values;
  }

  /** Comma-separated values, any of them empty (`(a,,b)`, `(,a)`), up to the closing parenthesis. */
  private identifiers(): Set<string> | string {
    const values = new Set<string>();
    for (;;) {
      const token = this.consume();
      if (token.kind === 'identifier') {
        values.add(token.text);
        const next = this.lookahead();
        if (next.kind === ')') return values;
        if (next.kind !== ',') return `found '${next.text}', expected: ',' or ')'`;
      } else if (token.kind === ',') {
        if (values.size === 0) values.add('');
        const next = this.lookahead().kind;
        if (next === ')') {
          values.add('');
          return values;
        }
        if (next === ',') values.add('');
      } else {
        return `found '${token.text}', expected: ',', or identifier`;
      }
    }
  }

  private exactValue(): Set<string> | string {
    const next = this.lookahead().kind;
    if (next === 'end' || next === ',') return new Set(['']);
    const token = this.consume();
    return token.kind === 'identifier' ? new Set([token.text]) : `found '${token.text}', expected: identifier`;
  }
}

const int64Range = [-(2n ** 63n), 2n ** 63n - 1n];

/** Go's strconv.ParseInt(value, 10, 64) succeeds. */
const isInt64 = (value: string) => /^[+-]?\d+$/.test(value) && BigInt(value) >= int64Range[0] && BigInt(value) <= int64Range[1];

/**
 * labels.NewRequirement's checks of the values (the key was checked while parsing), as an aggregate error prints:
 * one message alone, several in brackets.
 */
function requirementProblems(key: string, operator: Operator, values: string[]): string | undefined {
  const problems: string[] = [];
  values.forEach((value, index) => {
    if ((operator === 'gt' || operator === 'lt') && !isInt64(value)) {
      problems.push(invalid(`values[${index}]`, value, ["for 'Gt', 'Lt' operators, the value must be an integer"]));
    }
  });
  values.forEach((value, index) => {
    const valueProblems = labelValueProblems(value);
    if (valueProblems.length) problems.push(invalid(`values[${index}][${key}]`, value, valueProblems));
  });
  const unique = [...new Set(problems)];
  if (unique.length === 0) return undefined;
  return unique.length === 1 ? unique[0] : `[${unique.join(', ')}]`;
}

/** What labels.Parse refuses in a label selector (`app=web,tier in (a,b),!canary`). */
export function labelSelectorError(selector: string): string | undefined {
  return new LabelSelectorParser(tokenize(selector)).parse();
}

// ---- field selectors ---------------------------------------------------------------------------------------------

/** The comma-separated terms; a backslash-escaped comma stays in its term. */
function fieldTerms(selector: string): string[] {
  const terms: string[] = [];
  let start = 0;
  let escaped = false;
  for (let i = 0; i < selector.length; i++) {
    if (escaped) escaped = false;
    else if (selector[i] === '\\') escaped = true;
    else if (selector[i] === ',') {
      terms.push(selector.slice(start, i));
      start = i + 1;
    }
  }
  terms.push(selector.slice(start));
  return terms;
}

/** The value of a term unescaped: `\\`, `\,` and `\=` are the only escapes, a bare `,` or `=` is refused. */
function fieldValueError(value: string): string | undefined {
  let escaped = false;
  for (const char of value) {
    if (escaped) {
      if (char !== '\\' && char !== ',' && char !== '=') return `invalid field selector: invalid escape sequence: \\${char}`;
      escaped = false;
    } else if (char === '\\') escaped = true;
    // Go prints the rune with %v: its number.
    else if (char === ',' || char === '=') return `invalid field selector: unescaped character in value: ${char.codePointAt(0)}`;
  }
  return escaped ? 'invalid field selector: invalid escape sequence: \\' : undefined;
}

/** What fields.ParseSelector refuses in a field selector (`metadata.name=web,spec.nodeName!=a`), terms in sorted order. */
export function fieldSelectorError(selector: string): string | undefined {
  if (selector === '') return undefined;
  for (const term of fieldTerms(selector).sort(compareCodePoints)) {
    if (term === '') continue;
    // The first operator splits the term: the field name takes no escapes.
    let value: string | undefined;
    for (let i = 0; i < term.length && value === undefined; i++) {
      const operator = ['!=', '==', '='].find((op) => term.startsWith(op, i));
      if (operator) value = term.slice(i + operator.length);
    }
    if (value === undefined) return `invalid selector: '${selector}'; can't understand '${term}'`;
    const problem = fieldValueError(value);
    if (problem) return problem;
  }
  return undefined;
}

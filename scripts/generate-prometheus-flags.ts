// Writes schemas/prometheus-flags.json: the command-line flags and `--enable-feature` names of sampled Prometheus
// releases, read from each release's cmd/prometheus/main.go (its kingpin declarations and its feature switch).
// `npm run schemas:flags -- <prometheus source>` writes it; `--check` exits 1 when the committed file differs.
// The source folder holds cmd/prometheus/main.go (the release the CHANGELOG names first), CHANGELOG.md and
// cmd-prometheus-by-version/main.go.vX.Y.Z for older releases.
// Releases between two samples are not read: a flag's `since` is the first sample that has it and `until` the first
// that no longer does, unless the CHANGELOG names a release in between, which is then preferred.
import { existsSync, readFileSync, readdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { compareVersions } from '../server/src/engine/util/version';

export const prometheusFlagsPath = join(__dirname, '..', 'schemas', 'prometheus-flags.json');

/** What one release says about one flag (or feature): spans of releases share it when it is the same. */
type Facts = Record<string, unknown>;
interface Release {
  tag: string;
  flags: Map<string, Facts>;
  features: Map<string, Facts>;
  messages: Record<string, string>;
  exits: Record<string, number>;
}
interface Span extends Facts {
  since: string;
  until?: string;
}

// ---- Go source, as far as kingpin chains need it ------------------------------------------------------------------

/** Index of the quote that closes the string or rune starting at `open`. */
function closeQuote(src: string, open: number): number {
  const quote = src[open];
  if (quote === '`') return src.indexOf('`', open + 1);
  let i = open + 1;
  while (src[i] !== quote) i += src[i] === '\\' ? 2 : 1;
  return i;
}

/** Index just past the bracket closing the one at `open`, skipping strings, runes and comments. */
function closeBracket(src: string, open: number): number {
  let depth = 0;
  for (let i = open; i < src.length; i++) {
    const c = src[i];
    if (c === '"' || c === '\'' || c === '`') i = closeQuote(src, i);
    else if (src.startsWith('//', i)) i = src.indexOf('\n', i);
    else if (src.startsWith('/*', i)) i = src.indexOf('*/', i) + 1;
    else if ('([{'.includes(c)) depth++;
    else if (')]}'.includes(c) && --depth === 0) return i + 1;
  }
  throw new Error(`unbalanced bracket at offset ${open}`);
}

/** The top-level, comma-separated arguments of a call whose `(` is at `open`. */
function callArgs(src: string, open: number): string[] {
  const end = closeBracket(src, open) - 1;
  const args: string[] = [];
  let start = open + 1;
  for (let i = start; i < end; i++) {
    const c = src[i];
    if (c === '"' || c === '\'' || c === '`') i = closeQuote(src, i);
    else if ('([{'.includes(c)) i = closeBracket(src, i) - 1;
    else if (c === ',') { args.push(src.slice(start, i).trim()); start = i + 1; }
  }
  const last = src.slice(start, end).trim();
  return last ? [...args, last] : args;
}

/** The value of a Go string literal, or undefined when `expr` is something else. */
function goString(expr: string): string | undefined {
  if (/^`[^`]*`$/.test(expr)) return expr.slice(1, -1);
  if (!/^"(?:[^"\\]|\\.)*"$/.test(expr)) return undefined;
  return expr.slice(1, -1).replace(/\\(.)/g, (_, c: string) => ({ n: '\n', t: '\t' })[c] ?? c);
}

interface Call { method: string; args: string[] }

/** The calls chained after the one whose `(` is at `open`: `.Default("x").Hidden().StringVar(&v)`. */
function chainAfter(src: string, open: number): Call[] {
  const calls: Call[] = [];
  let i = closeBracket(src, open);
  for (;;) {
    const next = /^\.\s*([A-Za-z_]\w*)\(/.exec(src.slice(i, i + 200));
    if (!next) return calls;
    const paren = i + next[0].length - 1;
    calls.push({ method: next[1], args: callArgs(src, paren) });
    i = closeBracket(src, paren);
  }
}

// ---- Flags -------------------------------------------------------------------------------------------------------

/**
 * Values of Go constants used as enum options or accepted messages. They live in other packages (tsdb/wlog,
 * util/compression, config, client_golang's remote API), not in main.go.
 */
const goConstants: Record<string, string> = {
  'compression.Snappy': 'snappy',
  'compression.Zstd': 'zstd',
  'string(wlog.CompressionSnappy)': 'snappy',
  'string(wlog.CompressionZstd)': 'zstd',
  'config.RemoteWriteProtoMsgV1': 'prometheus.WriteRequest',
  'config.RemoteWriteProtoMsgV2': 'io.prometheus.write.v2.Request',
  'remoteapi.WriteV1MessageType': 'prometheus.WriteRequest',
  'remoteapi.WriteV2MessageType': 'io.prometheus.write.v2.Request',
};

function goValue(expr: string): string {
  const value = goString(expr) ?? goConstants[expr];
  if (value === undefined) throw new Error(`unknown Go constant ${expr}: add it to goConstants`);
  return value;
}

/** kingpin value methods, each named by how its value is parsed (see `messages` for each kind's error). */
const valueMethods: Record<string, Facts> = {
  String: { kind: 'string' }, StringVar: { kind: 'string' },
  Strings: { kind: 'string', repeatable: true }, StringsVar: { kind: 'string', repeatable: true },
  Bool: { kind: 'bool' }, BoolVar: { kind: 'bool' },
  // kingpin v2 reads `int` with strconv.ParseFloat and truncates (`5e7` is a valid default); int64 with ParseInt.
  Int: { kind: 'int' }, IntVar: { kind: 'int' },
  Int64: { kind: 'int64' }, Int64Var: { kind: 'int64' },
  Float: { kind: 'float' }, FloatVar: { kind: 'float' }, Float64: { kind: 'float' }, Float64Var: { kind: 'float' },
  // kingpin's own duration (Go's time.Duration syntax: `2ms`, `1h30m`), not Prometheus' model.Duration.
  Duration: { kind: 'go-duration' }, DurationVar: { kind: 'go-duration' },
  Bytes: { kind: 'size' }, BytesVar: { kind: 'size' },
  URL: { kind: 'url' }, URLVar: { kind: 'url' },
};

/** model.Duration fields declared outside main.go: scrape.Options.DiscoveryReloadInterval. */
const otherDurationFields = ['DiscoveryReloadInterval'];

/** Names declared with type model.Duration (struct fields and variables), for `.SetValue(&cfg.x.Name)`. */
function durationNames(src: string): Set<string> {
  const declared = [...src.matchAll(/^\s*(\w+(?:\s*,\s*\w+)*)\s+model\.Duration\s*$/gm)].flatMap((m) => m[1].split(/\s*,\s*/));
  return new Set([...declared, ...otherDurationFields]);
}

function flagValue(name: string, call: Call, src: string, durations: Set<string>): Facts {
  if (valueMethods[call.method]) return valueMethods[call.method];
  if (call.method === 'EnumVar' || call.method === 'Enum') {
    return { kind: 'enum', enum: call.args.slice(call.method === 'EnumVar' ? 1 : 0).map(goValue) };
  }
  if (call.method === 'SetValue') {
    const target = call.args[0];
    if (/^&[\w.]+$/.test(target) && durations.has(target.split('.').pop()!.replace('&', ''))) return { kind: 'duration' };
    if (target.startsWith('rwProtoMsgFlagValue(')) {
      // A repeatable list of remote-write messages: the accepted ones are listed where the flag is declared.
      const list = /supportedRemoteWriteProtoMsgs\s*:=\s*[\w.]+\{([^}]*)\}/.exec(src);
      if (!list) throw new Error('supportedRemoteWriteProtoMsgs not found');
      return { kind: 'enum', enum: list[1].split(',').map((s) => goValue(s.trim())), repeatable: true };
    }
  }
  throw new Error(`--${name}: unknown value method ${call.method}(${call.args.join(', ')})`);
}

/** Flags a helper package adds (their declarations are not in main.go). */
const helperFlags: [RegExp, Record<string, Facts>][] = [
  // prometheus/common promlog/flag (v2) and promslog/flag (v3).
  [/\bprom(?:s)?logflag\.AddFlags\(/, {
    'log.level': { kind: 'enum', enum: ['debug', 'info', 'warn', 'error'] },
    'log.format': { kind: 'enum', enum: ['logfmt', 'json'] },
  }],
  // exporter-toolkit web/kingpinflag before v0.8, whose AddFlags took only the application.
  [/\btoolkit_webflag\.AddFlags\(\w+\)/, { 'web.config.file': { kind: 'string' } }],
];

/** kingpin.New's own flags: each prints something and exits 0 instead of starting Prometheus. */
const kingpinFlags: Record<string, Facts> = {
  help: { kind: 'bool', exits: true },
  'help-long': { kind: 'bool', hidden: true, exits: true },
  'help-man': { kind: 'bool', hidden: true, exits: true },
  'completion-bash': { kind: 'bool', hidden: true, exits: true },
  'completion-script-bash': { kind: 'bool', hidden: true, exits: true },
  'completion-script-zsh': { kind: 'bool', hidden: true, exits: true },
};

function releaseFlags(src: string): Map<string, Facts> {
  const app = /\b(\w+)\s*:=\s*kingpin\.New\(/.exec(src)?.[1];
  if (!app) throw new Error('kingpin.New not found');
  const flags = new Map<string, Facts>(Object.entries(kingpinFlags));
  const helpShort = new RegExp(String.raw`\b${app}\.HelpFlag\.Short\('(.)'\)`).exec(src)?.[1];
  if (helpShort) flags.set('help', { ...flags.get('help'), short: helpShort });
  if (new RegExp(String.raw`\b${app}\.Version\(`).test(src)) flags.set('version', { kind: 'bool', exits: true });
  for (const [pattern, added] of helperFlags) if (pattern.test(src)) for (const [name, facts] of Object.entries(added)) flags.set(name, facts);

  const durations = durationNames(src);
  const head = new RegExp(String.raw`\b${app}\.Flag\(|\b(serverOnlyFlag|agentOnlyFlag)\(${app}\s*,`, 'g');
  for (const match of src.matchAll(head)) {
    const open = match.index + match[0].indexOf('(');
    const args = callArgs(src, open);
    const [nameArg, help = ''] = match[1] ? args.slice(1) : args;
    const name = goString(nameArg);
    if (name === undefined) continue; // the helpers' own bodies: `app.Flag(name, …)`
    const calls = chainAfter(src, open);
    const valueCall = [...calls].reverse().find((c) => !['Default', 'Hidden', 'PlaceHolder', 'PreAction', 'Action', 'HintOptions', 'Short', 'Envar', 'Required'].includes(c.method));
    if (!valueCall) throw new Error(`--${name}: no value method`);
    const action = calls.filter((c) => c.method === 'Action' || c.method === 'PreAction').map((c) => c.args.join(','));
    flags.set(name, {
      ...flagValue(name, valueCall, src, durations),
      ...(calls.some((c) => c.method === 'Hidden') ? { hidden: true } : {}),
      ...(help.includes('[DEPRECATED]') ? { deprecated: true } : {}),
      ...(match[1] === 'serverOnlyFlag' ? { serverOnly: true } : match[1] === 'agentOnlyFlag' ? { agentOnly: true } : {}),
      ...(action.some((body) => /os\.Exit\(0\)/.test(body)) ? { exits: true } : {}),
    });
  }
  return flags;
}

// ---- Features ----------------------------------------------------------------------------------------------------

/** The message of a log call: `logger.Warn("text", …)` (v3) or `level.Warn(logger).Log("msg", "text", …)` (v2). */
function logMessage(line: string): string | undefined {
  const v3 = /\blogger\.(?:Info|Warn|Error)\(("(?:[^"\\]|\\.)*")/.exec(line);
  const v2 = /\blevel\.(?:Info|Warn|Error)\(logger\)\.Log\("msg",\s*("(?:[^"\\]|\\.)*")/.exec(line);
  const literal = (v3 ?? v2)?.[1];
  return literal === undefined ? undefined : goString(literal);
}

interface FeatureSwitch { features: Map<string, Facts>; unknown: string }

/**
 * The cases of the switch over `--enable-feature` values. A case whose body only logs (or is empty, or `continue`s)
 * changes nothing: the feature is accepted as a no-op. One that logs "deprecated"/"phased out" still works.
 */
function releaseFeatures(src: string): FeatureSwitch {
  const fn = /func \(\w+ \*flagConfig\) setFeatureListOptions\(/.exec(src);
  const body = fn ? src.slice(fn.index, closeBracket(src, src.indexOf('{', fn.index))) : '';
  // gofmt puts the switch's case labels at its own indentation: a clause runs to the next label or closing brace.
  const switchLine = /^([\t ]*)switch o \{$/m.exec(body);
  if (!switchLine) throw new Error('feature switch not found');
  const indent = switchLine[1];
  const lines = body.slice(switchLine.index + switchLine[0].length).split('\n');
  const features = new Map<string, Facts>();
  let unknown: string | undefined;
  for (let i = 0; i < lines.length; i++) {
    const label = new RegExp(String.raw`^${indent}(?:case (.*)|default):$`).exec(lines[i]);
    if (lines[i] === `${indent}}`) break;
    if (!label) continue;
    const clause: string[] = [];
    for (let j = i + 1; j < lines.length && !new RegExp(String.raw`^${indent}(case |default:|\})`).test(lines[j]); j++) clause.push(lines[j].trim());
    const code = clause.filter((l) => l && !l.startsWith('//'));
    const message = code.map(logMessage).find((m) => m !== undefined);
    if (label[1] === undefined) {
      if (!message) throw new Error('no log line for unknown features');
      unknown = message;
      continue;
    }
    const noop = code.every((l) => logMessage(l) !== undefined || l === 'continue');
    const deprecated = !noop && message !== undefined && /deprecat|phased out/i.test(message);
    for (const name of label[1].split(',').map((s) => goValue(s.trim()))) {
      features.set(name, {
        ...(noop ? { noop: true } : {}),
        ...(deprecated ? { deprecated: true } : {}),
        ...((noop || deprecated) && message ? { message } : {}),
      });
    }
  }
  if (!unknown) throw new Error('no default case in the feature switch');
  return { features, unknown };
}

// ---- Messages ----------------------------------------------------------------------------------------------------

/**
 * kingpin v2's parse errors (flags.go, parser.go, app.go, values.go) and the Go parsers behind its value kinds
 * (strconv, time). Prometheus prints each after its parse-error prefix and exits 2. `%s` is the flag as written
 * (`--name`, without `=value`); a bool flag given `=value` leaves the value as a stray argument (`unexpected false`).
 * The kinds `duration`, `size` and `url` use prometheus/common's and alecthomas/units' parsers (engine: goParse.ts).
 */
const kingpinMessages: Record<string, string> = {
  unknownFlag: "unknown long flag '%s'",
  unknownShortFlag: "unknown short flag '%s'",
  expectedArgument: "expected argument for flag '%s'",
  unexpectedArgument: 'unexpected %s',
  repeatedFlag: "flag '%s' cannot be repeated",
  'value.enum': "enum value must be one of %s, got '%s'",
  'value.int': 'strconv.ParseFloat: parsing %q: invalid syntax',
  'value.float': 'strconv.ParseFloat: parsing %q: invalid syntax',
  'value.int64': 'strconv.ParseInt: parsing %q: invalid syntax',
  'value.go-duration': 'time: invalid duration %q',
};

/** The format string main.go prints that holds `fixed`, with the status it exits with next. */
function printed(src: string, fixed: string): { text: string; exit: number } {
  const at = new RegExp(String.raw`"(?:[^"\\]|\\.)*${escape(fixed)}(?:[^"\\]|\\.)*"`).exec(src);
  if (!at) throw new Error(`message "${fixed}" not found`);
  const exit = Number(/os\.Exit\((\d)\)/.exec(src.slice(at.index))![1]);
  return { text: goString(at[0])!.replace(/\n$/, ''), exit };
}

function releaseMessages(src: string, unknownFeature: string): Pick<Release, 'messages' | 'exits'> {
  const messages: Record<string, string> = { ...kingpinMessages, unknownFeature };
  const exits: Record<string, number> = {};
  const found = {
    // v2.32 wraps with pkg/errors (`msg: err`), later releases with %w or %s: the text is the same shape.
    parseError: printed(src, 'Error parsing command'),
    featureListError: printed(src, 'Error parsing feature list'),
    // Printed with Go's %q of a []string, in command-line order: ["--storage.tsdb.path" "--query.timeout"].
    serverOnly: printed(src, 'can not be used in agent mode'),
    agentOnly: printed(src, 'can only be used in agent mode'),
  };
  for (const [key, { text, exit }] of Object.entries(found)) {
    messages[key] = /%[sqvw]/.test(text) ? text.replace(/%w/, '%s') : `${text}: %s`;
    exits[key] = exit;
  }
  return { messages, exits };
}

// ---- CHANGELOG ---------------------------------------------------------------------------------------------------

/** Each CHANGELOG line with the release whose section holds it. */
function changelogLines(text: string): { release: string; line: string }[] {
  let release = '';
  return text.split('\n').flatMap((line) => {
    const heading = /^## (\d+\.\d+\.\d+)\b/.exec(line);
    if (heading) release = `v${heading[1]}`;
    return release && !heading ? [{ release, line }] : [];
  });
}

type Changelog = ReturnType<typeof changelogLines>;

/** The earliest release in (after, upTo] with a CHANGELOG line that mentions the item and matches `context`. */
function namedRelease(changelog: Changelog, mention: RegExp, context: RegExp, after: string, upTo: string): string | undefined {
  return changelog
    .filter(({ release, line }) => compareVersions(release, after) > 0 && compareVersions(release, upTo) <= 0 && mention.test(line) && context.test(line))
    .map(({ release }) => release)
    .sort(compareVersions)[0];
}

const escape = (s: string) => s.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');

// ---- Assembly ----------------------------------------------------------------------------------------------------

/** Consecutive releases with equal facts form one span; `until` is the first release without them. */
function spans(releases: Release[], facts: (r: Release) => Facts | undefined): Span[] {
  const out: Span[] = [];
  let open: Span | undefined;
  let openFacts: string | undefined;
  for (const release of releases) {
    const current = facts(release);
    if (open && JSON.stringify(current) === openFacts) continue;
    if (open) open.until = release.tag;
    open = current ? { since: release.tag, ...current } : undefined;
    openFacts = JSON.stringify(current);
    if (open) out.push(open);
  }
  return out;
}

/** What a CHANGELOG line says when an item appears, goes, becomes a no-op or is deprecated. */
const appearing = /\b(add|new|introduc|support|enable|allow|configur|feature)/i;
const going = /\b(remov|drop|no longer)/i;
const becomingNoop = /\bno-?op\b/i;
const deprecating = /\b(deprecat|phased? out|promote|no effect)/i;

/**
 * Move each boundary of an item's spans from the sample that first shows it to the release the CHANGELOG names,
 * when one between the two samples does (the data's own releases otherwise: the true one is unknown).
 */
function refine(all: Span[], tags: string[], changelog: Changelog, mention: RegExp, label: string, log: (line: string) => void): void {
  const previous = (tag: string) => tags[tags.indexOf(tag) - 1];
  const move = (span: Span, key: 'since' | 'until', context: RegExp) => {
    const at = span[key]!;
    const named = previous(at) && namedRelease(changelog, mention, context, previous(at), at);
    if (!named || named === at) return;
    log(`CHANGELOG: ${label} ${key} ${at} -> ${named}`);
    all.forEach((s) => { if (s.since === at) s.since = named; if (s.until === at) s.until = named; });
  };
  all.forEach((span, i) => {
    const before = all[i - 1]?.until === span.since ? all[i - 1] : undefined;
    if (!before) move(span, 'since', appearing);
    else if (span.noop && !before.noop) move(span, 'since', becomingNoop);
    else if (span.deprecated && !before.deprecated) move(span, 'since', deprecating);
    if (span.until && all[i + 1]?.since !== span.until) move(span, 'until', going);
  });
}

/** The CHANGELOG once spells a feature otherwise (3.x: "Make the `native-histogram` feature flag a no-op"). */
const changelogSpellings: Record<string, string[]> = { 'native-histograms': ['native-histogram'] };

/** A flag as `--name` or `name` in backticks; a feature in backticks, after `--enable-feature=`, or bare if hyphenated. */
function mentionOf(name: string, feature: boolean): RegExp {
  if (!feature) return new RegExp(String.raw`(?:--|\x60)${escape(name)}(?![\w.-])`);
  const names = [name, ...(changelogSpellings[name] ?? [])].map(escape).join('|');
  const bare = name.includes('-') ? String.raw`|(?<![\w-])(?:${names})(?![\w-])` : '';
  return new RegExp(String.raw`\x60(?:${names})\x60|enable-feature=(?:${names})(?![\w-])${bare}`);
}

/**
 * A feature deprecated with "Use --flag instead" dates that flag: the replacement exists from the release that says
 * so (the CHANGELOG names when remote-write-receiver and auto-reload-config were promoted, not the new flags).
 */
function linkReplacements(features: Record<string, Span | Span[]>, flags: Record<string, Span | Span[]>, tags: string[], log: (line: string) => void): void {
  for (const span of Object.values(features).flat()) {
    const replacement = span.deprecated ? /\bUse --([\w.-]*\w)/.exec(String(span.message))?.[1] : undefined;
    const first = replacement && flags[replacement] ? [flags[replacement]].flat()[0] : undefined;
    const sampleBefore = first && tags[tags.indexOf(first.since) - 1];
    if (!first || !sampleBefore || compareVersions(span.since, first.since) >= 0 || compareVersions(span.since, sampleBefore) <= 0) continue;
    log(`deprecation message: --${replacement} since ${first.since} -> ${span.since}`);
    first.since = span.since;
  }
}

/** One flag or feature: a single object (since, until, facts), or an array when its facts changed over releases. */
function compact(all: Span[]): Span | Span[] {
  const ordered = all.map(({ since, until, ...facts }) => ({ since, ...(until ? { until } : {}), ...facts }));
  return ordered.length === 1 ? ordered[0] : ordered;
}

export function prometheusFlagsText(source: string, log: (line: string) => void = () => {}): string {
  const changelogText = readFileSync(join(source, 'CHANGELOG.md'), 'utf8');
  const newest = /^## (\d+\.\d+\.\d+)/m.exec(changelogText)![1];
  const byVersion = join(source, 'cmd-prometheus-by-version');
  const files: [string, string][] = [
    ...readdirSync(byVersion).flatMap((f): [string, string][] => {
      const tag = /^main\.go\.(v\d+\.\d+\.\d+)$/.exec(f)?.[1];
      return tag ? [[tag, join(byVersion, f)]] : [];
    }),
    [`v${newest}`, join(source, 'cmd', 'prometheus', 'main.go')],
  ];
  files.sort(([a], [b]) => compareVersions(a, b));
  const releases: Release[] = files.map(([tag, file]) => {
    const src = readFileSync(file, 'utf8');
    const { features, unknown } = releaseFeatures(src);
    return { tag, flags: releaseFlags(src), features, ...releaseMessages(src, unknown) };
  });

  const changelog = changelogLines(changelogText);
  const tags = releases.map((r) => r.tag);
  const names = (pick: (r: Release) => Map<string, Facts>) => [...new Set(releases.flatMap((r) => [...pick(r).keys()]))].sort();
  const flags = Object.fromEntries(names((r) => r.flags).map((name) => {
    const s = spans(releases, (r) => r.flags.get(name));
    refine(s, tags, changelog, mentionOf(name, false), `--${name}`, log);
    return [name, compact(s)];
  }));
  const features = Object.fromEntries(names((r) => r.features).map((name) => {
    const s = spans(releases, (r) => r.features.get(name));
    if (name) refine(s, tags, changelog, mentionOf(name, true), `feature ${name}`, log);
    return [name, compact(s)];
  }));
  linkReplacements(features, flags, tags, log);
  const messageKeys = [...new Set(releases.flatMap((r) => Object.keys(r.messages)))];
  const messages = Object.fromEntries(messageKeys.map((key) => {
    const changes: Record<string, string> = {};
    let last: string | undefined;
    for (const r of releases) {
      const text = r.messages[key];
      if (text !== undefined && text !== last) changes[r.tag] = text;
      last = text;
    }
    return [key, changes];
  }));

  const exits = releases[0].exits;
  for (const r of releases) if (JSON.stringify(r.exits) !== JSON.stringify(exits)) throw new Error(`exit statuses changed in ${r.tag}: model them per release`);

  // One entry per line: small, and a release's changes read as a short diff.
  const block = (entries: Record<string, unknown>) =>
    `{\n${Object.entries(entries).map(([k, v]) => `  ${JSON.stringify(k)}: ${JSON.stringify(v)}`).join(',\n')}\n }`;
  return `{\n "releases": ${JSON.stringify(releases.map((r) => r.tag))},\n "flags": ${block(flags)},\n "features": ${block(features)},\n "messages": ${block(messages)},\n "exits": ${JSON.stringify(exits)}\n}\n`;
}

if (require.main === module) {
  const check = process.argv.includes('--check');
  const source = process.argv.slice(2).find((a) => !a.startsWith('--'));
  if (!source || !existsSync(join(source, 'cmd', 'prometheus', 'main.go'))) {
    console.error('usage: generate-prometheus-flags.ts [--check] <prometheus source: cmd/prometheus/main.go, CHANGELOG.md, cmd-prometheus-by-version/>');
    process.exit(2);
  }
  const text = prometheusFlagsText(source, check ? undefined : console.log);
  const current = existsSync(prometheusFlagsPath) ? readFileSync(prometheusFlagsPath, 'utf8') : '';
  if (check) {
    console.log(current === text ? 'schemas/prometheus-flags.json is up to date' : 'schemas/prometheus-flags.json differs: run npm run schemas:flags -- <prometheus source>');
    process.exit(current === text ? 0 : 1);
  }
  writeFileSync(prometheusFlagsPath, text);
  console.log(`wrote schemas/prometheus-flags.json (${text.length} bytes)`);
}

import { pathToFileURL } from 'node:url';
import { resolve } from 'node:path';
import { realpathSync } from 'node:fs';
import manifest from '../../package.json';
import {
  checkFile, compareVersions, defaultCheckOptions, fileNotWritten, fixFile, HeldTrees, helmTemplateFinding, invalidUtf8Finding, knownReleases, notReadFinding, wiringMap, wiringText, withOperatorTarget, Workspace,
  type CheckOptions, type Finding, type ReadAs,
} from './engine';
import { readInputs, type InputFile } from './node/files';
import { nodeFileHost } from './node/host';
import { unifiedDiff } from './cli/patch';
import { renderCommand } from './cli/render';
import { formatJson, formatSarif, formatText, notFullyChecked, notWrittenFinding, type FileReport } from './cli/report';
import { replaceFile } from './node/replace';

const version = (manifest as { version: string }).version;

const usage = `Usage: promagent check [options] PATH...
       promagent fix [--dry-run] [options] PATH...
       promagent render [--format yaml|json] [--config-only] [options] PATH...
       promagent wiring [--format text|json] [options] PATH...

check  Checks PrometheusAgent and Prometheus manifests, annotated pods and workloads, and Prometheus configurations.
fix    Applies each finding's preferred fix and writes the files that change (--dry-run: prints a unified diff
       instead), then reports what is left. Every byte outside the fixes stays as it was.
render Prints what prometheus-operator v0.93.0 would create for each PrometheusAgent (StatefulSets or the DaemonSet,
       Service, Secrets; in Sidecar mode each annotated workload after injection), offline: yaml is a stream that
       kubectl apply accepts, its header saying what could not be used; json is one array of the objects.
wiring Prints which PrometheusAgent or Prometheus scrapes which ServiceMonitor, PodMonitor, Probe and ScrapeConfig,
       the jobs each becomes and the Services or pods each reaches, what breaks on the way, the monitors no
       agent selects with the nearest miss, and those none selects as written though one may, with why.
Directories are walked for *.yaml and *.yml; all files given form one workspace.

Options:
  --format text|json|sarif       output format of check (default: text; wiring: text or json)
  --format yaml|json             output format of render (default: yaml)
  --config-only                  render: print only the generated prometheus.yml of each agent (per injected pod in
                                 Sidecar mode), one YAML document each
  --dry-run                      fix: print the changes as a unified diff, write nothing
  --as kubernetes|prometheus-config
                                 read every document this way, whatever its file name or content says
  --as agent|server              check every Prometheus configuration as run by an agent (or a server), whatever
                                 the workspace says runs it
  --prometheus-version V         the Prometheus version that runs every configuration, and the one to assume where a
                                 manifest does not say (default: ${defaultCheckOptions.prometheusVersion})
  --operator-version V           the prometheus-operator release (${knownReleases()[0]} to ${knownReleases()[knownReleases().length - 1]}) whose CRDs and behaviour
                                 monitoring resources are checked against, whatever the workspace names (default: the
                                 workspace's operator Deployment, CRDs or release bundle; where none names one, only
                                 what every release refuses is said); CRDs in the paths given are still the truth for
                                 their kinds
  --                             every argument after it is a PATH, one starting with - too
  -h, --help                     show this help
  -v, --version                  show the version

Exit status: 0 when no error was found, 1 when at least one was, 2 on a usage error, when a file could not be
checked in full (not a regular file, too large, nested too deep, aliases expanding past go-yaml's bounds, a rule
failed: each says so) or when fix could not write one (read-only, a full disk, changed while fix ran: it is left as
it was).
render: 0 when at least one PrometheusAgent was rendered, 1 when the paths hold none, 2 on a usage error or a file
not read.
`;

class UsageError extends Error {}

interface CheckArguments {
  format?: 'text' | 'json' | 'sarif' | 'yaml';
  dryRun: boolean;
  configOnly: boolean;
  readAs?: ReadAs;
  runBy: CheckOptions['runBy'];
  prometheusVersion: string;
  operatorVersion?: string;
  paths: string[];
}

function parseCheckArguments(args: readonly string[]): CheckArguments {
  const parsed: CheckArguments = { dryRun: false, configOnly: false, runBy: {}, prometheusVersion: defaultCheckOptions.prometheusVersion, paths: [] };
  for (let i = 0; i < args.length; i++) {
    const arg = args[i];
    // After `--` every argument is a path, one starting with a dash too.
    if (arg === '--') {
      parsed.paths.push(...args.slice(i + 1));
      break;
    }
    const [flag, inline] = arg.startsWith('--') && arg.includes('=') ? [arg.slice(0, arg.indexOf('=')), arg.slice(arg.indexOf('=') + 1)] : [arg, undefined];
    const value = () => {
      const v = inline ?? args[++i];
      if (v === undefined) throw new UsageError(`${flag} needs a value`);
      return v;
    };
    if (flag === '--format') {
      const format = value();
      if (format !== 'text' && format !== 'json' && format !== 'sarif' && format !== 'yaml') throw new UsageError(`unknown format "${format}": use text, json or sarif (render: yaml or json)`);
      parsed.format = format;
    } else if (flag === '--as') {
      const as = value();
      if (as === 'agent' || as === 'server') parsed.runBy = { ...parsed.runBy, mode: as };
      else if (as === 'kubernetes' || as === 'prometheus-config') parsed.readAs = as;
      else throw new UsageError(`unknown --as "${as}": use kubernetes or prometheus-config, or agent or server`);
    } else if (flag === '--prometheus-version') {
      const v = value();
      if (!/^v?\d+\.\d+(\.\d+)?/.test(v)) throw new UsageError(`--prometheus-version "${v}" is not a version such as v3.13.2`);
      parsed.prometheusVersion = v.startsWith('v') ? v : `v${v}`;
      parsed.runBy = { ...parsed.runBy, version: parsed.prometheusVersion };
    } else if (flag === '--operator-version') {
      const v = value();
      if (!/^v?\d+\.\d+\.\d+$/.test(v)) throw new UsageError(`--operator-version "${v}" is not a release such as v0.74.0`);
      parsed.operatorVersion = `v${v.replace(/^v/, '')}`;
      const first = knownReleases()[0];
      if (compareVersions(parsed.operatorVersion, first) < 0) throw new UsageError(`--operator-version ${parsed.operatorVersion} is older than ${first}, the first release with PrometheusAgent`);
    } else if (arg === '--dry-run') {
      parsed.dryRun = true;
    } else if (arg === '--config-only') {
      parsed.configOnly = true;
    } else if (arg.startsWith('-') && arg !== '-') {
      throw new UsageError(`unknown option ${arg}`);
    } else {
      parsed.paths.push(arg);
    }
  }
  if (parsed.paths.length === 0) throw new UsageError('no PATH given');
  return parsed;
}

/**
 * Up to this many characters of YAML, a check holds every file's syntax trees to its end (about 20 bytes of heap per
 * character, and as much again before the collector runs: 2,000 manifests of 1.9 MB hold ~40 MB). Past it, a file's
 * trees are let go once it is indexed and again once it is checked, and composed anew from its text when a rule reads
 * them: memory then grows a third as fast with the files, for parsing each twice.
 */
const treesHeldUpTo = 2 * 1024 * 1024;

/** A file whose text the workspace holds: read, and no Helm chart's template. */
const isRead = (input: InputFile) => input.notRead === undefined && !input.helmTemplate;

/** `boundTrees`: a check, which lets go of what it no longer needs when the files are many (see treesHeldUpTo). */
function loadWorkspace(args: CheckArguments, boundTrees = false) {
  const inputs = readInputs(args.paths);
  const workspace = new Workspace(args.readAs, nodeFileHost);
  const chars = inputs.reduce((sum, input) => sum + input.text.length, 0);
  if (boundTrees && chars > treesHeldUpTo) workspace.heldTrees = new HeldTrees();
  const files = inputs.map((input) => ({ input, uri: pathToFileURL(resolve(input.path)).href }));
  for (const { input, uri } of files) if (isRead(input)) workspace.set(uri, input.text);
  const options: CheckOptions = {
    ...defaultCheckOptions, prometheusVersion: args.prometheusVersion, readAs: args.readAs, runBy: args.runBy,
    operatorVersion: args.operatorVersion ? { version: args.operatorVersion, from: 'cli' } : undefined,
  };
  return { workspace, files, options };
}

/** The engine's findings, after the one about bytes that are not UTF-8 when there are some; why a file was not read. */
function findingsOf(input: InputFile, uri: string, workspace: Workspace, options: CheckOptions): Finding[] {
  if (input.notRead !== undefined) return [notReadFinding(input.notRead)];
  if (input.helmTemplate) return [helmTemplateFinding()];
  const file = workspace.get(uri)!;
  const findings = checkFile(file, workspace, options);
  return input.invalidByte ? [invalidUtf8Finding(file, input.invalidByte.offset, input.invalidByte.byte, workspace), ...findings] : findings;
}

/** 2 when a file could not be checked in full or fix could not write it, else 1 when an error was found, else 0. */
function exitStatus(reports: readonly FileReport[]): number {
  if (reports.some((r) => notFullyChecked(r) || r.findings.some((f) => f.code === fileNotWritten.id))) return 2;
  return reports.some((r) => r.findings.some((f) => f.severity === 'error')) ? 1 : 0;
}

function check(args: CheckArguments): number {
  const { workspace, files, options } = loadWorkspace(args, true);
  const reports: FileReport[] = files.map(({ input, uri }) => {
    const findings = findingsOf(input, uri, workspace, options);
    workspace.checkedOnce(uri);
    return { path: input.path, findings };
  });
  const output = args.format === 'json' ? formatJson(reports, withOperatorTarget(options, workspace).operator) : args.format === 'sarif' ? formatSarif(reports, version) : formatText(reports);
  process.stdout.write(output);
  return exitStatus(reports);
}

/** The path with its symbolic links resolved; as given when it cannot be (the file went away). */
function realPathOf(path: string): string {
  try {
    return realpathSync(path);
  } catch {
    return resolve(path);
  }
}

/** Rounds of fixing every file are bounded: fixes in two files that undo each other must not loop forever. */
const maxFixRounds = 5;

function fix(args: CheckArguments): number {
  const { workspace, files, options } = loadWorkspace(args);
  // A file reached twice (a symbolic link to another file given or walked) is fixed once, as the first path met.
  const firstOf = new Map<string, string>();
  const sameAs = new Map<string, string>();
  for (const { input, uri } of files) {
    const real = realPathOf(input.path);
    const first = firstOf.get(real);
    if (first) sameAs.set(uri, first);
    else firstOf.set(real, uri);
  }
  const fixable = files.filter(({ input, uri }) => !input.invalidByte && isRead(input) && !sameAs.has(uri));
  const fixed = new Map(fixable.map(({ input, uri }) => [uri, { text: input.text, applied: 0 }]));
  // A fix in one file settles or raises findings in others (an agent's mode, the configuration a workload runs): the
  // files are fixed again until a round changes none, whose findings are then those of every file as it stands.
  let remaining: Map<string, Finding[]> | undefined;
  for (let round = 0; round < maxFixRounds && !remaining; round++) {
    const found = new Map<string, Finding[]>();
    let changed = false;
    for (const { uri } of fixable) {
      const before = fixed.get(uri)!;
      const result = fixFile(uri, before.text, workspace, options);
      found.set(uri, result.remaining);
      if (result.text === before.text) continue;
      fixed.set(uri, { text: result.text, applied: before.applied + result.applied });
      changed = true;
    }
    if (!changed) remaining = found;
  }
  let applied = 0;
  let changedFiles = 0;
  const notWritten = new Map<string, Finding>();
  for (const { input, uri } of fixable) {
    const { text, applied: appliedHere } = fixed.get(uri)!;
    if (text === input.text) continue;
    const refused = args.dryRun ? undefined : replaceFile(input, text);
    if (refused !== undefined) {
      // The file keeps its text: so does the workspace, and what is reported is what the file still holds.
      notWritten.set(uri, notWrittenFinding(refused, appliedHere));
      workspace.set(uri, input.text);
      continue;
    }
    applied += appliedHere;
    changedFiles++;
    if (args.dryRun) process.stdout.write(unifiedDiff(input.path, input.text, text));
  }
  if (notWritten.size) remaining = undefined;
  // The other paths of a file fixed hold what it holds now.
  for (const [uri, first] of sameAs) {
    const fixedText = fixed.get(first)?.text;
    if (fixedText !== undefined && !notWritten.has(first)) workspace.set(uri, fixedText);
  }
  if (sameAs.size) remaining = undefined;
  const reports: FileReport[] = files.map(({ input, uri }) => {
    const findings = remaining?.get(uri) ?? findingsOf(input, uri, workspace, options);
    const refused = notWritten.get(uri);
    return { path: input.path, findings: refused ? [refused, ...findings] : findings };
  });
  const unwritten = notWritten.size;
  const verb = args.dryRun ? 'would apply' : 'applied';
  const plural = (n: number, word: string) => `${n} ${word}${n === 1 ? '' : 's'}`;
  const summary = `${applied} fix${applied === 1 ? '' : 'es'} ${verb} in ${plural(changedFiles, 'file')}${unwritten ? `, ${plural(unwritten, 'file')} not written` : ''}\n`;
  if (args.dryRun) process.stderr.write(summary);
  else process.stdout.write(summary + formatText(reports));
  return exitStatus(reports);
}

function wiring(args: CheckArguments): number {
  if (args.format !== undefined && args.format !== 'text' && args.format !== 'json') throw new UsageError(`wiring prints text or json, not ${args.format}`);
  const { workspace, options } = loadWorkspace(args);
  const map = wiringMap(workspace, options);
  process.stdout.write(args.format === 'json' ? `${JSON.stringify(map, null, 2)}\n` : wiringText(map));
  return 0;
}

function render(args: CheckArguments): number {
  if (args.dryRun) throw new UsageError('--dry-run goes with fix');
  if (args.format !== undefined && args.format !== 'yaml' && args.format !== 'json') throw new UsageError(`render prints yaml or json, not ${args.format}`);
  if (args.configOnly && args.format === 'json') throw new UsageError('--config-only prints prometheus.yml as YAML; leave out --format json');
  const { workspace, files, options } = loadWorkspace(args);
  const output = renderCommand(workspace, options, args.format ?? 'yaml', args.configOnly);
  process.stdout.write(output.stdout);
  process.stderr.write(output.stderr);
  // An agent may be in a file that was not read: what was printed may not be all.
  const unread = files.filter(({ input }) => input.notRead !== undefined);
  for (const { input } of unread) process.stderr.write(`promagent: ${input.path}: not read: ${input.notRead}\n`);
  for (const { input } of files) if (input.helmTemplate) process.stderr.write(`promagent: ${input.path}: not read: a Helm chart's template is a Go template, not YAML\n`);
  return unread.length ? 2 : output.exitCode;
}

export function main(argv: readonly string[]): number {
  const [command, ...rest] = argv;
  try {
    if (command === undefined || command === '-h' || command === '--help' || command === 'help') {
      process.stdout.write(usage);
      return command === undefined ? 2 : 0;
    }
    if (command === '-v' || command === '--version') {
      process.stdout.write(`${version}\n`);
      return 0;
    }
    if (command !== 'check' && command !== 'fix' && command !== 'render' && command !== 'wiring') throw new UsageError(`unknown command "${command}"`);
    if (rest.includes('-h') || rest.includes('--help')) {
      process.stdout.write(usage);
      return 0;
    }
    const args = parseCheckArguments(rest);
    if (command === 'render') return render(args);
    if (command === 'wiring' && !args.dryRun && !args.configOnly) return wiring(args);
    if (args.configOnly) throw new UsageError('--config-only goes with render');
    if (args.format === 'yaml') throw new UsageError('--format yaml goes with render');
    if (command === 'fix') {
      if (args.format !== undefined && args.format !== 'text') throw new UsageError(`fix prints text (--dry-run: a diff), not ${args.format}`);
      return fix(args);
    }
    if (args.dryRun) throw new UsageError('--dry-run goes with fix');
    return check(args);
  } catch (error) {
    const message = error instanceof Error ? error.message : String(error);
    process.stderr.write(`promagent: ${message}\n${error instanceof UsageError ? 'Run promagent --help for usage.\n' : ''}`);
    return 2;
  }
}

// A reader that goes away early (`promagent check | head`) is no failure of the command: its exit status stands.
process.stdout.on('error', (error: NodeJS.ErrnoException) => {
  if (error.code !== 'EPIPE') throw error;
  process.exit();
});
process.exitCode = main(process.argv.slice(2));

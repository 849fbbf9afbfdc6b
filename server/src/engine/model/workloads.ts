import type { ClassifiedDocument } from '../classify';
import type { Path } from '../yaml/documents';
import { kubeletExpanded, podTemplateOf, type Container, type PodTemplate, type VolumeMount } from './podTemplate';
import { featureSpec, flagSpec, newestRelease } from './prometheusFlags';
import type { PrometheusMode } from '../types';
import { imageRepository, imageVersion, isPrometheusImage, isV3, prometheusImage, type ImageVersion } from './prometheus';
import { shellCommands, type ShellWord } from '../util/shellWords';
import { cleanPath } from '../util/cleanPath';
import { atLeast, compareVersions } from '../util/version';
import { imagePatcher, kustomizationTitle, type ImagesSet } from './kustomize';

/** A flag as a container passes it: `--name=value`, `--name value` (two entries) or `--name`. */
export interface FlagArgument {
  /** Without the dashes: `config.file`, `agent`, `enable-feature`. */
  name: string;
  value?: string;
  /** The entry of `command` or `args` holding the flag. */
  path: Path;
  /** In the `--name value` form, the entry holding the value. */
  valuePath?: Path;
  /** The entry as written. */
  written: string;
  /** Its value names a variable whose value is only known when the pod runs (`$(NAME)` of a valueFrom or envFrom). */
  runtime?: boolean;
}

/** Where `--config.file` comes from: a key of a ConfigMap or Secret mounted into the container, or why none is. */
/** A ConfigMap or Secret key, by the object's name. */
export interface ConfigKey {
  kind: 'ConfigMap' | 'Secret';
  name: string;
  key: string;
}

/**
 * Where the container's configuration comes from. A projected volume's sources without `items` each project every key
 * they have: the source named is the last that may hold the file, `alternatives` the earlier ones, last first, each
 * holding it where those after it do not have its key.
 */
export type ConfigSource =
  | ConfigKey & { namespace: string; mount: VolumeMount; alternatives?: ConfigKey[] }
  | { unresolved: string };

/** A container that runs Prometheus, and what it was told. */
export interface PrometheusWorkload {
  template: PodTemplate;
  container: Container;
  /** `Deployment monitoring/edge-agent`. */
  title: string;
  version: ImageVersion;
  /** Undefined when it cannot be told: `--enable-feature=agent` on an image of unknown release, `--agent` on v2. */
  mode: PrometheusMode | undefined;
  /** Why the mode cannot be told. */
  modeUnknown?: string;
  flags: FlagArgument[];
  /** Entries that are no flag nor a flag's value: Prometheus takes no positional argument. */
  positionals: { text: string; path: Path; runtime: boolean }[];
  /** Entries of one dash (`-config.file=…`, Prometheus 1's style): kingpin reads their first letter as a short flag. */
  shortFlags: { written: string; path: Path }[];
  /** The container sets neither command nor args: the image's own arguments apply. */
  imageDefaults: boolean;
  /**
   * Its flags come from a shell script (`sh -c "exec prometheus …"`): read to tell who runs what, not checked one by
   * one (they stand inside one string).
   */
  script: boolean;
  configFile: string;
  config: ConfigSource;
}

const workloads = new WeakMap<ClassifiedDocument, PrometheusWorkload[]>();

/** The containers of a Pod or pod template that run Prometheus, read once per document. */
export function prometheusWorkloadsOf(document: ClassifiedDocument): PrometheusWorkload[] {
  let found = workloads.get(document);
  if (!found) {
    const template = podTemplateOf(document);
    found = template ? template.containers.flatMap((container) => readWorkload(template, container) ?? []) : [];
    workloads.set(document, found);
  }
  return found;
}

const binaryOf = (entry: unknown) => (typeof entry === 'string' ? entry.slice(entry.lastIndexOf('/') + 1) : undefined);

const shells = new Set(['sh', 'bash', 'ash', 'dash', 'ksh', 'zsh']);

/** The words after `prometheus` in a container's `sh -c` script that runs it (`exec` or not), and where the script is. */
function scriptedPrometheus(container: Container): { words: ShellWord[]; path: Path } | undefined {
  const { command, args } = container;
  if (!command?.length || !shells.has(binaryOf(command[0]) ?? '')) return undefined;
  const rest = [
    ...command.slice(1).map((entry, i) => ({ entry, path: [...container.path, 'command', i + 1] })),
    ...(args ?? []).map((entry, i) => ({ entry, path: [...container.path, 'args', i] })),
  ];
  // `-c`, or options holding it (`-ec`); the script is the entry after.
  const option = rest.findIndex(({ entry }) => typeof entry === 'string' && /^-[a-z]*c[a-z]*$/.test(entry));
  const script = option === -1 ? undefined : rest[option + 1];
  if (typeof script?.entry !== 'string') return undefined;
  // The kubelet expands $(NAME) before the shell runs: word by word here, a value only known when the pod runs leaving
  // its word unknown.
  const expanded = (word: ShellWord): ShellWord => {
    const passed = asPassed(word.text, container);
    return { text: passed.text, expands: word.expands || passed.runtime };
  };
  const runs = shellCommands(script.entry).map((words) => words.map(expanded)).flatMap((words) => {
    const exec = words[0]?.text === 'exec';
    const start = exec ? 1 : 0;
    return binaryOf(words[start]?.text) === 'prometheus' ? [{ exec, words: words.slice(start + 1) }] : [];
  });
  // The process that stays is the one the script execs, else its last: `prometheus --version; exec prometheus …`.
  const run = runs.find((candidate) => candidate.exec) ?? runs.at(-1);
  // "$@" is the entries after the script but the first, which is $0: `sh -c 'exec prometheus "$@"' -- --agent …`.
  const positional = rest.slice(option + 3).map(({ entry }) => (typeof entry === 'string' ? expanded({ text: entry, expands: false }) : { text: String(entry), expands: true }));
  return run && { words: run.words.flatMap((word) => (word.expands && word.text === '$@' ? positional : [word])), path: script.path };
}

/** An argument as Prometheus receives it: the kubelet expands `$(NAME)` first (see kubeletExpanded). */
function asPassed(written: string, container: Container): { text: string; runtime: boolean } {
  const text = kubeletExpanded(written, container.environment);
  return { text: text ?? written, runtime: text === undefined };
}

/** The mode a container runs Prometheus in, or why it cannot be told. */
function modeOf(flags: FlagArgument[], positionals: { runtime: boolean }[], version: ImageVersion, title: string): { mode: PrometheusMode } | { unknown: string } {
  const known = 'version' in version ? version.version : undefined;
  // Whenever it runs at all: --agent exists only in v3, --enable-feature=agent is agent mode only in v2.
  if (flags.some((flag) => flag.name === 'agent')) {
    return known === undefined || isV3(known) ? { mode: 'agent' }
      : { unknown: `${title} passes --agent, which Prometheus ${known} does not have: it exits before it loads any configuration` };
  }
  // An argument only known when the pod runs may be any flag: `$(NAME)` of a valueFrom, a script's "$@" or $ARGS, a
  // flag whose name is one. A flag's value from one (`--web.external-url=$(URL)`) is a value still.
  if (positionals.some((positional) => positional.runtime) || flags.some((flag) => flag.runtime && flag.name.includes('$'))) {
    return { unknown: `${title} passes Prometheus arguments only known when the pod runs` };
  }
  const features = flags.filter((flag) => flag.name === 'enable-feature');
  if (!features.some((flag) => featureList(flag).includes('agent'))) {
    // A value only known when the pod runs may name the agent feature.
    return features.some((flag) => flag.runtime)
      ? { unknown: `${title} passes --enable-feature with a variable whose value is only known when the pod runs` } : { mode: 'server' };
  }
  if (known === undefined) {
    return { unknown: `${title} passes --enable-feature=agent, which runs an agent on Prometheus v2 and a server on v3, and ${(version as { unknown: string }).unknown}` };
  }
  // The feature came in v2.32.0 and went in v3.0.0: on any other release it is an unknown option, logged and ignored.
  return { mode: featureSpec('agent', known) ? 'agent' : 'server' };
}

function readWorkload(template: PodTemplate, container: Container): PrometheusWorkload | undefined {
  const { command, args, image } = container;
  const scripted = scriptedPrometheus(container);
  // A command replaces the image's entrypoint: what runs is its binary, whatever the image.
  if (!scripted && (command?.length ? binaryOf(command[0]) !== 'prometheus' : !image || !isPrometheusImage(image))) return undefined;
  const version: ImageVersion = image && isPrometheusImage(image) ? imageVersion(image) : { unknown: 'the container does not run a Prometheus image' };
  const known = 'version' in version ? version.version : undefined;
  const entry = (raw: unknown, path: Path) => ({ ...asPassed(String(raw), container), path });
  const entries = scripted ? scripted.words.map((word) => ({ text: word.text, path: scripted.path, runtime: word.expands })) : [
    ...(command ?? []).slice(1).map((raw, i) => entry(raw, [...container.path, 'command', i + 1])),
    ...(args ?? []).map((raw, i) => entry(raw, [...container.path, 'args', i])),
  ];
  const { flags, positionals, shortFlags } = parseFlags(entries, known);
  const found = modeOf(flags, positionals, version, template.ownerTitle);
  const [mode, modeUnknown] = 'mode' in found ? [found.mode, undefined] : [undefined, found.unknown];
  // An empty list is no list: the runtime runs the image's entrypoint and command then.
  const imageDefaults = !command?.length && !args?.length;
  const configFlag = flags.filter((flag) => flag.name === 'config.file').at(-1);
  const configFile = absolutePath(configFlag?.value ?? (imageDefaults ? prometheusImage.defaultConfigFile : prometheusImage.flagDefaultConfigFile), container.workingDir);
  return {
    template, container, title: template.ownerTitle, version, mode, modeUnknown, flags, positionals, shortFlags, imageDefaults, script: scripted !== undefined, configFile,
    config: configFlag?.runtime ? { unresolved: `its --config.file names a variable whose value is only known when the pod runs` } : configSource(template, container, configFile),
  };
}

/**
 * The workload as kustomize builds it: where kustomizations' `images` set its image (see imagesSet), the tag written
 * is not what runs. It runs the one tag they all set, else a release not known here; its mode is told again with it.
 * A build that patches its objects as well may change the arguments written: the release they meet is not known then;
 * nor is it where a build's inline or JSON 6902 patch may set the image.
 */
export function asBuilt(workload: PrometheusWorkload, imagesSet: ImagesSet | undefined): PrometheusWorkload {
  const image = workload.container.image;
  if (!imagesSet || !image) return workload;
  const name = imageRepository(image);
  // kustomize matches the name as written, before a tag or digest: `prom/prometheus` is not `docker.io/prom/prometheus`.
  const settings = imagesSet.filter((setting) => setting.name === name);
  const patcher = imagePatcher(imagesSet, workload.template.document.kind, workload.template.ownerName);
  if (patcher !== undefined) return withVersion(workload, { unknown: `${kustomizationTitle(patcher)} may patch its image` });
  if (settings.length === 0) return workload;
  const tags = new Set(settings.map((setting) => (setting.digest === undefined ? setting.newTag : undefined)));
  const [tag] = tags;
  const patching = settings.find((setting) => setting.patched);
  const releases = [...tags].map((each) => (each === undefined ? undefined : imageVersion(`${name}:${each}`)));
  const known = releases.flatMap((release) => (release && 'version' in release ? [release.version] : []));
  // A build that sets no tag (the base itself, applied alone) runs the image written: its release, the newest for latest.
  const written = imageVersion(image);
  if ('version' in written) known.push(written.version);
  else if (written.latest) known.push(newestRelease);
  known.sort(compareVersions);
  const version: ImageVersion = patching ? { unknown: `${kustomizationTitle(patching.by)} sets its image and patches its objects` }
    : tags.size === 1 && tag !== undefined ? imageVersion(`${name}:${tag}`)
      : {
        unknown: `${kustomizationTitle(settings[0].by)} sets its image`,
        ...(releases.every((release) => release && 'version' in release) ? { among: { from: known[0], to: known[known.length - 1] } } : {}),
      };
  return withVersion(workload, version);
}

/** The workload running another release: its mode told again with it. */
function withVersion(workload: PrometheusWorkload, version: ImageVersion): PrometheusWorkload {
  const found = modeOf(workload.flags, workload.positionals, version, workload.title);
  return { ...workload, version, ...('mode' in found ? { mode: found.mode, modeUnknown: undefined } : { mode: undefined, modeUnknown: found.unknown }) };
}

/** The features an `--enable-feature` argument names: split at commas, as Prometheus does, which trims none (` agent` is no feature). */
export function featureList(flag: FlagArgument): string[] {
  return (flag.value ?? '').split(',').filter(Boolean);
}

/**
 * Entries read as kingpin reads them: a boolean flag takes no separate value; another takes the next entry. After
 * `--` every entry is an argument, and a flag waiting for its value takes the one after `--`.
 */
function parseFlags(entries: { text: string; path: Path; runtime: boolean }[], version: string | undefined) {
  const flags: FlagArgument[] = [];
  const positionals: { text: string; path: Path; runtime: boolean }[] = [];
  const shortFlags: { written: string; path: Path }[] = [];
  let argumentsOnly = false;
  for (let i = 0; i < entries.length; i++) {
    const { text, path, runtime } = entries[i];
    if (argumentsOnly) {
      positionals.push(entries[i]);
      continue;
    }
    if (text === '--') {
      argumentsOnly = true;
      continue;
    }
    // kingpin reads `@path` as the arguments written in that file, which only the running pod has.
    if (!text.startsWith('-')) positionals.push(text.startsWith('@') ? { ...entries[i], runtime: true } : entries[i]);
    else if (!text.startsWith('--') && text.length > 1 && !runtime) shortFlags.push({ written: text, path });
    if (!text.startsWith('--')) continue;
    const equals = text.indexOf('=');
    const name = equals === -1 ? text.slice(2) : text.slice(2, equals);
    if (equals !== -1) {
      flags.push({ name, value: text.slice(equals + 1), path, written: text, ...(runtime && { runtime }) });
      continue;
    }
    const boolean = flagSpec(name.replace(/^no-/, ''), version ?? newestRelease)?.kind === 'bool';
    if (!boolean && entries[i + 1]?.text === '--' && entries[i + 2]) {
      argumentsOnly = true;
      i++;
    }
    const next = entries[i + 1];
    if (!boolean && next && (argumentsOnly || !next.text.startsWith('-'))) {
      flags.push({ name, value: next.text, path, valuePath: next.path, written: text, ...((runtime || next.runtime) && { runtime: true }) });
      i++;
    } else {
      flags.push({ name, path, written: text, ...(runtime && { runtime }) });
    }
  }
  return { flags, positionals, shortFlags };
}

/** The deepest volumeMount of the container holding the file, if one does. */
function holdingMount(container: Container, file: string): VolumeMount | undefined {
  return container.volumeMounts
    .filter((mount) => file === absolutePath(mount.mountPath, '/') || file.startsWith(`${absolutePath(mount.mountPath, '/').replace(/\/$/, '')}/`))
    .sort((a, b) => b.mountPath.length - a.mountPath.length)[0];
}

/**
 * Whether the container reads its configuration where the official image has none: its arguments replace the image's
 * own (which name /etc/prometheus/prometheus.yml) without a `--config.file`, so Prometheus reads prometheus.yml in the
 * working directory, /prometheus, a volume the image leaves empty, and no volumeMount puts one there.
 */
export function configMissingFromImage(workload: PrometheusWorkload): boolean {
  const { container } = workload;
  // Prometheus 1 read `-config.file` (Go's flag package): one-dash flags are read otherwise here.
  const v1 = 'version' in workload.version && !atLeast(workload.version.version, 'v2.0.0');
  return !workload.imageDefaults && !workload.script && !v1 && workload.shortFlags.length === 0 && container.workingDir === undefined && container.image !== undefined
    && /(^|\/)(prom|prometheus)\/prometheus$/.test(imageRepository(container.image))
    && !workload.flags.some((flag) => flag.name === 'config.file' || flag.runtime) && !workload.positionals.some((positional) => positional.runtime)
    && holdingMount(container, workload.configFile) === undefined;
}

function absolutePath(path: string, workingDir: string | undefined): string {
  return cleanPath(path.startsWith('/') ? path : `${(workingDir ?? prometheusImage.workingDir).replace(/\/$/, '')}/${path}`);
}

/**
 * The ConfigMap or Secret key a file path of the container reads: the deepest volumeMount holding the path, its
 * subPath, then the volume's `items` (key → path) or, without items, the key named like the file.
 */
export function configSource(template: PodTemplate, container: Container, file: string): ConfigSource {
  const holding = holdingMount(container, file);
  if (!holding) return { unresolved: `no volumeMount of container ${JSON.stringify(container.name)} holds ${file}` };
  const mountPath = absolutePath(holding.mountPath, '/');
  const below = file === mountPath ? '' : file.slice(mountPath.length + (mountPath === '/' ? 0 : 1));
  const relative = [holding.subPath, below].filter(Boolean).join('/');
  const volume = template.volumes.find((v) => v.name === holding.name);
  if (!volume) return { unresolved: `the pod has no volume ${JSON.stringify(holding.name)}` };
  if (volume.sources.length === 0) return { unresolved: `volume ${JSON.stringify(holding.name)} is not a ConfigMap, a Secret or a projection of them` };
  // The kubelet writes a projection's sources in order: a later one's file replaces an earlier one's.
  const [found, ...alternatives] = volume.sources.flatMap((source): ConfigKey[] => {
    const key = source.items ? source.items.find((item) => absolutePath(item.path, '/') === `/${relative}`)?.key
      : relative && !relative.includes('/') ? relative : undefined;
    return key === undefined ? [] : [{ kind: source.kind, name: source.name, key }];
  }).reverse();
  if (found) return { ...found, namespace: template.namespace, mount: holding, ...(alternatives.length && { alternatives }) };
  return { unresolved: `volume ${JSON.stringify(holding.name)} projects no key at ${relative ? JSON.stringify(relative) : 'its root'}` };
}

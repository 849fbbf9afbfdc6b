import { holdsOtherToolJob, modelineOf, type ClassifiedDocument, type Embedding } from '../classify';
import type { CheckOptions, PrometheusMode } from '../types';
import { atLeast, compareVersions } from '../util/version';
import { pieceIndexAt, type SourceFile, type Workspace } from '../workspace';
import { flagReleases, newestRelease } from './prometheusFlags';
import { operatorRelease } from './operator';
import type { ReleaseBounds } from './prometheus';
import { globMatches, includersOf, joinedPattern, scrapeConfigFilesSince } from './scrapeConfigFiles';
import { cleanPath } from '../util/cleanPath';
import type { AgentEntry, ObjectEntry, PodEntry } from './workspaceIndex';
import { featureList, prometheusWorkloadsOf, type ConfigKey, type PrometheusWorkload } from './workloads';
import { mayRunPrometheus, type Container, type PodTemplate } from './podTemplate';
import { folderOf } from '../util/folderOf';
import { uriFileName } from '../util/uriText';

/** Who runs a Prometheus configuration, as far as the workspace tells: the mode and version its checks assume. */
export interface Runner {
  /** `StatefulSet monitoring/edge-agent`, `PrometheusAgent monitoring/edge`; absent when no object runs it. */
  by?: string;
  mode: PrometheusMode | undefined;
  version: string;
  /** How the mode was decided, as a user reads it: `--agent`, `its first line`, `its file name`… */
  modeFrom: string;
  /** Set when the mode was guessed (a name) or not decided: what was assumed, said once on the configuration. */
  assumption?: string;
  /**
   * Set where nothing says which one release runs it (no image tag, modeline or --prometheus-version): the first and
   * the last release it may be, and what only some of them refuse is not said. `version` is one of them: the default
   * where it may be, else the last.
   */
  releases?: ReleaseBounds;
  /** The container that runs it, where a workload of the workspace does. */
  container?: Container;
  /** What its `--enable-feature` flags name, where a workload of the workspace runs it: some change what it accepts. */
  features?: readonly string[];
  /** For a file a configuration pulls in with scrape_config_files: that configuration, whose global its jobs inherit. */
  includedBy?: { uri: string; document: ClassifiedDocument };
  /** Set where its first line or `--as` says who runs it, with no object of the workspace running it. */
  stated?: true;
}

/** What promagent knows of Prometheus: the first release with agent mode to the newest. */
export const knownReleases: ReleaseBounds = { from: flagReleases[0], to: newestRelease };

/** Said once on a configuration whose release nothing says, where a finding of some releases only was not raised. */
export const releaseUnknownMessage = (bounds: ReleaseBounds) => `checked for what holds in every Prometheus release from ${bounds.from} to ${bounds.to} that knows each key it uses: nothing says which one runs this configuration; say so on its first line (e.g. "# promagent: agent v3.5.0"), with the image tag of the container that runs it, or with promagent.prometheusVersion (promagent check --prometheus-version)`;

/** `--agent`: v2 exits on it as an unknown flag. */
const agentSwitchSince = 'v3.0.0';

/** How to tell promagent who runs a configuration: said wherever it had to assume. */
const howToSay = 'say who runs it with "# promagent: agent" or "# promagent: server" (and a version, e.g. "# promagent: agent v3.5.0") on its first line';

/**
 * Who runs a configuration, first to last: the CLI (`--as`, `--prometheus-version`); the workloads of the workspace
 * that mount it (one runner each); the PrometheusAgent or Prometheus whose additionalScrapeConfigs names it; a
 * modeline; a file or key name containing "agent"; the settings. A file that configurations of the workspace pull in
 * with scrape_config_files is run as each of them runs. Undefined for a scrape-config list in a Secret that no agent
 * or server names: it is not a configuration anyone loads.
 */
export function runnersOf(document: ClassifiedDocument, uri: string, workspace: Workspace, options: CheckOptions): Runner[] | undefined {
  const embedding = document.embedding;
  // A key of a ConfigMap or Secret is pulled in where a workload mounts it at a path its configuration's patterns match.
  const includers: Includer[] = embedding ? mountedIncluders(embedding, uri, workspace).map((includer) => ({ ...includer, name: includer.document.embedding!.holder.key }))
    : includersOf(uri, workspace).map(({ uri: includerUri, document: includer }) => ({ uri: includerUri, document: includer, name: uriFileName(includerUri) }));
  const included = includedRunners(includers, workspace, options);
  return included.length ? included : ownRunners(document, uri, workspace, options);
}

/** A configuration pulling another in: how findings name it, and, for a key it pulls in, the workloads that mount both. */
type Includer = { uri: string; document: ClassifiedDocument; name: string; workloads?: PrometheusWorkload[] };

/** The runners of the configurations that pull the file in, from the release that reads scrape_config_files on. */
function includedRunners(includers: Includer[], workspace: Workspace, options: CheckOptions): Runner[] {
  return includers.flatMap(({ uri, document, name, workloads }) => {
    const pulling = workloads && new Set(workloads.map((workload) => workload.container));
    // A runner no one workload gives (several may mount the configuration) is kept: those that do not pull the file in drop out.
    return (ownRunners(document, uri, workspace, options) ?? [])
      .filter((runner) => atLeast(runner.version, scrapeConfigFilesSince) && (!pulling || !runner.container || pulling.has(runner.container)))
      .map((runner): Runner => ({
        ...runner,
        releases: runner.releases && from(runner.releases, scrapeConfigFilesSince),
        by: `${name}, whose scrape_config_files pull this file in${runner.by ? ` (run by ${runner.by})` : ''}`,
        includedBy: { uri, document },
      }));
  });
}

/** A configuration a ConfigMap or Secret holds that pulls in another key, and the workloads mounting both where it matches. */
export interface MountedIncluder {
  uri: string;
  document: ClassifiedDocument;
  workloads: PrometheusWorkload[];
}

/**
 * By ConfigMap or Secret key (see holderKey), the configurations pulling it in. Found again when the index changes, or a
 * file holding a workload or a configuration it runs does (their mounts and patterns are not in the index).
 */
const pulledInKeys = new WeakMap<Workspace, PulledIn & { revision: number; digest: string }>();

interface PulledIn {
  byKey: Map<string, MountedIncluder[]>;
  /** The files it was read from (see pulledInKeys). */
  files: Map<string, SourceFile | undefined>;
  /** What a configuration pulled in is checked with: which keys are, by whom, and the text of each that pulls one in. */
  signature: string;
}

const holderKey = (uri: string, { kind, namespace, name, key }: Embedding['holder']) => JSON.stringify([uri, kind, namespace ?? '', name ?? '', key]);

/**
 * The configurations (held in ConfigMaps or Secrets) that pull in the one `embedding` holds in the file `uri`: a
 * workload mounting its key at a path that a scrape_config_files pattern of the workload's own configuration matches,
 * joined to its --config.file's folder, reads it as one of its jobs' files.
 */
export function mountedIncluders(embedding: Embedding, uri: string, workspace: Workspace): MountedIncluder[] {
  return (pulledIn(workspace).byKey.get(holderKey(uri, embedding.holder)) ?? []).filter((includer) => includer.document.embedding !== embedding);
}

/** Changes when what any configuration held in a ConfigMap or Secret is pulled in by, or with, changes. */
export const pulledInSignature = (workspace: Workspace) => pulledIn(workspace).signature;

function pulledIn(workspace: Workspace): PulledIn {
  let known = pulledInKeys.get(workspace);
  // Looked at again only once per change of the workspace: every configuration held in a ConfigMap asks.
  if (!known || known.revision !== workspace.revision) {
    const digest = workspace.index.digest();
    if (!known || known.digest !== digest || [...known.files].some(([file, held]) => workspace.get(file) !== held)) known = { digest, ...keysPulledIn(workspace), revision: 0 };
    pulledInKeys.set(workspace, (known = { ...known, revision: workspace.revision }));
  }
  return known;
}

/** Every mounted key some workload's configuration pulls in, with who pulls it in; and the files that was read from. */
function keysPulledIn(workspace: Workspace): PulledIn {
  const byKey = new Map<string, MountedIncluder[]>();
  const files = new Map<string, SourceFile | undefined>();
  const read = (uri: string) => files.set(uri, workspace.get(uri));
  for (const workload of workspace.index.workloads()) {
    const pod = workspace.index.podOf(workload.template);
    if (pod) read(pod.uri);
    const main = mainConfigOf(workload, workspace);
    if (main) read(main.uri);
    const patterns = main?.document.yaml.dataAt(['scrape_config_files']);
    if (!main || !Array.isArray(patterns)) continue;
    const absolute = patterns.flatMap((pattern) => (typeof pattern === 'string' ? joinedPattern(workload.configFile, pattern) ?? [] : []));
    for (const { uri, holder, path } of mountedKeys(workload, workspace)) {
      if (!absolute.some((pattern) => globMatches(pattern, path))) continue;
      const id = holderKey(uri, holder);
      const includers = byKey.get(id) ?? [];
      const same = includers.find((includer) => includer.document === main.document);
      if (same) same.workloads.push(workload);
      else byKey.set(id, [...includers, { ...main, workloads: [workload] }]);
    }
  }
  const signature = JSON.stringify([...byKey].map(([key, includers]) => [key, includers.map(({ uri, document, workloads }) => [uri, document.source.text, workloads.map((workload) => workload.title)])]));
  return { files, byKey, signature };
}

/** A key of a ConfigMap or Secret a workload mounts: the file and object holding it, and where the container sees it. */
interface MountedKey {
  uri: string;
  object: ClassifiedDocument;
  holder: Embedding['holder'];
  path: string;
}

/** Each ConfigMap or Secret key of the workspace the container running Prometheus sees, the file holding it, and where. */
function mountedKeys(workload: PrometheusWorkload, workspace: Workspace): MountedKey[] {
  const { template, container } = workload;
  return container.volumeMounts.flatMap((mount) => (template.volumes.find((volume) => volume.name === mount.name)?.sources ?? [])
    .flatMap((source) => besideFirst(workload, objectsMeant(workload, source, workspace), workspace)
      .flatMap((object) => (object.keys ?? []).flatMap((key) => {
        const relative = source.items ? source.items.find((item) => item.key === key)?.path : key;
        if (relative === undefined || (mount.subPath !== undefined && mount.subPath !== relative)) return [];
        const holder = { kind: source.kind, namespace: object.document.namespace, name: source.name, key };
        return [{ uri: object.uri, object: object.document, holder, path: cleanPath(mount.subPath !== undefined ? mount.mountPath : `${mount.mountPath}/${relative}`) }];
      }))));
}

/**
 * The configuration a workload's --config.file reads, where one ConfigMap or Secret of the workspace holds it: of the
 * sources that may hold it, last first, the first an object of the workspace holds (the one beside it, of several).
 */
function mainConfigOf(workload: PrometheusWorkload, workspace: Workspace): { uri: string; document: ClassifiedDocument } | undefined {
  for (const source of configKeys(workload)) {
    const holding = besideFirst(workload, objectsMeant(workload, source, workspace).filter((object) => object.keys?.includes(source.key)), workspace);
    if (holding.length === 0) continue;
    if (holding.length > 1) return undefined;
    const [{ uri, document: holder }] = holding;
    const document = heldDocument(uri, holder, { kind: source.kind, namespace: holder.namespace, name: source.name, key: source.key }, workspace);
    return document?.role === 'prometheus-config' ? { uri, document } : undefined;
  }
  return undefined;
}

/** The document a ConfigMap or Secret key holds: among those of its holder's piece, not looked up in a file of thousands. */
function heldDocument(uri: string, object: ClassifiedDocument, { kind, namespace, name, key }: Embedding['holder'], workspace: Workspace): ClassifiedDocument | undefined {
  const pieces = workspace.get(uri)?.pieces ?? [];
  return pieces[pieceIndexAt(pieces, object.source.offset)]?.documents.find(({ embedding }) => embedding?.holder.kind === kind
    && embedding.holder.name === name && embedding.holder.key === key && embedding.holder.namespace === namespace);
}

/** A configuration Prometheus reads: where (undefined for its --config.file), and the document. */
export interface ReadConfiguration {
  path?: string;
  document: ClassifiedDocument;
}

/**
 * For a key a configuration that a ConfigMap or Secret holds pulls in (`runner` is one of its includedRunners): for each
 * workload of the runner mounting both, what Prometheus reads, in its order, up to this key's last read: the
 * configuration pulling it in, then each scrape_config_files pattern's matches in name order (a key two patterns match
 * is read twice). Keys of no object of the workspace (the image's own files) are not known, nor read here.
 */
export function mountedReadOrders(embedding: Embedding, uri: string, runner: Runner, workspace: Workspace): ReadConfiguration[][] {
  const includer = mountedIncluders(embedding, uri, workspace).find((candidate) => candidate.document === runner.includedBy?.document);
  const patterns = includer?.document.yaml.dataAt(['scrape_config_files']);
  if (!includer || !Array.isArray(patterns)) return [];
  const own = holderKey(uri, embedding.holder);
  return includer.workloads.filter((workload) => !runner.container || workload.container === runner.container).map((workload) => {
    const keys = mountedKeys(workload, workspace);
    const read: ReadConfiguration[] = [{ document: includer.document }];
    let ownLast = 0;
    for (const pattern of patterns) {
      const absolute = typeof pattern === 'string' ? joinedPattern(workload.configFile, pattern) : undefined;
      if (absolute === undefined) continue;
      const matched = new Map(keys.filter((key) => globMatches(absolute, key.path)).map((key) => [key.path, key]));
      for (const key of [...matched.values()].sort((a, b) => (a.path < b.path ? -1 : a.path > b.path ? 1 : 0))) {
        const document = heldDocument(key.uri, key.object, key.holder, workspace);
        if (document?.role !== 'prometheus-config') continue;
        read.push({ path: key.path, document });
        if (holderKey(key.uri, key.holder) === own) ownLast = read.length;
      }
    }
    return read.slice(0, ownLast);
  });
}


/** Who runs a configuration, from what says so of it (see runnersOf). */
function ownRunners(document: ClassifiedDocument, uri: string, workspace: Workspace, options: CheckOptions): Runner[] | undefined {
  const embedding = document.embedding;
  const modeline = modelineOf(embedding?.text ?? document.source.text);
  const cli = options.runBy ?? {};
  const objects: { by: string; container?: Container; features?: string[]; mode: PrometheusMode | undefined; version?: string; versionKnown?: boolean; releases?: ReleaseBounds; modeFrom: string; unknownMode?: string }[] = [];
  const mayMount: PrometheusWorkload[] = [];
  if (embedding) {
    for (const workload of workspace.index.workloads()) {
      const mounted = mounts(workload, embedding, uri, workspace);
      if (mounted === 'yes') objects.push(workloadRunner(workload));
      else if (mounted === 'maybe') mayMount.push(workload);
    }
    if (embedding.content === 'scrape-configs') {
      for (const entry of workspace.index.agents()) if (includes(entry, embedding)) objects.push(crRunner(entry, 'PrometheusAgent', 'agent', options));
      for (const entry of workspace.index.servers()) if (includes(entry, embedding)) objects.push(crRunner(entry, 'Prometheus', 'server', options));
      if (objects.length === 0) return undefined;
    }
    // Mounted only where no Prometheus may run (Promtail, vmagent, a template an init container renders), or mounted
    // nowhere with jobs only another program's configuration has, it is that program's file: not checked, unless
    // something says Prometheus runs it.
    if (objects.length === 0 && mayMount.length === 0 && !modeline && !cli.mode
      && (readByOtherPrograms(embedding.holder, workspace) || holdsOtherToolJob(document.yaml.ast.contents))) return undefined;
  }
  // A file a kustomization's generator puts into a ConfigMap or Secret is run by the workloads mounting that key.
  const generated = embedding ? [] : workspace.index.generatedKeysOf(uri);
  for (const workload of generated.length ? workspace.index.workloads() : []) {
    const keys = configKeys(workload);
    if (generated.some((held) => keys.some(({ kind, name, key }) => kind === held.kind && name === held.name && key === held.key))) objects.push(workloadRunner(workload));
  }
  // Pods that mount it in a container promagent cannot follow (a variable's path, a mirror's image, a wrapper script)
  // say someone runs it: a name does not tell who.
  const holders = embedding ? [embedding.holder] : generated;
  const unfollowed = objects.length === 0 && mayMount.length === 0 ? holders.flatMap((holder) => unfollowedMounts(holder, workspace)) : [];
  const named = unfollowed.length ? undefined : agentInName(uri, embedding);
  const fallbackMode = modeline?.mode ?? (named ? 'agent' : options.configMode);
  const fallbackFrom = modeline?.mode ? 'its first lines ("# promagent: …")' : named ? named : options.configMode ? 'the setting promagent.configMode' : 'nothing';
  const version = (own?: string) => cli.version ?? own ?? modeline?.version ?? options.prometheusVersion;
  const given = options.prometheusVersionGiven ?? options.prometheusVersion !== operatorRelease.defaultPrometheusVersion;
  /** The releases it may be where nothing says one, within what is known of it (the tags kustomizations may set). */
  const releases = (own?: string, known: ReleaseBounds = knownReleases) => ((cli.version ?? own ?? modeline?.version) === undefined && !given ? known : undefined);
  if (objects.length === 0) {
    const mode = cli.mode ?? fallbackMode;
    const modeFrom = cli.mode ? '--as' : fallbackFrom;
    const assumption = cli.mode || modeline?.mode || (!named && options.configMode) ? undefined
      : named ? `checked as an agent's configuration because ${named} says "agent"; if a server runs it, say so with "# promagent: server" on its first line`
        : mayMount.length ? `checked for what holds in agent and server mode alike: ${[...new Set(mayMount.map((workload) => workload.title))].join(', ')} may mount this configuration or another ${embedding!.holder.kind} named ${JSON.stringify(embedding!.holder.name)}, which the namespaces written do not tell apart; ${howToSay}`
        : unfollowed.length ? `checked for what holds in agent and server mode alike: ${unfollowed.join(', ')} ${unfollowed.length > 1 ? 'mount' : 'mounts'} this ${holders[0].kind} where promagent cannot tell which configuration Prometheus loads, or in which mode; ${howToSay}`
        : `checked for what holds in agent and server mode alike: no workload of the workspace mounts this configuration and nothing else says who runs it; ${howToSay}`;
    return [{ mode, version: version(), modeFrom, assumption, releases: releases(), ...(cli.mode || modeline?.mode ? { stated: true } : {}) }];
  }
  return objects.map((object) => {
    const mode = cli.mode ?? object.mode ?? modeline?.mode;
    const assumption = mode === undefined ? `checked for what holds in agent and server mode alike: ${object.unknownMode}; ${howToSay}` : undefined;
    const bounds = object.versionKnown ? undefined : releases(object.version, object.releases);
    return {
      by: object.by, mode, version: bounds ? within(bounds, version(object.version)) : version(object.version),
      modeFrom: cli.mode ? '--as' : object.mode ? object.modeFrom : fallbackFrom, assumption, releases: bounds, container: object.container,
      features: object.features,
    };
  });
}

/** Of `bounds`, the releases from `first` on; all of them where none is. */
const from = (bounds: ReleaseBounds, first: string): ReleaseBounds =>
  compareVersions(bounds.from, first) < 0 && compareVersions(first, bounds.to) <= 0 ? { ...bounds, from: first } : bounds;

/** The default release where it is one of `bounds`, else the last of them. */
const within = (bounds: ReleaseBounds, fallback: string) =>
  compareVersions(fallback, bounds.from) < 0 || compareVersions(fallback, bounds.to) > 0 ? bounds.to : fallback;

/** `run by StatefulSet monitoring/edge-agent: Prometheus v3.5.0, agent mode` */
export function describeRunner(runner: Runner): string {
  const mode = runner.mode ? `${runner.mode} mode` : 'agent or server mode (not known)';
  const release = runner.releases ? `${runner.releases.from} to ${runner.releases.to} (the release is not known)` : runner.version;
  return `${runner.by ? `run by ${runner.by}: ` : ''}Prometheus ${release}, ${mode}`;
}

function workloadRunner(workload: PrometheusWorkload) {
  // `latest` runs the newest release: checked as the newest promagent knows, not as the assumed default.
  const version = 'version' in workload.version ? workload.version.version : workload.version.latest ? newestRelease : undefined;
  const agentFlag = workload.flags.find((flag) => flag.name === 'agent' || (flag.name === 'enable-feature' && featureList(flag).includes('agent')));
  // Of a release not known: the tags a kustomization may set bound it, and so does `--agent`, which v2 refuses.
  const among = 'unknown' in workload.version ? workload.version.among ?? knownReleases : undefined;
  const agentSwitch = workload.flags.some((flag) => flag.name === 'agent');
  const releases = among && agentSwitch ? from(among, agentSwitchSince) : among;
  return {
    by: `${workload.title} (container ${JSON.stringify(workload.container.name)})`,
    container: workload.container,
    features: workload.flags.flatMap((flag) => (flag.name === 'enable-feature' ? featureList(flag) : [])),
    mode: workload.mode,
    version,
    releases,
    modeFrom: agentFlag ? `its argument ${agentFlag.written}${agentFlag.valuePath ? ` ${agentFlag.value}` : ''}` : 'its arguments, which have no agent flag',
    unknownMode: workload.modeUnknown,
  };
}

/**
 * Without spec.version, the operator runs its default release: known for the release promagent models, not for
 * another (whose default it does not know), where the configuration is checked for every release it may be.
 */
function crRunner(entry: AgentEntry, kind: string, mode: PrometheusMode, options: CheckOptions) {
  // The operator passes spec.enableFeatures as --enable-feature.
  const features = Array.isArray(entry.spec.enableFeatures) ? entry.spec.enableFeatures.filter((feature): feature is string => typeof feature === 'string') : undefined;
  // An operator release nothing names (or one of several named) runs a default that is not known either.
  const versionKnown = Boolean(entry.version)
    || (options.operator !== undefined && options.operator.from !== 'default' && !options.operator.named && options.operator.version === operatorRelease.version);
  return { by: `${kind} ${entry.namespace}/${entry.name}`, mode, version: entry.version || undefined, versionKnown, modeFrom: `${kind} ${entry.namespace}/${entry.name}`, features };
}

/**
 * The ConfigMap and Secret keys the workload's `--config.file` may be, first to last: the last source of a projection
 * that may hold it (the kubelet writes the sources in order, a later one's key over an earlier one's), then the others.
 */
export function configKeys(workload: PrometheusWorkload): ConfigKey[] {
  const source = workload.config;
  return 'unresolved' in source ? [] : [source, ...source.alternatives ?? []];
}

/**
 * The workspace's objects a workload may mean by a ConfigMap or Secret name. Namespaces written on both sides must
 * agree; one left out on either side (kubectl -n or kustomize sets it) matches any, unless the workload's own namespace
 * holds an object of that name: then it is that one.
 */
export function objectsMeant(workload: PrometheusWorkload, { kind, name }: Pick<ConfigKey, 'kind' | 'name'>, workspace: Workspace): ObjectEntry[] {
  const namespace = workload.template.document.namespace;
  const named = objectsNamed(workspace, kind, name);
  const own = namespace === undefined ? [] : named.filter((object) => object.document.namespace === namespace);
  return own.length ? own : named.filter((object) => namespace === undefined || object.document.namespace === undefined || object.document.namespace === namespace);
}

/** Of several objects a workload may mean, the one in its own folder, applied with it (`kubectl apply -n dev -f dev/`), if one is. */
function besideFirst(workload: PrometheusWorkload, meant: ObjectEntry[], workspace: Workspace): ObjectEntry[] {
  if (meant.length < 2) return meant;
  const own = workspace.index.podOf(workload.template);
  const beside = own ? meant.filter((object) => folderOf(object.uri) === folderOf(own.uri)) : [];
  return beside.length === 1 ? beside : meant;
}

/** Each kind's objects by name, made once per list of them (the index gives a new one when one comes or goes). */
const objectsByName = new WeakMap<readonly ObjectEntry[], Map<string, ObjectEntry[]>>();

/** The ConfigMaps (or Secrets) of a name, in every namespace: looked up, not searched, for each mount of each workload. */
function objectsNamed(workspace: Workspace, kind: string, name: string): ObjectEntry[] {
  const all = workspace.index.objectsOf(`/${kind}`);
  let byName = objectsByName.get(all);
  if (!byName) {
    byName = new Map();
    for (const object of all) {
      const same = byName.get(object.name);
      if (same) same.push(object);
      else byName.set(object.name, [object]);
    }
    objectsByName.set(all, byName);
  }
  return byName.get(name) ?? [];
}

/**
 * Whether the workload's `--config.file` is this ConfigMap or Secret key, held in the file `uri` (see objectsMeant):
 * of several it may mean, the one in its own folder, applied with it; `maybe` where the
 * workspace holds another object the workload may mean just as well, or an earlier source of a projection that may
 * hold the file is not in the workspace, so that which one it runs would be a guess; `no` where one that does holds it.
 */
export function mounts(workload: PrometheusWorkload, embedding: Embedding, uri: string, workspace: Workspace): 'yes' | 'maybe' | 'no' {
  const { holder } = embedding;
  const candidates = configKeys(workload);
  const at = candidates.findIndex(({ kind, name, key }) => kind === holder.kind && name === holder.name && key === holder.key);
  if (at === -1) return 'no';
  const holding = (candidate: ConfigKey) => objectsMeant(workload, candidate, workspace).filter((object) => object.keys?.includes(candidate.key));
  const meant = besideFirst(workload, holding(candidates[at]), workspace);
  if (!meant.some((object) => object.uri === uri && object.document.namespace === holder.namespace)) return 'no';
  let verdict: 'yes' | 'maybe' = meant.length > 1 ? 'maybe' : 'yes';
  for (const overriding of candidates.slice(0, at)) {
    if (holding(overriding).length) return 'no';
    if (objectsMeant(workload, overriding, workspace).length === 0) verdict = 'maybe';
  }
  return verdict;
}

/**
 * The pods with a volume of the configuration's ConfigMap or Secret, each with the containers that mount it and may
 * run Prometheus: one promagent reads as Prometheus (with what it reads of it), one whose image names prometheus (a
 * mirror, a vendor's build), or one passing `--config.file` (Prometheus' flag; Promtail and Grafana Agent write
 * `-config.file`).
 */
function podsMounting(holder: Holder, workspace: Workspace): { template: PodTemplate; prometheus: { workload?: PrometheusWorkload }[] }[] {
  const { kind, name, namespace } = holder;
  return (podsBySource(workspace.index.pods()).get(`${kind}/${name}`) ?? [])
    .filter(({ template }) => namespace === undefined || template.document.namespace === undefined || template.namespace === namespace)
    .map(({ template }) => {
      const volumes = new Set(template.volumes.filter((volume) => volume.sources.some((source) => source.kind === kind && source.name === name)).map((volume) => volume.name));
      const workloads = prometheusWorkloadsOf(template.document);
      const prometheus = template.containers.filter((container) => container.volumeMounts.some((mount) => volumes.has(mount.name)))
        .map((container) => ({ container, workload: workloads.find((workload) => workload.container === container) }))
        .filter(({ container, workload }) => workload || mayRunPrometheus(container));
      return { template, prometheus };
    });
}

/** Whether pods mount the configuration, and none in a container that may run Prometheus: another program's file. */
function readByOtherPrograms(holder: Holder, workspace: Workspace): boolean {
  const pods = podsMounting(holder, workspace);
  return pods.length > 0 && pods.every((pod) => pod.prometheus.length === 0);
}

/**
 * The pods (by their owners' titles) that mount the configuration in a container that may run Prometheus and whose
 * configuration file promagent cannot follow to a key: asked where no workload it follows mounts this one.
 */
function unfollowedMounts(holder: Holder, workspace: Workspace): string[] {
  return podsMounting(holder, workspace)
    .filter((pod) => pod.prometheus.some(({ workload }) => !workload || 'unresolved' in workload.config))
    .map((pod) => pod.template.ownerTitle);
}

/** A ConfigMap or Secret by kind and name, and its namespace where written. */
type Holder = { kind: 'ConfigMap' | 'Secret'; name?: string; namespace?: string };

const sourceLists = new WeakMap<readonly PodEntry[], Map<string, PodEntry[]>>();

/** The pods with a volume of each ConfigMap or Secret (`ConfigMap/name`); made once per list of pods. */
function podsBySource(pods: readonly PodEntry[]): Map<string, PodEntry[]> {
  let bySource = sourceLists.get(pods);
  if (!bySource) {
    bySource = new Map();
    for (const pod of pods) {
      for (const source of new Set(pod.template.volumes.flatMap((volume) => volume.sources.map((s) => `${s.kind}/${s.name}`)))) {
        const holding = bySource.get(source);
        if (holding) holding.push(pod);
        else bySource.set(source, [pod]);
      }
    }
    sourceLists.set(pods, bySource);
  }
  return bySource;
}

function includes(entry: AgentEntry, embedding: Embedding): boolean {
  const reference = entry.spec.additionalScrapeConfigs as { name?: unknown; key?: unknown } | null | undefined;
  const { name, namespace, key } = embedding.holder;
  const ownNamespace = entry.document.namespace;
  return embedding.holder.kind === 'Secret' && reference?.name === name && reference?.key === key
    && (ownNamespace ?? namespace) === (namespace ?? ownNamespace);
}

/** `its file name …`, `its key …` or `its ConfigMap's name …` when that name holds "agent": a guess, said as one. */
function agentInName(uri: string, embedding: Embedding | undefined): string | undefined {
  if (embedding) {
    const { key, kind, name } = embedding.holder;
    if (/agent/i.test(key)) return `its key ${JSON.stringify(key)}`;
    return name && /agent/i.test(name) ? `its ${kind}'s name ${JSON.stringify(name)}` : undefined;
  }
  const name = uriFileName(uri);
  return /agent/i.test(name) ? `its file name ${JSON.stringify(name)}` : undefined;
}

import { isMap, isScalar, isSeq, visit, type Node } from 'yaml';
import { isMonitoringKind, monitoringGroup, type ClassifiedDocument, type MonitoringKind } from '../classify';
import type { CheckOptions, OperatorTarget } from '../types';
import { compareVersions, parseVersion } from '../util/version';
import { nodeAt } from '../yaml/documents';
import type { Workspace } from '../workspace';
import { structuralSchema, withPromagentModes, type CrdSchema } from './crdSchema';
import { dataReleaseOf, knownReleases, newestRelease, newestSchema, releaseSchema } from './operatorReleases';
import { podTemplateOf } from './podTemplate';
import { imageRepository, imageVersion } from './prometheus';
import { imagePatcher, kustomizationTitle, type ImagesSet } from './kustomize';
import { uriFileName } from '../util/uriText';
import { compatible, environmentsIn } from './environments';

/**
 * Which prometheus-operator release the workspace's monitoring resources meet, and the CRDs they are checked
 * against. The sources, first to last: the CLI's --operator-version; the workspace (the operator's own Deployment,
 * then the CRDs' operator.prometheus.io/version annotation, then a manifest naming a release's bundle); the setting
 * promagent.operatorVersion; promagent's newest release. CRDs the workspace holds are the truth for their kinds
 * whatever the release: objects of those kinds are checked against them.
 */

/** Something in the workspace that names the operator release. */
export interface ReleaseClue {
  /** Empty for an `unread` clue. */
  version: string;
  /** `unread`: the operator's image, whose tag names no release (a digest alone, `main`). */
  source: 'deployment' | 'crd' | 'bundle' | 'unread';
  /** How a hover or the preview names it: `the image of Deployment monitoring/prometheus-operator (…:v0.74.0)`. */
  what: string;
  uri: string;
  /** The operator's image as written (`deployment` and `unread`): a kustomization may set its tag (see cluesAsBuilt). */
  image?: string;
  /** The object running that image, which a kustomization's patch may reach. */
  object?: { kind?: string; name: string };
}

/** A monitoring.coreos.com CustomResourceDefinition of the workspace. */
export interface WorkspaceCrd {
  kind: MonitoringKind;
  uri: string;
  /** metadata.name: `prometheusagents.monitoring.coreos.com`. */
  name: string;
  /** Its operator.prometheus.io/version annotation, as `v0.74.0`. */
  version?: string;
  /** Changes with the CRD's text: what checks depend on. */
  key: string;
  document: ClassifiedDocument;
}

/**
 * The releases whose CRDs and behaviour a target may be, where it is not known exactly: every release promagent knows
 * when nothing names one; each release the workspace names where they disagree; for a patch release promagent has no
 * CRDs of (v0.79.2), its minor's first and the next minor's, as patches carry changes the next minor has (v0.79.1
 * renamed a field). Undefined where the target is one known release.
 */
export function possibleReleases(target: OperatorTarget): readonly string[] | undefined {
  const releases = knownReleases();
  if (target.from === 'default') return releases.length > 1 ? releases : undefined;
  const possible = [...new Set((target.named ?? [target.version]).flatMap(releasesMeant))].sort(compareVersions);
  return possible.length > 1 ? possible : undefined;
}

/** The known releases a release name may mean: itself; a patch release's minor and the next minor; the nearest known. */
function releasesMeant(version: string): string[] {
  const releases = knownReleases();
  const data = dataReleaseOf(version);
  if (data === version) return [version];
  const next = releases.find((release) => compareVersions(release, data) > 0);
  return next && compareVersions(version, releases[0]) > 0 && compareVersions(version, next) < 0 ? [data, next] : [data];
}

const asRelease = (version: string) => `v${version.replace(/^v/, '')}`;

/**
 * The operator's image: a repository named prometheus-operator (quay.io/prometheus-operator/, any mirror), or Rancher's
 * mirror of it (`rancher/mirrored-prometheus-operator-prometheus-operator`).
 */
export function isOperatorImage(image: string): boolean {
  const repository = image.split('@')[0].replace(/:[^/]*$/, '');
  const name = repository.slice(repository.lastIndexOf('/') + 1);
  return name === 'prometheus-operator' || name === 'mirrored-prometheus-operator-prometheus-operator';
}

/**
 * A release's manifests, as a kustomization or a manifest names them: the bundle of a GitHub release
 * (`…/releases/download/v0.74.0/bundle.yaml`), a file at a tag (`raw.githubusercontent.com/…/v0.74.0/example/…`), or
 * a remote kustomize base (`github.com/prometheus-operator/prometheus-operator?ref=v0.74.0`).
 */
const releaseUrl = /prometheus-operator\/prometheus-operator(?:\/releases\/download\/|\/(?:raw\/)?(?:refs\/tags\/)?|(?:\.git)?(?:\/[\w./-]*)?\?ref=)(v\d+\.\d+\.\d+)(?![\w.-])/;

const scalarText = (node: unknown) => (isScalar(node) && typeof node.value === 'string' ? node.value : isScalar(node) && typeof node.value === 'number' ? String(node.source ?? node.value) : undefined);

/** The document's own names of an operator release. */
export function releaseCluesOf(document: ClassifiedDocument, uri: string): ReleaseClue[] {
  const clues: ReleaseClue[] = [];
  const crd = workspaceCrdOf(document, uri);
  if (crd?.version) {
    clues.push({ version: crd.version, source: 'crd', what: `the operator.prometheus.io/version annotation of CustomResourceDefinition ${crd.name} (${uriFileName(uri)})`, uri });
  }
  const template = podTemplateOf(document);
  for (const container of template?.containers ?? []) {
    if (!container.image || !isOperatorImage(container.image)) continue;
    const version = imageVersion(container.image);
    const what = `the image of ${template!.ownerTitle} (${container.image}, ${uriFileName(uri)})`;
    const image = container.image;
    const object = { kind: document.kind, name: template!.ownerName };
    clues.push('version' in version ? { version: version.version, source: 'deployment', what, uri, image, object } : { version: '', source: 'unread', what, uri, image, object });
  }
  // Read only where the text names the repository: the scalars are not visited otherwise.
  if (document.source.text.includes('prometheus-operator/prometheus-operator')) {
    visit(document.yaml.ast, {
      Scalar(_, node) {
        const match = typeof node.value === 'string' ? releaseUrl.exec(node.value) : null;
        if (match) clues.push({ version: match[1], source: 'bundle', what: `${uriFileName(uri)}, which names ${node.value as string}`, uri });
      },
    });
  }
  return clues;
}

const crdKeys = new WeakMap<ClassifiedDocument, WorkspaceCrd | null>();
let crdCount = 0;

/** The document as a CRD of a monitoring.coreos.com kind promagent checks, if it is one. */
export function workspaceCrdOf(document: ClassifiedDocument, uri: string): WorkspaceCrd | undefined {
  const known = crdKeys.get(document);
  if (known !== undefined) return known ?? undefined;
  let found: WorkspaceCrd | undefined;
  const root = document.yaml.ast.contents;
  if (!document.embedding && document.kind === 'CustomResourceDefinition' && document.apiVersion?.startsWith('apiextensions.k8s.io/') && root) {
    const kind = scalarText(nodeAt(root, ['spec', 'names', 'kind']));
    const group = scalarText(nodeAt(root, ['spec', 'group']));
    if (group === monitoringGroup && isMonitoringKind(kind)) {
      const annotation = scalarText(nodeAt(root, ['metadata', 'annotations', 'operator.prometheus.io/version']));
      const version = annotation && parseVersion(annotation) ? asRelease(annotation) : undefined;
      found = { kind, uri, name: document.name ?? '', version, key: `${uri}#${++crdCount}`, document };
    }
  }
  crdKeys.set(document, found ?? null);
  return found;
}

const describe = (clue: ReleaseClue) => `${clue.version}: ${clue.what}`;

/**
 * The newest of the clues, and why; where they name several releases, each (oldest first), as the target's `named`:
 * which of them meets an object promagent cannot tell.
 */
function fromClues(clues: ReleaseClue[]): { version: string; reason: string; named?: string[] } {
  const sorted = [...clues].sort((a, b) => compareVersions(b.version, a.version));
  const versions = [...new Set(sorted.map((clue) => clue.version))].reverse();
  if (versions.length === 1) return { version: sorted[0].version, reason: sorted[0].what };
  return { version: sorted[0].version, reason: `the workspace names ${versions.length} releases: ${sorted.map(describe).join('; ')}`, named: versions };
}

/**
 * The clues of an operator Deployment a kustomization builds setting its image (`images: [{name, newTag}]`): each tag
 * set, and the one written (the base applied alone runs it). A digest set alone names no release, nor does a patch
 * that may set the image.
 */
export function cluesAsBuilt(clue: ReleaseClue, images: ImagesSet | undefined): ReleaseClue[] {
  if (!images || clue.image === undefined) return [clue];
  // A patch that may set the image names no release promagent reads: the one written may not be what runs.
  const patcher = imagePatcher(images, clue.object?.kind, clue.object?.name);
  if (patcher !== undefined) return [clue, { ...clue, version: '', source: 'unread', what: `${clue.what}, whose image ${kustomizationTitle(patcher)} may patch` }];
  const name = imageRepository(clue.image);
  const settings = images.filter((setting) => setting.name === name && (setting.newTag !== undefined || setting.digest !== undefined));
  if (settings.length === 0) return [clue];
  const set = settings.map((setting): ReleaseClue => {
    // kustomize writes both as `name:tag@digest`: the tag names the release.
    const image = `${name}${setting.newTag !== undefined ? `:${setting.newTag}` : ''}${setting.digest !== undefined ? `@${setting.digest}` : ''}`;
    const version = imageVersion(image);
    const what = `${clue.what}, as ${kustomizationTitle(setting.by)} sets it (${image})`;
    return 'version' in version ? { ...clue, version: version.version, source: 'deployment', what, image } : { ...clue, version: '', source: 'unread', what, image };
  });
  return [clue, ...set];
}

/** The release in use and why, before the data release is chosen, from the clues `near` keeps. */
function chooseRelease(workspace: Workspace, options: CheckOptions, near: (uri: string) => boolean): Pick<OperatorTarget, 'version' | 'from' | 'reason' | 'named'> {
  const requested = options.operatorVersion;
  if (requested?.from === 'cli') return { version: requested.version, from: 'cli', reason: `--operator-version ${requested.version}` };
  const clues = workspace.index.releaseClues().filter((clue) => near(clue.uri));
  // An operator whose image names no release (latest, a digest) may be any, whatever other operators' images name.
  const unreadOperator = clues.find((clue) => clue.source === 'unread');
  const sources: ReleaseClue['source'][] = unreadOperator ? ['crd', 'bundle'] : ['deployment', 'crd', 'bundle'];
  for (const source of sources) {
    const named = clues.filter((clue) => clue.source === source);
    if (named.length) {
      const { version, reason, named: several } = fromClues(named);
      // Where the workspace names several, the setting says which.
      if (several && requested) return { version: requested.version, from: 'setting', reason: `the setting promagent.operatorVersion (${requested.version}); ${reason}` };
      const overridden = requested ? ` (over the setting promagent.operatorVersion, ${requested.version})` : '';
      return { version, from: 'workspace', reason: reason + overridden, ...(several ? { named: several } : {}) };
    }
  }
  const others = clues.filter((clue) => clue.source === 'deployment');
  const also = unreadOperator && others.length ? `; also named: ${others.map(describe).join('; ')}` : '';
  const named = unreadOperator ? `${unreadOperator.what} names no release${also}` : 'nothing in the workspace names a release';
  if (requested) return { version: requested.version, from: 'setting', reason: `the setting promagent.operatorVersion (${requested.version}); ${named}` };
  return { version: newestRelease(), from: 'default', reason: `${named}: promagent's newest, ${newestRelease()}` };
}

/** Per workspace and environment asked about: the last request and what it resolved to, while the index is unchanged. */
const resolved = new WeakMap<Workspace, { key: string; located: boolean; byEnvironment: Map<string, OperatorTarget> }>();

/**
 * The release the monitoring resources of the file `uri` meet (of every file: undefined), and the CRDs they are
 * checked against: what names a release in an environment folder of another cluster does not reach it (see
 * environments), what is in none reaches every one.
 */
export function operatorTargetOf(workspace: Workspace, options: CheckOptions, uri?: string): OperatorTarget {
  const environmentOfFile = environmentsIn(workspace);
  const key = `${workspace.index.digest()}|${JSON.stringify(options.operatorVersion ?? null)}`;
  let found = resolved.get(workspace);
  if (found?.key !== key) {
    // Where nothing that names a release is in an environment folder, every file meets one target: no file's folder is read.
    const located = [...workspace.index.releaseClues(), ...workspace.index.crds()].some((naming) => environmentOfFile(naming.uri).length > 0);
    resolved.set(workspace, (found = { key, located, byEnvironment: new Map() }));
  }
  const environment = uri === undefined || !found.located ? undefined : environmentOfFile(uri);
  const near = (other: string) => environment === undefined || compatible(environment, environmentOfFile(other));
  const where = JSON.stringify(environment ?? null);
  const cached = found.byEnvironment.get(where);
  if (cached) return cached;
  const { version, from, reason, named } = chooseRelease(workspace, options, near);
  const data = dataReleaseOf(version);
  const oldest = knownReleases()[0];
  const notes: string[] = [];
  if (compareVersions(version, newestRelease()) > 0) notes.push(`promagent knows the CRDs up to ${newestRelease()}: kinds the workspace has no CRD of are checked as ${data}`);
  else if (compareVersions(version, oldest) < 0) notes.push(`promagent knows the CRDs from ${oldest} (the first with PrometheusAgent): they are checked as ${oldest}`);
  const crds: OperatorTarget['crds'] = {};
  // Of two CRDs of one kind, the newest release's; one without the annotation only when no other says its release.
  const newestFirst = (a: WorkspaceCrd, b: WorkspaceCrd) => (a.version && b.version ? compareVersions(b.version, a.version) : a.version ? -1 : b.version ? 1 : 0);
  for (const crd of workspace.index.crds().filter((candidate) => near(candidate.uri)).sort(newestFirst)) {
    if (crds[crd.kind]) continue;
    crds[crd.kind] = { uri: crd.uri, name: crd.name, version: crd.version, key: crd.key };
  }
  const target: OperatorTarget = { version, from, reason: [reason, ...notes].join('; '), data, crds, ...(named ? { named } : {}) };
  found.byEnvironment.set(where, target);
  return target;
}

/** Options with a target, by the options asked with and the target: every file of a repository meeting one shares them. */
const withTargets = new WeakMap<CheckOptions, WeakMap<OperatorTarget, CheckOptions>>();

/** The options with the release the file `uri` meets resolved (options that carry one are returned as they are). */
export function withOperatorTarget(options: CheckOptions, workspace: Workspace, uri?: string): CheckOptions {
  if (options.operator) return options;
  const target = operatorTargetOf(workspace, options, uri);
  let byTarget = withTargets.get(options);
  if (!byTarget) withTargets.set(options, (byTarget = new WeakMap()));
  let resolvedOptions = byTarget.get(target);
  if (!resolvedOptions) byTarget.set(target, (resolvedOptions = { ...options, operator: target }));
  return resolvedOptions;
}

/** The schema a document of a kind is checked against, and where it comes from. */
export interface SchemaInUse {
  kind: MonitoringKind;
  /** Undefined when the release has no such kind (ScrapeConfig before v0.65.0). */
  schema: CrdSchema | undefined;
  /** The release the schema is of, as messages name it; undefined for a workspace CRD without the annotation. */
  release?: string;
  /** The workspace's CRD it comes from. */
  crd?: { uri: string; name: string };
}

const workspaceSchemas = new WeakMap<ClassifiedDocument, Map<string, CrdSchema | null>>();

/** The schema a workspace CRD declares for an API version it serves, with promagent's Sidecar mode. */
function workspaceCrdSchema(crd: WorkspaceCrd, apiVersion: string | undefined): CrdSchema | undefined {
  const version = apiVersion?.slice(apiVersion.indexOf('/') + 1) ?? '';
  let byVersion = workspaceSchemas.get(crd.document);
  if (!byVersion) workspaceSchemas.set(crd.document, (byVersion = new Map()));
  if (!byVersion.has(version)) {
    const root = crd.document.yaml.ast.contents;
    const versions = root ? nodeAt(root, ['spec', 'versions']) : undefined;
    let schema: CrdSchema | null = null;
    if (isSeq(versions)) {
      const entry = versions.items.find((item) => isMap(item) && scalarText(item.get('name', true)) === version && (item.get('served') ?? true) !== false);
      const openApi = isMap(entry) ? nodeAt(entry as Node, ['schema', 'openAPIV3Schema']) : undefined;
      const plain = isMap(openApi) ? (openApi.toJSON() as Record<string, unknown>) : undefined;
      if (plain) schema = withPromagentModes(crd.kind, structuralSchema(plain));
    }
    byVersion.set(version, schema);
  }
  return byVersion.get(version) ?? undefined;
}

/** The schema `kind` objects (of `apiVersion`) are checked against under `options` (resolved with withOperatorTarget). */
export function schemaInUse(kind: MonitoringKind, apiVersion: string | undefined, options: CheckOptions, workspace: Workspace | undefined): SchemaInUse {
  const target = options.operator;
  const declared = target?.crds[kind];
  const crd = declared && workspace?.index.crds().find((entry) => entry.key === declared.key);
  const own = crd && workspaceCrdSchema(crd, apiVersion);
  if (crd && own) return { kind, schema: own, release: crd.version, crd: { uri: crd.uri, name: crd.name } };
  if (!target) return { kind, schema: newestSchema(kind), release: newestRelease() };
  // promagent's releases start with the first that has PrometheusAgent: an older one has no such kind.
  if (kind === 'PrometheusAgent' && compareVersions(target.version, knownReleases()[0]) < 0) return { kind, schema: undefined, release: target.version };
  return { kind, schema: releaseSchema(kind, target.data), release: target.version };
}

/**
 * The schemas the workspace's other CRDs of the kind declare, where they differ from the one in use: which of them the
 * cluster an object goes to holds promagent cannot tell (one per environment, say), so each may be the truth.
 */
export function otherWorkspaceSchemas(inUse: SchemaInUse, apiVersion: string | undefined, workspace: Workspace): SchemaInUse[] {
  if (!inUse.crd) return [];
  return workspace.index.crds().flatMap((crd) => {
    if (crd.kind !== inUse.kind || (crd.uri === inUse.crd!.uri && crd.name === inUse.crd!.name)) return [];
    const schema = workspaceCrdSchema(crd, apiVersion);
    return schema && schema !== inUse.schema ? [{ kind: inUse.kind, schema, release: crd.version, crd: { uri: crd.uri, name: crd.name } }] : [];
  });
}

const origins: Record<OperatorTarget['from'], string> = {
  cli: 'from the command line',
  workspace: 'from the workspace',
  setting: 'from the settings',
  default: 'by default',
};

/** The release and why, in one line: what the hover, the preview header and `check --format json` say. */
export function describeTarget(target: OperatorTarget): string {
  return `prometheus-operator ${target.version} (${origins[target.from]}: ${target.reason})`;
}

/** What a kind's objects are checked against, in one line. */
export function describeSchema(inUse: SchemaInUse, target: OperatorTarget): string {
  if (inUse.crd) return `${inUse.kind} is checked against the workspace's CRD ${inUse.crd.name} (${uriFileName(inUse.crd.uri)}${inUse.release ? `, ${inUse.release}` : ''})`;
  if (!inUse.schema) return `prometheus-operator ${target.data} has no ${inUse.kind} CRD`;
  return `${inUse.kind} is checked against the CRD of prometheus-operator ${target.data}${target.data !== target.version ? `, the nearest release promagent holds` : ''}`;
}

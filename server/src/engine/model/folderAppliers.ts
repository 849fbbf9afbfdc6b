import type { ClassifiedDocument } from '../classify';
import { asRecord } from '../util/record';
import { decodedUri } from '../util/uriText';
import { applierKey, filesBuiltBy, kustomizationFields, presentField, type Kustomization } from './kustomize';

/**
 * An object of a GitOps controller that applies a folder of the repository to a cluster, changing what it applies on
 * the way: a Flux Kustomization (kustomize-controller builds the folder, then sets a namespace, labels, name affixes,
 * patches and images, and substitutes `${VAR}`), an Argo CD Application or ApplicationSet source (kustomize settings
 * of its own; a plugin, which may change anything; a directory source applying only the files it includes).
 */
export interface FolderApplier {
  /** The file holding it. */
  uri: string;
  /** How messages name it: `Kustomization flux-system/apps`, with `, source 2` for an Argo CD source past the first. */
  title: string;
  /**
   * The folder it applies, relative to the root of the repository it reads (`apps/prod`), as far as it is written
   * plainly: `apps/` of `apps/${CLUSTER}` or of `apps/../infra` (`below` set), nothing of the root (`''`).
   */
  path: string;
  /** Whether the folder is any below `path` (a path a template, a variable or a `..` completes), or `path` itself. */
  below: boolean;
  /** Whether it applies the folders below its own (Argo CD's directory source without `recurse` does not). */
  recurse: boolean;
  /** What it changes, written as a kustomization's fields (namespace, labels, namePrefix, patches, images…). */
  changes: Record<string, unknown>;
  /** Whether it substitutes `${VAR}` in what it applies (Flux's postBuild). */
  substitutes: boolean;
  /** Whether it applies only the files it includes of its folder (Argo CD's `directory.include`). */
  picksFiles: boolean;
}

const list = (value: unknown) => (Array.isArray(value) ? value : []);

/** A folder as written in a controller's spec (see FolderApplier.path); undefined where no path is written. */
function folderPath(written: unknown): Pick<FolderApplier, 'path' | 'below'> | undefined {
  if (typeof written !== 'string') return undefined;
  const segments = written.split('/').filter((segment) => segment !== '' && segment !== '.');
  const templated = segments.findIndex((segment) => segment.includes('{{') || segment.includes('${') || segment === '..');
  const plain = templated === -1 ? segments : segments.slice(0, templated);
  return { path: plain.join('/'), below: templated !== -1 };
}

/** An Argo CD kustomize image (`name:tag`, `name=newName:tag`, `name@digest`) as a kustomization's images entry. */
function argoImage(image: unknown): Record<string, string> | undefined {
  if (typeof image !== 'string') return undefined;
  const equals = image.indexOf('=');
  const reference = equals === -1 ? image : image.slice(equals + 1);
  const at = reference.indexOf('@');
  const withoutDigest = at === -1 ? reference : reference.slice(0, at);
  const colon = withoutDigest.lastIndexOf(':');
  const tagged = colon > withoutDigest.lastIndexOf('/');
  const name = equals === -1 ? (tagged ? withoutDigest.slice(0, colon) : withoutDigest) : image.slice(0, equals);
  return { name, ...(tagged && { newTag: withoutDigest.slice(colon + 1) }), ...(at !== -1 && { digest: reference.slice(at + 1) }) };
}

/** The folders an Argo CD Application spec's sources apply, each with what it changes. */
function argoSources(uri: string, title: string, spec: Record<string, unknown> | undefined): FolderApplier[] {
  return [spec?.source, ...list(spec?.sources)].flatMap((raw, i) => {
    const source = asRecord(raw);
    const path = folderPath(source?.path);
    // A chart of a Helm repository is no folder here; a chart's folder holds templates, which are not read.
    if (!source || !path || source.chart !== undefined || source.helm !== undefined) return [];
    const kustomize = asRecord(source.kustomize);
    const directory = asRecord(source.directory);
    const changes: Record<string, unknown> = {
      namespace: kustomize?.namespace, commonLabels: kustomize?.commonLabels, namePrefix: kustomize?.namePrefix, nameSuffix: kustomize?.nameSuffix,
      patches: kustomize?.patches, images: list(kustomize?.images).map(argoImage).filter((image) => image !== undefined),
      // Components, and a plugin rendering the folder as it likes, may change any object.
      transformers: [...list(kustomize?.components), ...(source.plugin === undefined ? [] : [source.plugin])],
    };
    return [{
      uri, title: i === 0 ? title : `${title}, source ${i + 1}`, ...path, changes, substitutes: false,
      recurse: directory === undefined || directory.recurse === true, picksFiles: presentField(directory?.include),
    }];
  });
}

/** The folders a document applies, where it is a Flux Kustomization or an Argo CD Application or ApplicationSet. */
export function folderAppliersOf(document: ClassifiedDocument, uri: string): FolderApplier[] {
  const group = document.apiVersion?.split('/')[0];
  // Asked of every document: its data is built only for these kinds.
  if (group !== 'kustomize.toolkit.fluxcd.io' && group !== 'argoproj.io') return [];
  const spec = asRecord(asRecord(document.yaml.value)?.spec);
  const title = `${document.kind} ${document.namespace ? `${document.namespace}/` : ''}${document.name ?? ''}`;
  if (group === 'kustomize.toolkit.fluxcd.io' && document.kind === 'Kustomization') {
    // An OCI artifact or a bucket holds files of no repository here.
    const sourceKind = asRecord(spec?.sourceRef)?.kind;
    if (sourceKind !== undefined && sourceKind !== 'GitRepository') return [];
    const labels = asRecord(asRecord(spec?.commonMetadata)?.labels);
    const postBuild = asRecord(spec?.postBuild);
    return [{
      uri, title, ...folderPath(spec?.path ?? '')!, recurse: true,
      changes: {
        namespace: spec?.targetNamespace, labels: labels ? [{ pairs: labels }] : undefined, namePrefix: spec?.namePrefix, nameSuffix: spec?.nameSuffix,
        patches: spec?.patches, patchesStrategicMerge: spec?.patchesStrategicMerge, patchesJson6902: spec?.patchesJson6902, images: spec?.images,
        transformers: spec?.components,
      },
      substitutes: presentField(postBuild?.substitute) || presentField(postBuild?.substituteFrom),
      picksFiles: false,
    }];
  }
  if (group === 'argoproj.io' && document.kind === 'Application') return argoSources(uri, title, spec);
  if (group === 'argoproj.io' && document.kind === 'ApplicationSet') return argoSources(uri, title, asRecord(asRecord(spec?.template)?.spec));
  return [];
}

/**
 * The folders an applier applies (URIs ending in `/`): its path below the root of the repository, which is the folder
 * holding every file of the workspace (`root`) or one above it (then the path goes through the root: `k8s/apps` with
 * the files all in `k8s/`).
 */
function appliedFolders(applier: FolderApplier, root: string): string[] {
  const folders: string[] = [];
  const within = root.slice(0, -1).split('/');
  if (root === '') return folders;
  folders.push(applier.path === '' ? root : `${root}${encodePath(applier.path)}/`);
  // From the root up: the folders between each one and the root must begin the path.
  for (let up = 1; up < within.length - 3; up++) {
    const between = within.slice(within.length - up).map(decodedUri).join('/');
    if (applier.path.startsWith(`${between}/`)) folders.push(`${root}${encodePath(applier.path.slice(between.length + 1))}/`);
    else if (applier.path === between) folders.push(root);
  }
  return folders;
}

const encodePath = (path: string) => path.split('/').map(encodeURIComponent).join('/');

/**
 * The files and kustomized folders (`kustomizedFolders`, without their trailing slash) an applier applies from its
 * folders: a kustomization there is built as kustomize builds it (listed alone, its resources following from it); a
 * folder without one has every file applied (Flux generates a kustomization of them), those below too unless it does
 * not recurse.
 */
function appliedResources(applier: FolderApplier, folders: readonly string[], files: Iterable<string>, kustomizedFolders: ReadonlySet<string>): string[] {
  const resources = new Set<string>();
  // Compared decoded: hosts escape a file name's characters differently (`+`, `@`, a drive's colon).
  const decodedFolders = folders.map(decodedUri);
  const kustomizedByDecoded = new Map([...kustomizedFolders].map((folder) => [decodedUri(folder), folder]));
  for (const uri of files) {
    const decoded = decodedUri(uri);
    const folder = decodedFolders.find((candidate) => decoded.startsWith(candidate));
    if (folder === undefined) continue;
    const below = decoded.slice(folder.length).split('/').slice(0, -1);
    if (below.length > 0 && !applier.below && !applier.recurse) continue;
    // The outermost kustomized folder on the way down builds the file, if one does.
    let kustomized: string | undefined;
    for (let depth = 0; depth <= below.length && kustomized === undefined; depth++) {
      kustomized = kustomizedByDecoded.get(`${folder}${below.slice(0, depth).join('/')}`.replace(/\/$/, ''));
    }
    resources.add(kustomized ?? uri);
  }
  return [...resources];
}

/** A `${VAR}` reference, as Flux's postBuild substitutes it (`$${VAR}` is written for a `${VAR}` it leaves). */
export const substitutedVariable = /(?<!\$)\$\{[A-Za-z_]/;

/**
 * A folder a GitOps controller applies only some files of (its URI decoded), and whether those below it too (see
 * FolderApplier.picksFiles).
 */
export interface PickedFolder {
  folder: string;
  recurse: boolean;
}

/** A kustomization that may change anything of the files it lists, as a transformer may. */
const changingAnything = (resources: string[]): Kustomization => ({
  patches: [], resources, components: [], transforms: ['transformers'], images: [], imagePatches: [{}], patchTargets: [{}],
  configObjectsChanged: [], generatedKeys: [], helmCharts: [], remoteResources: [],
});

/**
 * The workspace's kustomizations with what GitOps controllers' objects build as kustomizations beside them (each under
 * applierKey): the folders they apply (below `root`, see appliedFolders), changed as they change them. Where Flux
 * substitutes variables, the files holding one (`holdsVariables`) may change anything, and findings about a variable
 * are not said in the files it applies (`substituted`). `picked`: the folders Argo CD applies file by file.
 */
export function withApplierBuilds(kustomizations: ReadonlyMap<string, Kustomization>, appliers: readonly FolderApplier[], root: string, files: readonly string[], holdsVariables: (uri: string) => boolean):
  { builds: Map<string, Kustomization>; substituted: Set<string>; picked: PickedFolder[] } {
  const kustomizedFolders = new Set([...kustomizations.keys()].map((uri) => uri.slice(0, uri.lastIndexOf('/'))));
  const keys = new Set<string>();
  const applied = appliers.map((named) => {
    // Two of one title in one file (unnamed, say) are two builds still.
    let applier = named;
    for (let n = 2; keys.has(applierKey(applier)); n++) applier = { ...named, title: `${named.title} (${n})` };
    keys.add(applierKey(applier));
    const folders = appliedFolders(applier, root);
    return { applier, key: applierKey(applier), folders, resources: appliedResources(applier, folders, files, kustomizedFolders) };
  });
  const builds = new Map(kustomizations);
  for (const { applier, key, resources } of applied) {
    builds.set(key, { ...kustomizationFields(applier.changes, applier.uri), resources, patches: [], components: [], configObjectsChanged: [], generatedKeys: [], helmCharts: [], remoteResources: [] });
  }
  const substituted = new Set<string>();
  for (const { applier, key } of applied.filter((each) => each.applier.substitutes)) {
    const built = filesBuiltBy(builds, new Set([key]));
    for (const uri of built) substituted.add(uri);
    const holding = [...built].filter(holdsVariables);
    if (holding.length) builds.set(applierKey({ ...applier, title: `${applier.title}, its postBuild variables` }), changingAnything(holding));
  }
  const picked = applied.filter(({ applier }) => applier.picksFiles).flatMap(({ applier, folders }) => folders.map((folder) => ({ folder: decodedUri(folder), recurse: applier.recurse })));
  return { builds, substituted, picked };
}

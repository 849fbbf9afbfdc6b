import { parseAllDocuments } from 'yaml';
import type { SourceFile } from '../sourceFile';
import { asRecord } from '../util/record';
import { decodedUri } from '../util/uriText';
import type { FolderApplier } from './folderAppliers';

/** What promagent reads of a kustomization file. */
export interface Kustomization {
  /** The files it lists as strategic-merge patches (`patches` entries with a `path`, `patchesStrategicMerge`). */
  patches: readonly string[];
  /** Its resources, bases and components: files and folders, as URIs (a folder's without a trailing slash). */
  resources: readonly string[];
  /** Its components: folders whose kustomization changes what this one builds. */
  components: readonly string[];
  /**
   * What it changes in the objects it builds: `namespace`, `commonLabels`, `labels`, `namePrefix`, `nameSuffix`, and
   * patches, replacements and transformers, which may change anything.
   */
  transforms: readonly string[];
  /** The images whose tag or digest its `images` set: what runs is not the tag its files write. */
  images: readonly ImageSetting[];
  /** The objects whose image its inline and JSON 6902 patches may set (see imagePatchTargets). */
  imagePatches: readonly PatchTarget[];
  /**
   * The objects its inline and JSON 6902 patches apply to (its strategic-merge patch files' objects are the index's);
   * any object, with replacements or transformers.
   */
  patchTargets: readonly PatchTarget[];
  /**
   * The ConfigMaps and Secrets its generators make or add keys to (`configMapGenerator`, `secretGenerator`), and those
   * its patches target or its inline patches are: `ConfigMap/name`. (The objects of patch files are the index's.)
   */
  configObjectsChanged: readonly string[];
  /** The files its generators put into ConfigMaps and Secrets (`files: [key=path]` or `[path]`), with the key each becomes. */
  generatedKeys: readonly GeneratedKey[];
  /** The Helm charts it inflates (`helmCharts`, `helmChartInflationGenerator`), by name: their objects are in no file. */
  helmCharts: readonly string[];
  /** Its remote resources and bases (a URL, `github.com/…`): their objects are in no file. */
  remoteResources: readonly string[];
}

/** A file a kustomization's generator puts into a ConfigMap or Secret, under a key. */
export interface GeneratedKey {
  kind: 'ConfigMap' | 'Secret';
  name: string;
  key: string;
  uri: string;
}

/** An `images` entry of a kustomization that changes what runs: the image's name, and its new tag or digest. */
export interface ImageSetting {
  name: string;
  newTag?: string;
  digest?: string;
}

/** The objects a patch applies to: kustomize's target kind and name (a regular expression); absent, any. */
export interface PatchTarget {
  kind?: string;
  name?: string;
}

export const kustomizationFile = /^(kustomization\.ya?ml|Kustomization)$/;

/**
 * How a message names a kustomization: `overlays/prod/kustomization.yaml` reads as `prod/kustomization.yaml`; a GitOps
 * controller's object as its title and file (see applierKey).
 */
export function kustomizationTitle(uri: string): string {
  const hash = uri.indexOf('#');
  const file = hash === -1 ? uri : uri.slice(0, hash);
  const title = decodedUri(file.slice(file.lastIndexOf('/', file.lastIndexOf('/') - 1) + 1));
  return hash === -1 ? title : `${decodedUri(uri.slice(hash + 1))} (${title})`;
}

/** The key of a GitOps controller's object among the kustomizations it is built with: its file, and its title after a `#`. */
export const applierKey = (applier: FolderApplier) => `${applier.uri}#${encodeURIComponent(applier.title)}`;

/** Whether a kustomization's key is a GitOps controller's (see applierKey): it is no kustomization file of a folder. */
export const isApplierKey = (key: string) => key.includes('#');

/** Whether a kustomization field is set: a list or mapping with entries, a string not empty. */
export const presentField = (value: unknown) => (Array.isArray(value) ? value.length > 0 : typeof value === 'object' && value !== null ? Object.keys(value).length > 0 : typeof value === 'string' && value !== '');

const transformFields = [
  'namespace', 'commonLabels', 'labels', 'namePrefix', 'nameSuffix', 'patches', 'patchesStrategicMerge', 'patchesJson6902', 'replacements', 'transformers',
];

/** A kustomization file as promagent reads it: its paths resolved against its folder. */
export function readKustomization(file: SourceFile): Kustomization {
  return kustomizationFields(asRecord(file.documents[0]?.yaml.value), file.uri);
}

/** A kustomization's fields as promagent reads them, its paths resolved against `base` (the file holding them). */
export function kustomizationFields(kustomization: Record<string, unknown> | undefined, base: string): Kustomization {
  const list = (value: unknown) => (Array.isArray(value) ? value : []);
  const remote = (path: string) => /^[a-z][a-z0-9+.-]*:\/\/|^github\.com\//i.test(path);
  const uris = (paths: unknown[]) => paths
    // An inline patch is YAML: it holds a line break. A remote resource is no file of the workspace.
    .filter((path): path is string => typeof path === 'string' && path !== '' && !path.includes('\n') && !remote(path))
    .flatMap((path) => {
      try {
        return [new URL(path, base).href.replace(/\/$/, '')];
      } catch {
        return [];
      }
    });
  return {
    patches: uris([...list(kustomization?.patchesStrategicMerge), ...list(kustomization?.patches).map((patch) => asRecord(patch)?.path)]),
    resources: uris([...list(kustomization?.resources), ...list(kustomization?.bases), ...list(kustomization?.components)]),
    components: uris(list(kustomization?.components)),
    transforms: transformFields.filter((field) => presentField(kustomization?.[field])),
    configObjectsChanged: [
      ...[['ConfigMap', 'configMapGenerator'], ['Secret', 'secretGenerator']].flatMap(([kind, field]) => list(kustomization?.[field])
        .flatMap((generator) => (typeof asRecord(generator)?.name === 'string' ? [`${kind}/${asRecord(generator)!.name as string}`] : []))),
      ...[...list(kustomization?.patches), ...list(kustomization?.patchesJson6902), ...list(kustomization?.patchesStrategicMerge)].flatMap(patchedConfigObjects),
    ],
    generatedKeys: (['ConfigMap', 'Secret'] as const).flatMap((kind) => list(kustomization?.[kind === 'ConfigMap' ? 'configMapGenerator' : 'secretGenerator']).flatMap((raw) => {
      const generator = asRecord(raw);
      if (typeof generator?.name !== 'string') return [];
      const name = generator.name;
      return list(generator.files).flatMap((entry): GeneratedKey[] => {
        if (typeof entry !== 'string') return [];
        const equals = entry.indexOf('=');
        const path = equals === -1 ? entry : entry.slice(equals + 1);
        const key = equals === -1 ? path.slice(path.lastIndexOf('/') + 1) : entry.slice(0, equals);
        return uris([path]).map((uri) => ({ kind, name, key, uri }));
      });
    })),
    imagePatches: [...list(kustomization?.patches), ...list(kustomization?.patchesJson6902), ...list(kustomization?.patchesStrategicMerge)].flatMap(imagePatchTargets),
    patchTargets: [
      ...[...list(kustomization?.patches), ...list(kustomization?.patchesJson6902), ...list(kustomization?.patchesStrategicMerge)].flatMap(patchTargets),
      ...(['replacements', 'transformers'].some((field) => list(kustomization?.[field]).length > 0) ? [{}] : []),
    ],
    helmCharts: [...list(kustomization?.helmCharts).map((chart) => asRecord(chart)?.name), ...list(kustomization?.helmChartInflationGenerator).map((chart) => asRecord(chart)?.chartName)]
      .filter((name): name is string => typeof name === 'string' && name !== ''),
    remoteResources: [...list(kustomization?.resources), ...list(kustomization?.bases)].filter((path): path is string => typeof path === 'string' && remote(path)),
    images: list(kustomization?.images).flatMap((image): ImageSetting[] => {
      const { name, newTag, digest } = asRecord(image) ?? {};
      // newName alone keeps the tag.
      if (typeof name !== 'string' || name === '' || (typeof newTag !== 'string' && typeof digest !== 'string')) return [];
      return [{ name, ...(typeof newTag === 'string' && { newTag }), ...(typeof digest === 'string' && { digest }) }];
    }),
  };
}

/** The ConfigMaps and Secrets a patch entry applies to (see readPatch), as `ConfigMap/name`. */
function patchedConfigObjects(entry: unknown): string[] {
  return readPatch(entry).targets.flatMap(({ kind, name }) => ((kind === 'ConfigMap' || kind === 'Secret') && name !== undefined ? [`${kind}/${name}`] : []));
}

/** A patch entry as kustomize reads it: its inline text, if any, and the objects it applies to. */
function readPatch(entry: unknown): { text?: string; targets: PatchTarget[] } {
  const record = asRecord(entry);
  // A `patch` is inline (JSON 6902 may be JSON on one line); a patchesStrategicMerge entry is inline YAML with a line break.
  const text = typeof record?.patch === 'string' ? record.patch : typeof entry === 'string' && entry.includes('\n') ? entry : undefined;
  const target = asRecord(record?.target);
  const named = (value: unknown) => (typeof value === 'string' && value !== '' ? value : undefined);
  // With a target: the objects it selects, whether the operations are inline or in a file (read nowhere here).
  if (target) return { text, targets: [{ kind: named(target.kind), name: named(target.name) }] };
  // Without one, an inline strategic-merge patch applies to the objects it is; a strategic-merge patch file is an
  // object of the index, read as the object it patches.
  return { text, targets: text === undefined ? [] : inlineObjects(text).map((object) => ({ kind: named(object.kind), name: named(asRecord(object.metadata)?.name) })) };
}

/** The objects a patch entry applies to (see readPatch). */
const patchTargets = (entry: unknown): PatchTarget[] => readPatch(entry).targets;

/** The objects a patch entry may set an image of: those it applies to where its inline text names an image, or where it has none. */
function imagePatchTargets(entry: unknown): PatchTarget[] {
  const { text, targets } = readPatch(entry);
  return text === undefined || /\bimage\b/.test(text) ? targets : [];
}

/** Whether a patch target selects an object of this kind and name; a name that is no regular expression, as written. */
export function patchReaches(target: PatchTarget, kind: string | undefined, name: string | undefined): boolean {
  if (target.kind !== undefined && target.kind !== kind) return false;
  if (target.name === undefined) return true;
  try {
    return new RegExp(`^(?:${target.name})$`).test(name ?? '');
  } catch {
    return target.name === name;
  }
}

function inlineObjects(text: string): Record<string, unknown>[] {
  try {
    return parseAllDocuments(text).flatMap((document) => {
      const object = asRecord(document.toJS());
      return object ? [object] : [];
    });
  } catch {
    return [];
  }
}

export const kustomizationsDiffer = (before: Kustomization | undefined, after: Kustomization | undefined) => JSON.stringify(before) !== JSON.stringify(after);

/**
 * Each kustomization with what it builds and what it changes there: a kustomization builds the files its resources
 * name, and those a folder's kustomization among them builds, and so on; a component changes what the kustomization
 * including it builds as its own fields would.
 */
function eachBuild(kustomizations: ReadonlyMap<string, Kustomization>): { uri: string; files: string[]; changes: Pick<Kustomization, 'transforms' | 'images' | 'imagePatches' | 'patchTargets' | 'patches'> }[] {
  const folderKustomization = new Map<string, string>();
  // A GitOps controller's object applying folders is no folder's kustomization.
  for (const uri of kustomizations.keys()) if (!isApplierKey(uri)) folderKustomization.set(uri.slice(0, uri.lastIndexOf('/')), uri);
  const built = (uri: string, seen: Set<string>): string[] => {
    if (seen.has(uri)) return [];
    seen.add(uri);
    return kustomizations.get(uri)!.resources.flatMap((resource) => {
      const nested = folderKustomization.get(resource);
      return nested ? built(nested, seen) : [resource];
    });
  };
  return [...kustomizations].map(([uri, kustomization]) => {
    const components = kustomization.components.flatMap((folder) => kustomizations.get(folderKustomization.get(folder) ?? '') ?? []);
    const changes = {
      transforms: [kustomization, ...components].flatMap((k) => k.transforms),
      images: [kustomization, ...components].flatMap((k) => k.images),
      imagePatches: [kustomization, ...components].flatMap((k) => k.imagePatches),
      patchTargets: [kustomization, ...components].flatMap((k) => k.patchTargets),
      patches: [kustomization, ...components].flatMap((k) => k.patches),
    };
    return { uri, changes, get files() { return built(uri, new Set()); } };
  });
}

/**
 * The files whose objects a kustomization builds changing their namespace, labels or names, each with that
 * kustomization: as written, they are not what is applied.
 */
export function transformedFiles(kustomizations: ReadonlyMap<string, Kustomization>): Map<string, string> {
  const transformed = new Map<string, string>();
  for (const build of eachBuild(kustomizations)) {
    if (build.changes.transforms.length === 0) continue;
    for (const file of build.files) if (!transformed.has(file)) transformed.set(file, build.uri);
  }
  return transformed;
}

/** The files the kustomizations `builders` (URIs of `kustomizations`) build, nested kustomizations' included. */
export function filesBuiltBy(kustomizations: ReadonlyMap<string, Kustomization>, builders: ReadonlySet<string>): Set<string> {
  return new Set(eachBuild(kustomizations).filter((build) => builders.has(build.uri)).flatMap((build) => build.files));
}

/** The files a kustomization building them may rename: with namePrefix or nameSuffix, or a transform that may change anything. */
export function renamedFiles(kustomizations: ReadonlyMap<string, Kustomization>): Set<string> {
  const renamed = new Set<string>();
  for (const build of eachBuild(kustomizations)) {
    if (!build.changes.transforms.some((transform) => transform === 'namePrefix' || transform === 'nameSuffix' || patchingTransforms.includes(transform))) continue;
    for (const file of build.files) renamed.add(file);
  }
  return renamed;
}

/**
 * The objects kustomizations building each file patch: their inline and JSON 6902 patches' targets, and the objects of
 * their strategic-merge patch files (`objectsIn`).
 */
export function patchedObjects(kustomizations: ReadonlyMap<string, Kustomization>, objectsIn: (uri: string) => PatchTarget[]): Map<string, PatchTarget[]> {
  const builds = eachBuild(kustomizations);
  // A patch names an object as the kustomizations below renamed it (namePrefix, nameSuffix): there, by its kind alone.
  const renamed = new Set(builds.filter((build) => build.changes.transforms.some((transform) => transform === 'namePrefix' || transform === 'nameSuffix')).flatMap((build) => build.files));
  const patched = new Map<string, PatchTarget[]>();
  for (const build of builds) {
    const targets = [...build.changes.patchTargets, ...build.changes.patches.flatMap(objectsIn)];
    if (targets.length === 0) continue;
    for (const file of build.files) patched.set(file, [...patched.get(file) ?? [], ...(renamed.has(file) ? targets.map(({ kind }) => ({ kind })) : targets)]);
  }
  return patched;
}

/**
 * What kustomizations building a file set its images to: each setting with the kustomization making it, and whether
 * that build patches the objects too (their arguments, say, may then not be those written). A setting with a `target`
 * (and no name) is a patch that may set the image of the objects it reaches, to what promagent does not read.
 */
export type ImagesSet = readonly (ImageSetting & { by: string; patched: boolean; target?: PatchTarget })[];

/** The kustomization whose patch may set the image of this object (see ImagesSet), if one does. */
export function imagePatcher(images: ImagesSet | undefined, kind: string | undefined, name: string | undefined): string | undefined {
  return images?.find((setting) => setting.target && patchReaches(setting.target, kind, name))?.by;
}

/** The transforms of a kustomization that may change any field of the objects it builds. */
const patchingTransforms = ['patches', 'patchesStrategicMerge', 'patchesJson6902', 'replacements', 'transformers'];

/**
 * The files whose images kustomizations set (see Kustomization.images), with every setting that reaches each: what
 * runs there is not the release the file's tag names.
 */
export function imagesSet(kustomizations: ReadonlyMap<string, Kustomization>): Map<string, ImagesSet> {
  const set = new Map<string, ImagesSet[number][]>();
  for (const build of eachBuild(kustomizations)) {
    if (build.changes.images.length === 0 && build.changes.imagePatches.length === 0) continue;
    const patched = build.changes.transforms.some((transform) => patchingTransforms.includes(transform));
    for (const file of build.files) {
      const settings = set.get(file) ?? [];
      for (const image of build.changes.images) settings.push({ ...image, by: build.uri, patched });
      for (const target of build.changes.imagePatches) settings.push({ name: '', by: build.uri, patched, target });
      set.set(file, settings);
    }
  }
  return set;
}

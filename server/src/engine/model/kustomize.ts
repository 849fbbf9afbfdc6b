import type { SourceFile } from '../sourceFile';
import { asRecord } from '../util/record';

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
}

export const kustomizationFile = /^(kustomization\.ya?ml|Kustomization)$/;

const transformFields = [
  'namespace', 'commonLabels', 'labels', 'namePrefix', 'nameSuffix', 'patches', 'patchesStrategicMerge', 'patchesJson6902', 'replacements', 'transformers',
];

/** A kustomization file as promagent reads it: its paths resolved against its folder. */
export function readKustomization(file: SourceFile): Kustomization {
  const kustomization = asRecord(file.documents[0]?.yaml.value);
  const list = (value: unknown) => (Array.isArray(value) ? value : []);
  const uris = (paths: unknown[]) => paths
    // An inline patch is YAML: it holds a line break. A remote resource is no file of the workspace.
    .filter((path): path is string => typeof path === 'string' && path !== '' && !path.includes('\n') && !/^[a-z][a-z0-9+.-]*:\/\/|^github\.com\//i.test(path))
    .flatMap((path) => {
      try {
        return [new URL(path, file.uri).href.replace(/\/$/, '')];
      } catch {
        return [];
      }
    });
  return {
    patches: uris([...list(kustomization?.patchesStrategicMerge), ...list(kustomization?.patches).map((patch) => asRecord(patch)?.path)]),
    resources: uris([...list(kustomization?.resources), ...list(kustomization?.bases), ...list(kustomization?.components)]),
    components: uris(list(kustomization?.components)),
    transforms: transformFields.filter((field) => {
      const value = kustomization?.[field];
      return Array.isArray(value) ? value.length > 0 : typeof value === 'object' && value !== null ? Object.keys(value).length > 0 : typeof value === 'string' && value !== '';
    }),
  };
}

export const kustomizationsDiffer = (before: Kustomization | undefined, after: Kustomization | undefined) => JSON.stringify(before) !== JSON.stringify(after);

/**
 * The files whose objects a kustomization builds changing their namespace, labels or names, each with that
 * kustomization: as written, they are not what is applied. A kustomization builds the files its resources name, and
 * those a folder's kustomization among them builds, and so on.
 */
export function transformedFiles(kustomizations: ReadonlyMap<string, Kustomization>): Map<string, string> {
  const folderKustomization = new Map<string, string>();
  for (const uri of kustomizations.keys()) folderKustomization.set(uri.slice(0, uri.lastIndexOf('/')), uri);
  const built = (uri: string, seen: Set<string>): string[] => {
    if (seen.has(uri)) return [];
    seen.add(uri);
    return kustomizations.get(uri)!.resources.flatMap((resource) => {
      const nested = folderKustomization.get(resource);
      return nested ? built(nested, seen) : [resource];
    });
  };
  // A component changes what the kustomization including it builds as its own fields would.
  const changes = (kustomization: Kustomization) => kustomization.transforms.length > 0
    || kustomization.components.some((folder) => (kustomizations.get(folderKustomization.get(folder) ?? '')?.transforms.length ?? 0) > 0);
  const transformed = new Map<string, string>();
  for (const [uri, kustomization] of kustomizations) {
    if (!changes(kustomization)) continue;
    for (const file of built(uri, new Set())) if (!transformed.has(file)) transformed.set(file, uri);
  }
  return transformed;
}

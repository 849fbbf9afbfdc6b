import type { ClassifiedDocument } from '../classify';
import { asRecord } from '../util/record';

/**
 * An object of a GitOps controller that applies a folder of the repository to a cluster, changing what it applies on
 * the way: a Flux Kustomization (kustomize-controller builds the folder, then sets a namespace, labels, name affixes,
 * patches and images, and substitutes `${VAR}`), an Argo CD Application or ApplicationSet source (kustomize settings
 * of its own; a plugin, which may change anything; a directory source applying only the files it includes).
 */
export interface FolderApplier {
  /** The file holding it. */
  uri: string;
  /** `Kustomization flux-system/apps`. */
  title: string;
  /**
   * The folder it applies, relative to the root of the repository it reads (`apps/prod`); undefined where promagent
   * cannot tell (a generator's template, the root itself): any folder of the workspace.
   */
  path?: string;
  /** What it changes, written as a kustomization's fields (namespace, labels, namePrefix, patches, images…). */
  changes: Record<string, unknown>;
  /** Whether it substitutes `${VAR}` in what it applies (Flux's postBuild). */
  substitutes: boolean;
  /** Whether it applies only some files of its folder (Argo CD's directory include and exclude). */
  picksFiles: boolean;
}

const list = (value: unknown) => (Array.isArray(value) ? value : []);
const present = (value: unknown) => (Array.isArray(value) ? value.length > 0 : asRecord(value) ? Object.keys(value as object).length > 0 : typeof value === 'string' && value !== '');

/** A folder as written in a controller's spec, relative to the repository's root; undefined for the root or a template. */
function folderPath(path: unknown): string | undefined {
  if (typeof path !== 'string' || path.includes('{{') || path.includes('$')) return undefined;
  const trimmed = path.replace(/^(\.\/|\/)+/, '').replace(/\/+$/, '');
  return trimmed === '' || trimmed === '.' ? undefined : trimmed;
}

/** An Argo CD kustomize image (`name:tag`, `name=newName:tag`, `name@digest`) as a kustomization's images entry. */
function argoImage(image: unknown): Record<string, string> | undefined {
  if (typeof image !== 'string') return undefined;
  const equals = image.indexOf('=');
  const name = equals === -1 ? undefined : image.slice(0, equals);
  const reference = equals === -1 ? image : image.slice(equals + 1);
  const at = reference.indexOf('@');
  const withoutDigest = at === -1 ? reference : reference.slice(0, at);
  const colon = withoutDigest.lastIndexOf(':');
  const repository = colon > withoutDigest.lastIndexOf('/') ? withoutDigest.slice(0, colon) : withoutDigest;
  const tag = colon > withoutDigest.lastIndexOf('/') ? withoutDigest.slice(colon + 1) : undefined;
  return { name: name ?? repository, ...(tag !== undefined && { newTag: tag }), ...(at !== -1 && { digest: reference.slice(at + 1) }) };
}

/** The folders an Argo CD Application spec's sources apply, each with what it changes. */
function argoSources(uri: string, title: string, spec: Record<string, unknown> | undefined): FolderApplier[] {
  return [spec?.source, ...list(spec?.sources)].flatMap((raw) => {
    const source = asRecord(raw);
    // A chart of a Helm repository is no folder here; a chart's folder holds templates, which are not read.
    if (!source || source.chart !== undefined || source.helm !== undefined) return [];
    const kustomize = asRecord(source.kustomize);
    const directory = asRecord(source.directory);
    const changes: Record<string, unknown> = {
      namespace: kustomize?.namespace, commonLabels: kustomize?.commonLabels, namePrefix: kustomize?.namePrefix, nameSuffix: kustomize?.nameSuffix,
      patches: kustomize?.patches, images: list(kustomize?.images).map(argoImage).filter((image) => image !== undefined),
      // A plugin renders the folder as it likes: any object may change.
      transformers: source.plugin === undefined ? undefined : [source.plugin],
    };
    return [{ uri, title, path: folderPath(source.path), changes, substitutes: false, picksFiles: present(directory?.include) || present(directory?.exclude) }];
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
    const labels = asRecord(asRecord(spec?.commonMetadata)?.labels);
    const postBuild = asRecord(spec?.postBuild);
    return [{
      uri, title, path: folderPath(spec?.path),
      changes: {
        namespace: spec?.targetNamespace, labels: labels ? [{ pairs: labels }] : undefined, namePrefix: spec?.namePrefix, nameSuffix: spec?.nameSuffix,
        patches: spec?.patches, patchesStrategicMerge: spec?.patchesStrategicMerge, patchesJson6902: spec?.patchesJson6902, images: spec?.images,
      },
      substitutes: present(postBuild?.substitute) || present(postBuild?.substituteFrom),
      picksFiles: false,
    }];
  }
  if (group === 'argoproj.io' && document.kind === 'Application') return argoSources(uri, title, spec);
  if (group === 'argoproj.io' && document.kind === 'ApplicationSet') return argoSources(uri, title, asRecord(asRecord(spec?.template)?.spec));
  return [];
}

/**
 * The files of the workspace an applier applies: those below a folder whose path ends in its path (the repository's
 * root may be anywhere above the workspace's files), or every file where its path is not known. A folder holding a
 * kustomization is applied as kustomize builds it (`kustomizedFolders`: without their trailing slash): it is listed.
 */
export function appliedResources(applier: FolderApplier, files: Iterable<string>, kustomizedFolders: ReadonlySet<string>): string[] {
  const resources = new Set<string>();
  const marker = applier.path === undefined ? undefined : `/${applier.path.split('/').map(encodeURIComponent).join('/')}/`;
  for (const uri of files) {
    if (marker === undefined) {
      resources.add(uri);
      continue;
    }
    const at = uri.indexOf(marker);
    if (at === -1) continue;
    resources.add(uri);
    const folder = uri.slice(0, at + marker.length - 1);
    if (kustomizedFolders.has(folder)) resources.add(folder);
  }
  return [...resources];
}

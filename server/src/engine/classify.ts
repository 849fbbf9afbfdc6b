import { isMap, isScalar, isSeq, type YAMLMap } from 'yaml';
import { configFileName, configKeys, configTopLevelKeys, globalConfigKeys, helmValuesFileName, otherToolJobKeys, otherToolKeys } from '../../../shared/configFiles';
import type { ReadAs } from './types';
import { didYouMean } from './util/didYouMean';
import { findPair, keyText, listItemDocuments, nodeAt, type Path, type Span, type YamlDocument } from './yaml/documents';
import { maxNesting } from './yaml/nesting';
import { sectionKeys, sectionSpec } from './rules/promconfig/model';
import type { LineIndex } from './yaml/lineIndex';
import type { ScalarMap } from './yaml/scalarMap';
import type { TextSnapshot } from './sourceFile';
import { own } from './util/own';
import { decodedUri } from './util/uriText';

/** The monitoring.coreos.com kinds promagent has schemas for, with the API versions the CRDs serve. */
export const monitoringKinds = {
  PrometheusAgent: ['v1alpha1'],
  Prometheus: ['v1'],
  ServiceMonitor: ['v1'],
  PodMonitor: ['v1'],
  Probe: ['v1'],
  ScrapeConfig: ['v1alpha1'],
} as const satisfies Record<string, readonly string[]>;
export type MonitoringKind = keyof typeof monitoringKinds;
export const monitoringGroup = 'monitoring.coreos.com';
/** Kinds of the same group that promagent does not check: they are left alone, as unrelated YAML is. */
const uncheckedMonitoringKinds = ['PrometheusRule', 'Alertmanager', 'AlertmanagerConfig', 'ThanosRuler'];

/** Kinds that own a pod template, and where the template sits in each. */
export const podTemplatePaths: Record<string, Path> = {
  Deployment: ['spec', 'template'],
  StatefulSet: ['spec', 'template'],
  DaemonSet: ['spec', 'template'],
  ReplicaSet: ['spec', 'template'],
  ReplicationController: ['spec', 'template'],
  Job: ['spec', 'template'],
  CronJob: ['spec', 'jobTemplate', 'spec', 'template'],
  // Argo Rollouts' Deployment in its own kind (one naming a Deployment's template instead, workloadRef, has none).
  Rollout: ['spec', 'template'],
};
const workloadGroups: Record<string, readonly string[]> = {
  Deployment: ['apps', 'extensions'],
  StatefulSet: ['apps'],
  DaemonSet: ['apps', 'extensions'],
  ReplicaSet: ['apps', 'extensions'],
  // The core group: apiVersion v1.
  ReplicationController: [''],
  Job: ['batch'],
  CronJob: ['batch'],
  Rollout: ['argoproj.io'],
};

/**
 * Prometheus configurations held in Kubernetes objects: a ConfigMap `data` or Secret `stringData` value whose key ends
 * in .yml/.yaml, a Secret `data` value (base64) likewise, and the Secret key a PrometheusAgent's
 * `additionalScrapeConfigs` names (a list of scrape configs). Each becomes a document of its own, checked in its own
 * text, whose findings are mapped back to the file.
 */
export interface Embedding {
  /** The value: the text the document's nodes, and every span its rules report, refer to. */
  text: string;
  lines: LineIndex;
  /** A whole configuration, or the scrape-config list additionalScrapeConfigs points at. */
  content: 'config' | 'scrape-configs';
  /** The ConfigMap or Secret and the key holding the value. */
  holder: { kind: 'ConfigMap' | 'Secret'; name?: string; namespace?: string; key: string };
  /** The span of the key holding the value. */
  keySpan: Span;
  /**
   * Maps an offset of `text` to the holder's source. Absent when findings go on the key instead, quoting the line: for
   * base64 data, and for a scalar whose characters could not be traced back.
   */
  toFileOffset?: (offset: number) => number;
  /** True for Secret `data`: the value is base64 in the file. */
  base64: boolean;
  /** Held by a Secret: findings never quote what it holds (they would put a password in CI logs and code scanning). */
  secret: boolean;
  /** A literal block scalar (`|`): each line of `text` is a line of the file, only indented. */
  literal: boolean;
  /** Writes an edit of `text` back into the file; absent where the value's style cannot take edits. */
  edit?: ScalarMap['edit'];
}

export type DocumentRole =
  | 'monitoring' // a monitoring.coreos.com object (the kind may be misspelt: the CRD rules say so)
  | 'pod'
  | 'workload'
  | 'config-map'
  | 'secret'
  | 'prometheus-config'
  /** Read as Kubernetes by request (`--as kubernetes`) but missing apiVersion or kind. */
  | 'untyped-manifest'
  | 'unrelated';

/**
 * The piece of a file a document was parsed from. Node ranges and rule spans count from the piece's start;
 * `offset` places the piece in the file, and moves when text before it is edited (the piece need not be re-parsed).
 */
export interface DocumentSource {
  text: string;
  lines: LineIndex;
  offset: number;
  /** The file line `offset` is on; pieces start at the start of a line. */
  line: number;
}

export interface ClassifiedDocument {
  yaml: YamlDocument;
  source: DocumentSource;
  role: DocumentRole;
  apiVersion?: string;
  kind?: string;
  name?: string;
  /** As written; Kubernetes puts objects without one in `default`. */
  namespace?: string;
  /** A configuration held in a ConfigMap or Secret value: `yaml` is the value's own document. */
  embedding?: Embedding;
  /**
   * An item of a List of objects (see listItemsOf): `yaml` is the item alone; the List's text and problems are the
   * List's.
   */
  listItem?: boolean;
}

export interface FileHints {
  uri: string;
  text: TextSnapshot;
  readAs?: ReadAs;
}

/**
 * `# promagent: prometheus-config`, `# promagent: agent` or `# promagent: server`, optionally with the Prometheus
 * version (`# promagent: agent v3.5.0`), on one of the comment lines a file or an embedded configuration opens with.
 */
const modelinePattern = /^#\s*promagent:\s*(prometheus-config|agent|server)(?:\s+(v?\d+\.\d+(?:\.\d+)?\S*))?\s*$/;

export interface Modeline {
  mode?: 'agent' | 'server';
  version?: string;
  /** The line's offset in the text: where a finding about what it says goes. */
  offset: number;
}

/** The modeline among the leading comment lines of `text`, if any. */
export function modelineOf(text: TextSnapshot): Modeline | undefined {
  let offset = text.slice(0, 1) === '\ufeff' ? 1 : 0;
  while (offset < text.length) {
    const end = lineEndOf(text, offset);
    const line = text.slice(offset, end).trim();
    if (line !== '' && !line.startsWith('#')) return undefined;
    const match = modelinePattern.exec(line);
    if (match) {
      const mode = match[1] === 'prometheus-config' ? undefined : (match[1] as 'agent' | 'server');
      const version = match[2] && (match[2].startsWith('v') ? match[2] : `v${match[2]}`);
      return { mode, version, offset };
    }
    offset = end + 1;
  }
  return undefined;
}

/** Where the line at `offset` ends, found a widening window at a time: an editor's text in parts is not joined for it. */
function lineEndOf(text: TextSnapshot, offset: number): number {
  for (let window = 256; ; window *= 4) {
    const found = text.slice(offset, offset + window).indexOf('\n');
    if (found !== -1) return offset + found;
    if (offset + window >= text.length) return text.length;
  }
}


/**
 * What the file as a whole says about how to read its documents (its name, a modeline, `--as`). `configByName`: a
 * name that says "configuration"; `valuesFile`: a Helm values file, which is no configuration whatever it holds.
 */
export interface FileReading {
  readAs?: ReadAs;
  configByFile: boolean;
  configByName: boolean;
  valuesFile?: boolean;
}

export function readingOf(hints: FileHints): FileReading {
  const name = decodedUri(hints.uri);
  const valuesFile = helmValuesFileName.test(name);
  return {
    readAs: hints.readAs,
    configByFile: hints.readAs === 'prometheus-config' || modelineOf(hints.text) !== undefined,
    configByName: configFileName.test(name) && !valuesFile,
    ...(valuesFile && { valuesFile }),
  };
}

export function classifyDocuments(documents: readonly YamlDocument[], reading: FileReading, source: DocumentSource): ClassifiedDocument[] {
  return documents.map((yaml) => classifiedDocument(source, classify(yaml, reading)));
}

/**
 * Every document gets the same fields in the same order, set or not: rules read them for every document, and one
 * object shape keeps those reads fast.
 */
export function classifiedDocument(source: DocumentSource, found: Omit<ClassifiedDocument, 'source'>): ClassifiedDocument {
  const { yaml, role, apiVersion, kind, name, namespace, embedding, listItem } = found;
  return { yaml, source, role, apiVersion, kind, name, namespace, embedding, listItem };
}

/** A List of objects (`kind: List`, or a kind named `…List`, with items): kubectl applies each item as an object. */
export const isObjectList = (document: ClassifiedDocument) => !document.embedding && document.role !== 'prometheus-config'
  && document.apiVersion !== undefined && document.kind?.endsWith('List') === true && itemCount(document.yaml) > 0;

/** How many items a List's `items` holds, read from its nodes (the List may not build). */
function itemCount(list: YamlDocument): number {
  const items = nodeAt(list.ast.contents, ['items']);
  return isSeq(items) ? items.items.length : 0;
}

/** Whether a List's item names its apiVersion and kind, as kubectl needs (read from nodes: the List may not build). */
const isTypedItem = (item: YamlDocument) => ['apiVersion', 'kind'].every((key) => {
  const node = nodeAt(item.ast.contents, [key]);
  return isScalar(node) && typeof node.value === 'string';
});

interface TypeMeta {
  apiVersion: string;
  kind: string;
}

/**
 * What a typed List (`ServiceMonitorList`) gives its items that name neither apiVersion nor kind: its own apiVersion,
 * and its kind without `List` (apimachinery's decodeToList). A `kind: List` gives none: kubectl cannot apply such an
 * item.
 */
function itemTypeOf(list: ClassifiedDocument): TypeMeta | undefined {
  return list.kind === 'List' || !list.apiVersion || !list.kind ? undefined : { apiVersion: list.apiVersion, kind: list.kind.slice(0, -'List'.length) };
}

const namesNoType = (item: YamlDocument) => ['apiVersion', 'kind'].every((key) => nodeAt(item.ast.contents, [key]) === undefined);

/** Whether kubectl applies the item as an object: it names its type, or its typed List gives it one. */
const isReadItem = (item: YamlDocument, itemType: TypeMeta | undefined) => isTypedItem(item) || (itemType !== undefined && namesNoType(item));

/**
 * The items of the Lists of objects among `documents` that kubectl applies as objects (see isReadItem), each classified
 * as a document of its own, after the List: kubectl applies them as it applies the documents of a file. An item that
 * is a List itself is flattened as kubectl flattens it (FlattenListVisitor): its items follow it.
 */
export function listItemsOf(documents: readonly ClassifiedDocument[], depth = 0): ClassifiedDocument[] {
  // Nested as deep as a file can nest them safely; each level is one item deeper in the text.
  if (depth > maxNesting) return [];
  return documents.filter(isObjectList).flatMap((list) => {
    const itemType = itemTypeOf(list);
    const items = listItemDocuments(list.yaml).flatMap((yaml) => (
      isReadItem(yaml, itemType) ? [classifiedDocument(list.source, { ...classify(yaml, kubernetesReading, itemType), listItem: true })] : []
    ));
    return [...items, ...listItemsOf(items, depth + 1)];
  });
}

/** An item of a List is a Kubernetes object, whatever the file's name says. */
const kubernetesReading: FileReading = { configByFile: false, configByName: false };

/**
 * Whether a List of objects holds an item kubectl does not apply as an object (see isReadItem), which promagent does
 * not read.
 */
export function holdsUntypedItems(document: ClassifiedDocument): boolean {
  if (!isObjectList(document)) return false;
  const items = listItemDocuments(document.yaml);
  const itemType = itemTypeOf(document);
  return items.length !== itemCount(document.yaml) || items.some((item) => !isReadItem(item, itemType));
}

/**
 * `inherited`: the apiVersion and kind of an item of a typed List that names neither, as apimachinery gives it them
 * (decodeToList).
 */
function classify(yaml: YamlDocument, { readAs, configByFile, configByName, valuesFile }: FileReading, inherited?: TypeMeta): Omit<ClassifiedDocument, 'source'> {
  const root = yaml.ast.contents;
  if (configByFile) return { yaml, role: 'prometheus-config' };
  if (!isMap(root)) return { yaml, role: readAs === 'kubernetes' && root ? 'untyped-manifest' : 'unrelated' };
  const scalar = (key: string): string | undefined => {
    const pair = findPair(root.items, key);
    return pair && isScalar(pair.value) && pair.value.value !== null ? String(pair.value.value) : undefined;
  };
  const apiVersion = scalar('apiVersion') ?? inherited?.apiVersion;
  const kind = scalar('kind') ?? inherited?.kind;
  if (apiVersion === undefined || kind === undefined) {
    if (readAs === 'kubernetes') return { yaml, role: 'untyped-manifest', apiVersion, kind };
    if (!valuesFile && ((configByName && holdsConfigKey(root) && !holdsOtherToolKey(root, true)) || looksLikeConfig(yaml, true))) return { yaml, role: 'prometheus-config' };
    return { yaml, role: 'unrelated' };
  }
  const metadata = findPair(root.items, 'metadata')?.value;
  const metaScalar = (key: string): string | undefined => {
    if (!isMap(metadata)) return undefined;
    const pair = findPair(metadata.items, key);
    return pair && isScalar(pair.value) && pair.value.value !== null ? String(pair.value.value) : undefined;
  };
  // An empty namespace is none: kubectl and the API server fill it in (`-n`, the context), as for one left out.
  const base = { yaml, apiVersion, kind, name: metaScalar('name'), namespace: metaScalar('namespace') || undefined };
  const group = apiVersion.includes('/') ? apiVersion.slice(0, apiVersion.indexOf('/')) : '';
  // A List of its kind (`ServiceMonitorList`, as the API serves them) is no object of its own: kubectl applies its
  // items.
  const list = kind.endsWith('List') && findPair(root.items, 'items') !== undefined;
  if (group === monitoringGroup) return { ...base, role: uncheckedMonitoringKinds.includes(kind) || list ? 'unrelated' : 'monitoring' };
  if (group === '' && apiVersion === 'v1') {
    if (kind === 'Pod') return { ...base, role: 'pod' };
    if (kind === 'ConfigMap') return { ...base, role: 'config-map' };
    if (kind === 'Secret') return { ...base, role: 'secret' };
  }
  if (own(workloadGroups, kind)?.includes(group)) return { ...base, role: 'workload' };
  return { ...base, role: 'unrelated' };
}

/**
 * A top-level key of a configuration, or a near miss of one that the unknown-key rule will offer to correct; a
 * `global` holding keys counts with one of Prometheus' global among them (Helm values have a `global` of their own).
 */
function holdsConfigKey(root: YAMLMap): boolean {
  return root.items.some((pair) => {
    const key = keyText(pair);
    if (key === 'global') {
      const names = Object.keys(sectionKeys(sectionSpec('global')));
      return !isMap(pair.value) || pair.value.items.length === 0
        || holdsGlobalKey(pair.value, (inner) => names.includes(inner) || (!/[A-Z]/.test(inner) && didYouMean(inner, names) !== undefined));
    }
    // A camelCase key is a Helm chart's value (`scrapeConfigFiles`), never a near miss of Prometheus' snake_case ones.
    return key !== undefined && (configTopLevelKeys.includes(key) || (!/[A-Z]/.test(key) && didYouMean(key, configTopLevelKeys) !== undefined));
  });
}

/** Whether a `global` mapping holds a key `isGlobalKey` takes. */
const holdsGlobalKey = (global: unknown, isGlobalKey: (key: string) => boolean) => isMap(global) && global.items.some((pair) => isGlobalKey(keyText(pair) ?? ''));

/**
 * Another program's keys: at the top, or (`jobsToo`) in a job of its `scrape_configs`. Held in a ConfigMap, a
 * configuration with such jobs is still one where Prometheus mounts it (see readByOtherPrograms); a file of its own is
 * the other program's.
 */
function holdsOtherToolKey(root: YAMLMap, jobsToo: boolean): boolean {
  return root.items.some((pair) => otherToolKeys.includes(keyText(pair) ?? '')) || (jobsToo && holdsOtherToolJob(root));
}

/** Whether a job of the configuration holds a key only other programs' scrape configurations have (vmagent's, Sysdig's). */
export function holdsOtherToolJob(root: unknown): boolean {
  const jobs = isMap(root) ? findPair(root.items, 'scrape_configs')?.value : undefined;
  return isSeq(jobs) && jobs.items.some((job) => isMap(job) && job.items.some((pair) => otherToolJobKeys.includes(keyText(pair) ?? '')));
}

/**
 * Read from the keys as written, without building the document's data: a merge key's keys do not count. `ownFile`: a
 * file of its own, not a value a ConfigMap or Secret holds (see holdsOtherToolKey).
 */
export function looksLikeConfig(yaml: YamlDocument, ownFile: boolean): boolean {
  const root = yaml.ast.contents;
  if (!isMap(root) || holdsOtherToolKey(root, ownFile)) return false;
  return root.items.some((pair) => configKeys.includes(keyText(pair) ?? '')) || holdsGlobalKey(findPair(root.items, 'global')?.value, (key) => globalConfigKeys.includes(key));
}

/** The API versions the CRDs serve, by kind (`monitoring.coreos.com/v1alpha1`, ...). */
const servedApiVersions = Object.fromEntries(
  Object.entries(monitoringKinds).map(([kind, versions]) => [kind, versions.map((version) => `${monitoringGroup}/${version}`)]),
) as Record<MonitoringKind, string[]>;

/** The monitoring kind whose schema applies to the document, when the kind and API version are ones the CRDs serve. */
export function servedKind({ kind, apiVersion }: ClassifiedDocument): MonitoringKind | undefined {
  return isMonitoringKind(kind) && apiVersion !== undefined && servedApiVersions[kind].includes(apiVersion) ? kind : undefined;
}

export function isMonitoringKind(kind: string | undefined): kind is MonitoringKind {
  return kind !== undefined && Object.hasOwn(monitoringKinds, kind);
}

import { isMap, isScalar, type YAMLMap } from 'yaml';
import type { Embedding } from './embedded';
import { configFileName, configKeys, configTopLevelKeys } from '../../../shared/configFiles';
import type { ReadAs } from './types';
import { didYouMean } from './util/didYouMean';
import { findPair, keyText, type Path, type YamlDocument } from './yaml/documents';
import type { LineIndex } from './yaml/lineIndex';
import { own } from './util/own';

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
  Job: ['spec', 'template'],
  CronJob: ['spec', 'jobTemplate', 'spec', 'template'],
};
const workloadGroups: Record<string, readonly string[]> = {
  Deployment: ['apps', 'extensions'],
  StatefulSet: ['apps'],
  DaemonSet: ['apps', 'extensions'],
  ReplicaSet: ['apps', 'extensions'],
  Job: ['batch'],
  CronJob: ['batch'],
};

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
}

export interface FileHints {
  uri: string;
  text: string;
  readAs?: ReadAs;
}

const modeline = /^#\s*promagent:\s*prometheus-config\s*$/;
const globalConfigKeys = ['scrape_interval', 'scrape_timeout', 'evaluation_interval', 'external_labels'];

/** What the file as a whole says about how to read its documents (its name, a modeline, `--as`). */
export interface FileReading {
  readAs?: ReadAs;
  configByFile: boolean;
  configByName: boolean;
}

export function readingOf(hints: FileHints): FileReading {
  const firstLine = hints.text.slice(0, hints.text.search(/\r?\n|$/));
  return {
    readAs: hints.readAs,
    configByFile: hints.readAs === 'prometheus-config' || modeline.test(firstLine),
    configByName: configFileName.test(decodeURIComponent(hints.uri)),
  };
}

export function classifyDocuments(documents: readonly YamlDocument[], reading: FileReading, source: DocumentSource): ClassifiedDocument[] {
  return documents.map((yaml) => classifiedDocument(source, classify(yaml, reading.readAs, reading.configByFile, reading.configByName)));
}

/**
 * Every document gets the same fields in the same order, set or not: rules read them for every document, and one
 * object shape keeps those reads fast.
 */
export function classifiedDocument(source: DocumentSource, found: Omit<ClassifiedDocument, 'source'>): ClassifiedDocument {
  const { yaml, role, apiVersion, kind, name, namespace, embedding } = found;
  return { yaml, source, role, apiVersion, kind, name, namespace, embedding };
}

function classify(yaml: YamlDocument, readAs: ReadAs | undefined, configByFile: boolean, configByName: boolean): Omit<ClassifiedDocument, 'source'> {
  const root = yaml.ast.contents;
  if (configByFile) return { yaml, role: 'prometheus-config' };
  if (!isMap(root)) return { yaml, role: readAs === 'kubernetes' && root ? 'untyped-manifest' : 'unrelated' };
  const scalar = (key: string): string | undefined => {
    const pair = findPair(root.items, key);
    return pair && isScalar(pair.value) && pair.value.value !== null ? String(pair.value.value) : undefined;
  };
  const apiVersion = scalar('apiVersion');
  const kind = scalar('kind');
  if (apiVersion === undefined || kind === undefined) {
    if (readAs === 'kubernetes') return { yaml, role: 'untyped-manifest', apiVersion, kind };
    if ((configByName && holdsConfigKey(root)) || looksLikeConfig(yaml)) return { yaml, role: 'prometheus-config' };
    return { yaml, role: 'unrelated' };
  }
  const metadata = findPair(root.items, 'metadata')?.value;
  const metaScalar = (key: string): string | undefined => {
    if (!isMap(metadata)) return undefined;
    const pair = findPair(metadata.items, key);
    return pair && isScalar(pair.value) && pair.value.value !== null ? String(pair.value.value) : undefined;
  };
  const base = { yaml, apiVersion, kind, name: metaScalar('name'), namespace: metaScalar('namespace') };
  const group = apiVersion.includes('/') ? apiVersion.slice(0, apiVersion.indexOf('/')) : '';
  if (group === monitoringGroup) return { ...base, role: uncheckedMonitoringKinds.includes(kind) ? 'unrelated' : 'monitoring' };
  if (group === '' && apiVersion === 'v1') {
    if (kind === 'Pod') return { ...base, role: 'pod' };
    if (kind === 'ConfigMap') return { ...base, role: 'config-map' };
    if (kind === 'Secret') return { ...base, role: 'secret' };
  }
  if (own(workloadGroups, kind)?.includes(group)) return { ...base, role: 'workload' };
  return { ...base, role: 'unrelated' };
}

/** A top-level key of a configuration, or a near miss of one that the unknown-key rule will offer to correct. */
function holdsConfigKey(root: YAMLMap): boolean {
  return root.items.some((pair) => {
    const key = keyText(pair);
    return key !== undefined && (configTopLevelKeys.includes(key) || didYouMean(key, configTopLevelKeys) !== undefined);
  });
}

/** Read from the keys as written, without building the document's data: a merge key's keys do not count. */
export function looksLikeConfig(yaml: YamlDocument): boolean {
  const root = yaml.ast.contents;
  if (!isMap(root)) return false;
  if (root.items.some((pair) => configKeys.includes(keyText(pair) ?? ''))) return true;
  const global = findPair(root.items, 'global')?.value;
  return isMap(global) && global.items.some((pair) => globalConfigKeys.includes(keyText(pair) ?? ''));
}

export function isMonitoringKind(kind: string | undefined): kind is MonitoringKind {
  return kind !== undefined && Object.hasOwn(monitoringKinds, kind);
}

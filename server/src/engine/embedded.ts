import { isMap, isPair, isScalar, isSeq, Scalar } from 'yaml';
import type { Node } from 'yaml';
import { classifiedDocument, looksLikeConfig, type ClassifiedDocument } from './classify';
import type { EditDraft, FixDraft, Report } from './rules/rule';
import type { CheckOptions } from './types';
import { findPair, keyText, parseDocuments, type Span, type YamlDocument } from './yaml/documents';
import { LineIndex } from './yaml/lineIndex';
import { tooDeepAt } from './yaml/nesting';
import { mapScalar, type ScalarMap } from './yaml/scalarMap';
import type { Workspace } from './workspace';
import { allAgents } from './workspaceIndex';

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
  holder: { name?: string; namespace?: string; key: string };
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

const yamlKey = /\.ya?ml$/i;

/**
 * The embedded configurations of ConfigMaps and Secrets parsed from one piece of a file, as documents to check. They
 * share their holder's source: their findings are mapped into the holder's text, then placed in the file with it.
 */
export function embeddedDocuments(documents: readonly ClassifiedDocument[]): ClassifiedDocument[] {
  const found: ClassifiedDocument[] = [];
  for (const document of documents) {
    const text = document.source.text;
    if (document.role !== 'config-map' && document.role !== 'secret') continue;
    const root = document.yaml.ast.contents;
    if (!isMap(root)) continue;
    const fields = document.role === 'config-map' ? ['data'] : ['stringData', 'data'];
    for (const field of fields) {
      const values = findPair(root.items, field)?.value;
      if (!isMap(values)) continue;
      for (const pair of values.items) {
        const key = isPair(pair) ? keyText(pair) : undefined;
        const value = pair.value as Node | null;
        if (key === undefined || !isScalar(value) || typeof value.value !== 'string' || !isScalar(pair.key) || !pair.key.range) continue;
        // Only a .yml/.yaml key holds a configuration, or a Secret's scrape-config list: other values are not parsed.
        if (!yamlKey.test(key) && document.role !== 'secret') continue;
        const base64 = field === 'data' && document.role === 'secret';
        const inner = base64 ? decodeBase64(value.value) : value.value;
        if (inner === undefined) continue;
        const lines = new LineIndex(inner);
        // A configuration nested too deep to parse safely is left alone.
        if (tooDeepAt(lines) !== undefined) continue;
        const yaml = parseDocuments(inner)[0];
        const content = yaml && contentOf(yaml, key, document.role === 'secret');
        if (!content) continue;
        // Traced back to the file only when a finding or a fix needs it: most configurations have none.
        let map: ScalarMap | undefined | null = base64 ? undefined : null;
        const scalarMap = () => (map === null ? (map = mapScalar(text, value)) : map);
        const embedding: Embedding = {
          text: inner,
          lines,
          content,
          holder: { name: document.name, namespace: document.namespace, key },
          keySpan: { start: pair.key.range[0], end: pair.key.range[1] },
          get toFileOffset() {
            const built = scalarMap();
            return built && ((offset: number) => built.offsets[Math.max(0, Math.min(offset, built.offsets.length - 1))]);
          },
          base64,
          secret: document.role === 'secret',
          literal: !base64 && value.type === Scalar.BLOCK_LITERAL,
          get edit() {
            return scalarMap()?.edit;
          },
        };
        found.push(classifiedDocument(document.source, { yaml, role: 'prometheus-config', embedding }));
      }
    }
  }
  return found;
}

function contentOf(yaml: YamlDocument, key: string, inSecret: boolean): Embedding['content'] | undefined {
  if (yamlKey.test(key) && looksLikeConfig(yaml)) return 'config';
  const root = yaml.ast.contents;
  // Any Secret key may hold additionalScrapeConfigs; whether an agent names it is decided when checking.
  const scrapeConfigs = isSeq(root) && root.items.length > 0 && root.items.every((item) => isMap(item) && findPair(item.items, 'job_name'));
  return inSecret && scrapeConfigs ? 'scrape-configs' : undefined;
}

/** Kubernetes' base64 (standard alphabet, padded, line breaks ignored) decoded as UTF-8; undefined when it is not. */
function decodeBase64(value: string): string | undefined {
  const compact = value.replace(/\s+/g, '');
  if (!/^[A-Za-z0-9+/]*={0,2}$/.test(compact) || compact.length % 4 !== 0) return undefined;
  try {
    const bytes = Uint8Array.from(atob(compact), (char) => char.charCodeAt(0));
    return new TextDecoder('utf-8', { fatal: true }).decode(bytes);
  } catch {
    return undefined;
  }
}

/**
 * The options an embedded document is checked with, or undefined when it is not checked: a scrape-config list only
 * counts when a PrometheusAgent's additionalScrapeConfigs names it, and is checked for that agent's spec.version.
 */
export function embeddedOptions(embedding: Embedding, workspace: Workspace, options: CheckOptions): CheckOptions | undefined {
  if (embedding.content === 'config') return options;
  const agent = referencingAgent(embedding, workspace);
  if (!agent) return undefined;
  return agent.version ? { ...options, prometheusVersion: agent.version } : options;
}

function referencingAgent(embedding: Embedding, workspace: Workspace): { version?: string } | undefined {
  const { name, namespace, key } = embedding.holder;
  // A namespace left out (kustomize sets it later) matches any.
  const agent = allAgents(workspace).find((entry) => {
    const reference = entry.spec.additionalScrapeConfigs as { name?: unknown; key?: unknown } | null | undefined;
    const agentNamespace = entry.document.namespace;
    return reference?.name === name && reference?.key === key && (agentNamespace ?? namespace) === (namespace ?? agentNamespace);
  });
  if (!agent) return undefined;
  return { version: typeof agent.spec.version === 'string' && agent.spec.version ? agent.spec.version : undefined };
}

/** A report about the embedded text, placed in the file. */
export function placeReport(embedding: Embedding, report: Report): Report {
  const toFile = embedding.toFileOffset;
  const message = embedding.secret ? withoutHeldValues(report.message, embedding.text) : report.message;
  if (!toFile) {
    const { line } = embedding.lines.position(report.span.start);
    const start = embedding.lines.lineStart(line);
    const quoted = embedding.secret ? '' : `: ${JSON.stringify(embedding.text.slice(start, embedding.lines.lineEnd(start)).trim())}`;
    return {
      span: embedding.keySpan,
      message: `${message} (${embedding.base64 ? 'decoded ' : ''}line ${line + 1} of ${embedding.holder.key}${quoted})`,
      severity: report.severity,
    };
  }
  return {
    ...report,
    message,
    span: { start: toFile(report.span.start), end: toFile(report.span.end) },
    fixes: (report.fixes ?? []).flatMap((fix) => placeFix(embedding, fix)),
  };
}

/**
 * A message with each quoted part that comes from the held text (a value, a line) masked: what a rule adds of its own
 * (a key it suggests, a type) stays.
 */
function withoutHeldValues(message: string, held: string): string {
  return message.replace(/"(?:[^"\\]|\\.)*"|`[^`]*`|'[^']*'/g, (quoted) => {
    let inner = quoted.slice(1, -1);
    if (quoted.startsWith('"')) {
      try {
        inner = JSON.parse(quoted) as string;
      } catch {
        // Go's quoting escapes a little differently; the raw text is close enough to look for.
      }
    }
    return inner !== '' && held.includes(inner) ? `${quoted[0]}***${quoted[0]}` : quoted;
  });
}

function placeFix(embedding: Embedding, fix: FixDraft): FixDraft[] {
  const edits = fix.edits.map((edit) => embedding.edit?.(edit.start, edit.end, edit.newText));
  return edits.every((edit): edit is EditDraft => edit !== undefined) ? [{ ...fix, edits }] : [];
}

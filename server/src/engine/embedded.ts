import { isMap, isPair, isScalar, isSeq, Scalar } from 'yaml';
import type { Node } from 'yaml';
import { classifiedDocument, looksLikeConfig, type ClassifiedDocument, type Embedding } from './classify';
import { findPair, keyText, type HeldTrees, type YamlDocument } from './yaml/documents';
import { LineIndex } from './yaml/lineIndex';
import { parsedSafely } from './yaml/nesting';
import { mapScalar, type ScalarMap } from './yaml/scalarMap';

const yamlKey = /\.ya?ml$/i;

/**
 * The embedded configurations of ConfigMaps and Secrets parsed from one piece of a file, as documents to check. They
 * share their holder's source: their findings are mapped into the holder's text, then placed in the file with it.
 */
export function embeddedDocuments(documents: readonly ClassifiedDocument[], held?: HeldTrees): ClassifiedDocument[] {
  const found: ClassifiedDocument[] = [];
  for (const document of documents) {
    const text = document.source.text;
    if (document.role !== 'config-map' && document.role !== 'secret') continue;
    const root = document.yaml.ast.contents;
    if (!isMap(root)) continue;
    const fields = document.role === 'config-map' ? ['data'] : ['stringData', 'data'];
    // The API server writes a Secret's stringData over its data: a key in both reaches the pods from stringData alone.
    const stringData = document.role === 'secret' ? findPair(root.items, 'stringData')?.value : undefined;
    const written = new Set(isMap(stringData) ? stringData.items.flatMap((pair) => (isPair(pair) ? [keyText(pair)] : [])) : []);
    for (const field of fields) {
      const values = findPair(root.items, field)?.value;
      if (!isMap(values)) continue;
      for (const pair of values.items) {
        const key = isPair(pair) ? keyText(pair) : undefined;
        const value = pair.value as Node | null;
        if (key === undefined || !isScalar(value) || typeof value.value !== 'string' || !isScalar(pair.key) || !pair.key.range) continue;
        if (field === 'data' && written.has(key)) continue;
        // Only a .yml/.yaml key holds a configuration, or a Secret's scrape-config list: other values are not parsed.
        if (!yamlKey.test(key) && document.role !== 'secret') continue;
        const base64 = field === 'data' && document.role === 'secret';
        const inner = base64 ? decodeBase64(value.value) : value.value;
        if (inner === undefined) continue;
        const lines = new LineIndex(inner);
        const parsed = parsedSafely(lines, undefined, held);
        // A configuration nested too deep to parse safely is left alone.
        if ('tooDeep' in parsed) continue;
        const yaml = parsed.documents[0];
        const content = yaml && contentOf(yaml, key, document.role === 'secret');
        if (!content) continue;
        // Traced back to the file only when a finding or a fix needs it: most configurations have none.
        let map: ScalarMap | undefined | null = base64 ? undefined : null;
        const scalarMap = () => (map === null ? (map = mapScalar(text, value)) : map);
        const embedding: Embedding = {
          text: inner,
          lines,
          content,
          holder: { kind: document.role === 'config-map' ? 'ConfigMap' : 'Secret', name: document.name, namespace: document.namespace, key },
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
  if (yamlKey.test(key) && looksLikeConfig(yaml, false)) return 'config';
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

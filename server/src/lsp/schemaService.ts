import type { LanguageService } from 'yaml-language-server';
import { TextDocument } from 'vscode-languageserver-textdocument';
import type { CompletionList, Hover, Position } from 'vscode-languageserver/node';
import { documentAt, editorSchemaText, embeddedConfigAt, isMonitoringKind, isolatedText, servedKind, type SourceFile } from '../engine';
import prometheusConfigSchema from '../../../schemas/prometheus-config.json';

/** The standalone prometheus.yml's schema goes by this name beside the CRD kinds. */
const prometheusConfig = 'prometheus-config';
const prometheusConfigSchemaText = JSON.stringify(prometheusConfigSchema);

/**
 * Completion and hover from the bundled CRD schemas (and promagent's own prometheus.yml schema), through
 * yaml-language-server used as a library. Offline by
 * construction: its schema store and CRD catalogue are off, and every schema it asks for is served from memory.
 * It is given one document at a time (the others blanked), with that document's schema, because it cannot
 * complete by document in a multi-document file.
 */
const kindScheme = 'promagent-schema';

/**
 * The largest document yaml-language-server is given, in characters: its time grows faster than the document (a
 * hover in a map of 20,000 keys takes seconds, of 100,000 a minute), and no request may hold the server that long.
 */
const maxViewLength = 50_000;
const tooLargeNote = `promagent: no hover or completion from the schema in a document of more than ${maxViewLength.toLocaleString('en')} characters`;
const documentScheme = 'promagent-document';

export class SchemaService {
  private loaded?: LanguageService;
  private version = 0;
  private readonly reported = new Set<string>();

  /** `log` hears about a failure of yaml-language-server, once per message. */
  constructor(private readonly log: (message: string) => void = () => {}) {}

  private get service(): LanguageService {
    return (this.loaded ??= this.load());
  }

  private load(): LanguageService {
    // The bundle beside dist/server.js (see yamlLanguageService.ts).
    const { getLanguageService } = require('./yamlLanguageService.js') as typeof import('./yamlLanguageService');
    const service = getLanguageService({
      schemaRequestService: (uri) => {
        const kind = uri.startsWith(`${kindScheme}://`) ? uri.slice(kindScheme.length + 3) : '';
        if (kind === prometheusConfig) return Promise.resolve(prometheusConfigSchemaText);
        return isMonitoringKind(kind) ? Promise.resolve(editorSchemaText(kind)) : Promise.reject(new Error(`no bundled schema at ${uri}`));
      },
      workspaceContext: { resolveRelativePath: (relative, resource) => new URL(relative, resource).toString() },
      yamlSettings: { kubernetesCRDStoreEnabled: false, schemaStoreEnabled: false } as never,
    });
    service.configure({ validate: false, hover: true, completion: true, format: false, yamlVersion: '1.1', schemas: [] });
    service.registerCustomSchemaProvider((uri) => {
      const kind = decodeURIComponent(new URL(uri).pathname.split('/')[1] ?? '');
      return isMonitoringKind(kind) || kind === prometheusConfig ? Promise.resolve(`${kindScheme}://${kind}`) : Promise.reject(new Error('no schema'));
    });
    return service;
  }

  async complete(file: SourceFile, position: Position): Promise<CompletionList | undefined> {
    const view = this.view(file, position);
    if (view === 'too large') return { isIncomplete: false, items: [] };
    return view ? this.contained('completion', () => this.service.doComplete(view, position, false), undefined) : undefined;
  }

  async hover(file: SourceFile, position: Position): Promise<Hover | null> {
    const view = this.view(file, position);
    if (view === 'too large') return { contents: { kind: 'markdown', value: tooLargeNote } };
    const hover = view ? await this.contained('hover', () => this.service.doHover(view, position), null) : null;
    return hover && tidyHover(hover);
  }

  /**
   * yaml-language-server throws on some broken documents (a key that is empty, as in `:spec:`, fails its
   * "Property {0} is not allowed" message): the user then gets no completion or hover there, not a failed request.
   */
  private async contained<T>(what: string, request: () => Promise<T>, none: T): Promise<T> {
    try {
      return await request();
    } catch (error) {
      const message = `promagent: ${what} from the schema failed: ${error instanceof Error ? error.message : String(error)}`;
      if (!this.reported.has(message)) {
        this.reported.add(message);
        this.log(message);
      }
      return none;
    }
  }

  /** The document under the cursor (or the configuration a ConfigMap holds there), alone, under a URI naming its kind. */
  private view(file: SourceFile, position: Position): TextDocument | 'too large' | undefined {
    const offset = file.lines.offset(position);
    const embedded = embeddedConfigAt(file, offset);
    if (embedded && embedded.document.embedding!.text.length > maxViewLength) return 'too large';
    if (embedded) return TextDocument.create(`${documentScheme}:///${prometheusConfig}/${encodeURIComponent(file.uri)}`, 'yaml', ++this.version, embedded.text);
    const document = documentAt(file, offset);
    const kind = !document ? undefined : document.role === 'prometheus-config' && !document.embedding ? prometheusConfig : servedKind(document);
    if (!document || !kind) return undefined;
    if (document.yaml.span.end - document.yaml.span.start > maxViewLength) return 'too large';
    const uri = `${documentScheme}:///${kind}/${encodeURIComponent(file.uri)}`;
    return TextDocument.create(uri, 'yaml', ++this.version, isolatedText(file, document));
  }
}

/**
 * yaml-language-server titles a hover with every schema that matched, joined by `||` (one schema reached twice through
 * a reference repeats), and ends it with a link to the schema: an in-memory URI here, with no name to show.
 */
function tidyHover(hover: Hover): Hover {
  const contents = hover.contents;
  if (typeof contents !== 'object' || !('kind' in contents)) return hover;
  const value = contents.value
    .replace(/^(#+ )(.*)$/m, (_, level: string, titles: string) => level + [...new Set(titles.split(' || '))].join(' || '))
    .replace(new RegExp(`\\n*Source: \\[[^\\]]*\\]\\(${kindScheme}://[^)]*\\)\\s*$`), '');
  return { ...hover, contents: { ...contents, value } };
}

import type { LanguageService } from 'yaml-language-server';
import { TextDocument } from 'vscode-languageserver-textdocument';
import type { CompletionItem, CompletionList, Hover, Position, Range, TextEdit } from 'vscode-languageserver/node';
import { documentTypedAt, documentView, editorSchema, editorSchemaText, embeddedConfigAt, schemaInUse, servedKind, withOperatorTarget, type CheckOptions, type SourceFile, type TextView, type Workspace } from '../engine';
import prometheusConfigSchema from '../../../schemas/prometheus-config.json';

/** The standalone prometheus.yml's schema goes by this name beside the CRD kinds. */
const prometheusConfig = 'prometheus-config';
const prometheusConfigSchemaText = JSON.stringify(prometheusConfigSchema);

/**
 * Completion and hover from the bundled CRD schemas (and promagent's own prometheus.yml schema), through
 * yaml-language-server used as a library. Offline by
 * construction: its schema store and CRD catalogue are off, and every schema it asks for is served from memory.
 * It is given one document at a time, alone, with that document's schema, because it cannot complete by document
 * in a multi-document file; positions are translated to the document's text and back.
 */
const kindScheme = 'promagent-schema';
/** A schema's URI: its name in the path, where yaml-language-server keeps its case (it lowercases an authority). */
const schemaUri = (name: string) => `${kindScheme}:///${name}`;

/**
 * The largest document yaml-language-server is given, in characters: its time grows faster than the document (a
 * hover in a map of 20,000 keys takes seconds, of 100,000 a minute), and no request may hold the server that long.
 */
const maxViewLength = 50_000;
const tooLargeNote = `promagent: no hover or completion from the schema in a document of more than ${maxViewLength.toLocaleString('en')} characters`;
const documentScheme = 'promagent-document';
/** The URI of the views given with a schema. */
const viewUri = (schemaName: string) => `${documentScheme}:///${schemaName}/document.yaml`;

export class SchemaService {
  private loaded?: LanguageService;
  private version = 0;
  private readonly reported = new Set<string>();
  /**
   * The schemas served, by name (`PrometheusAgent.2`): one per kind, that of the release in use (or the workspace's
   * CRD). A new release renames the kind's schema, so yaml-language-server does not answer from the old one.
   */
  private readonly served = new Map<string, string>();
  private readonly servedByKind = new Map<string, string>();
  private readonly schemaIds = new WeakMap<object, number>();
  private lastSchemaId = 0;

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
        const name = uri.startsWith(`${kindScheme}:`) ? uri.slice(kindScheme.length + 1).replace(/^\/+/, '') : '';
        if (name === prometheusConfig) return Promise.resolve(prometheusConfigSchemaText);
        const text = this.served.get(name);
        return text !== undefined ? Promise.resolve(text) : Promise.reject(new Error(`no bundled schema at ${uri}`));
      },
      workspaceContext: { resolveRelativePath: (relative, resource) => new URL(relative, resource).toString() },
      yamlSettings: { kubernetesCRDStoreEnabled: false, schemaStoreEnabled: false } as never,
    });
    this.associate(service);
    return service;
  }

  /**
   * Each schema served is mapped to the one URI its views take, as `yaml.schemas` maps files: yaml-language-server
   * then keeps the schema it parsed. (Given through a custom schema provider, it parses the schema on every request:
   * most of a hover's time.)
   */
  private associate(service: LanguageService): void {
    const schemas = [prometheusConfig, ...this.served.keys()].map((name) => ({ uri: schemaUri(name), fileMatch: [viewUri(name)] }));
    service.configure({ validate: false, hover: true, completion: true, format: false, yamlVersion: '1.1', schemas });
  }

  async complete(file: SourceFile, position: Position, workspace: Workspace, options: CheckOptions): Promise<CompletionList | undefined> {
    const view = this.view(file, position, workspace, options);
    if (view === 'too large') return { isIncomplete: false, items: [] };
    if (!view) return undefined;
    const list = await this.contained('completion', () => this.service.doComplete(view.document, toView(view.at, position), false), undefined);
    return list && { ...list, items: list.items.map((item) => fromViewItem(view.at, item)) };
  }

  async hover(file: SourceFile, position: Position, workspace: Workspace, options: CheckOptions): Promise<Hover | null> {
    const view = this.view(file, position, workspace, options);
    if (view === 'too large') return { contents: { kind: 'markdown', value: tooLargeNote } };
    const hover = view ? await this.contained('hover', () => this.service.doHover(view.document, toView(view.at, position)), null) : null;
    return hover && tidyHover(hover.range ? { ...hover, range: fromViewRange(view!.at, hover.range) } : hover);
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

  /** The document under the cursor (or the configuration a ConfigMap holds there), alone, under a URI naming its schema. */
  private view(file: SourceFile, position: Position, workspace: Workspace, options: CheckOptions): { document: TextDocument; at: TextView } | 'too large' | undefined {
    const offset = file.lines.offset(position);
    const embedded = embeddedConfigAt(file, offset);
    if (embedded && embedded.text.length > maxViewLength) return 'too large';
    if (embedded) return { document: this.textDocument(prometheusConfig, embedded), at: embedded };
    const document = documentTypedAt(file, offset);
    if (!document) return undefined;
    const kind = servedKind(document);
    const name = document.role === 'prometheus-config' && !document.embedding ? prometheusConfig
      : kind ? this.schemaName(editorSchema(schemaInUse(kind, document.apiVersion, withOperatorTarget(options, workspace, file.uri), workspace), options.sidecarMode)) : undefined;
    if (!name) return undefined;
    if (document.yaml.span.end - document.yaml.span.start > maxViewLength) return 'too large';
    const at = documentView(file, document);
    return { document: this.textDocument(name, at), at };
  }

  /**
   * The view under one URI per schema, whichever file it comes from: yaml-language-server keeps the last document
   * parsed under each URI, and one per file would keep every file ever hovered after it was closed. Each view has a
   * new version, so none is answered from another's parse.
   */
  private textDocument(schemaName: string, view: TextView): TextDocument {
    return TextDocument.create(viewUri(schemaName), 'yaml', ++this.version, view.text);
  }

  /** The name the kind's schema in use is served under; the kind's previous schema is forgotten. */
  private schemaName(inUse: Parameters<typeof editorSchemaText>[0]): string | undefined {
    const text = editorSchemaText(inUse);
    if (text === undefined || !inUse.schema) return undefined;
    let id = this.schemaIds.get(inUse.schema);
    if (id === undefined) this.schemaIds.set(inUse.schema, (id = ++this.lastSchemaId));
    const name = `${inUse.kind}.${id}`;
    const previous = this.servedByKind.get(inUse.kind);
    if (previous !== name) {
      if (previous) {
        this.served.delete(previous);
        this.loaded?.resetSchema(schemaUri(previous));
      }
      this.servedByKind.set(inUse.kind, name);
      this.served.set(name, text);
      if (this.loaded) this.associate(this.loaded);
    }
    return name;
  }
}

/** A file position as a position in the view's text (the view holds it). */
function toView(view: TextView, position: Position): Position {
  return { line: position.line - view.line, character: position.line === view.line ? position.character - view.character : position.character };
}

/** A position in the view's text as a file position. */
function fromView(view: TextView, position: Position): Position {
  return { line: position.line + view.line, character: position.line === 0 ? position.character + view.character : position.character };
}

function fromViewRange(view: TextView, range: Range): Range {
  return { start: fromView(view, range.start), end: fromView(view, range.end) };
}

/** A completion's edits, which yaml-language-server gives in the view's positions, in the file's. */
function fromViewItem(view: TextView, item: CompletionItem): CompletionItem {
  const edit = item.textEdit;
  const textEdit = !edit ? undefined
    : 'range' in edit ? { ...edit, range: fromViewRange(view, edit.range) }
    : { ...edit, insert: fromViewRange(view, edit.insert), replace: fromViewRange(view, edit.replace) };
  const additionalTextEdits = item.additionalTextEdits?.map((e): TextEdit => ({ ...e, range: fromViewRange(view, e.range) }));
  return { ...item, ...(textEdit && { textEdit }), ...(additionalTextEdits && { additionalTextEdits }) };
}

/**
 * yaml-language-server titles a hover with every schema that matched, joined by `||` (one schema reached twice through
 * a reference repeats), and ends it with a link to the schema: an in-memory URI here, with no name to show.
 */
function tidyHover(hover: Hover): Hover | null {
  const contents = hover.contents;
  if (typeof contents !== 'object' || !('kind' in contents)) return hover;
  const value = contents.value
    .replace(/^(#+ )(.*)$/m, (_, level: string, titles: string) => level + [...new Set(titles.split(' || '))].join(' || '))
    .replace(new RegExp(`\\n*Source: \\[[^\\]]*\\]\\(${kindScheme}:[^)]*\\)\\s*$`), '');
  // A key the schema says nothing of (a label) comes back empty: no hover, not an empty one.
  return value.trim() ? { ...hover, contents: { ...contents, value } } : null;
}

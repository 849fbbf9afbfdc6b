import {
  CodeActionKind,
  CompletionItemKind,
  createConnection,
  InsertTextFormat,
  MarkupKind,
  DocumentDiagnosticReportKind,
  LSPErrorCodes,
  ProposedFeatures,
  ResponseError,
  TextDocuments,
  TextDocumentSyncKind,
  type CancellationToken,
  type InitializeResult,
} from 'vscode-languageserver/node';
import { TextDocument } from 'vscode-languageserver-textdocument';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { readInputs } from './node/files';
import { nodeFileHost } from './node/host';
import { commandIds, defaultSettings, normalizeSettings, renderPreviewMethod, settingsSection, wiringMethod, type PromagentSettings, type RenderPreviewParams, type RenderPreviewResult, type WiringMap } from '../../shared/protocol';
import {
  annotationCompletions, checkFile, definitionAt, isSoundFix, monitorSelectorHover, operatorHover, previewAt, previewTargets, referencesAt, selectorHover, whoRunsHover, wiringMap, Workspace,
  type CheckOptions, type Finding, type Place, type SourceFile,
} from './engine';
import { toCodeActions, toDiagnostic } from './lsp/convert';
import { SchemaService } from './lsp/schemaService';

/** The LSP shell: documents, settings, scheduling. Every decision about YAML is the engine's. */
const connection = createConnection(ProposedFeatures.all);
/**
 * Documents as the client sends them, text that is not a string (a broken client) read as empty: kept as it came,
 * it would break every later request on the document.
 */
const documents = new TextDocuments({
  create: (uri, languageId, version, content: unknown) => TextDocument.create(uri, languageId, version, typeof content === 'string' ? content : ''),
  update: (document, changes, version) => TextDocument.update(document, changes.filter((change) => typeof change.text === 'string'), version),
});
// Files a configuration pulls in (scrape_config_files) are read from disk when no editor holds them.
const workspace = new Workspace(undefined, nodeFileHost);
let settings: PromagentSettings = defaultSettings;
let pullDiagnostics = false;
let configurationRequests = false;
const pushDelayMs = 200;
const pushTimers = new Map<string, NodeJS.Timeout>();
const checked = new Map<string, { version: number; revision: number; findings: Finding[] }>();
let workspaceFolders: string[] = [];
const schemas = new SchemaService((message) => connection.console.warn(message));

connection.onInitialize((params): InitializeResult => {
  const capabilities = params.capabilities;
  pullDiagnostics = capabilities.textDocument?.diagnostic !== undefined;
  configurationRequests = capabilities.workspace?.configuration === true;
  settings = normalizeSettings((params.initializationOptions as { settings?: unknown } | undefined)?.settings);
  workspace.maxFileSize = settings.maxFileSize * 1024 * 1024;
  workspaceFolders = (params.workspaceFolders ?? []).map((folder) => folder.uri).filter((uri) => uri.startsWith('file:'));
  return {
    capabilities: {
      textDocumentSync: TextDocumentSyncKind.Incremental,
      codeActionProvider: { codeActionKinds: [CodeActionKind.QuickFix] },
      completionProvider: { triggerCharacters: [' ', ':', '-', '/'] },
      hoverProvider: true,
      definitionProvider: true,
      referencesProvider: true,
      codeLensProvider: {},
      ...(pullDiagnostics ? { diagnosticProvider: { interFileDependencies: true, workspaceDiagnostics: false } } : {}),
    },
    serverInfo: { name: 'promagent' },
  };
});

connection.onInitialized(() => {
  indexWorkspaceFolders();
  void refreshSettings();
});

/** Every YAML file of the workspace folders joins the workspace, so references resolve across files. */
function indexWorkspaceFolders(): void {
  for (const folder of workspaceFolders) {
    try {
      for (const input of readInputs([fileURLToPath(folder)], workspace.maxFileSize)) {
        const uri = pathToFileURL(input.path).href;
        if (input.notRead === undefined && !documents.get(uri)) workspace.set(uri, input.text);
      }
    } catch (error) {
      connection.console.warn(`promagent: cannot index ${folder}: ${error instanceof Error ? error.message : String(error)}`);
    }
  }
}

/**
 * A file changed on disk, or an editor closed: the workspace takes the disk's text, or forgets a file that is gone or
 * is not a regular file within the size bound (a FIFO would block the server, `/dev/zero` would fill its memory).
 */
function reloadFromDisk(uri: string): void {
  if (documents.get(uri) || !uri.startsWith('file:')) return;
  const file = nodeFileHost.readFile(uri, workspace.maxFileSize);
  if (file && 'text' in file) workspace.set(uri, file.text);
  else workspace.delete(uri);
}

/** Findings of other files may depend on what changed (an agent renamed, a pod added). */
function recheckOpenDocuments(): void {
  if (pullDiagnostics) connection.languages.diagnostics.refresh();
  else for (const document of documents.all()) schedulePush(document);
}

connection.onDidChangeWatchedFiles((params) => {
  for (const change of params.changes) reloadFromDisk(change.uri);
  recheckOpenDocuments();
});
connection.onDidChangeConfiguration(() => void refreshSettings());

async function refreshSettings(): Promise<void> {
  if (configurationRequests) settings = normalizeSettings(await connection.workspace.getConfiguration(settingsSection));
  workspace.maxFileSize = settings.maxFileSize * 1024 * 1024;
  checked.clear();
  if (pullDiagnostics) connection.languages.diagnostics.refresh();
  else for (const document of documents.all()) schedulePush(document);
}

function checkOptions(): CheckOptions {
  return {
    prometheusVersion: settings.prometheusVersion,
    operatorVersion: settings.operatorVersion === 'detect' ? undefined : { version: `v${settings.operatorVersion.replace(/^v/, '')}`, from: 'setting' },
    sidecarMode: settings.sidecarMode,
    configMode: settings.configMode === 'auto' ? undefined : settings.configMode,
  };
}

/** Findings for the document's current version, computed once per version. */
function findingsFor(document: TextDocument): Finding[] {
  if (!settings.enable) return [];
  const file = workspace.set(document.uri, document.getText());
  const cached = checked.get(document.uri);
  if (cached && cached.version === document.version && cached.revision === workspace.revision) return cached.findings;
  const findings = checkFile(file, workspace, checkOptions());
  checked.set(document.uri, { version: document.version, revision: workspace.revision, findings });
  return findings;
}

connection.languages.diagnostics.on(async (params, token: CancellationToken) => {
  // Let queued edits and cancellations arrive first: a burst of keystrokes is checked once, at its end.
  await new Promise((resolve) => setImmediate(resolve));
  if (token.isCancellationRequested) throw new ResponseError(LSPErrorCodes.ServerCancelled, 'superseded', { retriggerRequest: true });
  const document = documents.get(params.textDocument.uri);
  return { kind: DocumentDiagnosticReportKind.Full, items: document ? findingsFor(document).map(toDiagnostic) : [] };
});

function schedulePush(document: TextDocument): void {
  clearTimeout(pushTimers.get(document.uri));
  pushTimers.set(document.uri, setTimeout(() => {
    pushTimers.delete(document.uri);
    const current = documents.get(document.uri);
    if (current) void connection.sendDiagnostics({ uri: current.uri, version: current.version, diagnostics: findingsFor(current).map(toDiagnostic) });
  }, pushDelayMs));
}

documents.onDidChangeContent((event) => {
  // Other files read this one (a preview, an agent's ServiceMonitors, the pods asking for a sidecar): the workspace
  // takes each edit as it comes, not when this file's own diagnostics are next asked for.
  if (settings.enable) workspace.set(event.document.uri, event.document.getText());
  if (!pullDiagnostics) schedulePush(event.document);
});

documents.onDidClose((event) => {
  checked.delete(event.document.uri);
  workspace.delete(event.document.uri);
  reloadFromDisk(event.document.uri);
  if (!pullDiagnostics) void connection.sendDiagnostics({ uri: event.document.uri, diagnostics: [] });
});

connection.onCodeAction((params) => {
  const document = documents.get(params.textDocument.uri);
  if (!document) return [];
  const findings = findingsFor(document);
  const file = workspace.get(document.uri);
  return toCodeActions(document.uri, findings, params.range, (fix) => file !== undefined && isSoundFix(file, fix));
});

/** The workspace's view of an open document at its current text. */
function sourceOf(uri: string) {
  const document = documents.get(uri);
  return document && settings.enable ? workspace.set(uri, document.getText()) : undefined;
}

connection.onCompletion(async (params) => {
  const file = sourceOf(params.textDocument.uri);
  if (!file) return null;
  const annotations = annotationCompletions(file, file.lines.offset(params.position), workspace);
  if (annotations.length) {
    return annotations.map((item) => ({
      label: item.label,
      detail: item.detail,
      kind: CompletionItemKind.Property,
      insertTextFormat: InsertTextFormat.Snippet,
      textEdit: { range: file.lines.range(item.replace.start, item.replace.end), newText: item.insertText },
    }));
  }
  return (await schemas.complete(file, params.position, workspace, checkOptions())) ?? null;
});

connection.onHover(async (params) => {
  const file = sourceOf(params.textDocument.uri);
  if (!file) return null;
  const offset = file.lines.offset(params.position);
  const selector = selectorHover(file, offset, workspace) ?? monitorSelectorHover(file, offset, workspace);
  if (selector) return { contents: { kind: MarkupKind.Markdown, value: selector.markdown }, range: file.lines.range(selector.span.start, selector.span.end) };
  const schemaHover = await schemas.hover(file, params.position, workspace, checkOptions());
  const runner = whoRunsHover(file, offset, workspace, checkOptions()) ?? operatorHover(file, offset, workspace, checkOptions());
  if (!runner) return schemaHover;
  // On a configuration's first line, who runs it comes first (on a monitoring resource's kind, the operator release
  // it is checked as); the key's own documentation, if any, follows.
  const schemaText = schemaHover && typeof schemaHover.contents === 'object' && 'value' in schemaHover.contents ? schemaHover.contents.value : '';
  return {
    contents: { kind: MarkupKind.Markdown, value: [runner.markdown, schemaText].filter(Boolean).join('\n\n---\n\n') },
    range: file.lines.range(runner.span.start, runner.span.end),
  };
});

/** An engine place as an LSP location, in the coordinates of the file it is in. */
function toLocation(place: Place) {
  const target: SourceFile | undefined = workspace.get(place.uri);
  return target ? { uri: place.uri, range: target.lines.range(place.span.start, place.span.end) } : undefined;
}

connection.onDefinition((params) => {
  const file = sourceOf(params.textDocument.uri);
  const place = file && definitionAt(file, file.lines.offset(params.position), workspace);
  return (place && toLocation(place)) ?? null;
});

connection.onReferences((params) => {
  const file = sourceOf(params.textDocument.uri);
  if (!file) return [];
  return referencesAt(file, file.lines.offset(params.position), workspace).flatMap((place) => toLocation(place) ?? []);
});

connection.onCodeLens((params) => {
  const file = sourceOf(params.textDocument.uri);
  return (file ? previewTargets(file, workspace) : []).map(({ line, title, preview }) => ({
    range: { start: { line, character: 0 }, end: { line, character: 0 } },
    // A lens with nothing to open (a monitor no agent scrapes) only says so.
    command: preview ? { title, command: commandIds.previewRenderedManifests, arguments: [preview.uri, preview.line] } : { title, command: '' },
  }));
});

connection.onRequest(renderPreviewMethod, (params: RenderPreviewParams): RenderPreviewResult => {
  const file = sourceOf(params.uri) ?? workspace.get(params.uri);
  if (!file) return { text: '# promagent: the manifest is not open\n' };
  return previewAt(file, params.line ?? 0, workspace, checkOptions());
});

connection.onRequest(wiringMethod, (): WiringMap => wiringMap(workspace, checkOptions()));

documents.listen(connection);
connection.listen();

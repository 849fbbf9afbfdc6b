import {
  CodeActionKind,
  createConnection,
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
import { defaultSettings, normalizeSettings, settingsSection, type PromagentSettings } from '../../shared/protocol';
import { checkFile, Workspace, type CheckOptions, type Finding } from './engine';
import { toCodeActions, toDiagnostic } from './lsp/convert';
import { SchemaService } from './lsp/schemaService';

/** The LSP shell: documents, settings, scheduling. Every decision about YAML is the engine's. */
const connection = createConnection(ProposedFeatures.all);
const documents = new TextDocuments(TextDocument);
const workspace = new Workspace();
let settings: PromagentSettings = defaultSettings;
let pullDiagnostics = false;
let configurationRequests = false;
const pushDelayMs = 200;
const pushTimers = new Map<string, NodeJS.Timeout>();
const checked = new Map<string, { version: number; findings: Finding[] }>();
const schemas = new SchemaService();

connection.onInitialize((params): InitializeResult => {
  const capabilities = params.capabilities;
  pullDiagnostics = capabilities.textDocument?.diagnostic !== undefined;
  configurationRequests = capabilities.workspace?.configuration === true;
  settings = normalizeSettings((params.initializationOptions as { settings?: unknown } | undefined)?.settings);
  return {
    capabilities: {
      textDocumentSync: TextDocumentSyncKind.Incremental,
      codeActionProvider: { codeActionKinds: [CodeActionKind.QuickFix] },
      completionProvider: { triggerCharacters: [' ', ':', '-'] },
      hoverProvider: true,
      ...(pullDiagnostics ? { diagnosticProvider: { interFileDependencies: true, workspaceDiagnostics: false } } : {}),
    },
    serverInfo: { name: 'promagent' },
  };
});

connection.onInitialized(() => void refreshSettings());
connection.onDidChangeConfiguration(() => void refreshSettings());

async function refreshSettings(): Promise<void> {
  if (configurationRequests) settings = normalizeSettings(await connection.workspace.getConfiguration(settingsSection));
  checked.clear();
  if (pullDiagnostics) connection.languages.diagnostics.refresh();
  else for (const document of documents.all()) schedulePush(document);
}

function checkOptions(): CheckOptions {
  return { prometheusVersion: settings.prometheusVersion, operatorVersion: settings.operatorVersion, sidecarMode: settings.sidecarMode };
}

/** Findings for the document's current version, computed once per version. */
function findingsFor(document: TextDocument): Finding[] {
  if (!settings.enable) return [];
  const cached = checked.get(document.uri);
  if (cached && cached.version === document.version) return cached.findings;
  const file = workspace.set(document.uri, document.getText());
  const findings = checkFile(file, workspace, checkOptions());
  checked.set(document.uri, { version: document.version, findings });
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
  if (!pullDiagnostics) schedulePush(event.document);
});

documents.onDidClose((event) => {
  checked.delete(event.document.uri);
  workspace.delete(event.document.uri);
  if (!pullDiagnostics) void connection.sendDiagnostics({ uri: event.document.uri, diagnostics: [] });
});

connection.onCodeAction((params) => {
  const document = documents.get(params.textDocument.uri);
  return document ? toCodeActions(document.uri, findingsFor(document), params.range) : [];
});

/** The workspace's view of an open document at its current text. */
function sourceOf(uri: string) {
  const document = documents.get(uri);
  return document && settings.enable ? workspace.set(uri, document.getText()) : undefined;
}

connection.onCompletion(async (params) => {
  const file = sourceOf(params.textDocument.uri);
  return (file && (await schemas.complete(file, params.position))) ?? null;
});

connection.onHover(async (params) => {
  const file = sourceOf(params.textDocument.uri);
  return file ? schemas.hover(file, params.position) : null;
});

documents.listen(connection);
connection.listen();

import {
  CodeActionKind,
  CompletionItemKind,
  createConnection,
  DidChangeWatchedFilesNotification,
  InsertTextFormat,
  MarkupKind,
  DocumentDiagnosticReportKind,
  LSPErrorCodes,
  MessageType,
  ProposedFeatures,
  ResponseError,
  ShowMessageNotification,
  TextDocuments,
  TextDocumentSyncKind,
  WatchKind,
  type CancellationToken,
  type CodeAction,
  type Diagnostic,
  type DocumentDiagnosticReport,
  type InitializeResult,
  type Position,
} from 'vscode-languageserver/node';
import manifest from '../../package.json';
import { nodeFileHost } from './node/host';
import { helmChartFiles, type InputFile } from './node/files';
import { collectWhenIdle } from './node/idleCollector';
import { diskUri, WorkspaceFolders } from './node/workspaceFolders';
import {
  commandIds, defaultReceivedSettings, fixAllKind, normalizeSettings, renderPreviewMethod, settingsSection, wiringMethod,
  type ReceivedSettings, type RenderPreviewParams, type RenderPreviewResult, type WiringMap,
} from '../../shared/protocol';
import {
  annotationCompletions, checkFile, definitionAt, fixFile, invalidUtf8Finding, isSoundFix, monitorSelectorHover, notReadFinding, operatorHover, pieceIndexAt, previewAt, previewTargets,
  referencesAt, selectorHover, whoRunsHover, wiringMap, Workspace,
  type CheckOptions, type Finding, type Fix, type InvalidByte, type Place, type SourceFile,
} from './engine';
import { toCodeActions, toDiagnostic } from './lsp/convert';
import { lineEdits } from './lsp/fixAll';
import { SchemaService } from './lsp/schemaService';
import { ServerLog } from './lsp/serverLog';
import { WorkspaceDiagnostics } from './lsp/workspaceDiagnostics';
import { DocumentReports } from './lsp/documentReports';
import { letQueuedRequestsAnswer, PendingEdits } from './lsp/pendingEdits';
import { BlockText, EditedDocument } from './lsp/editedDocument';

const version = (manifest as { version: string }).version;

// Run from a shell by hand, it would wait for a client that never comes: say how editors start it.
if (!process.argv.slice(2).some((arg) => /^--(stdio|node-ipc|socket|pipe)(=|$)/.test(arg))) {
  process.stderr.write(`promagent-language-server ${version}: a language server for Prometheus agent manifests.\n` +
    'Editors start it as `promagent-language-server --stdio` (see the README for Neovim, Helix, Emacs and Zed).\n');
  process.exit(process.argv.includes('--version') || process.argv.includes('--help') ? 0 : 2);
}

/** The LSP shell: documents, settings, scheduling. Every decision about YAML is the engine's. */
const connection = createConnection(ProposedFeatures.all);
collectWhenIdle();
const log = new ServerLog(connection.console);
/**
 * Documents as the client sends them, text that is not a string (a broken client) read as empty: kept as it came,
 * it would break every later request on the document. Each change is told to the workspace's pending edits where it
 * lands: the workspace then splits only the changed part of the file again.
 */
const documents = new TextDocuments<EditedDocument>({
  create: (uri, languageId, version, content: unknown) => new EditedDocument(uri, languageId, version, BlockText.of(typeof content === 'string' ? content : '')),
  update: (document, changes, version) => document.updated(changes, version, (before, start, end, inserted) => pending.changing(diskUri(document.uri), before, start, end, inserted.length)),
});
// Files a configuration pulls in (scrape_config_files) are read from disk when no editor holds them.
const workspace = new Workspace(undefined, nodeFileHost);
/** Settings from initializationOptions, for editors that set them there; workspace/configuration answers override them. */
let initialSettings: ReceivedSettings = defaultReceivedSettings;
let settings: ReceivedSettings = defaultReceivedSettings;
let pullDiagnostics = false;
/** Whether the client asks again for the diagnostics of its files when told they changed (workspace/diagnostic/refresh). */
let refreshSupport = false;
let configurationRequests = false;
let versionedEdits = false;
let watchRegistration = false;
const pushDelayMs = 200;
const pushTimers = new Map<string, NodeJS.Timeout>();
/** The diagnostics last pushed for each open document, as sent. */
const pushed = new Map<string, string>();
const checked = new Map<string, { version: number; revision: number; findings: Finding[] }>();
const checkedOnDisk = new Map<string, { revision: number; diagnostics: Diagnostic[] }>();
let folders = new WorkspaceFolders([]);
/** The workspace folders' URIs, as the client names them. */
let folderUris: string[] = [];
/** Whether the client tells of folders added and removed (workspace/didChangeWorkspaceFolders). */
let folderChanges = false;
/** The settings last written to the log: they are logged again only when they change. */
let settingsLogged = '';
/** The files of the workspace folders not read from disk (too large, not a regular file), with why. */
const unreadOnDisk = new Map<string, string>();
/** Files of the workspace folders read from disk that are not UTF-8, by disk URI: where their first bad byte is. */
const invalidOnDisk = new Map<string, InvalidByte>();
/** The files of the workspace folders read from disk, and the exclude patterns they were read with. */
let indexed: { uris: Set<string>; exclude: string; enable: boolean } | undefined;
const workspaceReports = new WorkspaceDiagnostics(diskUri, (uri) => openDocument(uri) !== undefined);
const documentReports = new DocumentReports();
const schemas = new SchemaService((message) => log.warn(message));
/** Edits on their way into the workspace; a large document's, when it is in, may change what other files show. */
const pending = new PendingEdits(workspace, (uri) => (reads(uri) ? openDocument(uri)?.content : undefined), () => recheck());

connection.onInitialize((params): InitializeResult => {
  const capabilities = params.capabilities;
  pullDiagnostics = capabilities.textDocument?.diagnostic !== undefined;
  refreshSupport = capabilities.workspace?.diagnostics?.refreshSupport === true;
  configurationRequests = capabilities.workspace?.configuration === true;
  versionedEdits = capabilities.workspace?.workspaceEdit?.documentChanges === true;
  watchRegistration = capabilities.workspace?.didChangeWatchedFiles?.dynamicRegistration === true;
  const problems: string[] = [];
  initialSettings = settings = normalizeSettings(params.initializationOptions, undefined, problems);
  settingProblems(problems);
  workspace.maxFileSize = settings.maxFileSize * 1024 * 1024;
  // A client that names no folders but its root (rootUri, older editors) has that one folder.
  folderUris = params.workspaceFolders?.map((folder) => folder.uri) ?? (params.rootUri ? [params.rootUri] : []);
  folders = new WorkspaceFolders(folderUris);
  folderChanges = capabilities.workspace?.workspaceFolders === true;
  const client = params.clientInfo ? `${params.clientInfo.name} ${params.clientInfo.version ?? ''}`.trim() : 'an unnamed client';
  log.info(`promagent language server ${version} (Node ${process.version}) for ${client}; ${pullDiagnostics ? 'pull' : 'push'} diagnostics`);
  return {
    capabilities: {
      textDocumentSync: TextDocumentSyncKind.Incremental,
      codeActionProvider: { codeActionKinds: [CodeActionKind.QuickFix, fixAllKind] },
      completionProvider: { triggerCharacters: [' ', ':', '-', '/'] },
      hoverProvider: true,
      definitionProvider: true,
      referencesProvider: true,
      codeLensProvider: {},
      ...(pullDiagnostics ? { diagnosticProvider: { interFileDependencies: true, workspaceDiagnostics: true } } : {}),
      workspace: { workspaceFolders: { supported: true, changeNotifications: true } },
    },
    serverInfo: { name: 'promagent', version },
  };
});

connection.onInitialized(() => {
  // The YAML files of the workspace folders, and folders deleted (with the YAML files in them).
  if (watchRegistration) {
    connection.client.register(DidChangeWatchedFilesNotification.type, {
      // Folders too: one created or renamed brings its files, of which no event is sent.
      watchers: [{ globPattern: '**/{*.yaml,*.yml,Kustomization}' }, { globPattern: '**/*', kind: WatchKind.Create | WatchKind.Delete }],
    }).catch((error: unknown) => log.warn(`The client refused to watch the workspace's YAML files (${messageOf(error)}): changes on disk are seen when a file is opened`));
  }
  // Indexed now, with the initial settings' exclude patterns, so the first diagnostics already see every file.
  folders.exclude = settings.exclude;
  indexWorkspaceFolders();
  // A folder added brings its files; one removed takes those no editor holds.
  if (folderChanges) {
    connection.workspace.onDidChangeWorkspaceFolders(({ added, removed }) => {
      const gone = new Set(removed.map((folder) => folder.uri));
      folderUris = [...folderUris.filter((uri) => !gone.has(uri)), ...added.map((folder) => folder.uri)];
      folders = new WorkspaceFolders(folderUris);
      folders.exclude = settings.exclude;
      checkedOnDisk.clear();
      indexWorkspaceFolders();
      recheck();
    });
  }
  refreshSettings().catch((error: unknown) => log.warn(`Settings not read: ${messageOf(error)}`));
});

const messageOf = (error: unknown) => (error instanceof Error ? error.message : String(error));

/** The setting values last said to be unusable: each set is shown once, not again on every change of another setting. */
let settingProblemsShown = '';

/** Setting values promagent cannot use (the previous or default value stands): in the log, and shown once to the user. */
function settingProblems(problems: readonly string[]): void {
  const said = problems.join('\n');
  if (said === settingProblemsShown) return;
  settingProblemsShown = said;
  for (const problem of problems) log.warn(`Setting not used: ${problem}`);
  // A notification, which no client can refuse: showWarningMessage would be a request.
  if (problems.length) void connection.sendNotification(ShowMessageNotification.type, { type: MessageType.Warning, message: `promagent: ${problems.join('; ')}` });
}

/** Whether promagent reads a document at all: checking is on, and no exclude pattern names it. */
const reads = (uri: string) => settings.enable && !folders.excludes(uri);

/**
 * The client's URI of each open document, by its disk URI (see diskUri). The workspace holds every file, open or not,
 * under its disk URI: a kustomization's resources and a configuration's scrape_config_files resolve to disk URIs.
 */
const openUris = new Map<string, string>();

/** The open document of a file, whatever URI names it. */
const openDocument = (uri: string) => documents.get(uri) ?? documents.get(openUris.get(diskUri(uri)) ?? '');

/** The URI the client knows a file of the workspace by. */
const clientUri = (uri: string) => openUris.get(uri) ?? uri;

/** Whether the problems of a file no editor holds go into workspace reports. */
const reportedFromDisk = (uri: string) => settings.enable && settings.diagnosticsScope === 'workspace' && !openDocument(uri) && folders.holds(uri);

/** Every YAML file of the workspace folders joins the workspace, so references resolve across files. */
function indexWorkspaceFolders(): void {
  const start = performance.now();
  try {
    // A file that is not a regular file within the size bound comes back unread (a FIFO would block the server).
    const { files: found, excluded } = folders.scan(workspace.maxFileSize);
    const files = found.filter(({ input }) => input.notRead === undefined);
    const uris = new Set(files.map((file) => file.uri));
    for (const uri of indexed?.uris ?? []) if (!uris.has(uri) && !openDocument(uri)) workspace.delete(uri);
    unreadOnDisk.clear();
    invalidOnDisk.clear();
    indexed = { uris, exclude: JSON.stringify(settings.exclude), enable: settings.enable };
    takeScanned(found);
    const left = excluded ? `; promagent.exclude left out ${excluded} file${excluded === 1 ? '' : 's'} or folder${excluded === 1 ? '' : 's'}` : '';
    log.info(`Indexed ${files.length} YAML file${files.length === 1 ? '' : 's'} of ${folders.count} workspace folder${folders.count === 1 ? '' : 's'} in ${Math.round(performance.now() - start)} ms${left}`);
  } catch (error) {
    log.warn(`Cannot index the workspace folders: ${error instanceof Error ? error.message : String(error)}`);
  }
}

/**
 * A file changed on disk, or an editor closed: the workspace takes the disk's text, or forgets a file that is gone or
 * is not a regular file within the size bound (a FIFO would block the server, `/dev/zero` would fill its memory). A
 * file outside the workspace folders was in the workspace only while an editor held it.
 */
function reloadFromDisk(uri: string): void {
  if (openDocument(uri) || !uri.startsWith('file:') || !reads(uri)) return;
  const onDisk = diskUri(uri);
  if (!folders.holds(uri)) {
    workspace.delete(onDisk);
    return;
  }
  const file = nodeFileHost.readFile(onDisk, workspace.maxFileSize);
  invalidOnDisk.delete(onDisk);
  if (file && 'text' in file) {
    workspace.set(onDisk, file.text);
    indexed?.uris.add(onDisk);
    unreadOnDisk.delete(onDisk);
    if (file.invalidByte) invalidOnDisk.set(onDisk, file.invalidByte);
  } else {
    workspace.delete(onDisk);
    if (file) unreadOnDisk.set(onDisk, file.notRead);
    else unreadOnDisk.delete(onDisk);
  }
}

/** A file or folder deleted: the workspace forgets the files no editor holds there. */
function forgetDeleted(uri: string): void {
  const deleted = diskUri(uri);
  for (const file of [...workspace.all()]) {
    if ((file.uri === deleted || file.uri.startsWith(`${deleted}/`)) && !openDocument(file.uri)) {
      workspace.delete(file.uri);
      indexed?.uris.delete(file.uri);
      checkedOnDisk.delete(file.uri);
    }
  }
  for (const onDisk of [unreadOnDisk, invalidOnDisk]) {
    for (const uri of [...onDisk.keys()]) if (uri === deleted || uri.startsWith(`${deleted}/`)) onDisk.delete(uri);
  }
}

/** Findings of other files may depend on what changed (an agent renamed, a pod added). */
function recheck(): void {
  workspaceReports.changed();
  // A client that pulls without taking refreshes asks again on its own (on each edit, on focus).
  if (pullDiagnostics) {
    if (refreshSupport) connection.languages.diagnostics.refresh().catch((error: unknown) => log.warn(`The client refused workspace/diagnostic/refresh: ${messageOf(error)}`));
  } else {
    for (const document of documents.all()) schedulePush(document);
    scheduleDiskPush();
  }
}

/** The files on disk whose diagnostics were pushed (promagent.diagnosticsScope workspace, to a client that takes pushes). */
let pushedFromDisk = new Set<string>();
let diskPushTimer: NodeJS.Timeout | undefined;

/** Pushes the problems of the files no editor holds, as a pull client's workspace report has them; clears the others. */
function scheduleDiskPush(): void {
  clearTimeout(diskPushTimer);
  diskPushTimer = setTimeout(() => {
    const reported = new Set<string>();
    for (const [uri, diagnostics] of problemsOnDisk()) {
      reported.add(uri);
      const sent = JSON.stringify(diagnostics);
      if (pushed.get(uri) === sent) continue;
      pushed.set(uri, sent);
      void connection.sendDiagnostics({ uri, diagnostics });
    }
    for (const uri of pushedFromDisk) {
      if (reported.has(uri) || openDocument(uri)) continue;
      pushed.delete(uri);
      void connection.sendDiagnostics({ uri, diagnostics: [] });
    }
    pushedFromDisk = reported;
  }, pushDelayMs);
}

connection.onDidChangeWatchedFiles((params) => {
  // A Helm chart made or unmade: which files are templates changed, for every file of its folder.
  if (params.changes.some((change) => helmChartFiles.some((file) => change.uri.endsWith(`/${file}`)))) {
    indexWorkspaceFolders();
    recheck();
    return;
  }
  let relevant = false;
  for (const change of params.changes) {
    if (change.type === 3) {
      forgetDeleted(change.uri);
      relevant = true;
    } else if (loadDirectory(change.uri)) {
      relevant = true;
    } else if (folders.holds(change.uri) || workspace.get(diskUri(change.uri))) {
      reloadFromDisk(change.uri);
      relevant = true;
    }
  }
  // Files of other kinds created (a build's output) change nothing here.
  if (relevant) recheck();
});

/** A directory created in a workspace folder, or renamed into one: its YAML files join the workspace. Whether it is one. */
function loadDirectory(uri: string): boolean {
  if (!settings.enable) return false;
  const found = folders.scanDirectory(uri, workspace.maxFileSize);
  if (found) takeScanned(found);
  return found !== undefined;
}

/** Files a scan read join the workspace, unless an editor holds them; those not read are kept with why. */
function takeScanned(found: readonly { uri: string; input: InputFile }[]): void {
  for (const { uri, input } of found) {
    if (openDocument(uri)) continue;
    if (input.notRead !== undefined) {
      unreadOnDisk.set(uri, input.notRead);
      continue;
    }
    workspace.set(uri, input.text);
    indexed?.uris.add(uri);
    if (input.invalidByte) invalidOnDisk.set(uri, input.invalidByte);
    else invalidOnDisk.delete(uri);
  }
}

// Editors without workspace/configuration send the settings with the notification.
connection.onDidChangeConfiguration((params) => {
  refreshSettings((params.settings as Record<string, unknown> | null)?.[settingsSection]).catch((error: unknown) => log.warn(`Settings not read: ${messageOf(error)}`));
});

async function refreshSettings(pushed?: unknown): Promise<void> {
  const problems: string[] = [];
  if (configurationRequests) {
    let answer: unknown;
    try {
      answer = await connection.workspace.getConfiguration(settingsSection);
    } catch (error) {
      log.warn(`The client did not answer workspace/configuration (${messageOf(error)}): the settings stay as they were`);
      return;
    }
    // The answer is every setting in force: one it leaves out is at its default, not at what initialization said
    // (VS Code leaves out promagent.prometheusVersion once it is unset). No section at all: initialization's.
    const given = answer !== null && typeof answer === 'object' && Object.keys(answer).length > 0;
    settings = given ? normalizeSettings(answer, undefined, problems) : initialSettings;
  } else if (pushed !== undefined) {
    settings = normalizeSettings(pushed, initialSettings, problems);
  }
  if (configurationRequests || pushed !== undefined) settingProblems(problems);
  const bound = settings.maxFileSize * 1024 * 1024;
  const rescan = indexed !== undefined && (indexed.exclude !== JSON.stringify(settings.exclude) || workspace.maxFileSize !== bound || indexed.enable !== settings.enable);
  workspace.maxFileSize = bound;
  folders.exclude = settings.exclude;
  const inForce = JSON.stringify(settings);
  if (inForce !== settingsLogged) log.info(`Settings: ${(settingsLogged = inForce)}`);
  checked.clear();
  checkedOnDisk.clear();
  // The files on disk are read again under the new bound and patterns; the open ones are taken again, or let go.
  if (rescan) indexWorkspaceFolders();
  for (const document of documents.all()) {
    if (reads(document.uri)) workspace.set(diskUri(document.uri), document.content);
    else workspace.delete(diskUri(document.uri));
  }
  recheck();
}

function checkOptions(): CheckOptions {
  return {
    prometheusVersion: settings.prometheusVersion,
    prometheusVersionGiven: settings.prometheusVersionGiven,
    operatorVersion: settings.operatorVersion === 'detect' ? undefined : { version: `v${settings.operatorVersion.replace(/^v/, '')}`, from: 'setting' },
    sidecarMode: settings.sidecarMode,
    configMode: settings.configMode === 'auto' ? undefined : settings.configMode,
  };
}

/** Findings for the document's current version, computed once per version. */
function findingsFor(document: EditedDocument): Finding[] {
  if (!reads(document.uri)) return [];
  pending.takeSmall();
  const file = workspace.set(diskUri(document.uri), document.content);
  const cached = checked.get(document.uri);
  if (cached && cached.version === document.version && cached.revision === workspace.revision) return cached.findings;
  const findings = checkFile(file, workspace, checkOptions());
  log.ruleFailures(document.uri, findings);
  checked.set(document.uri, { version: document.version, revision: workspace.revision, findings });
  return findings;
}

/** The problems of each file of the workspace folders that no editor holds, for a workspace report. */
function problemsOnDisk(): Map<string, Diagnostic[]> {
  const reports = new Map<string, Diagnostic[]>();
  for (const uri of [...[...workspace.all()].map((file) => file.uri), ...unreadOnDisk.keys()]) {
    const problems = reportedFromDisk(uri) ? problemsOf(uri) : undefined;
    if (problems) reports.set(uri, problems);
  }
  return reports;
}

/** The problems of a file on disk, by its disk URI: as checked, or, too large to read, why it was not (as when opened). */
function problemsOf(uri: string): Diagnostic[] | undefined {
  const file = workspace.get(uri);
  if (file) return diagnosticsOnDisk(file);
  const reason = unreadOnDisk.get(uri);
  return reason === undefined ? undefined : [toDiagnostic(notReadFinding(reason))];
}

/** Diagnostics of a file no editor holds, as read from disk. */
function diagnosticsOnDisk(file: SourceFile): Diagnostic[] {
  const cached = checkedOnDisk.get(file.uri);
  if (cached?.revision === workspace.revision) return cached.diagnostics;
  const findings = checkFile(file, workspace, checkOptions());
  log.ruleFailures(file.uri, findings);
  const invalid = invalidOnDisk.get(file.uri);
  const diagnostics = [...(invalid ? [invalidUtf8Finding(file, invalid.offset, invalid.byte, workspace)] : []), ...findings].map(toDiagnostic);
  checkedOnDisk.set(file.uri, { revision: workspace.revision, diagnostics });
  return diagnostics;
}

connection.languages.diagnostics.on(async (params, token: CancellationToken) => {
  // Queued messages go first: a burst of keystrokes is checked once, at its end, and a request that came in while an
  // edit was parsed is answered before the check.
  const superseded = () => new ResponseError(LSPErrorCodes.ServerCancelled, 'superseded', { retriggerRequest: true });
  const { uri } = params.textDocument;
  await letQueuedRequestsAnswer();
  if (token.isCancellationRequested) throw superseded();
  // Edits not yet in the workspace are parsed on turns of their own; what came in meanwhile goes before the check.
  await pending.settled(diskUri(uri));
  pending.takeSmall();
  await letQueuedRequestsAnswer();
  if (token.isCancellationRequested) throw superseded();
  // The index takes in what changed (a large document's data is built there) on a turn of its own, before the check.
  workspace.index.digest();
  await letQueuedRequestsAnswer();
  if (token.isCancellationRequested) throw superseded();
  const document = documents.get(uri);
  return log.timed('textDocument/diagnostic', uri, (): DocumentDiagnosticReport => document
    ? documentReports.report(uri, findingsFor(document), params.previousResultId)
    : { kind: DocumentDiagnosticReportKind.Full, items: (reportedFromDisk(uri) && problemsOf(diskUri(uri))) || [] });
});

// The problems of every YAML file of the workspace folders that no editor holds (open files get document pulls).
connection.languages.diagnostics.onWorkspace((params, token) =>
  workspaceReports.report(params.previousResultIds, token, () => log.timed('workspace/diagnostic', undefined, () => {
    pending.takeSmall();
    return problemsOnDisk();
  })));

function schedulePush(document: EditedDocument): void {
  clearTimeout(pushTimers.get(document.uri));
  pushTimers.set(document.uri, setTimeout(async () => {
    pushTimers.delete(document.uri);
    await pending.settled(diskUri(document.uri));
    const current = documents.get(document.uri);
    if (!current) return;
    const diagnostics = findingsFor(current).map(toDiagnostic);
    // Every open file is pushed again when others change: only what changed is sent.
    const sent = JSON.stringify(diagnostics);
    if (pushed.get(current.uri) === sent) return;
    pushed.set(current.uri, sent);
    void connection.sendDiagnostics({ uri: current.uri, version: current.version, diagnostics });
  }, pushDelayMs));
}

documents.onDidOpen(({ document }) => {
  // The file as read from disk gives way to the editor's text, under the same URI (taken with its first edit, next).
  const onDisk = diskUri(document.uri);
  openUris.set(onDisk, document.uri);
  checkedOnDisk.delete(onDisk);
  if (onDisk !== document.uri && pushed.delete(onDisk)) void connection.sendDiagnostics({ uri: onDisk, diagnostics: [] });
  workspaceReports.changed();
  if (!pullDiagnostics) for (const other of documents.all()) schedulePush(other);
});

documents.onDidChangeContent((event) => {
  // Other files read this one (a preview, an agent's ServiceMonitors, the pods asking for a sidecar): the workspace
  // takes each edit on the next turn or at the next request, not when this file's own diagnostics are next asked for.
  pending.edited(diskUri(event.document.uri), event.document.content);
  workspaceReports.changed();
  // A client that takes pushed diagnostics is told each open file's again: findings cross files. The files on disk are
  // checked again when one changes on disk or the settings do, not on every pause in typing.
  if (!pullDiagnostics) for (const document of documents.all()) schedulePush(document);
});

documents.onDidClose((event) => {
  const { uri } = event.document;
  pending.forget(diskUri(uri));
  checked.delete(uri);
  documentReports.forget(uri);
  workspace.delete(diskUri(uri));
  openUris.delete(diskUri(uri));
  reloadFromDisk(uri);
  if (!pullDiagnostics) {
    pushed.delete(uri);
    pushed.delete(diskUri(uri));
    void connection.sendDiagnostics({ uri, diagnostics: [] });
    for (const other of documents.all()) if (other.uri !== uri) schedulePush(other);
    scheduleDiskPush();
  } else if (reportedFromDisk(uri)) workspaceReports.changed();
  // VS Code keeps a closed file's last problems until a workspace report says otherwise.
  else workspaceReports.clear(uri);
});

/**
 * In a document of more than this many characters (one of 100,000 keys), work that parses or renders the document
 * whole would hold the server for seconds on every request: fix-all (which tries every fix on every pass) is not run
 * there and says why, a quick-fix request tries one fix, and the preview says to render it with `promagent render`.
 */
const largeDocumentLength = 256 * 1024;

/** The length of the document of `file` at an offset (0 where there is none). */
function documentLengthAt(file: SourceFile, offset: number): number {
  return file.pieces.length ? file.pieces[pieceIndexAt(file.pieces, offset)].source.text.length : 0;
}

const kib = (length: number) => `${Math.round(length / 1024).toLocaleString('en')} KiB`;

/** Whether a code action request whose `only` is `only` asks for actions of `kind` (`source` asks for `source.fixAll.promagent`). */
const asksFor = (only: readonly string[], kind: string) => only.some((requested) => kind === requested || kind.startsWith(`${requested}.`));

connection.onCodeAction((params) => log.timed('textDocument/codeAction', params.textDocument.uri, async () => {
  await pending.settled(diskUri(params.textDocument.uri));
  const document = documents.get(params.textDocument.uri);
  if (!document || !reads(document.uri)) return [];
  const { only } = params.context;
  const actions: CodeAction[] = [];
  if (!only || asksFor(only, CodeActionKind.QuickFix)) {
    const findings = findingsFor(document);
    const file = workspace.get(diskUri(document.uri));
    // Trying a fix parses its document again: in a large one, one fix is tried per request, the rest are not offered.
    let largeTried = 0;
    const offered = (fix: Fix) => {
      if (!file) return false;
      const at = fix.edits.length ? file.lines.offset(fix.edits[0].range.start) : 0;
      if (documentLengthAt(file, at) > largeDocumentLength && largeTried++ > 0) return false;
      return isSoundFix(file, fix);
    };
    actions.push(...toCodeActions(document.uri, findings, params.range, offered));
  }
  // Only when asked for by kind (on save, "Fix All in File", the Source Action menu): it runs every pass of `promagent fix`.
  const fixAll = only && asksFor(only, fixAllKind) ? fixAllAction(document) : undefined;
  if (fixAll) actions.push(fixAll);
  return actions;
}));

/** Every preferred fix of the document, as `promagent fix` applies them, as one edit of the lines they change. */
function fixAllAction(document: EditedDocument): CodeAction | undefined {
  pending.takeSmall();
  const largest = workspace.get(diskUri(document.uri))?.pieces.reduce((most, piece) => Math.max(most, piece.source.text.length), 0) ?? 0;
  if (largest > largeDocumentLength) {
    return {
      title: 'Fix all promagent problems that have a fix',
      kind: fixAllKind,
      disabled: { reason: `promagent: Fix All is not run in a file with a document of more than ${kib(largeDocumentLength)} (this one has ${kib(largest)}): each fix would parse it again; \`promagent fix\` fixes it from a terminal` },
    };
  }
  const text = document.getText();
  const result = fixFile(diskUri(document.uri), text, workspace, checkOptions());
  // The fixes were tried in the workspace; it goes back to the editor's text until the edit comes back from it.
  workspace.set(diskUri(document.uri), document.content);
  if (result.text === text) return undefined;
  const edits = lineEdits(text, result.text, (offset) => document.positionAt(offset));
  return {
    title: `Fix all promagent problems that have a fix (${result.applied})`,
    kind: fixAllKind,
    edit: versionedEdits
      ? { documentChanges: [{ textDocument: { uri: document.uri, version: document.version }, edits }] }
      : { changes: { [document.uri]: edits } },
  };
}

/**
 * A request's position as LSP reads it: a character past the end of its line is the line's end (the file's own lines
 * would run on into the next line).
 */
function positionIn({ textDocument, position }: { textDocument: { uri: string }; position: Position }): Position {
  const document = documents.get(textDocument.uri);
  return document ? document.positionAt(document.offsetAt(position)) : position;
}

/** The workspace's view of an open document at its current text, once its edits are in. */
async function sourceOf(uri: string): Promise<SourceFile | undefined> {
  await pending.settled(diskUri(uri));
  pending.takeSmall();
  const document = documents.get(uri);
  return document && reads(uri) ? workspace.set(diskUri(uri), document.content) : undefined;
}

connection.onCompletion((params) => log.timed('textDocument/completion', params.textDocument.uri, async () => {
  const file = await sourceOf(params.textDocument.uri);
  if (!file) return null;
  const position = positionIn(params);
  const annotations = annotationCompletions(file, file.lines.offset(position), workspace);
  if (annotations.length) {
    return annotations.map((item) => ({
      label: item.label,
      detail: item.detail,
      kind: CompletionItemKind.Property,
      insertTextFormat: InsertTextFormat.Snippet,
      textEdit: { range: file.lines.range(item.replace.start, item.replace.end), newText: item.insertText },
    }));
  }
  return (await schemas.complete(file, position, workspace, checkOptions())) ?? null;
}));

connection.onHover((params) => log.timed('textDocument/hover', params.textDocument.uri, async () => {
  const file = await sourceOf(params.textDocument.uri);
  if (!file) return null;
  const position = positionIn(params);
  const offset = file.lines.offset(position);
  const selector = selectorHover(file, offset, workspace) ?? monitorSelectorHover(file, offset, workspace, checkOptions());
  if (selector) return { contents: { kind: MarkupKind.Markdown, value: selector.markdown }, range: file.lines.range(selector.span.start, selector.span.end) };
  const schemaHover = await schemas.hover(file, position, workspace, checkOptions());
  const runner = whoRunsHover(file, offset, workspace, checkOptions()) ?? operatorHover(file, offset, workspace, checkOptions());
  if (!runner) return schemaHover;
  // On a configuration's first line, who runs it comes first (on a monitoring resource's kind, the operator release
  // it is checked as); the key's own documentation, if any, follows.
  const schemaText = schemaHover && typeof schemaHover.contents === 'object' && 'value' in schemaHover.contents ? schemaHover.contents.value : '';
  return {
    contents: { kind: MarkupKind.Markdown, value: [runner.markdown, schemaText].filter(Boolean).join('\n\n---\n\n') },
    range: file.lines.range(runner.span.start, runner.span.end),
  };
}));

/** An engine place as an LSP location, in the coordinates of the file it is in. */
function toLocation(place: Place) {
  const target: SourceFile | undefined = workspace.get(place.uri);
  return target ? { uri: clientUri(place.uri), range: target.lines.range(place.span.start, place.span.end) } : undefined;
}

connection.onDefinition(async (params) => {
  const file = await sourceOf(params.textDocument.uri);
  const place = file && definitionAt(file, file.lines.offset(positionIn(params)), workspace);
  return (place && toLocation(place)) ?? null;
});

connection.onReferences(async (params) => {
  const file = await sourceOf(params.textDocument.uri);
  if (!file) return [];
  return referencesAt(file, file.lines.offset(positionIn(params)), workspace).flatMap((place) => toLocation(place) ?? []);
});

connection.onCodeLens(async (params) => {
  const file = await sourceOf(params.textDocument.uri);
  return (file ? previewTargets(file, workspace) : []).map(({ line, title, preview }) => ({
    range: { start: { line, character: 0 }, end: { line, character: 0 } },
    // A lens with nothing to open (a monitor no agent scrapes) only says so.
    command: preview ? { title, command: commandIds.previewRenderedManifests, arguments: [clientUri(preview.uri), preview.line, ...(preview.job ? [preview.job] : [])] } : { title, command: '' },
  }));
});

connection.onRequest(renderPreviewMethod, (params: RenderPreviewParams): Promise<RenderPreviewResult> => log.timed(renderPreviewMethod, params.uri, async () => {
  const file = (await sourceOf(params.uri)) ?? workspace.get(diskUri(params.uri));
  if (!file) return { text: '# promagent: the manifest is not open\n' };
  const length = documentLengthAt(file, file.lines.offset({ line: params.line ?? 0, character: 0 }));
  if (length > largeDocumentLength) {
    return { text: `# promagent: a document of more than ${kib(largeDocumentLength)} (this one has ${kib(length)}) is not rendered as you type;\n# \`promagent render\` renders it from a terminal\n` };
  }
  return previewAt(file, params.line ?? 0, workspace, checkOptions());
}));

connection.onRequest(wiringMethod, (): WiringMap => log.timed(wiringMethod, undefined, () => {
  pending.takeSmall();
  return wiringMap(workspace, checkOptions());
}));

documents.listen(connection);
connection.listen();

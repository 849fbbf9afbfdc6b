import { spawn, type ChildProcess } from 'node:child_process';
import { join } from 'node:path';
import {
  createProtocolConnection,
  ErrorCodes,
  ResponseError,
  StreamMessageReader,
  StreamMessageWriter,
  WorkspaceDiagnosticRequest,
  type CodeAction,
  type CompletionItem,
  type CompletionList,
  type Diagnostic,
  type Hover,
  type Location,
  type DocumentDiagnosticReport,
  type PreviousResultId,
  type ProtocolConnection,
  type Registration,
  type WorkspaceDiagnosticReport,
  type CancellationToken,
} from 'vscode-languageserver-protocol/node';
import { serverExecArgv } from '../../shared/protocol';

const serverBundle = join(__dirname, '..', '..', 'dist', 'server.js');

export interface ClientOptions {
  /** Advertise pull diagnostics (VS Code does); without it the server pushes. */
  pullDiagnostics?: boolean;
  /** Sent as initializationOptions, and as the answer to workspace/configuration when the client answers it. */
  settings?: Record<string, unknown>;
  /** Answer workspace/configuration and take file watchers by registration, as VS Code does (default: true). */
  configuration?: boolean;
  /** A folder URI the server indexes as the workspace. */
  workspaceFolder?: string;
  /** How the server is started: the built bundle under node by default; an editor runs the `bin` command. */
  command?: { file: string; args: string[] };
  /** Requests of the server the client answers with an error, as a client that does not implement them does. */
  refuses?: ('workspace/configuration' | 'client/registerCapability' | 'workspace/diagnostic/refresh')[];
  /** Whether the client says it takes workspace/diagnostic/refresh (default: true, as VS Code does). */
  refreshSupport?: boolean;
}

/** A language client over stdio against the built server, as an editor would drive it. */
export class TestClient {
  readonly pushed = new Map<string, Diagnostic[]>();
  /** What the server showed the user (window/showMessage): type 1 error, 2 warning, 3 info. */
  readonly shown: { type: number; message: string }[] = [];
  /** What the server logged (window/logMessage): type 1 error, 2 warning, 3 info, 4 log. */
  readonly logs: { type: number; message: string }[] = [];
  /** What the server asked the client to do for it (client/registerCapability). */
  readonly registrations: Registration[] = [];
  /** What the client answers workspace/configuration with. */
  settings: Record<string, unknown> = {};
  /** How many times the server asked the client to pull diagnostics again (workspace/diagnostic/refresh). */
  refreshes = 0;
  private readonly versions = new Map<string, number>();
  /** Each document's last full diagnostic report. */
  private readonly reports = new Map<string, { resultId: string; items: Diagnostic[] }>();
  private pushWaiters: { uri: string; resolve: (d: Diagnostic[]) => void }[] = [];

  private constructor(readonly process: ChildProcess, readonly connection: ProtocolConnection) {}

  static async start(options: ClientOptions = {}): Promise<TestClient> {
    const { file, args } = options.command ?? { file: process.execPath, args: [...serverExecArgv, serverBundle, '--stdio'] };
    const child = spawn(file, args, { stdio: ['pipe', 'pipe', 'inherit'] });
    const connection = createProtocolConnection(new StreamMessageReader(child.stdout!), new StreamMessageWriter(child.stdin!));
    const client = new TestClient(child, connection);
    const vsCodeLike = options.configuration !== false;
    connection.onNotification('textDocument/publishDiagnostics', (params: { uri: string; diagnostics: Diagnostic[] }) => {
      client.pushed.set(params.uri, params.diagnostics);
      const waiting = client.pushWaiters.filter((w) => w.uri === params.uri);
      client.pushWaiters = client.pushWaiters.filter((w) => w.uri !== params.uri);
      for (const waiter of waiting) waiter.resolve(params.diagnostics);
    });
    connection.onNotification('window/logMessage', (params: { type: number; message: string }) => {
      client.logs.push(params);
    });
    connection.onNotification('window/showMessage', (params: { type: number; message: string }) => {
      client.shown.push(params);
    });
    const refused = (method: string) => options.refuses?.includes(method as never) ? new ResponseError(ErrorCodes.MethodNotFound, `Unhandled method ${method}`) : undefined;
    connection.onRequest('client/registerCapability', (params: { registrations: Registration[] }) => {
      client.registrations.push(...params.registrations);
      return refused('client/registerCapability') ?? null;
    });
    client.settings = options.settings ?? {};
    connection.onRequest('workspace/configuration', (params: { items: unknown[] }) => refused('workspace/configuration') ?? params.items.map(() => client.settings));
    connection.onRequest('workspace/diagnostic/refresh', () => {
      client.refreshes++;
      return refused('workspace/diagnostic/refresh') ?? null;
    });
    connection.listen();
    await connection.sendRequest('initialize', {
      processId: process.pid,
      clientInfo: { name: 'promagent tests' },
      rootUri: options.workspaceFolder ?? null,
      workspaceFolders: options.workspaceFolder ? [{ uri: options.workspaceFolder, name: 'workspace' }] : null,
      capabilities: {
        workspace: vsCodeLike
          ? { configuration: true, workspaceFolders: true, diagnostics: { refreshSupport: options.refreshSupport ?? true }, workspaceEdit: { documentChanges: true }, didChangeWatchedFiles: { dynamicRegistration: true } }
          : {},
        textDocument: {
          ...(options.pullDiagnostics === false ? {} : { diagnostic: { dynamicRegistration: false } }),
          codeAction: { codeActionLiteralSupport: { codeActionKind: { valueSet: ['quickfix', 'source'] } } },
        },
      },
      initializationOptions: options.settings ?? {},
    });
    await connection.sendNotification('initialized', {});
    return client;
  }

  async open(uri: string, text: string): Promise<void> {
    this.versions.set(uri, 1);
    await this.connection.sendNotification('textDocument/didOpen', { textDocument: { uri, languageId: 'yaml', version: 1, text } });
  }

  /** Replaces the text between two positions, as an incremental edit. */
  async edit(uri: string, start: { line: number; character: number }, end: { line: number; character: number }, text: string): Promise<void> {
    await this.editMany(uri, [{ range: { start, end }, text }]);
  }

  /** Several incremental edits in one notification, each in the text the ones before it made, as editors send them. */
  async editMany(uri: string, contentChanges: { range: Diagnostic['range']; text: string }[]): Promise<void> {
    const version = (this.versions.get(uri) ?? 1) + 1;
    this.versions.set(uri, version);
    await this.connection.sendNotification('textDocument/didChange', { textDocument: { uri, version }, contentChanges });
  }

  async close(uri: string): Promise<void> {
    this.reports.delete(uri);
    await this.connection.sendNotification('textDocument/didClose', { textDocument: { uri } });
  }

  /** A document's diagnostics, pulled as VS Code pulls them: naming the last report, whose items stand when it is unchanged. */
  async pullDiagnostics(uri: string): Promise<Diagnostic[]> {
    const previous = this.reports.get(uri);
    const report = await this.connection.sendRequest<DocumentDiagnosticReport>('textDocument/diagnostic', { textDocument: { uri }, previousResultId: previous?.resultId });
    if (report.kind === 'unchanged') {
      if (previous?.resultId !== report.resultId) throw new Error(`the server said the diagnostics of ${uri} are unchanged since a report the client does not have`);
      return previous.items;
    }
    if (report.resultId) this.reports.set(uri, { resultId: report.resultId, items: report.items });
    return report.items;
  }

  /** The next diagnostics the server pushes for `uri`. */
  nextPush(uri: string): Promise<Diagnostic[]> {
    return new Promise((resolve) => this.pushWaiters.push({ uri, resolve }));
  }

  /** The code actions for `range`; `only` asks for kinds, as VS Code does on save (`source.fixAll.promagent`). */
  async codeActions(uri: string, range: Diagnostic['range'], diagnostics: Diagnostic[], only?: string[]): Promise<CodeAction[]> {
    return this.connection.sendRequest<CodeAction[]>('textDocument/codeAction', { textDocument: { uri }, range, context: { diagnostics, only } });
  }

  /**
   * A workspace/diagnostic request: the server answers once some file's problems differ from `previous`, so the
   * promise may wait for a change; `token` cancels it.
   */
  async workspaceDiagnostics(previous: PreviousResultId[] = [], token?: CancellationToken): Promise<WorkspaceDiagnosticReport> {
    return this.connection.sendRequest(WorkspaceDiagnosticRequest.type, { previousResultIds: previous }, token);
  }

  /** Workspace folders added and removed, as an editor says when the user adds a folder to the workspace. */
  async foldersChanged(added: string[], removed: string[]): Promise<void> {
    const folder = (uri: string) => ({ uri, name: uri.slice(uri.lastIndexOf('/') + 1) });
    await this.connection.sendNotification('workspace/didChangeWorkspaceFolders', { event: { added: added.map(folder), removed: removed.map(folder) } });
  }

  /** Changes the settings: sent with the notification, and the answer when the server asks for them again. */
  async settingsChanged(settings: Record<string, unknown>): Promise<void> {
    this.settings = settings;
    await this.connection.sendNotification('workspace/didChangeConfiguration', { settings: { promagent: settings } });
  }

  async complete(uri: string, position: { line: number; character: number }): Promise<CompletionItem[]> {
    const result = await this.connection.sendRequest<CompletionList | CompletionItem[] | null>('textDocument/completion', { textDocument: { uri }, position });
    return Array.isArray(result) ? result : result?.items ?? [];
  }

  async hover(uri: string, position: { line: number; character: number }): Promise<Hover | null> {
    return this.connection.sendRequest<Hover | null>('textDocument/hover', { textDocument: { uri }, position });
  }

  async definition(uri: string, position: { line: number; character: number }): Promise<Location | null> {
    return this.connection.sendRequest<Location | null>('textDocument/definition', { textDocument: { uri }, position });
  }

  async references(uri: string, position: { line: number; character: number }): Promise<Location[]> {
    return this.connection.sendRequest<Location[]>('textDocument/references', { textDocument: { uri }, position, context: { includeDeclaration: false } });
  }

  /** Tells the server files changed on disk (1 created, 2 changed, 3 deleted). */
  async filesChanged(changes: { uri: string; type: 1 | 2 | 3 }[]): Promise<void> {
    await this.connection.sendNotification('workspace/didChangeWatchedFiles', { changes });
  }

  async request<R>(method: string, params: unknown): Promise<R> {
    return this.connection.sendRequest<R>(method, params);
  }

  async codeLenses(uri: string): Promise<{ range: Diagnostic['range']; command?: { title: string; command: string; arguments?: unknown[] } }[]> {
    return this.connection.sendRequest('textDocument/codeLens', { textDocument: { uri } });
  }

  async stop(): Promise<void> {
    try {
      await this.connection.sendRequest('shutdown');
      await this.connection.sendNotification('exit');
    } finally {
      this.connection.dispose();
      this.process.kill();
    }
  }
}

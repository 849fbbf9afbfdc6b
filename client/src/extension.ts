import * as vscode from 'vscode';
import { CloseAction, ErrorAction, LanguageClient, TransportKind, type ErrorHandler, type LanguageClientOptions, type ServerOptions } from 'vscode-languageclient/node';
import { commandIds, fixAllKind, languageClientId, serverExecArgv, settingsSection, viewIds } from '../../shared/protocol';
import { PreviewProvider, previewScheme, showPreview } from './preview';
import { registerContributor, type RedHatYamlApi } from './redHatYaml';
import { answeredSettings, settingsForServer } from './settings';
import { WiringView } from './wiringView';

let client: LanguageClient | undefined;

export async function activate(context: vscode.ExtensionContext): Promise<{ wiring: WiringView }> {
  const output = vscode.window.createOutputChannel('promagent', { log: true });
  const serverModule = context.asAbsolutePath('dist/server.js');
  const serverOptions: ServerOptions = {
    run: { module: serverModule, transport: TransportKind.ipc, options: { execArgv: serverExecArgv } },
    debug: { module: serverModule, transport: TransportKind.ipc, options: { execArgv: [...serverExecArgv, '--nolazy', '--inspect=6011'] } },
  };
  const clientOptions: LanguageClientOptions = {
    documentSelector: [
      { scheme: 'file', language: 'yaml' },
      { scheme: 'untitled', language: 'yaml' },
    ],
    // The server asks for the YAML files it watches on disk itself (client/registerCapability), as it does of any editor.
    synchronize: { configurationSection: settingsSection },
    initializationOptions: settingsForServer({ ...vscode.workspace.getConfiguration(settingsSection) }, vscode.workspace.getConfiguration(settingsSection).inspect('prometheusVersion')),
    middleware: {
      workspace: {
        configuration: async (params, token, next) => {
          const answers = await next(params, token);
          if (!Array.isArray(answers)) return answers;
          return answeredSettings(params, answers, settingsSection,
            (scopeUri) => vscode.workspace.getConfiguration(settingsSection, scopeUri ? vscode.Uri.parse(scopeUri) : undefined).inspect('prometheusVersion'));
        },
      },
    },
    outputChannel: output,
    errorHandler: restartingErrorHandler(),
    traceOutputChannel: output,
  };
  client = new LanguageClient(languageClientId, 'promagent', serverOptions, clientOptions);
  const previews = new PreviewProvider(() => client);
  const wiring = new WiringView(() => client);
  context.subscriptions.push(
    previews,
    wiring,
    vscode.window.registerTreeDataProvider(viewIds.wiring, wiring),
    vscode.commands.registerCommand(commandIds.refreshWiring, () => wiring.refresh()),
    output,
    vscode.commands.registerCommand(commandIds.restartServer, async () => {
      output.appendLine('Restarting the promagent language server');
      await client?.restart();
    }),
    vscode.commands.registerCommand(commandIds.showOutput, () => output.show(true)),
    vscode.workspace.registerTextDocumentContentProvider(previewScheme, previews),
    vscode.commands.registerCommand(commandIds.previewRenderedManifests, (uri?: string | vscode.Uri, line?: number, job?: string) =>
      showPreview(typeof uri === 'string' ? vscode.Uri.parse(uri) : uri, line, job)),
    vscode.commands.registerCommand(commandIds.fixAllInFile, fixAllInFile),
  );
  await client.start();
  wiring.refresh();
  await coexistWithRedHatYaml(output);
  // What the view shows, for the extension-host tests (and any extension that wants the map).
  return { wiring };
}

/** Applies the server's fix-all code action (what `source.fixAll.promagent` on save applies) to the active editor. */
async function fixAllInFile(): Promise<void> {
  const document = vscode.window.activeTextEditor?.document;
  if (!document) {
    void vscode.window.showInformationMessage('promagent: open a YAML file to fix its problems.');
    return;
  }
  const whole = new vscode.Range(0, 0, document.lineCount, 0);
  const actions = await vscode.commands.executeCommand<vscode.CodeAction[]>('vscode.executeCodeActionProvider', document.uri, whole, fixAllKind);
  const fixAll = actions?.find((action) => action.kind?.value === fixAllKind);
  if (fixAll?.disabled) {
    void vscode.window.showInformationMessage(fixAll.disabled.reason);
    return;
  }
  if (!fixAll?.edit) {
    void vscode.window.showInformationMessage(`promagent: no problem in ${vscode.workspace.asRelativePath(document.uri)} has a fix.`);
    return;
  }
  if (!(await vscode.workspace.applyEdit(fixAll.edit))) void vscode.window.showWarningMessage('promagent: the file changed while its fixes were computed; run Fix All again.');
}

/** Restarts within this many milliseconds count against the limit. */
const restartWindowMs = 3 * 60_000;
const maxRestarts = 5;

/**
 * A server that dies is started again, up to five times in three minutes. The library's own handler shuts the client
 * down after three write errors: a server killed while requests are under way (the long-polled workspace diagnostics)
 * fails every pending write, and would then never come back.
 */
function restartingErrorHandler(): ErrorHandler {
  const restarts: number[] = [];
  return {
    error: () => ({ action: ErrorAction.Continue }),
    closed: () => {
      const now = Date.now();
      restarts.push(now);
      while (now - restarts[0] > restartWindowMs) restarts.shift();
      return restarts.length <= maxRestarts
        ? { action: CloseAction.Restart }
        : { action: CloseAction.DoNotRestart, message: `The promagent server stopped ${maxRestarts + 1} times in three minutes and is not started again: see the promagent output, then run "promagent: Restart Server".` };
    },
  };
}

/** See redHatYaml.ts: promagent's documents get their schema errors, completion and hover from promagent only. */
async function coexistWithRedHatYaml(output: vscode.LogOutputChannel): Promise<void> {
  const extension = vscode.extensions.getExtension<RedHatYamlApi | undefined>('redhat.vscode-yaml');
  if (!extension) return;
  try {
    const api = await extension.activate();
    if (api && registerContributor(api, (uri) => vscode.workspace.textDocuments.find((d) => d.uri.toString() === uri)?.getText())) {
      output.info('Registered with Red Hat YAML: it leaves schema checks of promagent-owned documents to promagent');
    }
  } catch (error) {
    output.warn(`Could not register with Red Hat YAML: ${error instanceof Error ? error.message : String(error)}`);
  }
}

export async function deactivate(): Promise<void> {
  await client?.stop();
  client = undefined;
}

import * as vscode from 'vscode';
import { LanguageClient, TransportKind, type LanguageClientOptions, type ServerOptions } from 'vscode-languageclient/node';
import { commandIds, languageClientId, normalizeSettings, settingsSection } from '../../shared/protocol';

let client: LanguageClient | undefined;

export async function activate(context: vscode.ExtensionContext): Promise<void> {
  const output = vscode.window.createOutputChannel('promagent', { log: true });
  const serverModule = context.asAbsolutePath('dist/server.js');
  const serverOptions: ServerOptions = {
    run: { module: serverModule, transport: TransportKind.ipc },
    debug: { module: serverModule, transport: TransportKind.ipc, options: { execArgv: ['--nolazy', '--inspect=6011'] } },
  };
  const clientOptions: LanguageClientOptions = {
    documentSelector: [
      { scheme: 'file', language: 'yaml' },
      { scheme: 'untitled', language: 'yaml' },
    ],
    synchronize: { configurationSection: settingsSection },
    initializationOptions: { settings: normalizeSettings(vscode.workspace.getConfiguration(settingsSection)) },
    outputChannel: output,
    traceOutputChannel: output,
  };
  client = new LanguageClient(languageClientId, 'promagent', serverOptions, clientOptions);
  context.subscriptions.push(
    output,
    vscode.commands.registerCommand(commandIds.restartServer, async () => {
      output.appendLine('Restarting the promagent language server');
      await client?.restart();
    }),
    vscode.commands.registerCommand(commandIds.showOutput, () => output.show(true)),
  );
  await client.start();
}

export async function deactivate(): Promise<void> {
  await client?.stop();
  client = undefined;
}

import * as vscode from 'vscode';
import type { LanguageClient } from 'vscode-languageclient/node';
import { renderPreviewMethod, type RenderPreviewParams, type RenderPreviewResult } from '../../shared/protocol';

/**
 * Rendered manifests as read-only virtual YAML documents beside the editor (rust-analyzer's model for expansions).
 * A preview URI names its source file and line; it re-renders, debounced, as any YAML document is edited: what an
 * agent renders also depends on other files (the ServiceMonitors it selects, the pods that ask for its sidecar).
 */
export const previewScheme = 'promagent-preview';
const refreshDelayMs = 300;

export class PreviewProvider implements vscode.TextDocumentContentProvider, vscode.Disposable {
  private readonly changed = new vscode.EventEmitter<vscode.Uri>();
  readonly onDidChange = this.changed.event;
  private readonly open = new Map<string, vscode.Uri>();
  private readonly timers = new Map<string, NodeJS.Timeout>();
  private readonly subscriptions: vscode.Disposable[];

  constructor(private readonly client: () => LanguageClient | undefined) {
    this.subscriptions = [
      vscode.workspace.onDidChangeTextDocument((event) => this.yamlChanged(event.document)),
      vscode.workspace.onDidCloseTextDocument((document) => {
        if (document.uri.scheme === previewScheme) this.open.delete(document.uri.toString());
      }),
    ];
  }

  static uriFor(source: vscode.Uri, line: number): vscode.Uri {
    const name = source.path.split('/').pop() ?? 'manifest.yaml';
    const query = new URLSearchParams({ source: source.toString(), line: String(line) }).toString();
    return vscode.Uri.from({ scheme: previewScheme, path: `/rendered ${name}`, query });
  }

  async provideTextDocumentContent(uri: vscode.Uri): Promise<string> {
    const query = new URLSearchParams(uri.query);
    const source = query.get('source') ?? '';
    this.open.set(uri.toString(), uri);
    const client = this.client();
    if (!client) return '# promagent: the language server is not running\n';
    const params: RenderPreviewParams = { uri: source, line: Number(query.get('line') ?? 0) };
    const result = await client.sendRequest<RenderPreviewResult>(renderPreviewMethod, params);
    return result.text;
  }

  private yamlChanged(document: vscode.TextDocument): void {
    if (document.uri.scheme === previewScheme || (document.languageId !== 'yaml' && !/\.ya?ml$/i.test(document.uri.path))) return;
    for (const uri of this.open.values()) {
      clearTimeout(this.timers.get(uri.toString()));
      this.timers.set(uri.toString(), setTimeout(() => this.changed.fire(uri), refreshDelayMs));
    }
  }

  dispose(): void {
    for (const timer of this.timers.values()) clearTimeout(timer);
    this.changed.dispose();
    for (const subscription of this.subscriptions) subscription.dispose();
  }
}

/**
 * Opens the preview of the manifest at `line` (the cursor's, from the palette) beside the editor; with `job`, scrolled
 * to that scrape job of the generated configuration (a monitor's CodeLens asks for its own).
 */
export async function showPreview(source?: vscode.Uri, line?: number, job?: string): Promise<void> {
  const editor = vscode.window.activeTextEditor;
  const uri = source ?? editor?.document.uri;
  if (!uri) {
    void vscode.window.showInformationMessage('promagent: open a YAML manifest to preview what the operator renders from it.');
    return;
  }
  const previewUri = PreviewProvider.uriFor(uri, line ?? editor?.selection.active.line ?? 0);
  const document = await vscode.workspace.openTextDocument(previewUri);
  await vscode.languages.setTextDocumentLanguage(document, 'yaml');
  const jobLine = job === undefined ? -1 : document.getText().split('\n').findIndex((text) => text.trim() === `- job_name: ${job}`);
  const at = jobLine === -1 ? undefined : new vscode.Range(jobLine, 0, jobLine, 0);
  await vscode.window.showTextDocument(document, { viewColumn: vscode.ViewColumn.Beside, preview: false, preserveFocus: true, selection: at });
}

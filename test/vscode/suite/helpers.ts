import * as vscode from 'vscode';

export const extensionId = 'promagent.promagent';
export const diagnosticSource = 'promagent';

/** The folder the test window opened: a scratch copy of examples/. */
export function examplesFolder(): vscode.Uri {
  const folder = vscode.workspace.workspaceFolders?.[0];
  if (!folder) throw new Error('the test window has no folder open: open a copy of examples/ with the suite');
  return folder.uri;
}

export function promagentDiagnostics(uri: vscode.Uri): vscode.Diagnostic[] {
  return vscode.languages.getDiagnostics(uri).filter((d) => d.source === diagnosticSource);
}

/** A diagnostic as `line code` (1-based line), the form `# expect:` comments are compared in. */
export function lineAndCode(diagnostic: vscode.Diagnostic): string {
  const code = typeof diagnostic.code === 'object' ? diagnostic.code.value : diagnostic.code;
  return `${diagnostic.range.start.line + 1} ${code}`;
}

/**
 * The promagent diagnostics of `uri` once `done` accepts them, or as they are after `timeoutMs`: the caller asserts,
 * so a timeout reads as a diff, not as a bare "timed out".
 */
export async function settledDiagnostics(uri: vscode.Uri, done: (diagnostics: vscode.Diagnostic[]) => boolean, timeoutMs = 15_000): Promise<vscode.Diagnostic[]> {
  const deadline = Date.now() + timeoutMs;
  while (!done(promagentDiagnostics(uri)) && Date.now() < deadline) {
    await new Promise<void>((resolve) => {
      const timer = setTimeout(finish, Math.min(250, Math.max(deadline - Date.now(), 0)));
      const subscription = vscode.languages.onDidChangeDiagnostics((event) => {
        if (event.uris.some((changed) => changed.toString() === uri.toString())) finish();
      });
      function finish() {
        clearTimeout(timer);
        subscription.dispose();
        resolve();
      }
    });
  }
  return promagentDiagnostics(uri);
}

/** What the Problems panel lists: a hint shows only as dots under its text, never as a row. */
export const listedInProblems = (diagnostics: vscode.Diagnostic[]) => diagnostics.filter((d) => d.severity !== vscode.DiagnosticSeverity.Hint);

/** settledDiagnostics of what the Problems panel lists (no hints, such as the wiring suggestions of an untitled agent). */
export async function settledProblems(uri: vscode.Uri, done: (diagnostics: vscode.Diagnostic[]) => boolean, timeoutMs?: number): Promise<vscode.Diagnostic[]> {
  return listedInProblems(await settledDiagnostics(uri, (all) => done(listedInProblems(all)), timeoutMs));
}

/** Polls `probe` until `accept` takes its value or `timeoutMs` passes, and returns the last value: the caller asserts. */
export async function poll<T>(probe: () => Thenable<T> | T, accept: (value: T) => boolean, timeoutMs = 10_000): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  let value = await probe();
  while (!accept(value) && Date.now() < deadline) {
    await new Promise((resolve) => setTimeout(resolve, 200));
    value = await probe();
  }
  return value;
}

/** How many untitled documents the suite has opened: each gets a name of its own. */
let untitledCount = 0;

/**
 * Opens YAML in an untitled editor, as a user pasting a manifest would. Each has a name never used before in the
 * window: VS Code restores an untitled name's backup into the next document given that name, so a document opened
 * as Untitled-1 just after another Untitled-1 was discarded could hold the discarded one's text.
 */
export async function showUntitledYaml(content: string): Promise<vscode.TextEditor> {
  const uri = vscode.Uri.from({ scheme: 'untitled', path: `promagent-test-${Date.now()}-${++untitledCount}.yaml` });
  const document = await vscode.languages.setTextDocumentLanguage(await vscode.workspace.openTextDocument(uri), 'yaml');
  const editor = await vscode.window.showTextDocument(document);
  await editor.edit((builder) => builder.insert(new vscode.Position(0, 0), content));
  if (document.getText() !== content) throw new Error(`the new untitled document ${document.uri} holds another text: ${JSON.stringify(document.getText())}`);
  return editor;
}

/** Closes the active editor without a save prompt. */
export async function discardActiveEditor(): Promise<void> {
  await vscode.commands.executeCommand('workbench.action.revertAndCloseActiveEditor');
}

/** A PrometheusAgent whose spec holds `spec` (indented two spaces per level, as written). */
export function agentManifest(spec: string): string {
  return [
    'apiVersion: monitoring.coreos.com/v1alpha1',
    'kind: PrometheusAgent',
    'metadata:',
    '  name: agent',
    '  namespace: monitoring',
    'spec:',
    ...spec.split('\n').map((line) => `  ${line}`),
    '',
  ].join('\n');
}

// Edit → diagnostics and hover latency over a real LSP connection, promagent's and yaml-language-server's, on the
// bench's generated manifests. Each measure comes back as a table row with its target.
import { spawn } from 'node:child_process';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import {
  createProtocolConnection, StreamMessageReader, StreamMessageWriter, type Diagnostic, type ProtocolConnection,
} from 'vscode-languageserver-protocol/node';
import { TestClient } from '../../test/support/lsp';
import type { Row } from './row';


export interface Percentiles {
  p50: number;
  p95: number;
}

function percentiles(samples: number[]): Percentiles {
  const sorted = [...samples].sort((a, b) => a - b);
  const at = (p: number) => sorted[Math.min(sorted.length - 1, Math.ceil((p / 100) * sorted.length) - 1)];
  return { p50: at(50), p95: at(95) };
}

const f = (n: number) => n.toFixed(1);
const shown = ({ p50, p95 }: Percentiles) => `p50 ${f(p50)} / p95 ${f(p95)} ms`;

/** The lines of `text` an edit or a hover lands on: an agent's scrapeInterval, spread over the file. */
function scrapeIntervalLines(text: string): { lines: string[]; targets: number[] } {
  const lines = text.split('\n');
  return { lines, targets: lines.flatMap((line, i) => (/^ {2}scrapeInterval: /.test(line) ? [i] : [])) };
}

/** Types a space at the end of a scrapeInterval line, `edits` times across the file, and times edit → fresh diagnostics. */
export async function promagentEdits(text: string, edits: number): Promise<Percentiles> {
  const client = await TestClient.start();
  const uri = 'file:///bench/edited.yaml';
  await client.open(uri, text);
  await client.pullDiagnostics(uri);
  const { lines, targets } = scrapeIntervalLines(text);
  const samples: number[] = [];
  for (let i = 0; i < edits; i++) {
    const line = targets[(i * 7919) % targets.length];
    const started = performance.now();
    await client.edit(uri, { line, character: lines[line].length }, { line, character: lines[line].length }, ' ');
    lines[line] += ' ';
    await client.pullDiagnostics(uri);
    samples.push(performance.now() - started);
  }
  await client.stop();
  return percentiles(samples);
}

/** Hovers on scrapeInterval keys across the file, after a first hover that loads yaml-language-server. */
export async function promagentHovers(text: string, hovers: number): Promise<Percentiles> {
  const client = await TestClient.start();
  const uri = 'file:///bench/hovered.yaml';
  await client.open(uri, text);
  await client.pullDiagnostics(uri);
  const { targets } = scrapeIntervalLines(text);
  await client.hover(uri, { line: targets[0], character: 4 });
  const samples: number[] = [];
  for (let i = 0; i < hovers; i++) {
    const started = performance.now();
    const hover = await client.hover(uri, { line: targets[(i * 7919) % targets.length], character: 4 });
    samples.push(performance.now() - started);
    if (!hover) throw new Error('the benchmark hovers where promagent has an answer: it gave none');
  }
  await client.stop();
  return percentiles(samples);
}

/** yaml-language-server's validation delay: it validates a document this long after the last change, fixed in its code. */
export const yamlLanguageServerDebounceMs = 200;

/**
 * yaml-language-server as its users run it: its own server over stdio, the PrometheusAgent schema mapped to the file
 * with `yaml.schemas`, the schema store and CRD store off. Each edit is timed to the diagnostics it publishes for it.
 */
export async function yamlLanguageServerEdits(text: string, edits: number, schemaPath: string): Promise<Percentiles> {
  const folder = mkdtempSync(join(tmpdir(), 'promagent-bench-ysl-'));
  const file = join(folder, 'edited.yaml');
  writeFileSync(file, text);
  const uri = pathToFileURL(file).toString();
  const server = spawn(process.execPath, [require.resolve('yaml-language-server/bin/yaml-language-server'), '--stdio'], { stdio: ['pipe', 'pipe', 'ignore'] });
  const connection: ProtocolConnection = createProtocolConnection(new StreamMessageReader(server.stdout), new StreamMessageWriter(server.stdin));
  const settings = { yaml: { validate: true, hover: false, completion: false, schemas: { [pathToFileURL(schemaPath).toString()]: '*.yaml' }, schemaStore: { enable: false }, kubernetesCRDStore: { enable: false }, yamlVersion: '1.1' } };
  let published: { version?: number; resolve: () => void } | undefined;
  connection.onNotification('textDocument/publishDiagnostics', (params: { uri: string; version?: number; diagnostics: Diagnostic[] }) => {
    if (params.uri === uri && published && (params.version === undefined || params.version === published.version)) published.resolve();
  });
  connection.onRequest('workspace/configuration', (params: { items: { section?: string }[] }) => params.items.map((item) => (item.section === 'yaml' ? settings.yaml : null)));
  connection.onRequest('client/registerCapability', () => null);
  connection.listen();
  await connection.sendRequest('initialize', { processId: process.pid, rootUri: pathToFileURL(folder).toString(), capabilities: { workspace: { configuration: true } } });
  await connection.sendNotification('initialized', {});
  await connection.sendNotification('workspace/didChangeConfiguration', { settings });
  const nextDiagnostics = (version: number) => new Promise<void>((resolve) => { published = { version, resolve }; });
  let version = 1;
  const opened = nextDiagnostics(version);
  await connection.sendNotification('textDocument/didOpen', { textDocument: { uri, languageId: 'yaml', version, text } });
  await opened;
  const { lines, targets } = scrapeIntervalLines(text);
  const samples: number[] = [];
  for (let i = 0; i < edits; i++) {
    const line = targets[(i * 7919) % targets.length];
    const position = { line, character: lines[line].length };
    lines[line] += ' ';
    const diagnosed = nextDiagnostics(++version);
    const started = performance.now();
    await connection.sendNotification('textDocument/didChange', { textDocument: { uri, version }, contentChanges: [{ range: { start: position, end: position }, text: ' ' }] });
    await diagnosed;
    samples.push(performance.now() - started);
  }
  await connection.sendRequest('shutdown');
  await connection.sendNotification('exit');
  connection.dispose();
  server.kill();
  return percentiles(samples);
}

/** Every latency row: promagent at 20k and 200k lines beside its targets, and yaml-language-server on the 20k lines. */
export async function latencyRows(texts: { big: string; huge: string }, schemaPath: string): Promise<{ rows: Row[]; results: Record<string, Percentiles> }> {
  const edit20k = await promagentEdits(texts.big, 200);
  const edit200k = await promagentEdits(texts.huge, 100);
  const hover20k = await promagentHovers(texts.big, 100);
  const hover200k = await promagentHovers(texts.huge, 100);
  const ysl20k = await yamlLanguageServerEdits(texts.big, 20, schemaPath);
  const rows: Row[] = [
    { measure: 'edit → fresh diagnostics over LSP, 20k lines', result: shown(edit20k), target: 'p95 ≤ 10 ms', met: edit20k.p95 <= 10 },
    {
      measure: 'edit → fresh diagnostics over LSP, 200k lines', result: shown(edit200k), target: 'p95 ≤ 15 ms and ≤ 2× the 20k p95',
      met: edit200k.p95 <= 15 && edit200k.p95 <= 2 * edit20k.p95, note: `${(edit200k.p95 / edit20k.p95).toFixed(2)}× the 20k p95`,
    },
    { measure: 'hover over LSP, 20k lines (after the first)', result: shown(hover20k), target: 'p95 ≤ 20 ms', met: hover20k.p95 <= 20 },
    { measure: 'hover over LSP, 200k lines (after the first)', result: shown(hover200k), target: 'p95 ≤ 30 ms', met: hover200k.p95 <= 30 },
    {
      measure: 'yaml-language-server edit → published diagnostics over LSP, 20k lines', result: shown(ysl20k),
      note: `its fixed ${yamlLanguageServerDebounceMs} ms validation delay included (without it: p50 ${f(ysl20k.p50 - yamlLanguageServerDebounceMs)} ms); promagent's p50 is ${f(edit20k.p50)} ms, answered on request, no delay`,
    },
  ];
  return { rows, results: { edit20k, edit200k, hover20k, hover200k, yamlLanguageServerEdit20k: ysl20k } };
}

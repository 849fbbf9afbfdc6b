// The language server's memory, over a real LSP stdio connection to the built server (issue #22's targets): what it
// holds with a large file open, what editing and hovering add, and what it keeps of files it no longer has open.
import { readFileSync } from 'node:fs';
import { TestClient } from '../../test/support/lsp';
import { manifest } from './generate';
import type { Row } from './row';

/** A row of the benchmark's table, with the figure itself for bench/results.json. */
export type MemoryRow = Row & { value: number };

/** Resident memory of the server process, in MB. */
function rss(client: TestClient): number {
  return Number(/VmRSS:\s+(\d+)/.exec(readFileSync(`/proc/${client.process.pid}/status`, 'utf8'))?.[1] ?? 0) / 1024;
}

/**
 * Resident memory once the server has been idle for three seconds, as a user sees it between bursts of typing: the
 * server collects garbage when it falls idle (server/src/node/idleCollector.ts, which looks every second).
 */
async function settledRss(client: TestClient): Promise<number> {
  await new Promise((resolve) => setTimeout(resolve, 3_000));
  return rss(client);
}

const mb = (n: number) => `${n.toFixed(1)} MB`;
const grown = (n: number) => `${n >= 0 ? '+' : ''}${n.toFixed(1)} MB`;

function row(measure: string, value: number, result: string, limit: number | undefined, note: string): MemoryRow {
  return { measure, result, target: limit === undefined ? undefined : `≤ ${limit} MB`, met: limit === undefined ? undefined : value <= limit, note: note || undefined, value };
}

/**
 * Edits spread over a file's documents, each followed by a diagnostics pull as an editor sends it: each edit appends
 * a character to an object's name, so the document's text and the workspace index change every time.
 */
async function renameObjects(client: TestClient, uri: string, text: string, edits: number): Promise<void> {
  const lines = text.split('\n');
  const names = lines.flatMap((line, i) => (/^ {2}name: /.test(line) ? [i] : []));
  for (let i = 0; i < edits; i++) {
    const line = names[(i * 7919) % names.length];
    await client.edit(uri, { line, character: lines[line].length }, { line, character: lines[line].length }, 'x');
    lines[line] += 'x';
    await client.pullDiagnostics(uri);
  }
}

/** Hovers on the `spec:` key's first field of `count` PrometheusAgents spread over the file (schema hovers). */
async function hoverAgents(client: TestClient, uri: string, text: string, count: number): Promise<void> {
  const lines = text.split('\n');
  const agents = lines.flatMap((line, i) => (line === 'kind: PrometheusAgent' ? [i] : []));
  for (let i = 0; i < count; i++) {
    const agent = agents[Math.floor((i * agents.length) / count)];
    const spec = lines.indexOf('spec:', agent);
    await client.hover(uri, { line: spec + 1, character: 3 });
  }
}

/** Resident memory once `text` is open and checked, right after `edits` renames across it, and once idle after them. */
async function openedThenEdited(client: TestClient, uri: string, text: string, edits: number): Promise<{ opened: number; editing: number; edited: number }> {
  await client.open(uri, text);
  await client.pullDiagnostics(uri);
  const opened = await settledRss(client);
  await renameObjects(client, uri, text, edits);
  const editing = rss(client);
  return { opened, editing, edited: await settledRss(client) };
}

/**
 * Start-up, then the 20k-line manifest: resident memory once it is checked, growth over 200 edits spread over its
 * documents, and resident memory after hovers in ten of its agents (the first loads yaml-language-server).
 */
export async function largeFileMemory(): Promise<MemoryRow[]> {
  const small = manifest(2_000, 43);
  const big = manifest(20_000);
  const started = performance.now();
  const client = await TestClient.start();
  await client.open('file:///bench/small.yaml', small);
  await client.pullDiagnostics('file:///bench/small.yaml');
  const firstDiagnostics = performance.now() - started;
  const uri = 'file:///bench/big.yaml';
  const { opened, editing, edited } = await openedThenEdited(client, uri, big, 200);
  await hoverAgents(client, uri, big, 10);
  const hovering = rss(client);
  const hovered = await settledRss(client);
  await client.stop();
  return [
    row('server start → first diagnostics (2k lines)', firstDiagnostics, `${firstDiagnostics.toFixed(1)} ms`, undefined, ''),
    row('server RSS with the 20k-line file open', opened, mb(opened), 110, 'idle 3 s after its first diagnostics'),
    row('server RSS growth over 200 edits spread over the 20k-line file', edited - opened, grown(edited - opened), 15,
      `each renames an object; idle 3 s after the last; ${grown(editing - opened)} right after it`),
    row('server RSS after hovers in 10 agents of the 20k-line file', hovered, mb(hovered), 130,
      `after the edits; the first hover loads yaml-language-server; ${mb(hovering)} right after the last`),
  ];
}

/** The 200k-line manifest: resident memory once it is checked, and growth over 100 edits spread over its documents. */
export async function hugeFileMemory(): Promise<MemoryRow[]> {
  const huge = manifest(200_000);
  const client = await TestClient.start();
  const { opened, editing, edited } = await openedThenEdited(client, 'file:///bench/huge.yaml', huge, 100);
  await client.stop();
  return [
    row('server RSS with the 200k-line file open', opened, mb(opened), undefined, 'idle 3 s after its first diagnostics'),
    row('server RSS growth over 100 edits spread over the 200k-line file', edited - opened, grown(edited - opened), 30,
      `each renames an object; idle 3 s after the last; ${grown(editing - opened)} right after it`),
  ];
}

/**
 * Growth over 300 small files each opened, hovered, completed and closed, after 20 that warm the server up (and load
 * yaml-language-server): what the server keeps of files no longer open.
 */
export async function closedFilesMemory(): Promise<MemoryRow[]> {
  const text = manifest(60, 7);
  const agentLine = text.split('\n').findIndex((line) => line === 'kind: PrometheusAgent');
  const client = await TestClient.start();
  const visit = async (from: number, count: number) => {
    for (let i = from; i < from + count; i++) {
      const uri = `file:///bench/closed-${i}.yaml`;
      await client.open(uri, text);
      await client.pullDiagnostics(uri);
      await client.hover(uri, { line: agentLine + 8, character: 3 });
      await client.complete(uri, { line: agentLine + 8, character: 2 });
      await client.close(uri);
    }
  };
  await visit(0, 20);
  const warm = await settledRss(client);
  await visit(20, 300);
  const visiting = rss(client);
  const after = await settledRss(client);
  await client.stop();
  return [row('server RSS growth over 300 small files opened, hovered, completed, closed', after - warm, grown(after - warm), 30,
    `idle 3 s after 20 that warm it up (${mb(warm)}) and after the 300; ${grown(visiting - warm)} right after the last`)];
}

/** Every memory measurement, each on a server of its own. */
export async function memoryRows(): Promise<MemoryRow[]> {
  return [...await largeFileMemory(), ...await hugeFileMemory(), ...await closedFilesMemory()];
}

// `tsx scripts/bench/memory.ts` (after a build) measures memory alone.
if (require.main === module) {
  memoryRows().then((rows) => {
    for (const r of rows) console.log(`${r.measure}: ${r.result}${r.target ? ` (target ${r.target}: ${r.met ? 'met' : 'NOT met'})` : ''}${r.note ? `; ${r.note}` : ''}`);
  }, (error) => {
    console.error(error);
    process.exit(1);
  });
}

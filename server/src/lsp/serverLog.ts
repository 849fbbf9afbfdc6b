import type { RemoteConsole } from 'vscode-languageserver/node';
import type { Finding } from '../engine';

/** A request that takes longer than this is named in the log, with the file it was about. */
const slowRequestMs = 500;

/**
 * What the server tells the client's log (`window/logMessage`, the "promagent" output channel in VS Code): what it
 * runs with, what it read, which rule failed on which file, which request was slow.
 */
export class ServerLog {
  private readonly failuresSeen = new Set<string>();

  constructor(private readonly console: RemoteConsole) {}

  info(message: string): void {
    this.console.info(message);
  }

  warn(message: string): void {
    this.console.warn(message);
  }

  /** Each `promagent/rule-failed` finding, once per file and message: a failed rule is a bug to report. */
  ruleFailures(uri: string, findings: readonly Finding[]): void {
    for (const finding of findings) {
      if (finding.code !== 'promagent/rule-failed') continue;
      const entry = `${uri}:${finding.range.start.line + 1}: ${finding.message}`;
      if (this.failuresSeen.has(entry)) continue;
      this.failuresSeen.add(entry);
      this.console.error(`Rule failed: ${entry}`);
    }
  }

  /** Runs `work` (what a request does, not what it waits for) and names it when it was slow. */
  timed<T>(what: string, uri: string | undefined, work: () => T): T {
    const start = performance.now();
    const report = () => {
      const ms = performance.now() - start;
      if (ms > slowRequestMs) this.console.warn(`Slow request: ${what} took ${Math.round(ms)} ms${uri ? ` (${uri})` : ''}`);
    };
    const result = work();
    if (result instanceof Promise) return result.finally(report) as T;
    report();
    return result;
  }
}

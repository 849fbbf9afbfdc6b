import type { RenderContext } from '../context';

/**
 * Whether the Prometheus the agent runs is new enough for `what`; when not, the operator drops it with only a log
 * line (`ignoring "…" not supported by Prometheus`), and the notes say so.
 */
export function gated(context: RenderContext, minimum: string, what: string): boolean {
  if (context.atLeast(minimum)) return true;
  context.notes.add(`${what}: needs Prometheus ${minimum} or newer; the operator drops it with ${context.version}`);
  return false;
}

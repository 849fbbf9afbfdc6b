import { printConfigs, printRendering, renderAllAgents, type CheckOptions, type Workspace } from '../engine';

export type RenderFormat = 'yaml' | 'json';

export interface RenderOutput {
  stdout: string;
  stderr: string;
  exitCode: number;
}

/**
 * `promagent render`: every PrometheusAgent of the workspace as the objects the operator would create — a YAML
 * stream `kubectl apply -f -` takes (what could not be used in each header), one JSON array, or with `configOnly`
 * the generated prometheus.yml files. Exit 1 when the paths hold no PrometheusAgent.
 */
export function renderCommand(workspace: Workspace, options: CheckOptions, format: RenderFormat, configOnly: boolean): RenderOutput {
  const renderings = renderAllAgents(workspace, options);
  if (renderings.length === 0) return { stdout: '', stderr: 'promagent: no PrometheusAgent found in the paths given\n', exitCode: 1 };
  // YAML streams carry the notes in their header comments; the other outputs leave them on stderr.
  const stderr = format === 'yaml' && !configOnly ? '' : renderings
    .flatMap((r) => r.notes.map((note) => `promagent: ${r.agent.namespace}/${r.agent.name}: ${note}\n`)).join('');
  if (configOnly) return { stdout: renderings.map(printConfigs).filter((text) => text).join('---\n'), stderr, exitCode: 0 };
  if (format === 'json') return { stdout: `${JSON.stringify(renderings.flatMap((r) => r.objects), null, 2)}\n`, stderr, exitCode: 0 };
  return { stdout: renderings.map(printRendering).join('---\n'), stderr, exitCode: 0 };
}

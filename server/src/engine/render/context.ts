import type { CheckOptions } from '../types';
import { atLeast, parseVersion } from '../util/version';
import type { AgentEntry } from '../model/workspaceIndex';
import type { Workspace } from '../workspace';
import { operatorRelease } from '../model/operator';
import { specDefaults } from './defaults';
import { Fields } from './fields';
import { Notes } from './notes';
import { SecretStore } from './secretStore';

export type RenderMode = 'StatefulSet' | 'DaemonSet' | 'Sidecar';

/** What every part of the renderer reads: the agent, its spec, the Prometheus version it runs, and the notes. */
export interface RenderContext {
  agent: AgentEntry;
  workspace: Workspace;
  name: string;
  namespace: string;
  /** The agent's own labels and annotations. */
  metadata: Fields;
  spec: Fields;
  mode: RenderMode;
  /** spec.version as written, else the configured default: the image tag. */
  version: string;
  /** The version as the operator parses it, `3.13.2`: the `app.kubernetes.io/version` label. */
  semver: string;
  v3: boolean;
  atLeast(minimum: string): boolean;
  /** Shards as the operator normalises them: below 1 is 1; always 1 outside StatefulSet mode. */
  shards: number;
  portName: string;
  routePrefix: string;
  notes: Notes;
  store: SecretStore;
}

export function renderContext(agent: AgentEntry, workspace: Workspace, options: CheckOptions): RenderContext {
  const notes = new Notes();
  const document = agent.document.yaml.value as { metadata?: unknown; spec?: unknown } | null;
  const yamlErrors = agent.document.yaml.problems.filter((problem) => problem.isError).length;
  if (yamlErrors) notes.add(`the document has ${yamlErrors} YAML error${yamlErrors === 1 ? '' : 's'}; rendered from what could be read`);
  if (document?.spec !== undefined && document.spec !== null && (typeof document.spec !== 'object' || Array.isArray(document.spec))) {
    notes.add('spec: expected a mapping; rendered with the operator\'s defaults');
  }
  if (!agent.name) notes.add('metadata.name is missing; the objects are named as for an empty name');
  const spec = new Fields(document?.spec ?? {}, 'spec', notes);
  const metadata = new Fields(document?.metadata ?? {}, 'metadata', notes);
  const { version, semver } = prometheusVersion(spec, options, notes);
  const mode = renderMode(spec, notes);
  const shards = mode === 'StatefulSet' ? Math.max(spec.integer('shards') ?? specDefaults.shards, 1) : 1;
  return {
    agent,
    workspace,
    name: agent.name,
    namespace: agent.namespace,
    metadata,
    spec,
    mode,
    version,
    semver,
    v3: atLeast(version, 'v3.0.0'),
    atLeast: (minimum) => atLeast(version, minimum),
    shards,
    portName: spec.string('portName') || specDefaults.portName,
    routePrefix: spec.string('routePrefix') || specDefaults.routePrefix,
    notes,
    store: new SecretStore(workspace, notes),
  };
}

function prometheusVersion(spec: Fields, options: CheckOptions, notes: Notes): { version: string; semver: string } {
  const written = spec.string('version')?.trim();
  const parsed = written ? parseVersion(written) : undefined;
  if (written && (!parsed || (parsed[0] !== 2 && parsed[0] !== 3))) {
    notes.add(`spec.version ${JSON.stringify(written)}: unsupported Prometheus version, the operator does not reconcile the agent; rendered with ${options.prometheusVersion}`);
  }
  const usable = written && parsed && (parsed[0] === 2 || parsed[0] === 3);
  const version = usable ? written : options.prometheusVersion;
  const [major, minor, patch] = (usable ? parsed : parseVersion(options.prometheusVersion)) ?? [3, 0, 0];
  return { version, semver: `${major}.${minor}.${patch}` };
}

function renderMode(spec: Fields, notes: Notes): RenderMode {
  const mode = spec.string('mode');
  if (mode === undefined || mode === 'StatefulSet' || mode === 'DaemonSet' || mode === 'Sidecar') return mode ?? operatorRelease.defaultAgentMode;
  notes.add(`spec.mode ${JSON.stringify(mode)} is not a mode (StatefulSet, DaemonSet, Sidecar); rendered as StatefulSet, the operator's default`);
  return operatorRelease.defaultAgentMode;
}

import type { CheckOptions } from '../types';
import { parseSemanticVersion, semanticAtLeast, semanticVersionText, type SemanticVersion } from '../util/version';
import type { AgentEntry } from '../model/workspaceIndex';
import type { Workspace } from '../workspace';
import { operatorRelease } from '../model/operator';
import { specDefaults } from './defaults';
import { Fields } from './fields';
import { Notes } from './notes';
import { SecretStore } from './secretStore';
import { topologySharding, type TopologySharding } from './topology';

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
  /** spec.version as written, else the configured default: what messages name. */
  version: string;
  /** The version as the operator parses it, `3.13.2` or `3.0.0-rc.0`: the `app.kubernetes.io/version` label and the image tag after `v`. */
  semver: string;
  /** Prometheus 3, by its major version (a `3.0.0-rc.0` runs with `--agent`). */
  v3: boolean;
  /** Whether the version is `minimum` or newer, a pre-release coming before its release. */
  atLeast(minimum: string): boolean;
  /** Shards as the operator normalises them: below 1 is 1; always 1 outside StatefulSet mode. */
  shards: number;
  /** Zone-aware sharding, when the spec asks for it (StatefulSet mode). */
  topology?: TopologySharding;
  portName: string;
  routePrefix: string;
  notes: Notes;
  store: SecretStore;
}

/** The largest value of an int32 field (spec.shards is one): past it, the API server refuses the object. */
const int32Max = 2 ** 31 - 1;

/** spec.shards as the operator reads it (at least 1); one, said in the notes, where the API server could not store it. */
function shardsOf(spec: Fields, notes: Notes): number {
  const written = spec.integer('shards') ?? specDefaults.shards;
  if (written <= int32Max) return Math.max(written, 1);
  notes.add(`spec.shards: ${written} does not fit the int32 the API server stores it in, and it refuses the agent; rendered with one shard`);
  return 1;
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
  const { version, parsed } = prometheusVersion(spec, options, notes);
  const mode = renderMode(spec, notes);
  const shards = mode === 'StatefulSet' ? shardsOf(spec, notes) : 1;
  return {
    agent,
    workspace,
    name: agent.name,
    namespace: agent.namespace,
    metadata,
    spec,
    mode,
    version,
    semver: semanticVersionText(parsed),
    v3: parsed.major === 3,
    atLeast: (minimum) => semanticAtLeast(parsed, minimum),
    shards,
    topology: mode === 'StatefulSet' ? topologySharding(spec) : undefined,
    portName: spec.string('portName') || specDefaults.portName,
    routePrefix: spec.string('routePrefix') || specDefaults.routePrefix,
    notes,
    store: new SecretStore(workspace, notes),
  };
}

/**
 * spec.version (blank: the configured default) as the operator parses it. A version it cannot parse, or whose major
 * version is neither 2 nor 3, is refused, so nothing is rendered; the context still holds the configured default.
 */
function prometheusVersion(spec: Fields, options: CheckOptions, notes: Notes): { version: string; parsed: SemanticVersion } {
  const written = spec.string('version');
  const fallback = { version: options.prometheusVersion, parsed: parseSemanticVersion(options.prometheusVersion) ?? parseSemanticVersion(operatorRelease.defaultPrometheusVersion)! };
  if (!written?.trim()) return fallback;
  const parsed = parseSemanticVersion(written);
  if (parsed && (parsed.major === 2 || parsed.major === 3)) return { version: written, parsed };
  notes.refuse(`spec.version: unsupported Prometheus version ${JSON.stringify(written)}`);
  return fallback;
}

function renderMode(spec: Fields, notes: Notes): RenderMode {
  const mode = spec.string('mode');
  if (mode === undefined || mode === 'StatefulSet' || mode === 'DaemonSet' || mode === 'Sidecar') return mode ?? operatorRelease.defaultAgentMode;
  notes.add(`spec.mode ${JSON.stringify(mode)} is not a mode (StatefulSet, DaemonSet, Sidecar); rendered as StatefulSet, the operator's default`);
  return operatorRelease.defaultAgentMode;
}

import { folderOf } from '../util/folderOf';
import { mayShareCluster } from './environments';
import type { Workspace } from '../workspace';
import type { PodEntry } from './workspaceIndex';
import { operatorRelease, type FeatureGate } from './operator';
import { isOperatorImage } from './operatorRelease';
import { passedWords, type Container } from './podTemplate';
import type { Path } from '../yaml/documents';

/** A container of the workspace running the prometheus-operator, and the file holding it. */
export interface OperatorContainer {
  uri: string;
  /** `Deployment monitoring/prometheus-operator`. */
  title: string;
  /** The kind and name of the object running it. */
  kind?: string;
  name: string;
  container: Container;
}

/**
 * The containers of the workspace whose image is the operator's; for the objects of the file `uri`, those beside it
 * when its folder holds some (applied with it), else those that may be in its cluster (see environments).
 */
export function operatorContainers(workspace: Workspace, uri?: string): OperatorContainer[] {
  const all = allOperatorContainers(workspace.index.pods());
  if (uri === undefined) return all;
  const beside = all.filter((operator) => folderOf(operator.uri) === folderOf(uri));
  return beside.length ? beside : all.filter((operator) => mayShareCluster(workspace, operator.uri, uri));
}

const operatorsOfPods = new WeakMap<readonly PodEntry[], OperatorContainer[]>();

/** Found once per list of the workspace's pods: every DaemonSet agent of a repository asks. */
function allOperatorContainers(pods: readonly PodEntry[]): OperatorContainer[] {
  let all = operatorsOfPods.get(pods);
  if (!all) {
    all = pods.flatMap(({ uri, template }) => template.containers
      .filter((container) => container.image !== undefined && isOperatorImage(container.image))
      .map((container) => ({ uri, title: template.ownerTitle, kind: template.document.kind, name: template.ownerName, container })));
    operatorsOfPods.set(pods, all);
  }
  return all;
}

/**
 * Whether the operators that reconcile an agent in the file `uri` (see operatorContainers) run with DaemonSet mode's
 * gate: `on` or `off` where each is seen to, with their titles; `unknown` where the workspace holds none, or they
 * differ, or one's flags cannot be read, or a kustomization building one patches it (an overlay turning the gate on).
 */
export function daemonSetGate(workspace: Workspace, uri: string): { state: 'on' | 'off' | 'unknown'; operators: string[] } {
  const operators = operatorContainers(workspace, uri);
  const states = new Set(operators.map((operator) => (workspace.index.mayPatch(operator.uri, operator.kind, operator.name) ? undefined : gateEnabled(operator.container, 'PrometheusAgentDaemonSet'))));
  const state = operators.length === 0 || states.size !== 1 ? 'unknown' : states.has(true) ? 'on' : states.has(false) ? 'off' : 'unknown';
  return { state, operators: [...new Set(operators.map((operator) => operator.title))] };
}

const gateReaders = new WeakMap<Workspace, () => string>();

/**
 * What every operator container of the workspace runs with, read again only when the pods change: one reader per
 * workspace, so the findings that watch it (every DaemonSet agent's) cost one read per edit.
 */
export function operatorGatesReader(workspace: Workspace): () => string {
  let read = gateReaders.get(workspace);
  if (!read) {
    let last: { pods: readonly unknown[]; value: string } | undefined;
    read = () => {
      const pods = workspace.index.pods();
      if (last?.pods !== pods) {
        const gates = operatorContainers(workspace).map((operator) => [operator.uri, operator.title, gateEnabled(operator.container, 'PrometheusAgentDaemonSet') ?? null]);
        last = { pods, value: JSON.stringify(gates) };
      }
      return last.value;
    };
    gateReaders.set(workspace, read);
  }
  return read;
}

/** A value of one of the operator's flags, as it parses it at start, and the entry of `command` or `args` holding it. */
export interface OperatorFlagArgument {
  value: string;
  path: Path;
}

/**
 * The values the operator parses at start for one flag (`feature-gates`), in order; undefined where promagent cannot
 * read them: a shell running a script, a `$(VAR)` known only when the pod runs, or the flag after a word Go's flag
 * package may stop at (it stops at the first word that is neither a flag nor a flag's value, and after `--`: which
 * words are values promagent cannot tell without the operator's flags).
 */
export function operatorFlagArguments(container: Container, flagName: string): OperatorFlagArgument[] | undefined {
  // The command's first word is the program (a shell running a script is not read); the image's entrypoint otherwise.
  const command = container.command ?? [];
  if (command.length > 0 && !(typeof command[0] === 'string' && /(^|\/)operator$/.test(command[0]))) return undefined;
  const written = passedWords(container);
  const found: OperatorFlagArgument[] = [];
  let maybeStopped = false;
  for (let i = 0; i < written.length; i++) {
    const word = written[i].text;
    if (word === undefined) return undefined;
    if (word === '--') break;
    if (!word.startsWith('-') || word === '-') {
      maybeStopped = true;
      continue;
    }
    const flag = word.replace(/^--?/, '');
    const [name, inline] = flag.includes('=') ? [flag.slice(0, flag.indexOf('=')), flag.slice(flag.indexOf('=') + 1)] : [flag, undefined];
    if (name !== flagName) continue;
    if (maybeStopped) return undefined;
    if (inline !== undefined) {
      found.push({ value: inline, path: written[i].path });
      continue;
    }
    const next = written[++i];
    if (next?.text === undefined) return undefined;
    found.push({ value: next.text, path: next.path });
  }
  return found;
}

/** The `--feature-gates` values the operator parses at start (see operatorFlagArguments). */
export const featureGatesArguments = (container: Container) => operatorFlagArguments(container, 'feature-gates');

/**
 * The namespaces where the operators of the cluster of the file `uri` keep the kubelet's Service
 * (`--kubelet-service=namespace/name`, the last one given), which is in no file; undefined where an operator's flags
 * cannot be read (see operatorFlagArguments).
 */
export function kubeletServiceNamespaces(workspace: Workspace, uri: string): string[] | undefined {
  const namespaces: string[] = [];
  for (const operator of allOperatorContainers(workspace.index.pods()).filter((candidate) => mayShareCluster(workspace, candidate.uri, uri))) {
    const values = operatorFlagArguments(operator.container, 'kubelet-service');
    if (!values) return undefined;
    const service = values.at(-1)?.value;
    if (service) namespaces.push(service.split('/')[0]);
  }
  return namespaces;
}

/**
 * A `--feature-gates` value read as k8s' MapStringBool.Set reads it: split at commas, an empty part skipped (a blank one
 * is not), each `name=bool` with Go's TrimSpace around both; its gates, or what makes the operator refuse it at start.
 */
export function featureGatePairs(value: string): { gates: { name: string; enabled: boolean }[] } | { refused: string } {
  const gates: { name: string; enabled: boolean }[] = [];
  for (const pair of value.split(',')) {
    if (pair.length === 0) continue;
    const at = pair.indexOf('=');
    if (at < 0) return { refused: `malformed pair ${JSON.stringify(pair)}, expect string=bool` };
    const name = goTrimSpace(pair.slice(0, at));
    const written = goTrimSpace(pair.slice(at + 1));
    const enabled = goBool(written);
    if (enabled === undefined) return { refused: `invalid value of ${name}: ${written}` };
    gates.push({ name, enabled });
  }
  return { gates };
}

/** Go's strings.TrimSpace: Unicode white space (U+0085 and U+00A0 among it; not U+FEFF, which JavaScript's trim takes). */
const goTrimSpace = (text: string) => text.replace(/^[\t\n\v\f\r \u0085\u00a0\u1680\u2000-\u200a\u2028\u2029\u202f\u205f\u3000]+|[\t\n\v\f\r \u0085\u00a0\u1680\u2000-\u200a\u2028\u2029\u202f\u205f\u3000]+$/g, '');

/**
 * Whether the operator runs with a feature gate on: its `--feature-gates` flags (k8s' MapStringBool: `A=true,B=false`,
 * repeated flags merged, the last value of a gate winning), else the gate's default. Undefined where promagent cannot
 * read them (see operatorFlagArguments), or the operator refuses them.
 */
export function gateEnabled(container: Container, gate: FeatureGate): boolean | undefined {
  const values = featureGatesArguments(container);
  if (!values) return undefined;
  let enabled: boolean = operatorRelease.featureGates[gate].enabledByDefault;
  for (const { value } of values) {
    const read = featureGatePairs(value);
    // A value the operator cannot read stops it at start: no gate of it is known then.
    if ('refused' in read) return undefined;
    for (const pair of read.gates) if (pair.name === gate) enabled = pair.enabled;
  }
  return enabled;
}

/** Go's strconv.ParseBool. */
function goBool(text: string): boolean | undefined {
  if (['1', 't', 'T', 'TRUE', 'true', 'True'].includes(text)) return true;
  if (['0', 'f', 'F', 'FALSE', 'false', 'False'].includes(text)) return false;
  return undefined;
}

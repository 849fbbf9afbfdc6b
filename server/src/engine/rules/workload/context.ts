import { isScalar, isSeq } from 'yaml';
import type { ClassifiedDocument } from '../../classify';
import { asBuilt, prometheusWorkloadsOf, type FlagArgument, type PrometheusWorkload } from '../../model/workloads';
import { nodeAt, type Path, type Span } from '../../yaml/documents';
import { replaceScalar, yamlString } from '../../yaml/edits';
import { appendItem } from '../../yaml/insertion';
import { locate } from '../../yaml/locate';
import { removeFix } from '../fixes';
import type { FixDraft, RuleContext } from '../rule';

/** The containers running Prometheus whose flags are checked: those a shell script passes stand inside one string. */
const checkedWorkloads = (document: ClassifiedDocument) => prometheusWorkloadsOf(document).filter((workload) => !workload.script);

/** Rules about a container running Prometheus apply to the Pods and pod templates that have one. */
export const runsPrometheus = (document: ClassifiedDocument) => checkedWorkloads(document).length > 0;

/** Workloads as what builds them runs them (see asBuilt): the images a kustomization sets for the document's file. */
const built = (context: RuleContext, workloads: PrometheusWorkload[]) => {
  const imagesSet = context.document.embedding ? undefined : context.workspace.index.imagesSetIn(context.file.uri);
  return workloads.map((workload) => asBuilt(workload, imagesSet));
};

/** The document's workloads whose flags are checked, as what builds them runs them. */
export const workloadsOf = (context: RuleContext) => built(context, checkedWorkloads(context.document));

/** Rules that also read the flags a shell script passes apply to every Pod and pod template running Prometheus. */
export const runsPrometheusAtAll = (document: ClassifiedDocument) => prometheusWorkloadsOf(document).length > 0;

/**
 * The document's workloads that run Prometheus from a shell script (`sh -c "exec prometheus …"`), as what builds them
 * runs them: a finding about one of their flags underlines the script, and no fix edits it.
 */
export const scriptedWorkloadsOf = (context: RuleContext) => built(context, prometheusWorkloadsOf(context.document).filter((workload) => workload.script));

/** The release the workload runs, when its image tag says. */
export const knownVersion = (workload: PrometheusWorkload) => ('version' in workload.version ? workload.version.version : undefined);

/** Where a finding about an argument goes: the entry holding the flag. */
export const argumentSpan = (context: RuleContext, flag: Pick<FlagArgument, 'path'>): Span => locate(context.document.yaml, context.lines, flag.path, 'value');

/** Replaces one entry of `command` or `args` by `replacement`, keeping its quoting style where it can. */
export function replaceEntryFix(context: RuleContext, path: Path, replacement: string, title: string): FixDraft[] {
  const node = entryNode(context, path);
  const edit = node ? replaceScalar(node, replacement, context.text) : undefined;
  return edit ? [{ title, edits: [edit], preferred: true }] : [];
}

/** The node of the entry of `command` or `args` at `path`, when the path reaches it. */
function entryNode(context: RuleContext, path: Path) {
  return nodeAt(context.document.yaml.ast.contents, path);
}

/** The entry of `command` or `args` at `path` as the YAML writes it: before the kubelet expands its `$(NAME)`s. */
export function entryAsWritten(context: RuleContext, path: Path): string | undefined {
  const node = entryNode(context, path);
  return isScalar(node) && typeof node.value === 'string' ? node.value : undefined;
}

/** Replaces the whole argument (the flag's entry, and drops a separate value entry) by `replacement`. */
export function replaceArgumentFix(context: RuleContext, flag: FlagArgument, replacement: string, title: string): FixDraft[] {
  const [fix] = replaceEntryFix(context, flag.path, replacement, title);
  const dropValue = flag.valuePath ? removeFix(context, flag.valuePath)[0]?.edits : [];
  return fix && dropValue ? [{ ...fix, edits: [...fix.edits, ...dropValue] }] : [];
}

/** Removes the entry holding the flag, and its value's entry in the `--name value` form. */
export function removeArgumentFix(context: RuleContext, flag: Pick<FlagArgument, 'path' | 'valuePath' | 'written'>, preferred = true): FixDraft[] {
  // The last of a container's args, with no command: `args: []` runs the image's own arguments, more than it names.
  const list = flag.path.slice(0, -1);
  const { yaml } = context.document;
  const command = yaml.dataAt([...list.slice(0, -1), 'command']);
  // An empty or null command is none: the image's entrypoint runs.
  if (list.at(-1) === 'args' && yaml.lengthAt(list) === (flag.valuePath ? 2 : 1) && !(Array.isArray(command) && command.length > 0)) return [];
  const edits = [flag.path, ...(flag.valuePath ? [flag.valuePath] : [])].map((path) => removeFix(context, path)[0]?.edits);
  return edits.every((edit) => edit !== undefined) ? [{ title: `Remove ${flag.written}`, edits: edits.flat(), preferred }] : [];
}

/**
 * Appends an argument to what the container passes Prometheus: at the end of its args, else of its command (the kubelet
 * runs the command, then the args: an entry between them could part a flag from its value). None where the list is
 * not a sequence with entries, or ends in a block scalar.
 */
export function appendArgumentFix(context: RuleContext, workload: PrometheusWorkload, argument: string, title: string, preferred = true): FixDraft[] {
  const { container } = workload;
  // After `--` kingpin reads every word as an argument, which Prometheus refuses.
  if ([...container.command ?? [], ...container.args ?? []].includes('--')) return [];
  const field = container.args?.length ? 'args' : container.command?.length ? 'command' : undefined;
  if (!field) return [];
  const list = [...container.path, field];
  const node = nodeAt(context.document.yaml.ast.contents, list);
  // Written as YAML reads it back: quoted where a `#`, `: ` or a flow indicator would cut it.
  const edit = isSeq(node) ? appendItem(context.text, context.lines, node, { entry: yamlString(argument), flowSafe: true }) : undefined;
  return edit ? [{ title, edits: [edit], preferred }] : [];
}

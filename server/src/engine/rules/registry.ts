import { agentRules } from './agent';
import { celRules } from './cel';
import { crdRules } from './crd';
import { metadataRules } from './metadata';
import { operatorRules } from './operator';
import { dataRules } from './data';
import { promConfigRules } from './promconfig';
import { sidecarRules } from './sidecar';
import type { Rule } from './rule';
import { wiringRules } from './wiring';
import { workloadRules } from './workload';
import { aliasExpansion, yamlRules } from './yaml';
import { maxNesting } from '../yaml/nesting';

/** A document whose aliases expand past go-yaml's bounds: it is not expanded, and not checked in full. */
export const aliasesTooMany = aliasExpansion.id;

/** Reported by the engine itself when a rule throws: the other rules' findings still arrive. */
export const ruleFailed = {
  id: 'promagent/rule-failed',
  severity: 'warning',
  docs: 'A rule failed on this document (a bug in promagent); the finding names the rule, the other rules still ran.',
} as const;

/** Reported by the engine on a Prometheus configuration whose release nothing says, when that kept a finding back. */
export const releaseUnknown = {
  id: 'promconfig/release-unknown',
  severity: 'information',
  docs: 'Nothing says which Prometheus release runs this configuration (no image tag on the container that runs it, no version on its `# promagent:` line, no `promagent.prometheusVersion`), and some releases refuse what others take: only what every release from the first with agent mode to the newest refuses is raised, and this says so once.',
} as const;

/** Reported by the engine on an object whose prometheus-operator release nothing says exactly, when that kept a finding back. */
export const operatorReleaseUnknown = {
  id: 'crd/release-unknown',
  severity: 'information',
  docs: 'Nothing in the workspace names the prometheus-operator release (no operator Deployment with a tagged image, no CRD annotation or release bundle, no `promagent.operatorVersion`), or names several that disagree (two operator Deployments, a kustomize overlay setting another tag), or a patch release whose CRDs promagent lacks, and some releases refuse what others take: only what every release it may be refuses is raised, and this says so once on the object.',
} as const;

/** Reported by the engine instead of any other finding for a file above the size bound. */
export const fileTooLarge = {
  id: 'promagent/file-too-large',
  severity: 'information',
  docs: 'A file larger than `promagent.maxFileSize` (default 5 MB) is not parsed or checked, so the editor never freezes on it.',
} as const;

/** Reported by the CLI, which reads bytes: an editor shows the file decoded, its bad bytes replaced. */
export const invalidUtf8 = {
  id: 'promagent/invalid-utf8',
  severity: 'error',
  docs: 'A file that is not valid UTF-8 (UTF-16 with a byte order mark is read as such): go-yaml refuses it, and so Prometheus a configuration file and kustomize a kustomization or a patch holding it (an error); kubectl reads the byte as U+FFFD and applies a manifest with that instead (a warning, which says kustomize refuses it where a kustomization may build it). `promagent fix` leaves such a file as it is: writing it back would change bytes it did not name.',
} as const;

/**
 * Reported by the CLI for a path it did not read, and by the editor for such a file of its workspace folders: only
 * regular files within the size bound are read.
 */
export const fileNotRead = {
  id: 'promagent/file-not-read',
  severity: 'warning',
  docs: 'A path the CLI did not read, or a file of the workspace folders the editor did not (with `promagent.diagnosticsScope` workspace): not a regular file (a FIFO or `/dev/stdin` would block it, a device such as `/dev/zero` would fill its memory), above the size bound (5 MB; `promagent.maxFileSize` in the editor), or not readable. `promagent check` exits 2.',
} as const;

/** Reported by the CLI for a Helm chart's template it was given: Go templates are not read as YAML. */
export const helmTemplate = {
  id: 'promagent/helm-template',
  severity: 'information',
  docs: 'A file in a Helm chart\'s `templates` (below its `Chart.yaml`) named on the command line, or met walking a folder given inside `templates`: a Go template, which kubectl never reads, is not checked; check what `helm template` renders instead, written to a file (`helm template chart > rendered.yaml`). A walk from above the chart leaves templates out without a word.',
} as const;

/** Reported by `promagent fix` for a file whose fixes it could not write: the file is left as it was. */
export const fileNotWritten = {
  id: 'promagent/file-not-written',
  severity: 'error',
  docs: '`promagent fix` left a file as it was: it is read-only, the disk is full, or it changed while fix ran. The other files are fixed; fix exits 2.',
} as const;

/** Reported by the engine for a document it does not parse because it nests too deep: the others are checked. */
export const nestingTooDeep = {
  id: 'promagent/nesting-too-deep',
  severity: 'warning',
  docs: `A document whose indentation plus open \`[\` and \`{\` passes ${maxNesting} (hundreds of levels) is not parsed or checked: parsing it could exhaust the stack.`,
} as const;

/**
 * Every rule, in the order findings are produced. The README's rule table is generated from this list. Each is copied
 * into one object shape: the engine reads the same few fields of every rule for every document.
 */
export const rules: readonly Rule[] = [...yamlRules, ...metadataRules, ...dataRules, ...crdRules, ...celRules, ...agentRules, ...sidecarRules, ...wiringRules, ...workloadRules, ...operatorRules, ...promConfigRules]
  .map(({ id, severity, docs, appliesTo, check, reads }): Rule => ({ id, severity, docs, appliesTo, check, reads }));

/** Every id a finding can carry, with its severity and docs: the rules, then the engine's own. */
export const ruleDescriptions = [...rules, ruleFailed, releaseUnknown, operatorReleaseUnknown, fileTooLarge, fileNotRead, helmTemplate, fileNotWritten, invalidUtf8, nestingTooDeep];

/**
 * The rules run on a manifest a kustomization lists as a strategic-merge patch: part of an object, merged into the
 * object it names. Each of these judges a value where it stands, which the merged object holds as written; the others
 * judge a whole object (what it lacks, which agent selects it, what its containers run) and are not run on a patch.
 */
export const patchRules: ReadonlySet<string> = new Set([
  ...yamlRules.map((rule) => rule.id),
  'metadata/string-value', 'metadata/label-syntax', 'data/value',
  'crd/unknown-kind', 'crd/api-version', 'crd/unknown-field', 'crd/type', 'crd/enum', 'crd/invalid-value', 'crd/duplicate-entry',
]);

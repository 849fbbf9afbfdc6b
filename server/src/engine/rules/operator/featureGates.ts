import { isScalar } from 'yaml';
import { operatorRelease } from '../../model/operator';
import { featureGatePairs, featureGatesArguments } from '../../model/operatorGates';
import { isOperatorImage } from '../../model/operatorRelease';
import { podTemplateOf } from '../../model/podTemplate';
import { imageRepository } from '../../model/prometheus';
import { nodeAt, type Path } from '../../yaml/documents';
import { locate } from '../../yaml/locate';
import type { FixDraft, Rule, RuleContext } from '../rule';

const knownGates = Object.keys(operatorRelease.featureGates);

/** The operator's containers of a Pod or pod template. */
const operatorContainersOf = (document: Parameters<Rule['appliesTo']>[0]) => podTemplateOf(document)?.containers
  .filter((container) => container.image !== undefined && isOperatorImage(container.image)) ?? [];

/** The gate's name in the entry at `path` written as the operator knows it: only its characters, where the entry writes them as they read. */
function renameGateFix(context: RuleContext, path: Path, name: string, known: string): FixDraft[] {
  const node = nodeAt(context.document.yaml.ast.contents, path);
  if (!node?.range || !isScalar(node) || node.anchor) return [];
  const [start, end] = node.range;
  const written = context.text.slice(start, end);
  const at = written.indexOf(name);
  if (at < 0 || written.indexOf(name, at + 1) >= 0) return [];
  return [{ title: `Use ${known}`, edits: [{ start: start + at, end: start + at + name.length, newText: known }], preferred: true }];
}

/** Whether the image is the release promagent models, tag and all (`v0.93.0-fork` may carry gates of its own). */
const isModelledRelease = (image: string) => image.split('@')[0].slice(imageRepository(image).length) === `:${operatorRelease.version}`;

export const featureGates: Rule = {
  id: 'operator/feature-gates',
  severity: 'error',
  docs: 'A `--feature-gates` value the prometheus-operator refuses at start, so it exits and reconciles nothing: a pair that is not `name=bool` (any release), or a gate name the release does not have (said for the release promagent models, whose gates it knows). Fix: the gate\'s name as the operator writes it, where only its case differs.',
  appliesTo: (document) => operatorContainersOf(document).length > 0,
  reads: () => 'index',
  check(context) {
    const index = context.document.embedding ? undefined : context.workspace.index;
    // A kustomization that patches the object may change its arguments: what runs is not what is written.
    if (index?.mayPatch(context.file.uri, context.document.kind, context.document.name)) return;
    for (const container of operatorContainersOf(context.document)) {
      const values = featureGatesArguments(container);
      if (!values) continue;
      const image = container.image!;
      // A kustomization that sets the image runs another release than the tag says.
      const retagged = index?.imagesSetIn(context.file.uri)?.some((setting) => setting.name === imageRepository(image));
      const modelled = !retagged && isModelledRelease(image);
      for (const { value, path } of values) {
        const read = featureGatePairs(value);
        const span = locate(context.document.yaml, context.lines, path, 'value');
        if ('refused' in read) {
          context.report({ span, message: `--feature-gates ${JSON.stringify(value)}: ${read.refused}: prometheus-operator exits at start and reconciles nothing` });
          continue;
        }
        if (!modelled) continue;
        for (const name of new Set(read.gates.map((gate) => gate.name))) {
          if (knownGates.includes(name)) continue;
          const known = knownGates.filter((gate) => gate.toLowerCase() === name.toLowerCase());
          context.report({
            span,
            message: `feature gate ${JSON.stringify(name)} is unknown to prometheus-operator ${operatorRelease.version} (its gates: ${knownGates.join(', ')}): it exits at start ("failed to update feature gates") and reconciles nothing`,
            fixes: known.length === 1 ? renameGateFix(context, path, name, known[0]) : [],
          });
        }
      }
    }
  },
};

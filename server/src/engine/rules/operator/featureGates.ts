import { operatorRelease } from '../../model/operator';
import { featureGatePairs, featureGatesArguments } from '../../model/operatorGates';
import { isOperatorImage } from '../../model/operatorRelease';
import { podTemplateOf } from '../../model/podTemplate';
import { imageRepository, imageVersion } from '../../model/prometheus';
import { walkPath, type Path } from '../../yaml/documents';
import { replaceScalar } from '../../yaml/edits';
import { locate } from '../../yaml/locate';
import type { FixDraft, Rule, RuleContext } from '../rule';

const knownGates = Object.keys(operatorRelease.featureGates);

/** The operator's containers of a Pod or pod template. */
const operatorContainersOf = (document: Parameters<Rule['appliesTo']>[0]) => podTemplateOf(document)?.containers
  .filter((container) => container.image !== undefined && isOperatorImage(container.image)) ?? [];

/** The entry at `path` with one gate's name written as the operator knows it; none where the entry is not that text. */
function renameGateFix(context: RuleContext, path: Path, value: string, name: string, known: string): FixDraft[] {
  const steps = walkPath(context.document.yaml.ast.contents, path);
  const node = steps.length === path.length ? steps[steps.length - 1].node : undefined;
  const written = node && 'value' in node && typeof node.value === 'string' ? node.value : undefined;
  // The entry as written must hold the value as parsed (no `$(VAR)` between them), the name once.
  if (written === undefined || !written.endsWith(value) || written.split(name).length !== 2) return [];
  const edit = replaceScalar(node!, written.replace(name, known), context.text);
  return edit ? [{ title: `Use ${known}`, edits: [edit], preferred: true }] : [];
}

export const featureGates: Rule = {
  id: 'operator/feature-gates',
  severity: 'error',
  docs: 'A `--feature-gates` value the prometheus-operator refuses at start, so it exits and reconciles nothing: a pair that is not `name=bool` (any release), or a gate name the release does not have (said for the release promagent models, whose gates it knows). Fix: the gate\'s name as the operator writes it, where only its case differs.',
  appliesTo: (document) => operatorContainersOf(document).length > 0,
  reads: () => 'index',
  check(context) {
    const imagesSet = context.document.embedding ? undefined : context.workspace.index.imagesSetIn(context.file.uri);
    for (const container of operatorContainersOf(context.document)) {
      const values = featureGatesArguments(container);
      if (!values) continue;
      const image = container.image!;
      const version = imageVersion(image);
      // A kustomization that sets the image runs another release than the tag says.
      const retagged = imagesSet?.some((setting) => setting.name === imageRepository(image));
      const modelled = !retagged && 'version' in version && version.version === operatorRelease.version;
      for (const { value, path } of values) {
        const read = featureGatePairs(value);
        const span = locate(context.document.yaml, context.lines, path, 'value');
        if ('refused' in read) {
          context.report({ span, message: `--feature-gates ${JSON.stringify(value)}: ${read.refused}: prometheus-operator exits at start and reconciles nothing` });
          continue;
        }
        if (!modelled) continue;
        for (const { name } of read.gates) {
          if (knownGates.includes(name)) continue;
          const known = knownGates.filter((gate) => gate.toLowerCase() === name.toLowerCase());
          context.report({
            span,
            message: `feature gate ${JSON.stringify(name)} is unknown to prometheus-operator ${operatorRelease.version} (its gates: ${knownGates.join(', ')}): it exits at start ("failed to update feature gates") and reconciles nothing`,
            fixes: known.length === 1 ? renameGateFix(context, path, value, name, known[0]) : [],
          });
        }
      }
    }
  },
};

import { stringify } from 'yaml';
import type { Tags } from 'yaml';
import { goYamlInteger } from '../yaml/documents';
import type { Json } from './fields';
import type { Rendering } from './types';

/**
 * Kubernetes and Prometheus read YAML 1.1, where `yes` and `on` are booleans: writing 1.1 quotes such strings, and
 * those go-yaml reads as integers besides (the tag promagent reads them with, which identifies no value it writes). Block style, sequences flush with their key, as the operator's Go YAML
 * writes them.
 */
const yamlOptions = {
  version: '1.1', indentSeq: false, lineWidth: 0, aliasDuplicateObjects: false, customTags: (tags: Tags) => [...tags, goYamlInteger],
} as const;

/** prometheus.yml text. */
export const configToYaml = (config: Json) => stringify(config, yamlOptions);

const comment = (lines: string[]) => lines.map((line) => `# ${line}`.trimEnd()).join('\n') + '\n';

/** The header of a rendering: what is modelled, what is always left out, and what could not be used. */
function header(rendering: Rendering): string {
  const { agent } = rendering;
  const lines = [
    `promagent render: PrometheusAgent ${agent.namespace}/${agent.name} (${agent.mode} mode)`,
    `Modelled: prometheus-operator v${rendering.operatorVersion}, Prometheus ${rendering.prometheusVersion}.`,
    'Left out: ownerReferences (they need the agent\'s uid) and the prometheus-operator-input-hash annotation.',
  ];
  const { target, differences } = rendering.target;
  if (differences) lines.push(`Target: ${target}; rendered as v${rendering.operatorVersion} renders it. Differences promagent knows of:`, ...differences.map((line) => `- ${line}`));
  else lines.push(`Target: ${target}.`);
  if (rendering.notes.length) lines.push('Could not use:', ...rendering.notes.map((note) => `- ${note}`));
  return comment(lines);
}

/** The objects as one YAML multi-document stream, under the header, that `kubectl apply -f -` accepts. */
export function printRendering(rendering: Rendering): string {
  const documents = rendering.objects.map((object) => stringify(object, yamlOptions));
  return header(rendering) + (documents.length ? documents.join('---\n') : '');
}

/** The generated prometheus.yml files, one YAML document each, named in a comment. */
export function printConfigs(rendering: Rendering): string {
  const { agent } = rendering;
  return rendering.configs
    .map((config) => comment([`${config.name}: prometheus.yml of PrometheusAgent ${agent.namespace}/${agent.name}`]) + config.yaml)
    .join('---\n');
}

import { stringify } from 'yaml';
import type { Tags } from 'yaml';
import type { Json } from './fields';
import type { Rendering } from './types';

/**
 * What go-yaml reads as an integer beyond YAML 1.1's forms: Go's prefixes in either case (`0o17`, `0X1F`, `0B11`,
 * strconv.ParseInt with base 0). A tag that only tells the writer to quote such strings: it writes no value.
 */
const goIntegers = { tag: 'tag:yaml.org,2002:int', default: true, test: /^[-+]?0[oObBxX][0-9a-fA-F_]+$/, resolve: (text: string) => text };

/**
 * Kubernetes and Prometheus read YAML 1.1, where `yes` and `on` are booleans: writing 1.1 quotes such strings, and
 * those go-yaml reads as integers besides. Block style, sequences flush with their key, as the operator's Go YAML
 * writes them.
 */
const yamlOptions = {
  version: '1.1', indentSeq: false, lineWidth: 0, aliasDuplicateObjects: false, customTags: (tags: Tags) => [...tags, goIntegers],
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

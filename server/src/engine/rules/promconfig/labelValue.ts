import { isMap, isPair } from 'yaml';
import type { Node } from 'yaml';
import type { Rule } from '../rule';
import { isPrometheusConfig } from './common';
import { invalidUtf8Quoted, spanOf } from './goYaml';
import { configUnits } from './units';

/**
 * An external label value that is not valid UTF-8: GlobalConfig's UnmarshalYAML checks every value (model.LabelValue
 * IsValid). A YAML file holds such bytes only through !!binary. Other label values are not checked while loading.
 */
export const labelValue: Rule = {
  id: 'promconfig/label-value',
  severity: 'error',
  docs: 'An external label value that is not valid UTF-8 (written with !!binary): `"\\xff" is not a valid label value`.',
  appliesTo: isPrometheusConfig,
  check(context) {
    const labels = configUnits(context)[0].global?.value('external_labels');
    if (!isMap(labels)) return;
    for (const pair of labels.items) {
      const quoted = isPair(pair) ? invalidUtf8Quoted(pair.value) : undefined;
      const span = spanOf(pair.value as Node);
      if (quoted && span) context.report({ span, message: `${quoted} is not a valid label value` });
    }
  },
};

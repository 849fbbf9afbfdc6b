import { operatorRefusals } from '../../model/operator';
import { locate } from '../../yaml/locate';
import type { Rule } from '../rule';
import { asRecord, isAgentOrServer, specOf } from './spec';

export const xorChunkEncoding: Rule = {
  id: 'agent/xor-chunk-encoding',
  severity: 'error',
  docs: `tsdb.chunkEncoding.floats \`Xor\` with \`${operatorRefusals.xorChunksIncompatibleFeature}\` in enableFeatures (XOR chunks store no start timestamps): the operator refuses the resource and creates nothing.`,
  appliesTo: isAgentOrServer,
  check(context) {
    const spec = specOf(context.document, ['PrometheusAgent', 'Prometheus'])!;
    const floats = asRecord(asRecord(spec.tsdb)?.chunkEncoding)?.floats;
    const feature = operatorRefusals.xorChunksIncompatibleFeature;
    if (floats !== 'Xor' || !Array.isArray(spec.enableFeatures) || !spec.enableFeatures.includes(feature)) return;
    context.report({
      span: locate(context.document.yaml, context.lines, ['spec', 'tsdb', 'chunkEncoding', 'floats'], 'value'),
      message: `chunk encoding "Xor" is incompatible with --enable-feature=${feature} (XOR chunks do not store start timestamps): the operator does not reconcile the resource`,
    });
  },
};

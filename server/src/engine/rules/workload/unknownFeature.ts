import { featureKnownUnknown, featureNames, featureSpec, flagMessage } from '../../model/prometheusFlags';
import { didYouMean } from '../../util/didYouMean';
import { featureList } from '../../model/workloads';
import type { Rule } from '../rule';
import { candidateVersions, holdsForAll, runsWhat } from './candidates';
import { argumentSpan, runsPrometheus, workloadsOf } from './context';

export const unknownFeature: Rule = {
  id: 'workload/unknown-feature',
  severity: 'warning',
  docs: 'An `--enable-feature` name the Prometheus release does not know: it logs "Unknown option for --enable-feature" and goes on without it. A feature that became a no-op is information, in Prometheus\' words.',
  appliesTo: runsPrometheus,
  check(context) {
    for (const workload of workloadsOf(context)) {
      const newest = candidateVersions(workload).at(-1)!;
      for (const flag of workload.flags) {
        if (flag.name !== 'enable-feature' || flag.runtime) continue;
        for (const feature of featureList(flag)) {
          // `agent` is workload/agent-flag's: on v3 it is the wrong switch, not a mere unknown name.
          if (feature === 'agent') continue;
          if (holdsForAll(workload, (version) => featureKnownUnknown(feature, version))) {
            const suggestion = didYouMean(feature, featureNames(newest));
            context.report({
              span: argumentSpan(context, flag),
              message: `${flagMessage('unknownFeature', newest)}: ${JSON.stringify(feature)}; ${runsWhat(workload)} ignores it${suggestion ? ` (did you mean ${JSON.stringify(suggestion)}?)` : ''}`,
            });
            continue;
          }
          const spec = featureSpec(feature, newest);
          if (spec?.message && holdsForAll(workload, (version) => featureSpec(feature, version)?.message === spec.message)) {
            context.report({ span: argumentSpan(context, flag), message: `${feature}: ${spec.message}`, severity: 'information' });
          }
        }
      }
    }
  },
};

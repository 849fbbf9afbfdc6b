import { flagMessage, flagSpec } from '../../model/prometheusFlags';
import type { Rule } from '../rule';
import { flagName } from './agentModeFlag';
import { candidateVersions, holdsForAll, runsWhat } from './candidates';
import { argumentSpan, runsPrometheus, workloadsOf } from './context';

export const repeatedFlag: Rule = {
  id: 'workload/repeated-flag',
  severity: 'error',
  docs: 'A flag given a second time (`--no-x` counts as `x`) that takes one value: all but `--enable-feature`, `--web.listen-address` and the remote write receiver\'s accepted protobuf messages. Prometheus exits with "flag … cannot be repeated" before it starts. Which one was meant is the author\'s to say: no fix.',
  appliesTo: runsPrometheus,
  check(context) {
    for (const workload of workloadsOf(context)) {
      workload.flags.forEach((flag, i) => {
        // A name holding a variable set when the pod runs is not known here; a flag a release lacks is unknown-flag's.
        if (flag.name.includes('$(')) return;
        const repeats = (version: string) => {
          const name = flagName(flag, version);
          const spec = flagSpec(name, version);
          return spec !== undefined && !spec.repeatable && workload.flags.slice(0, i).some((earlier) => flagName(earlier, version) === name);
        };
        if (!holdsForAll(workload, repeats)) return;
        const newest = candidateVersions(workload).at(-1)!;
        context.report({
          span: argumentSpan(context, flag),
          message: `${flagMessage('repeatedFlag', newest).replace('%s', flagName(flag, newest))}: ${runsWhat(workload)} exits before it starts`,
        });
      });
    }
  },
};

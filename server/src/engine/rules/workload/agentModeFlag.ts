import { flagMessage, flagSpec } from '../../model/prometheusFlags';
import type { FlagArgument, PrometheusWorkload } from '../../model/workloads';
import type { Rule } from '../rule';
import { holdsForAll, candidateVersions } from './candidates';
import { argumentSpan, removeArgumentFix, runsPrometheus, workloadsOf } from './context';

/** The flag's own name: `--no-x` sets the boolean flag `x`. */
export function flagName(flag: FlagArgument, version: string): string {
  const negated = flag.name.startsWith('no-') ? flag.name.slice(3) : undefined;
  return negated && !flagSpec(flag.name, version) && flagSpec(negated, version)?.kind === 'bool' ? negated : flag.name;
}

function refused(workload: PrometheusWorkload, flag: FlagArgument): 'serverOnly' | 'agentOnly' | undefined {
  const only = workload.mode === 'agent' ? 'serverOnly' : workload.mode === 'server' ? 'agentOnly' : undefined;
  return only && holdsForAll(workload, (version) => flagSpec(flagName(flag, version), version)?.[only] === true) ? only : undefined;
}

export const agentModeFlag: Rule = {
  id: 'workload/agent-mode-flag',
  severity: 'error',
  docs: 'A flag Prometheus refuses in the mode the container runs: a server flag (storage.tsdb.*, rules, alertmanager, query) with the agent switch, or an agent flag (storage.agent.*) without it. Prometheus exits at start. Fix: remove the flag; `promagent fix` removes only a server flag beside the agent switch, as an agent flag without it may mean the switch is what is missing or mistyped.',
  appliesTo: runsPrometheus,
  check(context) {
    for (const workload of workloadsOf(context)) {
      const version = candidateVersions(workload)[0];
      for (const flag of workload.flags) {
        const only = refused(workload, flag);
        if (!only) continue;
        context.report({
          span: argumentSpan(context, flag),
          message: flagMessage(only, version).replace('%q', JSON.stringify([`--${flagName(flag, version)}`])),
          // An agent flag says the container is meant to be an agent: removing it is no fix to apply unasked.
          fixes: removeArgumentFix(context, flag, only === 'serverOnly'),
        });
      }
    }
  },
};

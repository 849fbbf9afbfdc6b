import { flagSpec } from '../../model/prometheusFlags';
import { asRecord } from '../../util/record';
import type { Rule } from '../rule';
import { holdsForAll, runsWhat } from './candidates';
import { argumentSpan, removeArgumentFix, runsPrometheus, workloadsOf } from './context';

/** What each flag that prints instead of running prints. */
const printed: Record<string, string> = { version: 'its version', 'write-documentation': 'its flags as documentation' };

/** Kinds whose pods run to completion: a Prometheus that prints and exits may be what they are for. */
const completing = new Set(['Job', 'CronJob']);

export const exitingFlag: Rule = {
  id: 'workload/exiting-flag',
  severity: 'error',
  docs: 'A flag that makes Prometheus print something and exit instead of running (`--help`, `-h`, `--version`, the completion and documentation flags): the container exits at once and, restarted, ends in CrashLoopBackOff. Not said of Jobs, CronJobs and Pods that are not restarted. Fix: remove the flag.',
  appliesTo: runsPrometheus,
  check(context) {
    const { document } = context;
    if (completing.has(document.kind ?? '')) return;
    const restartPolicy = document.kind === 'Pod' ? asRecord(asRecord(document.yaml.value)?.spec)?.restartPolicy : undefined;
    if (restartPolicy !== undefined && restartPolicy !== 'Always') return;
    for (const workload of workloadsOf(context)) {
      for (const flag of workload.flags) {
        // `--no-help` is no flag of its own: only the flag as named exits.
        if (flag.value !== undefined || !holdsForAll(workload, (version) => flagSpec(flag.name, version)?.exits === true)) continue;
        context.report({
          span: argumentSpan(context, flag),
          message: `--${flag.name}: ${runsWhat(workload)} prints ${printed[flag.name] ?? (flag.name.startsWith('completion') ? 'a shell completion script' : 'its help')} and exits instead of running; the container restarts over and over (CrashLoopBackOff)`,
          fixes: removeArgumentFix(context, flag),
        });
      }
      for (const short of workload.shortFlags) {
        if (short.written !== '-h') continue;
        context.report({
          span: argumentSpan(context, short),
          message: `-h: ${runsWhat(workload)} prints its help and exits instead of running; the container restarts over and over (CrashLoopBackOff)`,
          fixes: removeArgumentFix(context, short),
        });
      }
    }
  },
};

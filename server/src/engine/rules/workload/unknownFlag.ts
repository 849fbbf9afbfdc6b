import { didYouMean } from '../../util/didYouMean';
import { compareVersions } from '../../util/version';
import { flagKnownAbsent, flagLifetime, flagMessage, flagNames, sampleBefore } from '../../model/prometheusFlags';
import { isV3 } from '../../model/prometheus';
import type { FlagArgument } from '../../model/workloads';
import type { Rule } from '../rule';
import { candidateVersions, holdsForAll, runsWhat } from './candidates';
import { flagName } from './agentModeFlag';
import { argumentSpan, knownVersion, replaceEntryFix, runsPrometheus, workloadsOf } from './context';

/** `--agent` on v2 is workload/agent-flag's: it says what to use instead. */
const agentSwitchOnV2 = (flag: FlagArgument, version: string | undefined) => flag.name === 'agent' && version !== undefined && !isV3(version);

export const unknownFlag: Rule = {
  id: 'workload/unknown-flag',
  severity: 'error',
  docs: 'A flag the Prometheus release the image runs does not have (a typo, or one added or removed in another release): Prometheus exits with "unknown long flag". Fix: the flag it most likely meant.',
  appliesTo: runsPrometheus,
  check(context) {
    for (const workload of workloadsOf(context)) {
      const version = knownVersion(workload);
      for (const flag of workload.flags) {
        // A name holding a variable set when the pod runs is not known here.
        if (flag.name.includes('$(') || agentSwitchOnV2(flag, version) || !holdsForAll(workload, (v) => flagKnownAbsent(flagName(flag, v), v))) continue;
        const newest = candidateVersions(workload).at(-1)!;
        const lifetime = flagLifetime(flag.name);
        // A sampled release may be later than the true one, which lies after the sample before it.
        const dated = (bound: string) => (sampleBefore(bound) ? `after ${sampleBefore(bound)}, by ${bound}` : `in ${bound}`);
        const when = !lifetime ? ''
          : version && lifetime.until && compareVersions(version, lifetime.until) >= 0 ? ` (it was removed ${dated(lifetime.until)})`
            : ` (it came ${dated(lifetime.since)})`;
        const suggestion = lifetime ? undefined : didYouMean(flag.name, flagNames(newest));
        // Only the flag's name changes: a value after `=` stays, and so does a separate value entry.
        const corrected = suggestion && `--${suggestion}${flag.written.includes('=') ? flag.written.slice(flag.written.indexOf('=')) : ''}`;
        context.report({
          span: argumentSpan(context, flag),
          message: `${flagMessage('unknownFlag', newest).replace('%s', `--${flag.name}`)}: ${runsWhat(workload)} has no such flag${when} and exits before it starts${suggestion ? `; did you mean --${suggestion}?` : ''}`,
          fixes: corrected ? replaceEntryFix(context, flag.path, corrected, `Change to ${corrected}`) : [],
        });
      }
    }
  },
};

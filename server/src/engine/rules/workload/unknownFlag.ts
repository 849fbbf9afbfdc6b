import { didYouMean } from '../../util/didYouMean';
import { compareVersions } from '../../util/version';
import { flagKnownAbsent, flagLifetime, flagMessage, flagNames, flagsModelled, flagSpec, sampleBefore } from '../../model/prometheusFlags';
import { forkFlag, isV3 } from '../../model/prometheus';
import type { FlagArgument, PrometheusWorkload } from '../../model/workloads';
import type { Rule, RuleContext } from '../rule';
import { candidateVersions, holdsForAll, runsWhat } from './candidates';
import { flagName } from './agentModeFlag';
import { argumentSpan, entryAsWritten, knownVersion, replaceEntryFix, runsPrometheus, workloadsOf } from './context';

/** `--agent` on v2 is workload/agent-flag's: it says what to use instead. */
const agentSwitchOnV2 = (flag: FlagArgument, version: string | undefined) => flag.name === 'agent' && version !== undefined && !isV3(version);

/**
 * The flag written with the name it most likely meant. Only the name changes: a value after `=` stays (or after a
 * space, `spacedValue`, joined with `=`), and so does a separate value entry; but a boolean flag takes none (kingpin
 * reads `--x=true` as `--x` and a stray `true`), so `=true` goes and `=false` becomes `--no-x`.
 */
function correctedFlag(flag: FlagArgument, name: string, version: string, spacedValue: string | undefined): string | undefined {
  const value = spacedValue ?? (flag.written.includes('=') ? flag.written.slice(flag.written.indexOf('=') + 1) : undefined);
  if (value === undefined) return `--${name}`;
  if (flagSpec(name, version)?.kind === 'bool' && (value === 'true' || value === 'false')) return value === 'true' ? `--${name}` : `--no-${name}`;
  // A boolean takes no other value: joined with `=`, it would still be refused.
  if (spacedValue !== undefined && flagSpec(name, version)?.kind === 'bool') return undefined;
  return `--${name}=${value}`;
}

export const unknownFlag: Rule = {
  id: 'workload/unknown-flag',
  severity: 'error',
  docs: 'A flag the Prometheus release the image runs does not have (a typo, or one added or removed in another release): Prometheus exits with "unknown long flag"; or an argument of one dash (`-config.file`, the style of Prometheus 1), whose first letter kingpin reads as a short flag it does not have ("unknown short flag"). Fix: the flag it most likely meant, unless the container passes that one already, or another of its flags is renamed to it, and it takes one value (it would be repeated); for one dash, the long flag named after it with two.',
  appliesTo: runsPrometheus,
  check(context) {
    for (const workload of workloadsOf(context)) {
      const version = knownVersion(workload);
      // Two flags renamed to the same one that takes one value would be repeated: the first is renamed, the next pass
      // sees it passed.
      const renamedTo = new Set<string>();
      for (const flag of workload.flags) {
        // A name holding a variable set when the pod runs is not known here.
        if (flag.name.includes('$(') || agentSwitchOnV2(flag, version) || forkFlag(workload.container.image, flag.name)
          || !holdsForAll(workload, (v) => flagKnownAbsent(flagName(flag, v), v))) continue;
        const newest = candidateVersions(workload).at(-1)!;
        // `--name value` in one entry: kingpin takes all of it for the name, where the value was meant as one.
        const [, typedName, spacedValue] = /^(\S+)\s+(\S[^]*)$/.exec(flag.name) ?? [undefined, flag.name, undefined];
        const names = flagNames(newest);
        const meantWithValue = spacedValue !== undefined && names.includes(typedName);
        const lifetime = meantWithValue ? undefined : flagLifetime(typedName);
        // A sampled release may be later than the true one, which lies after the sample before it.
        const dated = (bound: string) => (sampleBefore(bound) ? `after ${sampleBefore(bound)}, by ${bound}` : `in ${bound}`);
        const when = !lifetime ? ''
          : version && lifetime.until && compareVersions(version, lifetime.until) >= 0 ? ` (it was removed ${dated(lifetime.until)})`
            : ` (it came ${dated(lifetime.since)})`;
        const suggestion = lifetime ? undefined : meantWithValue ? typedName : didYouMean(typedName, names);
        // A flag the container already passes, and takes once, would be repeated: Prometheus refuses that too.
        const once = suggestion !== undefined && !flagSpec(suggestion, newest)?.repeatable;
        const taken = once && workload.flags.some((other) => other !== flag && flagName(other, newest) === suggestion);
        // A value the kubelet expands is written back as written, or not at all.
        const asWritten = entryAsWritten(context, flag.path) === flag.written;
        const corrected = suggestion && asWritten && !taken && !(once && renamedTo.has(suggestion)) ? correctedFlag(flag, suggestion, newest, spacedValue) : undefined;
        if (corrected && once) renamedTo.add(suggestion);
        const meant = spacedValue !== undefined && corrected ? corrected : `--${suggestion}${taken ? ', which it passes already' : ''}`;
        context.report({
          span: argumentSpan(context, flag),
          message: `${flagMessage('unknownFlag', newest).replace('%s', `--${flag.name}`)}: ${runsWhat(workload)} has no such flag${when} and exits before it starts${suggestion ? `; did you mean ${meant}?` : ''}`,
          fixes: corrected ? replaceEntryFix(context, flag.path, corrected, `Change to ${corrected}`) : [],
        });
      }
      for (const short of workload.shortFlags) reportShortFlag(context, workload, short);
    }
  },
};

/**
 * An entry of one dash: kingpin takes its first letter for a short flag, and Prometheus has only `-h` (help). A long
 * flag's name after the dash (Prometheus 1 took `-config.file`) is what it meant, given two dashes.
 */
function reportShortFlag(context: RuleContext, workload: PrometheusWorkload, short: PrometheusWorkload['shortFlags'][number]): void {
  // Prometheus 1 read its flags with Go's flag package, one dash each: only kingpin's releases are modelled.
  if (!holdsForAll(workload, flagsModelled)) return;
  const newest = candidateVersions(workload).at(-1)!;
  const letter = [...short.written.slice(1)][0];
  if (flagNames(newest).some((name) => flagSpec(name, newest)?.short === letter)) return;
  const name = /^[^=\s]+/.exec(short.written.slice(1))?.[0];
  const meant = name !== undefined && name.length > 1 && flagNames(newest).includes(name) ? `-${entryAsWritten(context, short.path) ?? short.written}` : undefined;
  context.report({
    span: argumentSpan(context, { path: short.path }),
    message: `${flagMessage('unknownShortFlag', newest).replace('%s', `-${letter}`)}: ${runsWhat(workload)} has no such flag and exits before it starts${meant ? `; did you mean --${name}? Its flags take two dashes` : ''}`,
    fixes: meant ? replaceEntryFix(context, short.path, meant, `Change to ${meant}`) : [],
  });
}

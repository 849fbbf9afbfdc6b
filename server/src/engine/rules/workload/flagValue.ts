import { flagMessage, flagSpec, startupRefusal, type FlagSpec } from '../../model/prometheusFlags';
import { durationError, sizeError, urlError } from '../../util/goParse';
import type { FlagArgument, PrometheusWorkload } from '../../model/workloads';
import { locate } from '../../yaml/locate';
import type { FixDraft, Rule, RuleContext } from '../rule';
import { flagName } from './agentModeFlag';
import { candidateVersions } from './candidates';
import { argumentSpan, replaceEntryFix, runsPrometheus, workloadsOf } from './context';

const goInt = /^[+-]?(\d[\d_]*|0[xX][\da-fA-F_]+|0[oO]?[0-7_]+|0[bB][01_]+)$/;
// strconv.ParseFloat reads a hexadecimal mantissa only with its `p` exponent: 0x10 is refused, 0x1p4 is 16.
const goFloat = /^[+-]?((\d[\d_]*\.?\d*|\.\d+)([eE][+-]?\d+)?|0[xX][\da-fA-F_.]+[pP][+-]?\d+|[iI]nf(inity)?|NaN)$/;
// Go's micro sign (U+00B5) and Greek mu (U+03BC) as escapes: esbuild keeps a regular expression's characters as
// written, and one non-Latin-1 character makes V8 hold the whole bundle as a two-byte string.
const goDuration = /^[+-]?((\d+\.?\d*|\.\d+)(ns|us|\u00b5s|\u03bcs|ms|s|m|h))+$|^[+-]?0$/;

/** Why kingpin refuses `value` for a flag of this kind, in Go's words; undefined when it parses. */
function refusal(spec: FlagSpec, value: string, version: string): string | undefined {
  const quoted = JSON.stringify(value);
  switch (spec.kind) {
    // kingpin gives a boolean no value: `--name=false` leaves `false` over as an argument Prometheus does not take.
    case 'bool': return flagMessage('unexpectedArgument', version).replace('%s', value);
    case 'int': case 'float': return goFloat.test(value) ? undefined : flagMessage(`value.${spec.kind}`, version).replace('%q', quoted);
    case 'int64': return goInt.test(value) ? undefined : flagMessage('value.int64', version).replace('%q', quoted);
    case 'duration': return durationError(value, version);
    case 'go-duration': return goDuration.test(value) ? undefined : flagMessage('value.go-duration', version).replace('%q', quoted);
    case 'size': return sizeError(value);
    case 'url': return urlError(value);
    case 'enum': return spec.enum?.includes(value) ? undefined : flagMessage('value.enum', version).replace('%s', spec.enum?.join(',') ?? '').replace('%s', value);
    default: return undefined;
  }
}

/** A value of the right type that Prometheus refuses once parsed, in every release the image may run (see startupRefusal). */
function startupBound(context: RuleContext, workload: PrometheusWorkload, flag: FlagArgument): void {
  const bounds = candidateVersions(workload).map((version) => {
    const name = flagName(flag, version);
    return flagSpec(name, version) ? startupRefusal(name, flag.value!, workload.mode) : undefined;
  });
  if (bounds.some((bound) => bound === undefined)) return;
  context.report({ span: argumentSpan(context, flag), message: `--${flag.name}=${flag.value}: ${bounds[bounds.length - 1]!.replace(/\.$/, '')}; Prometheus exits at start` });
}

/** For a boolean given a value: the flag alone for true, its `--no-` form for false. */
function booleanFix(context: RuleContext, flag: FlagArgument, spec: FlagSpec | undefined): FixDraft[] {
  if (spec?.kind !== 'bool' || flag.valuePath || flag.value === undefined) return [];
  const truth = /^(1|t|true)$/i.test(flag.value) ? true : /^(0|f|false)$/i.test(flag.value) ? false : undefined;
  if (truth === undefined) return [];
  const name = flag.name.replace(/^no-/, '');
  const negated = flag.name.startsWith('no-') !== !truth;
  const replacement = `--${negated ? 'no-' : ''}${name}`;
  return replaceEntryFix(context, flag.path, replacement, `Change to ${replacement}`);
}

export const flagValue: Rule = {
  id: 'workload/flag-value',
  severity: 'error',
  docs: 'A flag value of the wrong type (or a boolean given a value, a flag that takes a value given none, or an argument that is no flag) for the Prometheus release the image runs: a duration, a size, a boolean, a number, or a value an enum flag does not take; or one it refuses once parsed (a WAL segment size outside 10MB–256MB, a checkpoint batch size below 1, an --auto-gomemlimit.ratio outside (0, 1]). Prometheus exits at start.',
  appliesTo: runsPrometheus,
  check(context) {
    for (const workload of workloadsOf(context)) {
      // A flag given twice takes the last value.
      const lastOf = new Map(workload.flags.map((flag) => [flag.name, flag]));
      for (const flag of workload.flags) {
        // A value from a variable set when the pod runs is not known here.
        if (flag.runtime) continue;
        if (flag.value === undefined) {
          // kingpin takes the next entry as the value unless it is a flag too: without one, it stops there.
          const missing = candidateVersions(workload).map((version) => {
            const spec = flagSpec(flagName(flag, version), version);
            return spec && spec.kind !== 'bool' ? flagMessage('expectedArgument', version).replace('%s', `--${flagName(flag, version)}`) : undefined;
          });
          if (missing.every((reason) => reason !== undefined)) {
            context.report({ span: argumentSpan(context, flag), message: `${missing[missing.length - 1]}: it takes a value (--${flag.name}=…), and Prometheus exits before it starts` });
          }
          continue;
        }
        // Said only when every release the image may run refuses it; worded as the newest of them words it.
        const refusals = candidateVersions(workload).map((version) => {
          const spec = flagSpec(flagName(flag, version), version);
          return spec && refusal(spec, flag.value!, version);
        });
        if (refusals.some((reason) => reason === undefined)) {
          if (flag === lastOf.get(flag.name)) startupBound(context, workload, flag);
          continue;
        }
        const newest = candidateVersions(workload).at(-1)!;
        context.report({
          span: argumentSpan(context, flag),
          message: `--${flag.name}: ${refusals[refusals.length - 1]}; Prometheus exits before it starts`,
          fixes: booleanFix(context, flag, flagSpec(flagName(flag, newest), newest)),
        });
      }
      for (const argument of workload.positionals.filter((positional) => !positional.runtime)) {
        const version = candidateVersions(workload).at(-1)!;
        context.report({
          span: locate(context.document.yaml, context.lines, argument.path, 'value'),
          message: `${flagMessage('unexpectedArgument', version).replace('%s', argument.text)}: Prometheus takes no arguments but flags, and exits`,
        });
      }
    }
  },
};

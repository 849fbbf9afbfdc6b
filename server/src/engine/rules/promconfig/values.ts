import type { ScalarKind } from './model';
import type { Rule } from '../rule';
import { isPrometheusConfig } from './common';
import { durationError, sizeError, urlError } from '../../util/goParse';
import { spanOf } from './goYaml';
import { configUnits } from './units';

/** Values Prometheus parses while reading: durations, byte sizes, URLs. */

function valueRule(kind: ScalarKind, id: string, docs: string, problem: (text: string, version: string) => string | undefined): Rule {
  return {
    id,
    severity: 'error',
    docs,
    appliesTo: isPrometheusConfig,
    check(context) {
      for (const unit of configUnits(context)) {
        for (const scalar of unit.decoded.scalars) {
          if (scalar.kind !== kind) continue;
          const message = problem(scalar.text, unit.version);
          const span = spanOf(scalar.node);
          if (message && span) unit.report({ span, message });
        }
      }
    },
  };
}

export const duration = valueRule('duration', 'promconfig/duration',
  'A duration outside Prometheus\' grammar (units y w d h m s ms, biggest first, each once; `0` alone): `not a valid duration string`, `unknown unit`.',
  durationError);

export const size = valueRule('size', 'promconfig/size',
  'A byte size units.ParseBase2Bytes refuses (`100` needs a unit; `kB` and `mb` are not units): `units: unknown unit  in 100`.',
  (text) => sizeError(text));

export const url = valueRule('url', 'promconfig/url',
  'A URL Go\'s url.Parse refuses: `parse "http://a b": invalid character " " in host name`.',
  (text) => urlError(text));

export const valueRules: Rule[] = [duration, size, url];

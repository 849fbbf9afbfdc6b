import { asRecord } from '../util/record';
import { minimumPrometheus } from './operator';

/** What the operator refuses in `spec.otlp`: the field, and its words. */
export interface OtlpRefusal {
  path: string[];
  message: string;
}

const strings = (value: unknown) => (Array.isArray(value) ? value : []);

/**
 * The first thing the operator refuses in an agent's (or a Prometheus') `spec.otlp` as it generates prometheus.yml
 * (appendOTLPConfig, then OTLPConfig.Validate from Prometheus 3.5): it stops reconciling the resource and creates
 * nothing. `atLeast` tells whether the Prometheus that runs it is at least a version.
 */
export function otlpRefusal(spec: Record<string, unknown>, atLeast: (minimum: string) => boolean): OtlpRefusal | undefined {
  const otlp = asRecord(spec.otlp);
  if (!otlp) return undefined;
  if (!atLeast(minimumPrometheus.otlp)) return { path: ['otlp'], message: `OTLP configuration is only supported from Prometheus version ${minimumPrometheus.otlp.slice(1)}` };
  const strategy = otlp.translationStrategy;
  if (strategy === 'NoUTF8EscapingWithSuffixes' && spec.nameValidationScheme === 'Legacy') {
    return { path: ['otlp', 'translationStrategy'], message: 'nameValidationScheme "Legacy" is not compatible with OTLP translation strategy "NoUTF8EscapingWithSuffixes"' };
  }
  // The operator's messages name the strategy a nameValidationScheme.
  if (strategy === 'NoTranslation' && !atLeast('v3.4.0')) {
    return { path: ['otlp', 'translationStrategy'], message: 'nameValidationScheme "NoTranslation" is only supported from Prometheus version 3.4.0' };
  }
  if (strategy === 'UnderscoreEscapingWithoutSuffixes' && !atLeast('v3.6.0')) {
    return { path: ['otlp', 'translationStrategy'], message: 'nameValidationScheme "UnderscoreEscapingWithoutSuffixes" is only supported from Prometheus version 3.6.0' };
  }
  if (!atLeast('v3.5.0')) return undefined;
  const promoteAll = otlp.promoteAllResourceAttributes === true;
  if (strings(otlp.promoteResourceAttributes).length > 0 && promoteAll) {
    return { path: ['otlp', 'promoteAllResourceAttributes'], message: "'promoteAllResourceAttributes' cannot be set to 'true' simultaneously with 'promoteResourceAttributes'" };
  }
  if (strings(otlp.ignoreResourceAttributes).length > 0 && !promoteAll) {
    return { path: ['otlp', 'ignoreResourceAttributes'], message: "'ignoreResourceAttributes' can only be set when 'promoteAllResourceAttributes' is true" };
  }
  return undefined;
}

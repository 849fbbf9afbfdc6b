import { isMap, isPair } from 'yaml';
import type { Node } from 'yaml';
import { keyText } from '../../yaml/documents';
import type { Rule } from '../rule';
import { isPrometheusConfig } from './common';
import { goQuote, spanOf, type MapView } from './goYaml';
import { translationStrategies } from './model';
import { globalScheme } from './names';
import { configUnits, type ConfigUnit } from './units';

/** The otlp and tracing sections, as OTLPConfig and TracingConfig validate them. */

function checkAttributes(unit: ConfigUnit, otlp: MapView, key: string, adjective: string): void {
  const seen = new Set<string>();
  otlp.texts(key).forEach((raw, index) => {
    const attribute = raw.trim();
    const span = spanOf(otlp.items(key)[index]) ?? otlp.spanFor(key);
    if (attribute === '') unit.report({ span, message: `invalid '${key}': empty ${adjective} OTel resource attribute` });
    else if (seen.has(attribute)) unit.report({ span, message: `invalid '${key}': duplicated ${adjective} OTel resource attribute ${goQuote(attribute)}` });
    seen.add(attribute);
  });
}

export const otlp: Rule = {
  id: 'promconfig/otlp',
  severity: 'error',
  docs: 'otlp: an unknown translation_strategy, one that needs UTF-8 names with legacy validation, promote_all with promote or ignore lists misused.',
  appliesTo: isPrometheusConfig,
  check(context) {
    const unit = configUnits(context)[0];
    const section = unit.decoded.root?.map('otlp');
    if (!section) return;
    const strategy = section.text('translation_strategy');
    if (strategy && !translationStrategies.includes(strategy)) {
      unit.report({ span: section.spanFor('translation_strategy'), message: `unsupported OTLP translation strategy ${goQuote(strategy)}` });
    } else if ((strategy === 'NoTranslation' || strategy === 'NoUTF8EscapingWithSuffixes') && globalScheme(unit.global, unit.version) === 'legacy') {
      unit.report({ span: section.spanFor('translation_strategy'), message: `OTLP translation strategy ${goQuote(strategy)} is not allowed when UTF8 is disabled` });
    }
    if (section.bool('promote_all_resource_attributes') === true) {
      if (section.items('promote_resource_attributes').length > 0) {
        unit.report({ span: section.spanFor('promote_resource_attributes'), message: "'promote_all_resource_attributes' and 'promote_resource_attributes' cannot be configured simultaneously" });
      }
      checkAttributes(unit, section, 'ignore_resource_attributes', 'ignored');
    } else {
      if (section.items('ignore_resource_attributes').length > 0) {
        unit.report({ span: section.spanFor('ignore_resource_attributes'), message: "'ignore_resource_attributes' cannot be configured unless 'promote_all_resource_attributes' is true" });
      }
      checkAttributes(unit, section, 'promote_resource_attributes', 'promoted');
    }
  },
};

const tracingReserved = new Set(['host', 'content-encoding', 'content-length', 'content-type', 'user-agent', 'connection', 'keep-alive',
  'proxy-authenticate', 'proxy-authorization', 'www-authenticate', 'accept-encoding', 'x-prometheus-remote-write-version',
  'x-prometheus-remote-read-version', 'x-amz-date', 'x-amz-security-token', 'x-amz-content-sha256']);

export const tracing: Rule = {
  id: 'promconfig/tracing',
  severity: 'error',
  docs: 'tracing: no endpoint, an unknown client_type or compression, an Authorization or reserved header.',
  appliesTo: isPrometheusConfig,
  check(context) {
    const unit = configUnits(context)[0];
    const section = unit.decoded.root?.map('tracing');
    if (!section) return;
    const headers = section.value('headers');
    if (isMap(headers)) {
      for (const pair of headers.items) {
        const name = isPair(pair) ? keyText(pair) ?? '' : '';
        const span = spanOf(pair.key as Node);
        if (!span) continue;
        if (name.toLowerCase() === 'authorization') unit.report({ span, message: 'custom authorization header configuration is not yet supported' });
        else if (tracingReserved.has(name.toLowerCase())) unit.report({ span, message: `${name} is a reserved header. It must not be changed` });
      }
    }
    const clientType = section.text('client_type');
    if (section.pair('client_type') && clientType !== 'http' && clientType !== 'grpc') {
      unit.report({ span: section.spanFor('client_type'), message: `expected tracing client type to be to be http or grpc, but got ${clientType ?? ''}` });
    }
    if (!section.text('endpoint')) unit.report({ span: section.spanFor('endpoint'), message: 'tracing endpoint must be set' });
    const compression = section.text('compression');
    if (compression && compression !== 'gzip') {
      unit.report({ span: section.spanFor('compression'), message: `invalid compression type ${compression} provided, valid options: gzip` });
    }
  },
};

export const sectionRules: Rule[] = [otlp, tracing];

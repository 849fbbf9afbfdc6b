import { isMap, isPair, isScalar } from 'yaml';
import type { Node } from 'yaml';
import { atLeast } from '../../util/version';
import type { Rule } from '../rule';
import { isPrometheusConfig, sectionsNamed } from './common';
import { formatBase2Bytes, formatGoFloat, sizeBytes } from '../../util/goParse';
import { goKey, goQuote, spanOf, type MapView } from './goYaml';
import { translationStrategies } from './model';
import { globalScheme } from './names';
import { configUnits, type ConfigUnit } from './units';

/** The otlp, tracing, storage and alerting sections, as their Go types validate them while loading. */

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

/** NoTranslation arrived in v3.4 (#16441), UnderscoreEscapingWithoutSuffixes in v3.6 (#16849). */
function knownStrategies(version: string): string[] {
  return translationStrategies.filter((strategy) =>
    (strategy !== 'NoTranslation' || atLeast(version, 'v3.4.0')) && (strategy !== 'UnderscoreEscapingWithoutSuffixes' || atLeast(version, 'v3.6.0')));
}

export const otlp: Rule = {
  id: 'promconfig/otlp',
  severity: 'error',
  docs: 'otlp: a translation_strategy the release does not know, one that needs UTF-8 names with legacy validation, promote_all with promote or ignore lists misused.',
  appliesTo: isPrometheusConfig,
  check(context) {
    const unit = configUnits(context)[0];
    const section = unit.decoded.root?.map('otlp');
    if (!section) return;
    const strategy = section.text('translation_strategy');
    if (strategy && !knownStrategies(unit.version).includes(strategy)) {
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
        const name = isPair(pair) ? goKey(pair) ?? '' : '';
        const span = spanOf(pair.key as Node);
        if (!span) continue;
        if (name.toLowerCase() === 'authorization') unit.report({ span, message: 'custom authorization header configuration is not yet supported' });
        else if (tracingReserved.has(name.toLowerCase())) unit.report({ span, message: `${name} is a reserved header. It must not be changed` });
      }
    }
    const clientType = section.text('client_type');
    // Written with no value, the type's UnmarshalYAML is not called: the field is left empty, unchecked.
    if (section.has('client_type') && clientType !== 'http' && clientType !== 'grpc') {
      unit.report({ span: section.spanFor('client_type'), message: `expected tracing client type to be to be http or grpc, but got ${clientType ?? ''}` });
    }
    if (!section.text('endpoint')) unit.report({ span: section.spanFor('endpoint'), message: 'tracing endpoint must be set' });
    const compression = section.text('compression');
    if (compression && compression !== 'gzip') {
      unit.report({ span: section.spanFor('compression'), message: `invalid compression type ${compression} provided, valid options: gzip` });
    }
  },
};

export const storage: Rule = {
  id: 'promconfig/storage',
  severity: 'error',
  docs: 'storage.tsdb values Prometheus refuses to load, agent or not: a chunk encoding other than xor or xor2, a negative retention size, a retention percentage outside 0–100.',
  appliesTo: isPrometheusConfig,
  check(context) {
    const unit = configUnits(context)[0];
    const tsdb = unit.decoded.root?.map('storage')?.map('tsdb');
    if (!tsdb) return;
    const retention = tsdb.map('retention');
    if (retention) {
      // TSDBRetentionConfig's UnmarshalYAML checks the size first; the keys only exist from their releases on.
      const size = sizeBytes(retention.text('size') ?? '');
      const percentage = retention.value('percentage');
      if (size !== undefined && size < 0n) {
        unit.report({ span: retention.spanFor('size'), message: `'storage.tsdb.retention.size' must be greater than or equal to 0, got ${formatBase2Bytes(size)}` });
      } else if (isScalar(percentage) && typeof percentage.value === 'number' && (percentage.value < 0 || percentage.value > 100)) {
        unit.report({ span: retention.spanFor('percentage'), message: `'storage.tsdb.retention.percentage' must be in the range [0, 100], got ${formatGoFloat(percentage.value)}` });
      }
    }
    const encoding = tsdb.map('chunk_encoding');
    const floats = encoding?.text('floats');
    if (encoding && floats && floats !== 'xor' && floats !== 'xor2') {
      unit.report({
        span: encoding.spanFor('floats'),
        message: `'storage.tsdb.chunk_encoding.floats' must be 'xor' or 'xor2', or the field must be omitted entirely, got ${goQuote(floats)}`,
      });
    }
  },
};

export const alerting: Rule = {
  id: 'promconfig/alerting',
  severity: 'error',
  docs: 'An Alertmanager config Prometheus refuses: an api_version the release does not speak (v1 is gone in v3), sigv4 with another auth method. Load checks them before agent mode refuses alerting.',
  appliesTo: isPrometheusConfig,
  check(context) {
    for (const unit of configUnits(context)) {
      const supported = atLeast(unit.version, 'v3.0.0') ? ['v2'] : ['v1', 'v2'];
      for (const { view } of sectionsNamed(unit, 'alertmanager')) {
        // With no value the version's UnmarshalYAML is not called; written empty, it is, and refuses it.
        const text = view.text('api_version');
        if (view.has('api_version') && text !== undefined && !supported.includes(text)) {
          unit.report({ span: view.spanFor('api_version'), message: `expected Alertmanager api version to be one of [${supported.join(' ')}] but got ${text}` });
        }
        const auth = ['basic_auth', 'authorization', 'oauth2'].find((key) => view.has(key));
        if (auth && view.has('sigv4')) {
          unit.report({ span: view.keySpan('sigv4') ?? view.anchor(), message: 'at most one of basic_auth, authorization, oauth2, & sigv4 must be configured' });
        }
      }
    }
  },
};

export const sectionRules: Rule[] = [otlp, tracing, storage, alerting];

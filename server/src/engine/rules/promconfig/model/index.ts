/**
 * The Prometheus configuration as data: every section (Go struct) with its keys, value types, the release that added
 * each key and what an agent does with it. The rules check documents against it; scripts/generate-prometheus-schema.ts
 * turns it into schemas/prometheus-config.json.
 */
import { configSections } from './config';
import { discoverySections, serviceDiscoveryKeys } from './discovery';
import { httpClientKeys, httpSections } from './http';
import { remoteSections } from './remote';
import type { GroupName, KeySpec, SectionName, SectionSpec, ValueSpec } from './types';
import { list, section, uniformValue } from './values';

export * from './types';
export { kubernetesRoles, sdSectionName } from './discovery';
export { escapingSchemes, relabelActions, scrapeProtocols, translationStrategies, validationSchemes } from './config';
export { protobufMessages } from './remote';
export { afterV2_42 } from './values';

/** The newest release whose keys the model holds. */
export const latestModelledVersion = 'v3.14.0';

export const sections: Readonly<Record<SectionName, SectionSpec>> = { ...configSections, ...remoteSections, ...httpSections, ...discoverySections };

export const groups: Readonly<Record<GroupName, Readonly<Record<string, KeySpec>>>> = {
  httpClient: httpClientKeys,
  serviceDiscovery: serviceDiscoveryKeys,
};

/** What a document holding Prometheus configuration holds at its root. */
export type ConfigShape = 'config' | 'scrape-config-file' | 'scrape-config-list';

export const rootSpecs: Readonly<Record<ConfigShape, ValueSpec>> = {
  config: uniformValue(section('config')),
  'scrape-config-file': uniformValue(section('scrapeConfigFile')),
  // A PrometheusAgent's additionalScrapeConfigs: the operator appends the list to the scrape_configs it generates.
  'scrape-config-list': uniformValue(list(section('scrape'), '[]*config.ScrapeConfig', 'empty or null scrape config section')),
};

export function sectionSpec(name: SectionName): SectionSpec {
  const spec = sections[name];
  if (!spec) throw new Error(`promconfig model: no section "${name}"`);
  return spec;
}

const keysBySection = new WeakMap<SectionSpec, Record<string, KeySpec>>();

/** A section's own keys and those of the groups Go inlines into it. */
export function sectionKeys(spec: SectionSpec): Record<string, KeySpec> {
  let keys = keysBySection.get(spec);
  if (!keys) {
    // Looked up by keys read from YAML: `toString` must find nothing.
    keys = Object.create(null) as Record<string, KeySpec>;
    for (const group of spec.include ?? []) Object.assign(keys, groups[group]);
    keysBySection.set(spec, Object.assign(keys, spec.keys));
  }
  return keys;
}

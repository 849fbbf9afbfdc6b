import type { ClassifiedDocument } from '../../classify';
import type { SectionInstance } from './decode';
import type { GroupName } from './model';
import type { ConfigUnit } from './units';

export const isPrometheusConfig = (document: ClassifiedDocument) => document.role === 'prometheus-config';

/** A whole configuration, not the scrape-config list an agent's additionalScrapeConfigs names. */
export const isWholeConfig = (document: ClassifiedDocument) => isPrometheusConfig(document) && document.embedding?.content !== 'scrape-configs';

/** The instances of one section (every relabel step, every TLS block …) in a unit, in document order. */
export function sectionsNamed(unit: ConfigUnit, ...names: string[]): SectionInstance[] {
  return unit.decoded.sections.filter((section) => names.includes(section.name));
}

/** Sections that inline a key group (every place an HTTP client is configured, say). */
export function sectionsWith(unit: ConfigUnit, group: GroupName): SectionInstance[] {
  return unit.decoded.sections.filter((section) => section.spec.include?.includes(group));
}

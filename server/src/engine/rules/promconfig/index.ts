import { isMap } from 'yaml';
import type { ClassifiedDocument } from '../../classify';
import { findPair } from '../../yaml/documents';
import type { Rule } from '../rule';
import { agentRules } from './agent';
import { serviceDiscovery } from './discovery';
import { fileRules } from './files';
import { httpRules } from './http';
import { labelValue } from './labelValue';
import { sectionRules } from './sections';
import { relabelRules } from './relabel';
import { remoteRules } from './remote';
import { scrapeRules } from './scrape';
import { sigv4 } from './sigv4';
import { structureRules } from './structure';
import { staticTarget } from './targets';
import { valueRules } from './values';

/**
 * prometheus.yml in agent mode, standalone or embedded in a ConfigMap or Secret: everything Prometheus' loader (and
 * promtool) would refuse, in their words, where it is written — every error, not only the first.
 */
const configRules: Rule[] = [
  ...agentRules,
  ...structureRules,
  ...valueRules,
  ...scrapeRules,
  labelValue,
  staticTarget,
  ...relabelRules,
  ...remoteRules,
  sigv4,
  ...httpRules,
  serviceDiscovery,
  ...fileRules,
  ...sectionRules,
];

/** A configuration with scrape_config_files is checked with the files it names: their text is read too. */
const pullsInFiles = (document: ClassifiedDocument) => {
  const root = document.yaml.ast.contents;
  return isMap(root) && findPair(root.items, 'scrape_config_files') ? 'files' as const : undefined;
};

export const promConfigRules: Rule[] = configRules.map((rule) => ({ ...rule, reads: pullsInFiles }));

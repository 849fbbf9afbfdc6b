import type { Rule } from '../rule';
import { prometheusAsAgent } from './convert';
import { daemonSetRelease } from './daemonsetRelease';
import { daemonSetFeatureGate } from './daemonsetFeatureGate';
import { emptyScrapeInterval } from './emptyScrapeInterval';
import { sidecarMode } from './modes';
import { managedArgument } from './managedArgument';
import { labelSelector } from './selectors';
import { semanticRules } from './semantics';
import { serverOnlyField } from './serverOnly';
import { otlpRefused } from './otlpRefused';
import { remoteWriteRefused } from './remoteWriteRefused';
import { apiServerConfigRefused } from './apiServerConfigRefused';
import { tracingRefused } from './tracingRefused';
import { governingServiceSelector } from './governingServiceSelector';
import { additionalScrapeConfigsKey } from './additionalScrapeConfigsKey';
import { scrapeClassRefused } from './scrapeClassRefused';
import { staleSeriesCompactionThreshold } from './staleSeriesCompactionThreshold';
import { storageSections } from './storageSections';
import { v3AgentFlag } from './v3AgentFlag';
import { webTlsRefused } from './webTlsRefused';
import { webTlsKeyFile } from './webTlsKeyFile';
import { storageVolumeName } from './storageVolumeName';
import { volumeName } from './volumeName';
import { topologySpreadPanic } from './topologySpreadPanic';
import { xorChunkEncoding } from './xorChunkEncoding';

export const agentRules: Rule[] = [
  serverOnlyField, sidecarMode, ...semanticRules, emptyScrapeInterval, managedArgument, otlpRefused, remoteWriteRefused, scrapeClassRefused, apiServerConfigRefused, tracingRefused, webTlsRefused, webTlsKeyFile, storageVolumeName, volumeName, governingServiceSelector, additionalScrapeConfigsKey, staleSeriesCompactionThreshold, storageSections, xorChunkEncoding, topologySpreadPanic, v3AgentFlag, daemonSetRelease, daemonSetFeatureGate,
  labelSelector, prometheusAsAgent,
];

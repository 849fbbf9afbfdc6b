import type { Rule } from '../rule';
import { annotationRules } from './annotations';
import { prometheusIoAnnotations } from './conventions';
import { workloadAnnotations } from './move';
import { agentSelector, scrapeIntervalTimeout, scrapePort, unusedSidecarAgent } from './resolution';

export const sidecarRules: Rule[] = [
  ...annotationRules, scrapePort, agentSelector, scrapeIntervalTimeout, workloadAnnotations, prometheusIoAnnotations, unusedSidecarAgent,
];

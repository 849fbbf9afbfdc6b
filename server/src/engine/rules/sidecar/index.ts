import type { Rule } from '../rule';
import { annotationRules } from './annotations';
import { prometheusIoAnnotations } from './conventions';
import { workloadAnnotations } from './move';
import { agentSelector, scrapePort, unusedSidecarAgent } from './resolution';

/** Rules that resolve agents and pods across the workspace read its index. */
const readIndex = (rule: Rule): Rule => ({ ...rule, reads: () => 'index' });

export const sidecarRules: Rule[] = [
  ...annotationRules, scrapePort, readIndex(agentSelector), workloadAnnotations,
  readIndex(prometheusIoAnnotations), readIndex(unusedSidecarAgent),
];

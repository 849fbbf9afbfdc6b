import type { Rule } from '../rule';
import { featureGates } from './featureGates';

/** The prometheus-operator's own Deployment: the flags it refuses at start. */
export const operatorRules: Rule[] = [featureGates];

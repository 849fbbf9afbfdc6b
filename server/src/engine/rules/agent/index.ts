import type { Rule } from '../rule';
import { prometheusAsAgent } from './convert';
import { sidecarMode } from './modes';
import { labelSelector } from './selectors';
import { semanticRules } from './semantics';
import { serverOnlyField } from './serverOnly';

export const agentRules: Rule[] = [serverOnlyField, sidecarMode, ...semanticRules, labelSelector, prometheusAsAgent];

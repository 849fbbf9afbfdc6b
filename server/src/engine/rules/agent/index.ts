import type { Rule } from '../rule';
import { prometheusAsAgent } from './convert';
import { daemonSetRelease } from './daemonsetRelease';
import { sidecarMode } from './modes';
import { labelSelector } from './selectors';
import { semanticRules } from './semantics';
import { serverOnlyField } from './serverOnly';
import { v3AgentFlag } from './v3AgentFlag';

export const agentRules: Rule[] = [serverOnlyField, sidecarMode, ...semanticRules, v3AgentFlag, daemonSetRelease, labelSelector, prometheusAsAgent];

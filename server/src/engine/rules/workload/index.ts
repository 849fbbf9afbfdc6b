import type { Rule } from '../rule';
import { agentFlag } from './agentFlag';
import { agentModeFlag } from './agentModeFlag';
import { configFile } from './configFile';
import { exitingFlag } from './exitingFlag';
import { flagValue } from './flagValue';
import { unknownFeature } from './unknownFeature';
import { unknownFlag } from './unknownFlag';
import { repeatedFlag } from './repeatedFlag';
import { reloadWithoutLifecycle } from './reloadWithoutLifecycle';

/**
 * Containers that run Prometheus themselves (a Deployment or StatefulSet with `prometheus --agent`): their flags, read
 * as the release their image tag names reads them, and the configuration file they load.
 */
export const workloadRules: Rule[] = [agentFlag, unknownFlag, repeatedFlag, agentModeFlag, flagValue, unknownFeature, exitingFlag, configFile, reloadWithoutLifecycle];

import type { Rule } from '../rule';
import { daemonSetRoleSelector } from './daemonsetRoleSelector';
import { endpointPort } from './endpointPort';
import { monitorRejected } from './monitorRejected';
import { noMonitorSelector } from './noMonitorSelector';
import { noTargets } from './noTargets';
import { remoteWriteReceiver } from './remoteWriteReceiver';
import { twoAuthMethods } from './twoAuthMethods';
import { unselectedMonitor } from './unselectedMonitor';

/**
 * Which agent scrapes which monitor, and whether each monitor reaches its targets: the troubleshooting guide's first
 * questions, answered from the workspace before anything is applied.
 */
export const wiringRules: Rule[] = [monitorRejected, unselectedMonitor, noMonitorSelector, endpointPort, noTargets, remoteWriteReceiver, daemonSetRoleSelector, twoAuthMethods];

import { operatorChanges } from '../../model/operator';
import { atLeast, parseVersion } from '../../util/version';
import { locate } from '../../yaml/locate';
import type { Rule } from '../rule';
import { asRecord, isAgent, mode, operatorVersion, specOf } from './spec';

export const v3AgentFlag: Rule = {
  id: 'agent/v3-agent-flag',
  severity: 'error',
  docs: 'spec.version v3 with a prometheus-operator before v0.77.0: it runs the agent with `--enable-feature=agent`, which v3 does not know, so Prometheus starts as a server and exits on the agent-only `--storage.agent.path` (unless additionalArgs passes `agent`, the workaround).',
  appliesTo: (document) => isAgent(document) && typeof specOf(document)!.version === 'string' && mode(specOf(document)!) !== 'Sidecar',
  check(context) {
    const version = String(specOf(context.document)!.version);
    const operator = operatorVersion(context);
    const { since } = operatorChanges.v3AgentFlag;
    if (!parseVersion(version) || !atLeast(version, 'v3.0.0') || atLeast(operator, since)) return;
    // --agent passed in additionalArgs runs the agent all the same: v3 only logs the unknown feature.
    const args = specOf(context.document)!.additionalArgs;
    if (Array.isArray(args) && args.some((arg) => asRecord(arg)?.name === 'agent')) return;
    context.report({
      span: locate(context.document.yaml, context.lines, ['spec', 'version'], 'value'),
      message: `prometheus-operator ${operator} runs Prometheus ${version} with --enable-feature=agent, which v3 does not know: it starts as a server and exits (The following flag(s) can only be used in agent mode: ["--storage.agent.path"]); an agent on Prometheus v3 needs prometheus-operator ${since} or newer`,
    });
  },
};

import { isV3 } from '../../model/prometheus';
import { flagMessage, newestRelease } from '../../model/prometheusFlags';
import { featureList } from '../../model/workloads';
import type { FixDraft, Rule } from '../rule';
import { argumentSpan, knownVersion, removeArgumentFix, replaceArgumentFix, runsPrometheusAtAll, scriptedWorkloadsOf, workloadsOf } from './context';

export const agentFlag: Rule = {
  id: 'workload/agent-flag',
  severity: 'error',
  docs: 'The agent switch of the wrong major version, in `command`/`args` or in the `sh -c` script that runs Prometheus: `--enable-feature=agent` on v3 (`latest` too, the newest release) is ignored and the process runs as a server (TSDB, no agent WAL); `--agent` on v2 is an unknown flag and Prometheus exits. Fix (not in a script): the switch of the version the image runs (on v2, `--agent` removed where `--enable-feature=agent` is passed already).',
  appliesTo: runsPrometheusAtAll,
  check(context) {
    for (const workload of [...workloadsOf(context), ...scriptedWorkloadsOf(context)]) {
      const fixed = (fixes: FixDraft[]) => (workload.script ? [] : fixes);
      // `latest` (or no tag) pulls the newest release: a v3 since v3.0.0 came out, whichever it is.
      const latest = 'latest' in workload.version && workload.version.latest;
      const version = knownVersion(workload) ?? (latest ? 'latest' : undefined);
      if (!version) continue;
      if (latest || isV3(version)) {
        if (workload.flags.some((flag) => flag.name === 'agent')) continue;
        for (const flag of workload.flags) {
          if (flag.name !== 'enable-feature' || !featureList(flag).includes('agent')) continue;
          const alone = featureList(flag).every((feature) => feature === 'agent');
          context.report({
            span: argumentSpan(context, flag),
            message: `Prometheus ${latest ? 'latest, a v3 release,' : version} does not run as an agent with --enable-feature=agent: it logs "${flagMessage('unknownFeature', latest ? newestRelease : version)}" for "agent" and runs as a server, with a TSDB and no agent WAL; v3 runs an agent with --agent`,
            fixes: alone ? fixed(replaceArgumentFix(context, flag, '--agent', 'Use --agent')) : [],
          });
        }
      } else {
        // With the v2 switch passed already, --agent only has to go.
        const switched = workload.flags.some((flag) => flag.name === 'enable-feature' && featureList(flag).includes('agent'));
        for (const flag of workload.flags) {
          if (flag.name !== 'agent') continue;
          context.report({
            span: argumentSpan(context, flag),
            message: `${flagMessage('unknownFlag', version).replace('%s', '--agent')}: Prometheus ${version} has no --agent flag (it came in v3.0.0) and exits; v2 runs an agent with --enable-feature=agent${switched ? ', which it passes already' : ''}`,
            fixes: fixed(switched ? removeArgumentFix(context, flag) : replaceArgumentFix(context, flag, '--enable-feature=agent', 'Use --enable-feature=agent')),
          });
        }
      }
    }
  },
};

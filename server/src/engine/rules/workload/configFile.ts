import type { ObjectEntry } from '../../model/workspaceIndex';
import { configKeys, objectsMeant } from '../../model/runners';
import type { ConfigKey, PrometheusWorkload } from '../../model/workloads';
import { locate } from '../../yaml/locate';
import type { Rule, RuleContext } from '../rule';
import { argumentSpan, runsPrometheus, workloadsOf } from './context';

/** Where a finding about the configuration file goes: its `--config.file`, else the container's image. */
function configSpan(context: RuleContext, workload: PrometheusWorkload) {
  const flag = workload.flags.filter((f) => f.name === 'config.file').at(-1);
  return flag ? argumentSpan(context, flag) : locate(context.document.yaml, context.lines, [...workload.container.path, 'image'], 'value');
}

const keysOf = (object: ObjectEntry) => object.keys ?? [];

export const configFile: Rule = {
  id: 'workload/config-file',
  severity: 'warning',
  docs: 'The `--config.file` of a container running Prometheus: no mounted ConfigMap or Secret provides it (information: promagent cannot tell which configuration runs there), or the workspace\'s ConfigMap or Secret lacks the key it reads (warning: Prometheus exits, the file is missing; not said where a kustomization generates or patches that ConfigMap or Secret).',
  appliesTo: runsPrometheus,
  reads: () => 'index',
  check(context) {
    for (const workload of workloadsOf(context)) {
      const source = workload.config;
      if ('unresolved' in source) {
        context.report({
          span: configSpan(context, workload),
          message: `--config.file ${workload.configFile}: ${source.unresolved}, so promagent cannot tell which configuration this Prometheus runs`,
          severity: 'information',
        });
        continue;
      }
      const objectsOf = (candidate: ConfigKey) => objectsMeant(workload, candidate, context.workspace);
      // Any source of a projection may hold the file; one the workspace does not define may too, and so may one a
      // kustomization's generator makes or adds keys to (`behavior: merge`), or one of its patches does.
      const provided = configKeys(workload).some((candidate) => {
        const objects = objectsOf(candidate);
        return objects.length === 0 || objects.some((object) => keysOf(object).includes(candidate.key))
          || context.workspace.index.keysSetByKustomize(candidate.kind, candidate.name);
      });
      if (provided) continue;
      const objects = objectsOf(source);
      const keys = [...new Set(objects.flatMap(keysOf))];
      context.report({
        span: configSpan(context, workload),
        message: `${source.kind} ${objects[0].namespace}/${source.name} has no key ${JSON.stringify(source.key)} (${keys.length ? `it has ${keys.map((k) => JSON.stringify(k)).join(', ')}` : 'it has none'}): ${workload.configFile} will be missing and Prometheus exits ("Error loading config")`,
      });
    }
  },
};

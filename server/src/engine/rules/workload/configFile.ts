import type { ObjectEntry } from '../../model/workspaceIndex';
import { imageRepository, prometheusImage } from '../../model/prometheus';
import { configKeys, objectsMeant } from '../../model/runners';
import { configMissingFromImage, configSource, type ConfigKey, type PrometheusWorkload } from '../../model/workloads';
import { locate } from '../../yaml/locate';
import type { FixDraft, Rule, RuleContext } from '../rule';
import { appendArgumentFix, argumentSpan, runsPrometheus, workloadsOf } from './context';

/** Where a finding about the configuration file goes: its `--config.file`, else the container's image. */
function configSpan(context: RuleContext, workload: PrometheusWorkload) {
  const flag = workload.flags.filter((f) => f.name === 'config.file').at(-1);
  return flag ? argumentSpan(context, flag) : locate(context.document.yaml, context.lines, [...workload.container.path, 'image'], 'value');
}

const keysOf = (object: ObjectEntry) => object.keys ?? [];

/**
 * `--config.file` naming a prometheus.yml the container mounts from a ConfigMap or Secret of the workspace that holds
 * that key, appended to its arguments: preferred where there is one such file.
 */
function configFileFixes(context: RuleContext, workload: PrometheusWorkload): FixDraft[] {
  const files = [...new Set(workload.container.volumeMounts.map((mount) => `${mount.mountPath.replace(/\/$/, '')}/prometheus.yml`))].filter((file) => {
    const source = configSource(workload.template, workload.container, file);
    return !('unresolved' in source) && objectsMeant(workload, source, context.workspace).some((object) => keysOf(object).includes(source.key));
  });
  return files.flatMap((file) => appendArgumentFix(context, workload, `--config.file=${file}`, `Add --config.file=${file}`, files.length === 1));
}

export const configFile: Rule = {
  id: 'workload/config-file',
  severity: 'warning',
  docs: 'The `--config.file` of a container running Prometheus: no mounted ConfigMap or Secret provides it (information: promagent cannot tell which configuration runs there), or the workspace\'s ConfigMap or Secret lacks the key it reads (warning: Prometheus exits, the file is missing; not said where a kustomization generates or patches that ConfigMap or Secret), or args of its own with no `--config.file` leave the official image reading prometheus.yml in its empty working directory (warning: Prometheus exits; fix: `--config.file` naming the prometheus.yml the container mounts).',
  appliesTo: runsPrometheus,
  reads: () => 'index',
  check(context) {
    for (const workload of workloadsOf(context)) {
      const source = workload.config;
      if ('unresolved' in source) {
        // A kustomization that patches the objects may add the flag, one that sets the image may run another image.
        const index = context.document.embedding ? undefined : context.workspace.index;
        const rebuilt = index !== undefined && (index.mayRename(context.file.uri)
          || Boolean(index.imagesSetIn(context.file.uri)?.some((setting) => setting.name === imageRepository(workload.container.image ?? ''))));
        if (configMissingFromImage(workload) && !rebuilt) {
          context.report({
            span: configSpan(context, workload),
            message: `with its own args and no --config.file, Prometheus reads ${workload.configFile} (prometheus.yml in its working directory), and nothing is there: the image's arguments, which name ${prometheusImage.defaultConfigFile}, no longer apply, the image leaves /prometheus empty and no volumeMount holds the file; Prometheus exits ("Error loading config")`,
            fixes: configFileFixes(context, workload),
          });
          continue;
        }
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

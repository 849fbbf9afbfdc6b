import { parse } from 'yaml';
import type { RenderContext } from '../context';
import { asRecord, type Json } from '../fields';
import { shardingRelabels } from '../config/relabel';
import { objectKey } from '../workspaceObjects';
import { additionalScrapeConfigsRefusal } from '../../model/referencedObjects';

/**
 * spec.additionalScrapeConfigs: the jobs in the Secret key, as written; with more than one shard (StatefulSet mode)
 * each gets the sharding rules after its own relabel_configs, unless it already has a hashmod rule.
 */
export function additionalScrapeConfigs(context: RenderContext): Json[] {
  const reference = context.spec.child('additionalScrapeConfigs');
  if (!reference.present()) return [];
  const name = reference.string('name');
  const key = reference.string('key');
  if (!name || !key) return [];
  const refusal = additionalScrapeConfigsRefusal(context.agent, context.workspace);
  if (refusal) {
    context.notes.refuse(`spec.additionalScrapeConfigs.key: ${refusal}`);
    return [];
  }
  const text = objectKey(context.workspace, 'Secret', context.namespace, name, key);
  if (text === undefined) {
    if (!reference.boolean('optional')) context.notes.add(`spec.additionalScrapeConfigs: Secret ${context.namespace}/${name} (key ${key}) is not in the workspace; its jobs are not shown, and the operator does not reconcile until it exists`);
    return [];
  }
  let jobs: unknown;
  try {
    jobs = parse(text);
  } catch (error) {
    context.notes.refuse(`spec.additionalScrapeConfigs: Secret ${context.namespace}/${name} key ${key} is not YAML (${error instanceof Error ? error.message : String(error)})`);
    return [];
  }
  if (jobs === null || jobs === undefined) return [];
  if (!Array.isArray(jobs)) {
    context.notes.refuse(`spec.additionalScrapeConfigs: Secret ${context.namespace}/${name} key ${key} is not a list of scrape configs`);
    return [];
  }
  const records = jobs.map((job) => asRecord(job) ?? {});
  if (context.mode === 'DaemonSet' || context.shards === 1) return records;
  return records.map((job) => {
    const { relabel_configs: relabels, ...rest } = job;
    const list = Array.isArray(relabels) ? relabels : [];
    const sharded = list.some((rule) => asRecord(rule)?.action === 'hashmod') ? list : [...list, ...shardingRelabels(context)];
    return { ...rest, relabel_configs: sharded };
  });
}

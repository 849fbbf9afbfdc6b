import { isSeq } from 'yaml';
import { kubeletExpanded, type Container } from '../../model/podTemplate';
import { imageRepository } from '../../model/prometheus';
import { webPort } from '../../model/remoteWriteReceivers';
import type { PrometheusWorkload } from '../../model/workloads';
import { walkPath, type Path } from '../../yaml/documents';
import { appendItem } from '../../yaml/insertion';
import { locate } from '../../yaml/locate';
import type { FixDraft, Rule, RuleContext } from '../rule';
import { runsPrometheus, workloadsOf } from './context';

/**
 * Sidecars that tell Prometheus to reload with an HTTP request when its configuration changes: the flag naming the
 * URL, and the flag of the request's method (its default when unset) or of a signal sent instead.
 */
const reloaders: Readonly<Record<string, { url: string; method: string; http: (method: string) => boolean }>> = {
  'configmap-reload': { url: 'webhook-url', method: 'webhook-method', http: (method) => method === 'POST' || method === 'PUT' },
  'prometheus-config-reloader': { url: 'reload-url', method: 'reload-method', http: (method) => method === 'http' },
};

const loopback = new Set(['localhost', '127.0.0.1', '[::1]']);

interface ReloadRequest {
  reloader: string;
  url: URL;
  /** The entry of `command` or `args` naming the URL. */
  path: Path;
}

/**
 * The reload requests a container sends to its own pod's `/-/reload`, as its flags say (`--flag=value`, `--flag value`,
 * Go's `-flag`); none when a word is known only when the pod runs or a shell runs it.
 */
function reloadRequests(container: Container): ReloadRequest[] {
  const reloader = container.image === undefined ? undefined : imageRepository(container.image).split('/').at(-1)!;
  const flags = reloader === undefined ? undefined : reloaders[reloader];
  if (!reloader || !flags) return [];
  const command = container.command ?? [];
  if (command.length > 0 && !(typeof command[0] === 'string' && command[0].split('/').at(-1) === reloader)) return [];
  const words = [...command.map((word, i) => ({ word, path: [...container.path, 'command', i] })).slice(1), ...(container.args ?? []).map((word, i) => ({ word, path: [...container.path, 'args', i] }))];
  const read: { name: string; value?: string; path: Path }[] = [];
  for (let i = 0; i < words.length; i++) {
    const { word, path } = words[i];
    const expanded = typeof word === 'string' ? kubeletExpanded(word, container.environment) : undefined;
    if (expanded === undefined) return [];
    const flag = /^--?([\w.-]+)(?:=(.*))?$/s.exec(expanded);
    if (!flag) continue;
    const next = words[i + 1];
    const separate = flag[2] === undefined && (flag[1] === flags.url || flag[1] === flags.method) && next !== undefined;
    const value = separate ? (typeof next.word === 'string' ? kubeletExpanded(next.word, container.environment) : undefined) : flag[2];
    if (separate) i++;
    if (separate && value === undefined) return [];
    read.push({ name: flag[1], value, path });
  }
  const method = read.filter((flag) => flag.name === flags.method).at(-1)?.value;
  if (method !== undefined && !flags.http(method)) return [];
  return read.flatMap(({ name, value, path }) => {
    const url = name === flags.url && value !== undefined ? parsedUrl(value) : undefined;
    return url && loopback.has(url.hostname) && url.pathname.endsWith('/-/reload') ? [{ reloader, url, path }] : [];
  });
}

function parsedUrl(text: string): URL | undefined {
  try {
    return new URL(text);
  } catch {
    return undefined;
  }
}

/** Whether Prometheus serves /-/reload: `--web.enable-lifecycle` as its last word on it; undefined when a word is known only at run time. */
function lifecycleEnabled(workload: PrometheusWorkload): boolean | undefined {
  if (workload.positionals.some((positional) => positional.runtime)) return undefined;
  const last = workload.flags.filter((flag) => flag.name === 'web.enable-lifecycle' || flag.name === 'no-web.enable-lifecycle').at(-1);
  if (!last) return false;
  if (last.runtime) return undefined;
  if (last.name === 'no-web.enable-lifecycle' || last.value === 'false') return false;
  return last.value === undefined || last.value === 'true' ? true : undefined;
}

/** Appends the flag to the list holding the container's last flag; none where the container writes no flag or sets it off. */
function enableLifecycleFix(context: RuleContext, workload: PrometheusWorkload): FixDraft[] {
  const lastFlag = workload.flags.at(-1);
  if (!lastFlag || workload.flags.some((flag) => flag.name.endsWith('web.enable-lifecycle'))) return [];
  const list = lastFlag.path.slice(0, -1);
  const steps = walkPath(context.document.yaml.ast.contents, list);
  const node = steps.length === list.length ? steps[steps.length - 1].node : undefined;
  const edit = isSeq(node) ? appendItem(context.text, context.lines, node, { entry: '--web.enable-lifecycle', flowSafe: true }) : undefined;
  return edit ? [{ title: `Add --web.enable-lifecycle to container ${workload.container.name}`, edits: [edit], preferred: true }] : [];
}

export const reloadWithoutLifecycle: Rule = {
  id: 'workload/reload-without-lifecycle',
  severity: 'warning',
  docs: 'A config reloader beside Prometheus (configmap-reload, prometheus-config-reloader) posts to its `/-/reload`, which Prometheus serves only with `--web.enable-lifecycle`: without it every reload is refused, and a changed configuration is loaded only when the pod restarts. Fix: add the flag.',
  appliesTo: runsPrometheus,
  check(context) {
    for (const workload of workloadsOf(context)) {
      if (lifecycleEnabled(workload) !== false) continue;
      const port = webPort(workload);
      for (const container of workload.template.containers) {
        if (container === workload.container) continue;
        for (const request of reloadRequests(container)) {
          const requested = Number(request.url.port || (request.url.protocol === 'https:' ? 443 : 80));
          if (port === undefined || requested !== port) continue;
          context.report({
            span: locate(context.document.yaml, context.lines, request.path, 'value'),
            message: `${request.reloader} posts to ${request.url.href} when the configuration changes, and Prometheus (container ${workload.container.name}) refuses it: without --web.enable-lifecycle its /-/reload is off, so a changed configuration is loaded only when the pod restarts`,
            fixes: enableLifecycleFix(context, workload),
          });
        }
      }
    }
  },
};

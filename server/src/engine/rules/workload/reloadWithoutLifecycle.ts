import { passedWords, type Container } from '../../model/podTemplate';
import { imageRepository } from '../../model/prometheus';
import { webPorts } from '../../model/remoteWriteReceivers';
import { featureList, type PrometheusWorkload } from '../../model/workloads';
import { atLeast } from '../../util/version';
import type { Path } from '../../yaml/documents';
import { locate } from '../../yaml/locate';
import type { Rule } from '../rule';
import { appendArgumentFix, knownVersion, runsPrometheus, workloadsOf } from './context';

/**
 * Sidecars that tell Prometheus to reload with an HTTP request when its configuration changes: the flag naming the
 * URL and its default (none: the flag must be given), and the flag of the request's method (its default when unset)
 * or of a signal sent instead. configmap-reload reads its flags with Go's flag package, which stops at the first word
 * that is no flag.
 */
const reloaders: Readonly<Record<string, { url: string; defaultUrl?: string; method: string; http: (method: string) => boolean }>> = {
  'configmap-reload': { url: 'webhook-url', method: 'webhook-method', http: (method) => method === 'POST' || method === 'PUT' },
  'prometheus-config-reloader': { url: 'reload-url', defaultUrl: 'http://127.0.0.1:9090/-/reload', method: 'reload-method', http: (method) => method === 'http' },
};

const loopback = new Set(['localhost', '127.0.0.1', '[::1]']);

interface ReloadRequest {
  reloader: string;
  url: URL;
  /** The entry of `command` or `args` naming the URL; the image when it is the reloader's default. */
  path: Path;
}

/**
 * The reload requests a container sends to its own pod's `/-/reload`, as its flags say (`--flag=value`, `--flag value`,
 * `-flag`); none when a word is known only when the pod runs or a shell runs it.
 */
function reloadRequests(container: Container): ReloadRequest[] {
  const reloader = container.image === undefined ? undefined : imageRepository(container.image).split('/').at(-1)!;
  const flags = reloader === undefined ? undefined : reloaders[reloader];
  if (!reloader || !flags) return [];
  const command = container.command ?? [];
  if (command.length > 0 && !(typeof command[0] === 'string' && command[0].split('/').at(-1) === reloader)) return [];
  const words = passedWords(container);
  const read: { name: string; value?: string; path: Path }[] = [];
  // Whether the word before is a flag that may take the next word as its value.
  let valueMayFollow = false;
  for (let i = 0; i < words.length; i++) {
    const { text: expanded, path } = words[i];
    if (expanded === undefined) return [];
    if (expanded === '--') break;
    const flag = /^--?([\w.-]+)(?:=(.*))?$/s.exec(expanded);
    if (!flag) {
      // A value of the flag before it, or the word Go's flag package stops at.
      if (!valueMayFollow) break;
      valueMayFollow = false;
      continue;
    }
    const next = words[i + 1];
    const separate = flag[2] === undefined && (flag[1] === flags.url || flag[1] === flags.method) && next !== undefined;
    const value = separate ? next.text : flag[2];
    if (separate) i++;
    if (separate && value === undefined) return [];
    valueMayFollow = flag[2] === undefined && !separate;
    read.push({ name: flag[1], value, path });
  }
  const method = read.filter((flag) => flag.name === flags.method).at(-1)?.value;
  if (method !== undefined && !flags.http(method)) return [];
  const named = read.filter((flag) => flag.name === flags.url);
  const urls = named.length ? named : flags.defaultUrl ? [{ value: flags.defaultUrl, path: [...container.path, 'image'] }] : [];
  return urls.flatMap(({ value, path }) => {
    const url = value !== undefined ? parsedUrl(value) : undefined;
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

/**
 * The path Prometheus serves its reload endpoint at: under `--web.route-prefix`, else the path of `--web.external-url`
 * (web.New routes everything under the prefix); undefined when one is known only when the pod runs.
 */
function reloadPath(workload: PrometheusWorkload): string | undefined {
  const prefix = workload.flags.filter((flag) => flag.name === 'web.route-prefix').at(-1);
  const external = workload.flags.filter((flag) => flag.name === 'web.external-url').at(-1);
  if (prefix?.runtime || (!prefix && external?.runtime)) return undefined;
  const path = prefix ? prefix.value ?? '' : external?.value !== undefined ? parsedUrl(external.value)?.pathname ?? '' : '';
  return `/${path.replace(/^\/+|\/+$/g, '')}/-/reload`.replace(/^\/\//, '/');
}

/** Whether Prometheus reloads its configuration file by itself (`--config.auto-reload`, the feature flag before it). */
function reloadsItself(workload: PrometheusWorkload): boolean {
  return workload.flags.some((flag) => (flag.name === 'config.auto-reload' && flag.value !== 'false')
    || (flag.name === 'enable-feature' && featureList(flag).includes('auto-reload-config')));
}

export const reloadWithoutLifecycle: Rule = {
  id: 'workload/reload-without-lifecycle',
  severity: 'warning',
  docs: 'A config reloader beside Prometheus (configmap-reload, prometheus-config-reloader; a container or a native sidecar) posts to its `/-/reload`, which Prometheus serves only with `--web.enable-lifecycle`: without it every reload is refused, and a changed configuration is loaded only when the pod restarts. Not said where a kustomization building the workload patches it (it may add the flag). Fix: add the flag.',
  appliesTo: runsPrometheus,
  check(context) {
    for (const workload of workloadsOf(context)) {
      // Prometheus 1 served /-/reload unasked (2.0.0 turned the lifecycle API off by default).
      const version = knownVersion(workload);
      if (lifecycleEnabled(workload) !== false || reloadsItself(workload) || (version !== undefined && !atLeast(version, 'v2.0.0'))) continue;
      // A kustomization (or a GitOps controller) patching the workload may add the flag: what is written does not decide.
      if (context.workspace.index.mayPatch(context.file.uri, workload.template.document.kind, workload.template.ownerName)) continue;
      const ports = webPorts(workload);
      const path = reloadPath(workload);
      // Set off, the flag is not added again: Prometheus refuses a repeated flag.
      const fixes = workload.flags.some((flag) => flag.name.endsWith('web.enable-lifecycle')) ? []
        : appendArgumentFix(context, workload, '--web.enable-lifecycle', `Add --web.enable-lifecycle to container ${workload.container.name}`);
      for (const container of [...workload.template.containers, ...workload.template.sidecars]) {
        if (container === workload.container) continue;
        for (const request of reloadRequests(container)) {
          const requested = Number(request.url.port || (request.url.protocol === 'https:' ? 443 : 80));
          // Another port, or a path Prometheus does not serve (404 with or without the flag), is another problem.
          if (!ports?.includes(requested) || request.url.pathname !== path) continue;
          const asks = request.path.at(-1) === 'image' ? `posts to ${request.url.href} (its default --reload-url)` : `posts to ${request.url.href}`;
          context.report({
            span: locate(context.document.yaml, context.lines, request.path, 'value'),
            message: `${request.reloader} ${asks} when the configuration changes, and Prometheus (container ${workload.container.name}) refuses it: without --web.enable-lifecycle its /-/reload is off, so a changed configuration is loaded only when the pod restarts`,
            fixes,
          });
        }
      }
    }
  },
};

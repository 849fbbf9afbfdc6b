import { deafReceiver } from '../../model/remoteWriteReceivers';
import type { Path } from '../../yaml/documents';
import { locate } from '../../yaml/locate';
import { asRecord } from '../../util/record';
import { isAgentOrServer } from '../agent/spec';
import { isWholeConfig } from '../promconfig/common';
import type { Rule } from '../rule';
import { someOf } from './context';

export const remoteWriteReceiver: Rule = {
  id: 'wiring/remote-write-receiver',
  severity: 'warning',
  docs: 'A remote write (of a PrometheusAgent or Prometheus, or of a prometheus.yml) whose URL reaches, through a Service of the workspace, only Prometheus servers that do not accept remote writes (no `--web.enable-remote-write-receiver`; v2\'s feature flag `remote-write-receiver` counts before v3.0.0, which removed it): each write is answered 404 and its samples are dropped. Said only where the workspace tells it all: the one Service of that name (`svc.ns.svc`, `svc.ns`, or `svc` in the sender\'s namespace; not ExternalName, not headless) and its port, its pods, the Prometheus container serving that port, and no kustomization patching them.',
  appliesTo: (document) => isAgentOrServer(document) || isWholeConfig(document),
  reads: () => 'index',
  check(context) {
    const { document } = context;
    const custom = document.role === 'monitoring';
    const writesAt: Path = custom ? ['spec', 'remoteWrite'] : ['remote_write'];
    // Read at its path: a configuration is never built whole for this rule.
    const writes = document.yaml.dataAt(writesAt);
    if (!Array.isArray(writes)) return;
    const fromNamespace = custom ? document.namespace : document.embedding?.holder.namespace;
    writes.forEach((write, i) => {
      const url = asRecord(write)?.url;
      const deaf = typeof url === 'string' ? deafReceiver(url, fromNamespace, context.file.uri, context.workspace) : undefined;
      if (!deaf) return;
      const service = `Service ${deaf.service.object.namespace}/${deaf.service.object.name}`;
      context.report({
        span: locate(document.yaml, context.lines, [...writesAt, i, 'url'], 'value'),
        message: `${url} reaches ${service}, whose pods run Prometheus without --web.enable-remote-write-receiver (${someOf(deaf.workloads, (workload) => workload.title)}): each write is answered 404 and its samples are dropped`,
      });
    });
  },
};

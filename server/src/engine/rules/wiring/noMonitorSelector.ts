import { locate } from '../../yaml/locate';
import { servedKind } from '../../classify';
import { monitorKinds, monitorsOf, readsKind, selectorFields, type Selecting } from '../../model/wiring';
import { agentOrServerOf, agentSelector } from '../../model/workspaceIndex';
import type { Rule } from '../rule';

export const noMonitorSelector: Rule = {
  id: 'wiring/no-monitor-selector',
  severity: 'hint',
  docs: 'A PrometheusAgent or Prometheus with no monitor selector at all (serviceMonitorSelector, podMonitorSelector, probeSelector, scrapeConfigSelector) while the workspace holds monitors it could read: an absent selector selects none of them; `{}` selects all of its kind. Not said of an untitled buffer.',
  appliesTo: (document) => servedKind(document) === 'PrometheusAgent' || servedKind(document) === 'Prometheus',
  reads: () => 'index',
  check(context) {
    const kind = servedKind(context.document) as Selecting['kind'];
    const entry = agentOrServerOf(context.document, context.file.uri);
    // An untitled buffer is a draft, not yet part of what the workspace deploys: its selectors are still being written.
    if (!entry || !context.file.uri.startsWith('file:')) return;
    const read = monitorKinds.filter((monitorKind) => readsKind({ entry, kind }, monitorKind));
    // One selector says which kinds it means to read: the others are left out on purpose.
    if (read.length === 0 || read.some((monitorKind) => agentSelector(entry, selectorFields[monitorKind].selector) !== undefined)) return;
    const count = read.reduce((total, monitorKind) => total + monitorsOf(context.workspace, monitorKind).length, 0);
    if (count === 0) return;
    context.report({
      span: locate(context.document.yaml, context.lines, ['spec'], 'key'),
      message: `no ${read.map((monitorKind) => selectorFields[monitorKind].selector).join(', ')}: this ${kind} selects none of the ${count} monitor${count === 1 ? '' : 's'} of the workspace (a selector {} selects all of its kind)`,
    });
  },
};

import { podPorts } from '../../model/podTemplate';
import { sidecarAnnotations } from '../../model/sidecarRequest';
import { didYouMean } from '../../util/didYouMean';
import { locate } from '../../yaml/locate';
import { agentKey, agentOf, distinctAgents, type AgentEntry } from '../../model/workspaceIndex';
import { clustersAround, mayShareCluster } from '../../model/environments';
import type { Workspace } from '../../workspace';
import type { Rule } from '../rule';
import { annotationSpan, hasPodTemplate, requestOf, templateOf } from './context';

/**
 * The agent names no namespace, or a kustomization building it changes its namespace, labels or name (which of them is
 * not told apart here): the namespace it runs in may not be the one written.
 */
const placedElsewhere = (workspace: Workspace, agent: AgentEntry) => agent.document.namespace === undefined || workspace.index.transformedBy(agent.uri) !== undefined;

/**
 * Whether the agent may be the one `name` names: of that name, or, where a kustomization building it may rename it
 * (namePrefix, nameSuffix), of a name holding its own.
 */
const mayBeNamed = (workspace: Workspace, agent: AgentEntry, name: string) =>
  agent.name === name || (workspace.index.mayRename(agent.uri) && name.includes(agent.name));

export const scrapePort: Rule = {
  id: 'sidecar/port',
  severity: 'warning',
  docs: 'The port annotation names a port no container of the pod declares: a name the agent cannot resolve (warning), or a number (a hint: a container listening there is scraped all the same, declared or not); or scrape is "true" with no port annotated and none declared to default to (error). Not said where a kustomization building the pod patches it (it may declare the ports).',
  appliesTo: hasPodTemplate,
  check(context) {
    const template = templateOf(context);
    const request = requestOf(context);
    // A kustomization building the pod that patches it may declare its ports (an overlay's container ports).
    if (!request || context.workspace.index.mayPatch(context.file.uri, template.document.kind, template.ownerName)) return;
    const ports = podPorts(template);
    const declared = ports.map((p) => (p.name ? `${p.name} (${p.containerPort})` : String(p.containerPort)));
    const annotated = template.annotations[sidecarAnnotations.port];
    if (annotated === undefined) {
      if (ports.length > 0) return;
      context.report({
        span: annotationSpan(context, template, sidecarAnnotations.scrape, 'key'),
        message: `${sidecarAnnotations.scrape} is "true" but no ${sidecarAnnotations.port} is annotated and no container declares a port to scrape`,
        severity: 'error',
      });
      return;
    }
    const port = request.port;
    const known = typeof port === 'number' ? ports.some((p) => p.containerPort === port) : ports.some((p) => p.name === port);
    if (known || port === undefined || (typeof port === 'number' && (port < 1 || port > 65535))) return;
    // A port number reaches what listens there whether a container declares it or not (the list is informational).
    context.report({
      span: annotationSpan(context, template, sidecarAnnotations.port, 'value'),
      message: `no container of this pod declares port ${typeof port === 'number' ? port : JSON.stringify(port)}; declared: ${declared.length ? declared.join(', ') : 'none'}${typeof port === 'number' ? ' (it is scraped all the same if a container listens there)' : ''}`,
      severity: typeof port === 'number' ? 'hint' : undefined,
    });
  },
};

/** Per list of agents the index gives, their distinct keys and the agents of each key: made once, read by every pod. */
const keyed = new WeakMap<readonly AgentEntry[], { keys: string[]; byKey: Map<string, AgentEntry[]> }>();

function keyedAgents(agents: readonly AgentEntry[]): { keys: string[]; byKey: Map<string, AgentEntry[]> } {
  let found = keyed.get(agents);
  if (!found) {
    const byKey = new Map<string, AgentEntry[]>();
    for (const agent of agents) byKey.set(agent.key, [...byKey.get(agent.key) ?? [], agent]);
    keyed.set(agents, (found = { keys: [...byKey.keys()], byKey }));
  }
  return found;
}

export const agentSelector: Rule = {
  id: 'sidecar/agent-selector',
  severity: 'error',
  docs: 'The agent-selector names no PrometheusAgent in the workspace, or one not in Sidecar mode; or it is missing while several Sidecar agents may meet the pod in one cluster (one per environment folder is one each).',
  appliesTo: hasPodTemplate,
  check(context) {
    const template = templateOf(context);
    const request = requestOf(context);
    if (!request) return;
    // Copies of one agent in several folders (environments) are one.
    const { keys } = keyedAgents(context.workspace.index.sidecarAgents());
    const selector = template.annotations[sidecarAnnotations.agentSelector];
    if (selector === undefined) {
      // Agents of other environment folders are in other clusters: several in one cluster make the choice.
      const several = clustersAround(context.workspace, context.file.uri, context.workspace.index.sidecarAgents(), (agent) => agent.uri)
        .map((agents) => distinctAgents(agents) > 1 ? keyedAgents(agents).keys : []).find((found) => found.length);
      if (!several) return;
      context.report({
        span: annotationSpan(context, template, sidecarAnnotations.scrape, 'key'),
        message: `several PrometheusAgents in Sidecar mode could inject this pod (${several.join(', ')}): choose one with ${sidecarAnnotations.agentSelector}`,
      });
      return;
    }
    if (!request.agentSelector) return;
    const key = agentKey(request.agentSelector);
    const span = annotationSpan(context, template, sidecarAnnotations.agentSelector, 'value');
    const named = context.workspace.index.agentNamed(key);
    // An agent of that name whose namespace `kubectl apply -n` or a kustomization sets (and whose name it may prefix)
    // may be the one named; so may an item of a List that names no kind, which promagent does not read.
    if (!named && context.workspace.index.agents().some((agent) => placedElsewhere(context.workspace, agent) && mayBeNamed(context.workspace, agent, request.agentSelector!.name))) return;
    if (!named && context.workspace.index.holdsLists()) return;
    if (!named) {
      const suggestion = didYouMean(key, keys);
      context.report({
        span,
        message: `no PrometheusAgent ${key} in the workspace${suggestion ? `: did you mean ${suggestion}?` : keys.length ? ` (Sidecar agents: ${keys.join(', ')})` : ''}`,
      });
      return;
    }
    // Not said where a copy of it (another environment's folder) is in Sidecar mode, or a kustomization may set its mode.
    const copies = keyedAgents(context.workspace.index.agents()).byKey.get(key) ?? [];
    const mayInject = copies.some((agent) => agent.mode === 'Sidecar' || context.workspace.index.transformedBy(agent.uri));
    if (!mayInject) {
      context.report({ span, message: `PrometheusAgent ${key} is in ${named.mode} mode, not Sidecar: it injects no agent into this pod` });
    }
  },
};

export const unusedSidecarAgent: Rule = {
  id: 'sidecar/unused-agent',
  severity: 'information',
  docs: 'A PrometheusAgent in Sidecar mode that no Pod or pod template in the workspace asks for: it injects nothing.',
  appliesTo: (document, options) => options.sidecarMode && document.role === 'monitoring' && document.kind === 'PrometheusAgent',
  check(context) {
    const self = agentOf(context.document, context.file.uri);
    if (self?.mode !== 'Sidecar') return;
    // A pod naming no agent is injected by the one Sidecar agent of its cluster: this one, where its environment has no other.
    const agents = context.workspace.index.sidecarAgents().filter((agent) => mayShareCluster(context.workspace, self.uri, agent.uri));
    const requested = context.workspace.index.requestedAgents();
    if (requested.named.has(agentKey(self)) || (requested.unnamed && distinctAgents(agents) === 1)) return;
    // Its namespace set elsewhere, a pod asking for an agent of its name in any namespace may mean it; pods in a List
    // are not read.
    if (placedElsewhere(context.workspace, self) && [...requested.named].some((key) => mayBeNamed(context.workspace, self, key.slice(key.indexOf('/') + 1)))) return;
    if (context.workspace.index.holdsLists()) return;
    context.report({
      span: locate(context.document.yaml, context.lines, ['spec', 'mode'], 'value'),
      message: `no Pod or workload in the workspace asks for PrometheusAgent ${agentKey(self)} (${sidecarAnnotations.scrape}: "true" with ${sidecarAnnotations.agentSelector}: ${agentKey(self)})`,
    });
  },
};

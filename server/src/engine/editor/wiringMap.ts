import type { ClassifiedDocument } from '../classify';
import { checkFile } from '../check';
import type { PodTemplate } from '../model/podTemplate';
import { injects } from '../model/sidecarInjection';
import {
  jobNames, monitorKinds, monitorsOf, selectedMonitors, selectedOperatorServices, selectedPods, selectedServices,
  type MonitorKind, type OperatorService, type Selecting, type ServiceEntry,
} from '../model/wiring';
import type { AgentEntry, ObjectEntry } from '../model/workspaceIndex';
import { sidecarJobName } from '../model/sidecarRequest';
import { selectionVerdict } from '../model/selectionVerdict';
import type { CheckOptions } from '../types';
import type { Workspace } from '../workspace';

/** Where an object of the map is written: a file and the 0-based line its document starts on. */
export interface WiringPlace {
  uri: string;
  line: number;
}

/** A Service or a pod template a monitor reaches, with the ports it declares. */
export interface WiringTarget extends WiringPlace {
  title: string;
  ports: string[];
}

export interface WiringMonitor extends WiringPlace {
  kind: MonitorKind;
  namespace: string;
  name: string;
  /** The scrape jobs the operator makes of it, by name. */
  jobs: string[];
  /** What breaks its wiring: the wiring findings on its document, as `line: message` (1-based). */
  problems: string[];
  targets: WiringTarget[];
  /** For a monitor no agent selects: the nearest miss. */
  unselected?: string;
  /** For a monitor no agent of the workspace selects as written, though one may: why. */
  undecided?: string;
}

/** A Pod or workload whose pods ask a Sidecar agent for an injected agent: its job, and what breaks its request. */
export interface WiringPod extends WiringPlace {
  /** `Deployment shop/checkout`. */
  title: string;
  job: string;
  /** The sidecar findings on its document, as `line: message` (1-based). */
  problems: string[];
}

export interface WiringAgent extends WiringPlace {
  kind: 'PrometheusAgent' | 'Prometheus';
  namespace: string;
  name: string;
  mode: string;
  monitors: WiringMonitor[];
  /** In Sidecar mode, the pods it is injected into (it selects no monitor). */
  pods: WiringPod[];
}

/** Which agent scrapes which monitor, and which Services and pods each monitor reaches: the map the view and the CLI show. */
export interface WiringMap {
  agents: WiringAgent[];
  /** Monitors no agent of the workspace selects nor may (see selectionVerdict). */
  unselected: WiringMonitor[];
  /** Monitors no agent of the workspace selects as written, though one may (see selectionVerdict). */
  undecided: WiringMonitor[];
}

const firstLine = (document: ClassifiedDocument) => document.source.line + document.source.lines.position(document.yaml.ast.contents?.range?.[0] ?? document.yaml.span.start).line;
const placeOf = (uri: string, document: ClassifiedDocument): WiringPlace => ({ uri, line: firstLine(document) });

const serviceTarget = (service: ServiceEntry): WiringTarget => ({
  ...placeOf(service.object.uri, service.object.document),
  title: `Service ${service.object.namespace}/${service.object.name}`,
  ports: service.ports.map((port) => port.name ?? String(port.port ?? '')).filter(Boolean),
});

/**
 * A Service the operator creates is in no file: it is placed at the first resource it is made for, and names them all
 * (one Service serves every resource of its kind in a namespace).
 */
const operatorServiceTargets = (services: OperatorService[]): WiringTarget[] => {
  const byService = new Map<string, OperatorService[]>();
  for (const service of services) byService.set(`${service.namespace}/${service.name}`, [...(byService.get(`${service.namespace}/${service.name}`) ?? []), service]);
  return [...byService].map(([title, made]) => ({
    ...placeOf(made[0].entry.uri, made[0].entry.document),
    title: `Service ${title} (the operator's, for ${made[0].kind} ${made.map(({ entry }) => entry.name).join(', ')})`,
    ports: [...new Set(made.map((service) => service.port))],
  }));
};

const podTarget = (workspace: Workspace, template: PodTemplate): WiringTarget => {
  const uri = workspace.index.podOf(template)?.uri ?? '';
  return {
    ...placeOf(uri, template.document),
    title: template.ownerTitle,
    ports: template.containers.flatMap((container) => container.ports.map((port) => (port.name ? `${port.name} (${port.containerPort})` : String(port.containerPort)))),
  };
};

export function wiringMap(workspace: Workspace, options: CheckOptions): WiringMap {
  const problems = new Map<ClassifiedDocument, string[]>();
  /** The findings of `prefix` on the object's document, except those of `left`. */
  const problemsOf = (uri: string, document: ClassifiedDocument, prefix: string, left?: string) => {
    if (!problems.has(document)) {
      const file = workspace.get(uri);
      const from = firstLine(document);
      const to = document.source.line + document.source.lines.position(document.yaml.span.end).line;
      problems.set(document, (file ? checkFile(file, workspace, options) : [])
        .filter((finding) => finding.code.startsWith(prefix) && finding.code !== left)
        .filter((finding) => finding.range.start.line >= from && finding.range.start.line <= to)
        .map((finding) => `${finding.range.start.line + 1}: ${finding.message}`));
    }
    return problems.get(document)!;
  };
  const injected = (entry: AgentEntry): WiringPod[] => workspace.index.pods()
    .filter((pod) => injects(workspace, entry, pod))
    .map(({ uri, template }) => ({ ...placeOf(uri, template.document), title: template.ownerTitle, job: sidecarJobName(template), problems: problemsOf(uri, template.document, 'sidecar/') }));
  const describe = (kind: MonitorKind, monitor: ObjectEntry): WiringMonitor => ({
    ...placeOf(monitor.uri, monitor.document),
    kind,
    namespace: monitor.namespace,
    name: monitor.name,
    jobs: jobNames(kind, monitor),
    problems: problemsOf(monitor.uri, monitor.document, 'wiring/', 'wiring/unselected-monitor'),
    targets: kind === 'ServiceMonitor'
      ? [...(selectedServices(workspace, monitor) ?? []).map(serviceTarget), ...operatorServiceTargets(selectedOperatorServices(workspace, monitor))]
      : kind === 'PodMonitor' ? (selectedPods(workspace, monitor) ?? []).map((template) => podTarget(workspace, template)) : [],
  });
  const agents = [...workspace.index.agents().map((entry): Selecting => ({ entry, kind: 'PrometheusAgent' })), ...workspace.index.servers().map((entry): Selecting => ({ entry, kind: 'Prometheus' }))]
    .map((selecting): WiringAgent => ({
      ...placeOf(selecting.entry.uri, selecting.entry.document),
      kind: selecting.kind,
      namespace: selecting.entry.namespace,
      name: selecting.entry.name,
      mode: selecting.kind === 'Prometheus' ? 'server' : selecting.entry.mode,
      monitors: monitorKinds.flatMap((kind) => selectedMonitors(workspace, selecting, kind).map((monitor) => describe(kind, monitor))),
      pods: selecting.kind === 'PrometheusAgent' && selecting.entry.mode === 'Sidecar' ? injected(selecting.entry) : [],
    }));
  const verdicts = monitorKinds.flatMap((kind) => monitorsOf(workspace, kind).map((monitor) => ({ kind, monitor, verdict: selectionVerdict(workspace, kind, monitor) })));
  return {
    agents,
    unselected: verdicts.flatMap(({ kind, monitor, verdict }) => ('unselected' in verdict ? [{ ...describe(kind, monitor), unselected: verdict.unselected }] : [])),
    undecided: verdicts.flatMap(({ kind, monitor, verdict }) => ('undecided' in verdict ? [{ ...describe(kind, monitor), undecided: verdict.undecided }] : [])),
  };
}

/**
 * The map as text: agents, the monitors each selects with their jobs and targets, problems marked; then the unselected,
 * and those an agent may select though none does as written.
 */
export function wiringText(map: WiringMap): string {
  const lines: string[] = [];
  const monitorLines = (monitor: WiringMonitor, indent: string) => {
    lines.push(`${indent}${monitor.kind} ${monitor.namespace}/${monitor.name}${monitor.jobs.length ? ` → ${monitor.jobs.join(', ')}` : ''}`);
    for (const problem of monitor.problems) lines.push(`${indent}  ! ${problem}`);
    for (const target of monitor.targets) lines.push(`${indent}  ${target.title}${target.ports.length ? ` (ports ${target.ports.join(', ')})` : ''}`);
  };
  for (const agent of map.agents) {
    lines.push(`${agent.kind} ${agent.namespace}/${agent.name} (${agent.mode})`);
    if (agent.mode === 'Sidecar' && agent.pods.length === 0) lines.push('  is injected into no pod');
    else if (agent.mode !== 'Sidecar' && agent.monitors.length === 0) lines.push('  selects no monitor');
    for (const monitor of agent.monitors) monitorLines(monitor, '  ');
    for (const pod of agent.pods) {
      lines.push(`  injected into ${pod.title} → ${pod.job}`);
      for (const problem of pod.problems) lines.push(`    ! ${problem}`);
    }
  }
  if (map.unselected.length) {
    lines.push('Selected by no agent:');
    for (const monitor of map.unselected) {
      monitorLines(monitor, '  ');
      lines.push(`    why: ${monitor.unselected}`);
    }
  }
  if (map.undecided.length) {
    lines.push('Selected by no agent as written, though one may be:');
    for (const monitor of map.undecided) {
      monitorLines(monitor, '  ');
      lines.push(`    why: ${monitor.undecided}`);
    }
  }
  return lines.length ? `${lines.join('\n')}\n` : 'No PrometheusAgent, Prometheus or monitor in the paths given.\n';
}

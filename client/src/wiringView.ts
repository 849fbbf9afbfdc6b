import * as vscode from 'vscode';
import type { LanguageClient } from 'vscode-languageclient/node';
import { wiringMethod, type WiringMap } from '../../shared/protocol';

type Agent = WiringMap['agents'][number];
type Monitor = Agent['monitors'][number];
type Target = Monitor['targets'][number];
type Pod = Agent['pods'][number];

/**
 * A row of the view: an agent, a monitor under it (or under "Selected by no agent", or "Selected by no agent as
 * written"), a target under a monitor; under a Sidecar agent, the pods it is injected into.
 */
export type WiringNode =
  | { kind: 'agent'; agent: Agent }
  | { kind: 'unselected'; monitors: Monitor[] }
  | { kind: 'undecided'; monitors: Monitor[] }
  | { kind: 'monitor'; monitor: Monitor }
  | { kind: 'target'; target: Target }
  | { kind: 'pod'; pod: Pod };

const refreshDelayMs = 500;

/**
 * The Explorer's "Scrape wiring" view (a native tree, not a webview): agents → the monitors each selects → the
 * Services or pods each reaches, a problem icon where the wiring breaks; selecting a row opens the object. The map
 * comes from the language server, which holds the whole workspace.
 */
export class WiringView implements vscode.TreeDataProvider<WiringNode>, vscode.Disposable {
  private readonly changed = new vscode.EventEmitter<WiringNode | undefined>();
  readonly onDidChangeTreeData = this.changed.event;
  private timer: NodeJS.Timeout | undefined;
  private readonly subscriptions: vscode.Disposable[];

  constructor(private readonly client: () => LanguageClient | undefined) {
    // What the wiring shows changes with any YAML edit or diagnostic: refresh, debounced.
    const refresh = () => {
      clearTimeout(this.timer);
      this.timer = setTimeout(() => this.changed.fire(undefined), refreshDelayMs);
    };
    this.subscriptions = [
      vscode.workspace.onDidChangeTextDocument((event) => {
        if (event.document.languageId === 'yaml') refresh();
      }),
      vscode.languages.onDidChangeDiagnostics(refresh),
    ];
  }

  refresh(): void {
    this.changed.fire(undefined);
  }

  async getChildren(node?: WiringNode): Promise<WiringNode[]> {
    if (!node) {
      const client = this.client();
      if (!client?.isRunning()) return [];
      const map = await client.sendRequest<WiringMap>(wiringMethod);
      return [
        ...map.agents.map((agent): WiringNode => ({ kind: 'agent', agent })),
        ...(map.unselected.length ? [{ kind: 'unselected', monitors: map.unselected } as const] : []),
        ...(map.undecided.length ? [{ kind: 'undecided', monitors: map.undecided } as const] : []),
      ];
    }
    if (node.kind === 'agent') {
      return [...node.agent.monitors.map((monitor): WiringNode => ({ kind: 'monitor', monitor })), ...node.agent.pods.map((pod): WiringNode => ({ kind: 'pod', pod }))];
    }
    if (node.kind === 'unselected' || node.kind === 'undecided') return node.monitors.map((monitor) => ({ kind: 'monitor', monitor }));
    if (node.kind === 'monitor') return node.monitor.targets.map((target) => ({ kind: 'target', target }));
    return [];
  }

  getTreeItem(node: WiringNode): vscode.TreeItem {
    const expanded = vscode.TreeItemCollapsibleState.Expanded;
    const none = vscode.TreeItemCollapsibleState.None;
    switch (node.kind) {
      case 'agent': {
        const { agent } = node;
        const children = agent.monitors.length + agent.pods.length;
        const item = new vscode.TreeItem(`${agent.kind} ${agent.namespace}/${agent.name}`, children ? expanded : none);
        item.description = children ? agent.mode : `${agent.mode}, ${agent.mode === 'Sidecar' ? 'injected into no pod' : 'selects no monitor'}`;
        item.iconPath = new vscode.ThemeIcon('server-process');
        item.command = open(agent);
        return item;
      }
      case 'unselected': {
        const item = new vscode.TreeItem('Selected by no agent', expanded);
        item.iconPath = new vscode.ThemeIcon('warning', new vscode.ThemeColor('problemsWarningIcon.foreground'));
        return item;
      }
      case 'undecided': {
        const item = new vscode.TreeItem('Selected by no agent as written', expanded);
        item.tooltip = 'An agent may select these where they are applied: each says why';
        item.iconPath = new vscode.ThemeIcon('question');
        return item;
      }
      case 'monitor': {
        const { monitor } = node;
        const item = new vscode.TreeItem(`${monitor.kind} ${monitor.namespace}/${monitor.name}`, monitor.targets.length ? expanded : none);
        const problems = [...(monitor.unselected ? [monitor.unselected] : []), ...monitor.problems];
        item.description = problems.length ? problems[0] : monitor.undecided ?? monitor.jobs.join(', ');
        item.tooltip = [monitor.jobs.length ? `Jobs: ${monitor.jobs.join(', ')}` : 'No job', ...(monitor.undecided ? [monitor.undecided] : []), ...problems].join('\n');
        item.iconPath = problems.length ? new vscode.ThemeIcon('warning', new vscode.ThemeColor('problemsWarningIcon.foreground')) : new vscode.ThemeIcon('pulse');
        item.command = open(monitor);
        return item;
      }
      case 'pod': {
        const { pod } = node;
        const item = new vscode.TreeItem(pod.title, none);
        item.description = pod.problems.length ? pod.problems[0] : pod.job;
        item.tooltip = [`Job: ${pod.job}`, ...pod.problems].join('\n');
        item.iconPath = pod.problems.length ? new vscode.ThemeIcon('warning', new vscode.ThemeColor('problemsWarningIcon.foreground')) : new vscode.ThemeIcon('pulse');
        item.command = open(pod);
        return item;
      }
      case 'target': {
        const { target } = node;
        const item = new vscode.TreeItem(target.title, none);
        item.description = target.ports.length ? `ports ${target.ports.join(', ')}` : 'no port';
        item.iconPath = new vscode.ThemeIcon('plug');
        item.command = open(target);
        return item;
      }
    }
  }

  dispose(): void {
    clearTimeout(this.timer);
    this.changed.dispose();
    for (const subscription of this.subscriptions) subscription.dispose();
  }
}

/** Opens the file of an object of the map at the line its document starts on. */
function open(place: { uri: string; line: number }): vscode.Command {
  const position = new vscode.Position(place.line, 0);
  return { title: 'Open', command: 'vscode.open', arguments: [vscode.Uri.parse(place.uri), { selection: new vscode.Range(position, position) }] };
}

import assert from 'node:assert/strict';
import { join } from 'node:path';
import { suite, test } from 'mocha';
import * as vscode from 'vscode';
import type { WiringNode, WiringView } from '../../../client/src/wiringView';
import { examplesFolder, extensionId, poll } from './helpers';

/** The rows of the Scrape Wiring view, indented by depth, as the Explorer shows them (label — description). */
async function rows(view: WiringView, node?: WiringNode, depth = 0): Promise<string[]> {
  const out: string[] = [];
  for (const child of await view.getChildren(node)) {
    const item = view.getTreeItem(child);
    out.push(`${'  '.repeat(depth)}${String(item.label)}${item.description ? ` — ${String(item.description)}` : ''}`);
    out.push(...(await rows(view, child, depth + 1)));
  }
  return out;
}

suite('Scrape Wiring view', () => {
  test('shows each agent, the monitors it selects and the Services or pods they reach; rows open the object', async () => {
    await vscode.window.showTextDocument(vscode.Uri.file(join(examplesFolder().fsPath, 'agent-statefulset.yaml')));
    const extension = vscode.extensions.getExtension<{ wiring: WiringView }>(extensionId)!;
    const view = (await extension.activate()).wiring;
    const shown = await poll(() => rows(view), (lines) => lines.some((line) => line.includes('ServiceMonitor checkout/checkout-api')));
    const payments = shown.indexOf('PrometheusAgent monitoring/payments — StatefulSet');
    assert.ok(payments >= 0, shown.join('\n'));
    assert.deepEqual(shown.slice(payments, payments + 3), [
      'PrometheusAgent monitoring/payments — StatefulSet',
      '  ServiceMonitor checkout/checkout-api — serviceMonitor/checkout/checkout-api/0',
      '    Service checkout/checkout-api — ports http, http-metrics',
    ]);
    // A Sidecar agent lists the pods it is injected into, with their jobs.
    const sidecar = shown.indexOf('PrometheusAgent monitoring/sidecar — Sidecar');
    assert.ok(sidecar >= 0 && shown[sidecar + 1].startsWith('  Deployment checkout/checkout-api — '), shown.join('\n'));
    // The unselected monitor of examples/mistakes, with the nearest miss as its description.
    assert.ok(shown.some((line) => line.startsWith('  ServiceMonitor orders/orders-api — PrometheusAgent monitoring/payments selects team=payments')), shown.join('\n'));
    const [agent] = (await view.getChildren()).filter((node) => node.kind === 'agent' && node.agent.name === 'payments');
    const item = view.getTreeItem(agent);
    assert.equal(item.command?.command, 'vscode.open');
    await vscode.commands.executeCommand(item.command!.command, ...(item.command!.arguments ?? []));
    assert.match(vscode.window.activeTextEditor?.document.uri.path ?? '', /agent-statefulset\.yaml$/);
  });
});

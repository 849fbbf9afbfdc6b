import { test } from 'node:test';
import assert from 'node:assert/strict';
import { defaultCheckOptions, renderAllAgents, Workspace, type CheckOptions, type KubernetesObject, type Rendering } from '../../server/src/engine';
import { agentManifest } from '../support/engine';

/**
 * What prometheus-operator v0.93.0 creates for a PrometheusAgent, field by field: a PrometheusAgent (and the objects
 * of its workspace) in, the fields of the rendered objects or the generated prometheus.yml out.
 */

/** The rendering of the one PrometheusAgent in `text` (a workspace of one file). */
function renderText(text: string, options: Partial<CheckOptions> = {}): Rendering {
  const workspace = new Workspace();
  workspace.set('file:///w/agent.yaml', text);
  const renderings = renderAllAgents(workspace, { ...defaultCheckOptions, ...options });
  assert.equal(renderings.length, 1);
  return renderings[0];
}

/** PrometheusAgent monitoring/agent with `spec`, beside the `others` objects of its workspace. */
const render = (spec: string, others: string[] = [], options: Partial<CheckOptions> = {}) =>
  renderText([agentManifest(spec), ...others].join('---\n'), options);

const objectsOf = (rendering: Rendering, kind: string) => rendering.objects.filter((object) => object.kind === kind);
const labels = (object: KubernetesObject) => (object.metadata.labels ?? {}) as Record<string, string>;

test('every object the operator creates carries both managed-by labels', () => {
  for (const spec of ['shards: 2', 'mode: DaemonSet']) {
    const rendering = render(spec);
    assert.ok(rendering.objects.length >= 4);
    for (const object of rendering.objects) {
      assert.equal(labels(object)['managed-by'], 'prometheus-operator', `${spec}: ${object.kind} ${object.metadata.name}`);
      assert.equal(labels(object)['app.kubernetes.io/managed-by'], 'prometheus-operator', `${spec}: ${object.kind} ${object.metadata.name}`);
    }
  }
  // The agent's own labels come over them on its workload; the mode and the selector labels come over the agent's.
  const labelled = agentManifest('{}').replace('  namespace: monitoring\n', '  namespace: monitoring\n  labels:\n    managed-by: helm\n    app.kubernetes.io/managed-by: helm\n    team: payments\n');
  const [statefulSet] = objectsOf(renderText(labelled), 'StatefulSet');
  assert.deepEqual(labels(statefulSet), {
    'app.kubernetes.io/instance': 'agent',
    'app.kubernetes.io/managed-by': 'prometheus-operator',
    'app.kubernetes.io/name': 'prometheus-agent',
    'managed-by': 'helm',
    'operator.prometheus.io/mode': 'agent',
    'operator.prometheus.io/name': 'agent',
    'operator.prometheus.io/shard': '0',
    team: 'payments',
  });
});

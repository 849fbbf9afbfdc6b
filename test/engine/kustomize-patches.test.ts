import { test } from 'node:test';
import assert from 'node:assert/strict';
import { checkFile, defaultCheckOptions, Workspace } from '../../server/src/engine';
import { describe, yaml } from '../support/engine';

const agent = yaml`
  apiVersion: monitoring.coreos.com/v1alpha1
  kind: PrometheusAgent
  metadata: {name: agent, namespace: monitoring}
  spec:
    serviceMonitorSelector: {}
    remoteWrite:
      - url: https://rw.example.com/api/v1/write
`;

const patch = yaml`
  apiVersion: monitoring.coreos.com/v1
  kind: ServiceMonitor
  metadata: {name: api, namespace: monitoring}
  spec:
    endpoints:
      - port: metrics
        interval: 60s
        scrapeTimeout: 2m
        honorLabels: yes-please
`;

const kustomization = (patches: string) => `apiVersion: kustomize.config.k8s.io/v1beta1\nkind: Kustomization\nresources: [../../base]\n${patches}`;

test('a strategic-merge patch a kustomization lists is checked as part of an object: its values, not what it lacks', () => {
  const workspace = new Workspace();
  workspace.set('file:///repo/base/agent.yaml', agent);
  const findings = () => checkFile(workspace.get('file:///repo/overlays/staging/sm-patch.yaml')!, workspace, defaultCheckOptions).map(describe);
  workspace.set('file:///repo/overlays/staging/sm-patch.yaml', patch);
  // Listed by no kustomization, it is a ServiceMonitor of its own: it lacks a selector, and nothing selects it.
  const alone = findings();
  assert.ok(alone.some((line) => line.includes('crd/required spec.selector: Required value')), alone.join('\n'));
  // Listed as a patch (both ways kustomize takes one), only what holds of its values is said, wherever it is listed from.
  for (const patches of ['patches:\n  - path: sm-patch.yaml\n', 'patchesStrategicMerge:\n  - sm-patch.yaml\n']) {
    workspace.set('file:///repo/overlays/staging/kustomization.yaml', kustomization(patches));
    assert.deepEqual(findings(), ['9:20 error crd/type spec.endpoints[0].honorLabels: Invalid value: "yes-please": must be a boolean'], patches);
  }
  workspace.set('file:///repo/overlays/staging/kustomization.yaml', kustomization('patches:\n  - path: ../prod/sm-patch.yaml\n'));
  assert.deepEqual(findings(), alone);
  workspace.set('file:///repo/overlays/prod/kustomization.yaml', kustomization('patches:\n  - path: ../staging/sm-patch.yaml\n'));
  assert.equal(findings().length, 1);
  // An inline patch names no file.
  workspace.delete('file:///repo/overlays/prod/kustomization.yaml');
  workspace.set('file:///repo/overlays/staging/kustomization.yaml', kustomization(`patches:\n  - patch: |-\n${patch.replace(/^/gm, '      ')}\n`));
  assert.deepEqual(findings(), alone);
});

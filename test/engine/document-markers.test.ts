import { test } from 'node:test';
import assert from 'node:assert/strict';
import { applyFix, check, findings, only, yaml } from '../support/engine';
import { defaultCheckOptions, fixFile, Workspace } from '../../server/src/engine';

const deployment = yaml`
  apiVersion: apps/v1
  kind: Deployment
  metadata: {name: app}
  spec:
    selector: {matchLabels: {app: app}}
    template:
      metadata: {labels: {app: app}}
      spec: {containers: [{name: app, image: nginx}]}
`;
const agent = yaml`
  apiVersion: monitoring.coreos.com/v1alpha1
  kind: PrometheusAgent
  metadata: {name: agent}
  spec:
    logLevel: verbose
`;

test('"----" or "-- " typed for "---" runs two documents together: the line is reported, and fixed to ---', () => {
  for (const marker of ['----', '-- ', '--', '-----  ']) {
    const text = `${deployment}${marker}\n${agent}`;
    const lines = check(text);
    assert.deepEqual(lines, [
      `9:1 error yaml/document-marker ${JSON.stringify(marker.trimEnd())} is not a document marker: YAML reads it as text, and what comes before and after it runs together into one document, which kubectl rejects; write "---"`,
    ], marker);
    const fixed = applyFix(text, only(findings(text), 'yaml/document-marker').fixes[0]);
    assert.equal(fixed, `${deployment}---${marker.slice(marker.trimEnd().length)}\n${agent}`);
    assert.deepEqual(check(fixed), ['14:13 error crd/enum spec.logLevel: Unsupported value: "verbose": supported values: "debug", "info", "warn", "error"']);
    // The fix is the one `promagent fix` and fix-all on save apply.
    assert.ok(only(findings(text), 'yaml/document-marker').fixes[0].preferred);
    assert.equal(fixFile('file:///work/manifest.yaml', text, new Workspace(), defaultCheckOptions).text.split('\n')[8], `---${marker.slice(marker.trimEnd().length)}`);
  }
  // kubectl takes only a comment after `---`: text after the dashes (a SQL comment) gets no fix.
  assert.deepEqual(only(findings(`${deployment}-- the end\n${agent}`), 'yaml/document-marker').fixes, []);
  assert.equal(only(findings(`${deployment}----  # next\n${agent}`), 'yaml/document-marker').fixes.length, 1);
});

test('at the top of a file, or between two checked documents, the marker is reported beside the YAML errors', () => {
  assert.deepEqual(check(`----\n${agent}`), [
    '1:1 error yaml/document-marker "----" is not a document marker: YAML reads it as text, and what comes before and after it runs together into one document, which kubectl rejects; write "---"',
  ]);
  assert.ok(check(`${agent}----\n${agent}`).some((line) => line.startsWith('6:1 error yaml/document-marker ')));
});

test('a line of dashes in a document that parses is text someone meant, and unrelated YAML stays unchecked', () => {
  assert.deepEqual(check('apiVersion: v1\nkind: ConfigMap\nmetadata: {name: a}\ndata:\n  notes: |\n    ----\n    -- \n'), []);
  assert.deepEqual(check('services:\n  web: {image: nginx}\n----\nvolumes: {}\n'), []);
});

test('two documents run together at a mistyped marker: no verdict on the kind and version they pair, and no fix of it', () => {
  const text = 'apiVersion: monitoring.coreos.com/v1alpha1\nkind: PrometheusAgent\nmetadata: {name: a, namespace: m}\nspec: {replicas: 1}\n----\napiVersion: monitoring.coreos.com/v1\nkind: ServiceMonitor\nmetadata: {name: s, namespace: m}\nspec: {endpoints: [{port: web}], selector: {}}\n';
  const codes = findings(text).map((finding) => finding.code);
  assert.ok(codes.includes('yaml/document-marker'), codes.join(', '));
  assert.ok(!codes.some((code) => code.startsWith('crd/')), codes.join(', '));
});

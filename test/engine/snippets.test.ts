import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { check } from '../support/engine';

const root = join(__dirname, '..', '..');
const snippets = JSON.parse(readFileSync(join(root, 'snippets', 'prometheus-agent.json'), 'utf8')) as Record<string, { body: string[] }>;

/** A snippet as inserted with every placeholder left at its default. */
function expand(body: string[]): string {
  return body.join('\n').replace(/\$\{\d+:([^}]*)\}/g, '$1').replace(/\$\d+/g, '') + '\n';
}

test('the extension contributes the snippets file', () => {
  const manifest = JSON.parse(readFileSync(join(root, 'package.json'), 'utf8'));
  assert.deepEqual(manifest.contributes.snippets, [{ language: 'yaml', path: './snippets/prometheus-agent.json' }]);
});

test('every PrometheusAgent snippet expands to a manifest promagent finds nothing wrong with', () => {
  const agents = Object.entries(snippets).filter(([name]) => name.startsWith('PrometheusAgent'));
  assert.equal(agents.length, 3);
  for (const [name, { body }] of agents) {
    // A lone Sidecar agent is told that no pod asks for it yet, and that upstream lacks injection: not mistakes.
    const findings = check(expand(body)).filter((f) => !/ (hint|information) /.test(f));
    assert.deepEqual(findings, [], name);
  }
});

test('the annotated Deployment snippet selects the Sidecar agent snippet cleanly', () => {
  const deployment = expand(snippets['Deployment annotated for an injected agent'].body);
  const agent = expand(snippets['PrometheusAgent (Sidecar mode)'].body);
  assert.deepEqual(check(deployment, { workspace: { 'file:///w/agent.yaml': agent } }), []);
  assert.deepEqual(check(agent, { uri: 'file:///w/agent.yaml', workspace: { 'file:///w/app.yaml': deployment } }).filter((f) => !f.includes(' hint ')), []);
});

test('the remoteWrite snippet is a valid entry inside an agent', () => {
  const entry = expand(snippets['remoteWrite entry with basic auth'].body).trimEnd().split('\n').map((l) => `    ${l}`).join('\n');
  const manifest = `apiVersion: monitoring.coreos.com/v1alpha1\nkind: PrometheusAgent\nmetadata:\n  name: a\nspec:\n  remoteWrite:\n${entry}\n`;
  assert.deepEqual(check(manifest), []);
});

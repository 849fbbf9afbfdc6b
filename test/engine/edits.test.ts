import { test } from 'node:test';
import assert from 'node:assert/strict';
import { isMap, parseDocument } from 'yaml';
import type { Pair, YAMLMap } from 'yaml';
import { walkPath } from '../../server/src/engine/yaml/documents';
import { removeEntry } from '../../server/src/engine/yaml/removal';
import { LineIndex } from '../../server/src/engine/yaml/lineIndex';
import { checkFile, defaultCheckOptions, fixFile, isSoundFix, Workspace } from '../../server/src/engine';
import { yaml } from '../support/engine';

/** The text with the entry at `path` removed by removeEntry, or undefined when it declines. */
function removed(text: string, path: string[]): string | undefined {
  const doc = parseDocument(text);
  const parent = (path.length > 1 ? walkPath(doc.contents, path.slice(0, -1)).at(-1)?.node : doc.contents) as YAMLMap;
  assert.ok(isMap(parent));
  const pair = (parent.items as Pair[]).find((p) => String((p.key as { value: unknown }).value) === path.at(-1))!;
  const edit = removeEntry(text, new LineIndex(text), parent, pair);
  return edit && text.slice(0, edit.start) + edit.newText + text.slice(edit.end);
}

const config = yaml`
  # Prometheus agent configuration.
  global:
    scrape_interval: 30s

  # Rules stay with the central server.
  # (two comment lines)
  rule_files:
    - a.yml
    # more rules later
    - b.yml   # the second

  # Scrape jobs.
  scrape_configs: []
  remote_write:
    - url: https://a.example.com/write
`;

test('removing an entry deletes its key, its value lines and the comments inside them; the comments above stay', () => {
  assert.equal(removed(config, ['rule_files']), config.replace('rule_files:\n  - a.yml\n  # more rules later\n  - b.yml   # the second\n', ''));
  // A commented-out block above is not the entry's: it stays too.
  const commentedOut = 'scrape_configs: []\n# remote_write:\n#   - url: http://old.example/write\nrule_files:\n  - x.yml\nremote_write: []\n';
  assert.equal(removed(commentedOut, ['rule_files']), 'scrape_configs: []\n# remote_write:\n#   - url: http://old.example/write\nremote_write: []\n');
});

test('blank lines and other comments stay', () => {
  assert.equal(removed(config, ['scrape_configs']), config.replace('scrape_configs: []\n', ''));
  assert.equal(removed(config, ['remote_write']), config.replace('remote_write:\n  - url: https://a.example.com/write\n', ''));
  assert.equal(removed(config, ['global']), config.replace('global:\n  scrape_interval: 30s\n', ''));
});

test('nested entries keep their siblings and indentation', () => {
  const text = yaml`
    global:
      scrape_interval: 30s
      # rules only
      evaluation_interval: 1m
      scrape_timeout: 10s
  `;
  assert.equal(removed(text, ['global', 'evaluation_interval']), text.replace('  evaluation_interval: 1m\n', ''));
});

test('flow mappings lose the entry and its comma; a mapping left empty becomes {}', () => {
  assert.equal(removed('global: {scrape_interval: 30s, evaluation_interval: 1m}\n', ['global', 'evaluation_interval']), 'global: {scrape_interval: 30s}\n');
  assert.equal(removed('global: {evaluation_interval: 1m}\n', ['global', 'evaluation_interval']), 'global: {}\n');
  assert.equal(removed('global:\n  evaluation_interval: 1m\n', ['global', 'evaluation_interval']), 'global:\n  {}\n');
});

test('a fix that would leave the YAML broken is not offered or applied; its finding stays', () => {
  const soundFixes = (text: string, code: string, uri = 'file:///w/manifest.yaml') => {
    const workspace = new Workspace();
    const file = workspace.set(uri, text);
    return checkFile(file, workspace, defaultCheckOptions).filter((f) => f.code === code).map((f) => f.fixes.filter((fix) => isSoundFix(file, fix)).length);
  };
  // Removing ruleSelector would remove the anchor serviceMonitorSelector's alias names.
  const anchored = yaml`
    apiVersion: monitoring.coreos.com/v1alpha1
    kind: PrometheusAgent
    metadata: {name: a}
    spec:
      ruleSelector: &team
        matchLabels: {team: payments}
      serviceMonitorSelector: *team`;
  assert.deepEqual(soundFixes(anchored, 'agent/server-only-field'), [0]);
  assert.equal(fixFile('file:///w/manifest.yaml', anchored, new Workspace(), defaultCheckOptions).text, anchored);
  // The same inside a prometheus.yml a ConfigMap holds: its own YAML counts.
  const embedded = yaml`
    apiVersion: v1
    kind: ConfigMap
    metadata: {name: agent-config}
    data:
      prometheus.yml: |
        global:
          evaluation_interval: &i 1m
          scrape_timeout: *i`;
  assert.deepEqual(soundFixes(embedded, 'promconfig/agent-ignored'), [0]);
  // Converting this flow-style spec would remove its closing bracket with its last entry.
  const flow = 'apiVersion: monitoring.coreos.com/v1\nkind: Prometheus\nmetadata: {name: edge}\nspec: {enableFeatures: [agent], retention: 2d, ruleSelector: {}}\n# trailing comment\n';
  assert.deepEqual(soundFixes(flow, 'agent/prometheus-cr-agent-mode'), [0]);
  // An unsound fix does not hold back a sound one it overlaps, and an error fixed in one place does not hide one made
  // in another.
  const config = 'file:///w/prometheus.yml';
  const blocked = "alerting:\n  alertmanagers:\n    - timeout: &t 10s\n      path_prefx: /am\n      static_configs: [{targets: ['a:9093']}]\n" +
    "scrape_configs:\n  - job_name: a\n    scrape_timeout: *t\n    static_configs: [{targets: ['b:9090']}]\n";
  assert.match(fixFile(config, blocked, new Workspace(), defaultCheckOptions).text, /^      path_prefix: \/am$/m);
  const traded = "alerting:\n  alertmanagers:\n    - timeout: 10s\n      timeout: 10s\nscrape_configs:\n  - job_name: a\n    scrape_intervl: 10s\n" +
    "    scrape_intervall: 10s\n    static_configs: [{targets: ['b:9090']}]\nremote_write: [{url: 'http://x/api/v1/write'}]\n";
  assert.equal(fixFile(config, traded, new Workspace(), defaultCheckOptions).text.match(/scrape_interval:/g)?.length, 1);
  // A sound fix is offered.
  assert.deepEqual(soundFixes(anchored.replace(/\n.*\*team/, ''), 'agent/server-only-field'), [1]);
});

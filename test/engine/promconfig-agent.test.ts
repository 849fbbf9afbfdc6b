import { test } from 'node:test';
import assert from 'node:assert/strict';
import { applyFix, check, findings, only, underlined, yaml } from '../support/engine';
import { checkConfig, configFindings, configUri } from '../support/promconfig';

const forbidden = yaml`
  global:
    scrape_interval: 30s
  # Rules are evaluated by the central Prometheus.
  rule_files:
    - /etc/prometheus/rules/*.yml   # recording rules
  alerting:
    alertmanagers:
      - static_configs:
          - targets: [alertmanager:9093]

  remote_read:
    - url: https://read.example.com/api/v1/read
  remote_write:
    - url: https://write.example.com/api/v1/write
`;

test('rule_files, alerting and remote_read stop an agent: errors on their keys, in Prometheus\' words', () => {
  assert.deepEqual(checkConfig(forbidden), [
    '4:1 error promconfig/agent-forbidden field rule_files is not allowed in agent mode',
    '6:1 error promconfig/agent-forbidden field alerting is not allowed in agent mode',
    '11:1 error promconfig/agent-forbidden field remote_read is not allowed in agent mode',
  ]);
});

test('the fix removes the section and nothing else: the comment above it stays', () => {
  const fixes = configFindings(forbidden).map((f) => f.fixes[0]);
  assert.deepEqual(fixes.map((f) => f.title), ['Remove rule_files', 'Remove alerting', 'Remove remote_read']);
  assert.equal(applyFix(forbidden, fixes[0]), forbidden.replace('rule_files:\n  - /etc/prometheus/rules/*.yml   # recording rules\n', ''));
  assert.equal(applyFix(forbidden, fixes[1]), forbidden.replace('alerting:\n  alertmanagers:\n    - static_configs:\n        - targets: [alertmanager:9093]\n', ''));
  assert.equal(applyFix(forbidden, fixes[2]), forbidden.replace('remote_read:\n  - url: https://read.example.com/api/v1/read\n', ''));
  assert.ok(fixes.every((f) => f.preferred));
});

test('empty sections pass, as Prometheus lets them', () => {
  assert.deepEqual(checkConfig(yaml`
    alerting: {alertmanagers: []}
    rule_files: []
    remote_read:
    remote_write:
      - url: https://write.example.com/api/v1/write`), []);
});

test('settings an agent ignores get a warning and a remove fix', () => {
  const text = yaml`
    global:
      scrape_interval: 30s
      evaluation_interval: 30s # rules only
      query_log_file: /var/log/queries.log
    storage:
      exemplars:
        max_exemplars: 1000
      tsdb:
        out_of_order_time_window: 5m
        retention:
          time: 15d
    remote_write:
      - url: https://write.example.com/api/v1/write`;
  assert.deepEqual(checkConfig(text), [
    '3:3 warning promconfig/agent-ignored global.evaluation_interval is ignored in agent mode (how often rules are evaluated)',
    '4:3 warning promconfig/agent-ignored global.query_log_file is ignored in agent mode (file PromQL queries are logged to)',
    '6:3 warning promconfig/agent-ignored storage.exemplars is ignored in agent mode (exemplar storage)',
    '10:5 warning promconfig/agent-ignored storage.tsdb.retention is ignored in agent mode (how long and how much data is kept)',
  ]);
  const finding = configFindings(text)[0];
  assert.equal(applyFix(text, finding.fixes[0]), text.replace('  evaluation_interval: 30s # rules only\n', ''));
});

test('an agent uses out_of_order_time_window since v2.54: before, it ignores it', () => {
  const text = `storage:\n  tsdb:\n    out_of_order_time_window: 5m\nremote_write:\n  - url: https://write.example.com/api/v1/write\n`;
  assert.deepEqual(checkConfig(text, { prometheusVersion: 'v2.54.0' }), []);
  assert.deepEqual(checkConfig(text, { prometheusVersion: 'v2.53.0' }),
    ['3:5 warning promconfig/agent-ignored storage.tsdb.out_of_order_time_window is ignored in agent mode (how far back out-of-order samples are accepted)']);
});

test('without remote_write an agent keeps nothing: information on the first key; before v2.42 an error', () => {
  const text = yaml`
    scrape_configs:
      - job_name: node
        static_configs:
          - targets: [node:9100]`;
  const asAgent = { runBy: { mode: 'agent' as const } };
  const finding = only(findings(text, { uri: configUri, options: asAgent }), 'promconfig/agent-remote-write');
  assert.equal(finding.severity, 'information');
  assert.equal(finding.message, 'no remote_write: an agent keeps no queryable data, its samples only leave through remote_write');
  assert.equal(underlined(text, finding), 'scrape_configs');
  assert.deepEqual(check(text, { uri: configUri, options: { ...asAgent, prometheusVersion: 'v2.41.0' } }).filter((l) => l.includes('agent-remote-write')),
    ['1:1 error promconfig/agent-remote-write at least one remote_write target must be specified in agent mode']);
  assert.deepEqual(check(`${text}\nremote_write:\n  - url: https://a.example.com/write\n`, { uri: configUri, options: asAgent }), []);
  // The same scrape_configs alone in a file not named like a configuration is what scrape_config_files pulls in.
  assert.deepEqual(check(text, { uri: 'file:///etc/prometheus/scrape/node.yml', options: asAgent }), []);
});

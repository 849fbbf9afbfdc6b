import { test } from 'node:test';
import assert from 'node:assert/strict';
import { agentManifest, applyFix, check, findings, underlined, yaml } from '../support/engine';

/**
 * Findings of promconfig rules only (the ConfigMap and Secret themselves are clean), without what is said of every
 * agent's configuration (who runs it: an agent, as the holder's name says; no remote_write).
 */
const said = ['promconfig/agent-remote-write', 'promconfig/who-runs'];
const configFindings = (text: string, workspace: Record<string, string> = {}) =>
  findings(text, { workspace }).filter((f) => f.code.startsWith('promconfig/') && !said.includes(f.code));
const lines = (text: string, workspace: Record<string, string> = {}) =>
  check(text, { workspace }).filter((l) => l.includes(' promconfig/') && !said.some((code) => l.includes(code)));

const configMap = (key: string, value: string) => yaml`
  apiVersion: v1
  kind: ConfigMap
  metadata:
    name: agent-config
    namespace: monitoring
  data:
    ${key}: ${value}`;

const literal = configMap('prometheus.yml', `|
      global:
        scrape_intervall: 30s   # typo
        evaluation_interval: 1m
      rule_files:
        - rules/*.yml
      scrape_configs:
        - job_name: node
          scrape_interval: 1H
      remote_write:
        - url: https://a.example.com/write`);

test('a ConfigMap prometheus.yml in a block scalar: every finding on its exact line and column', () => {
  assert.deepEqual(lines(literal), [
    '9:7 error promconfig/unknown-key field scrape_intervall not found in type config.plain: did you mean "scrape_interval"?',
    `10:7 information promconfig/agent-ignored global.evaluation_interval is ignored in agent mode (how often rules are evaluated) (if an agent runs it: only its ConfigMap's name "agent-config" says so)`,
    `11:5 information promconfig/agent-forbidden field rule_files is not allowed in agent mode (if an agent runs it: only its ConfigMap's name "agent-config" says so)`,
    '15:26 error promconfig/duration unknown unit "H" in duration "1H"',
  ]);
  assert.deepEqual(configFindings(literal).map((f) => underlined(literal, f)), ['scrape_intervall', 'evaluation_interval', 'rule_files', '1H']);
});

test('fixes inside a block scalar change only what they name, indentation and comments kept', () => {
  const [rename, ignored, forbidden] = configFindings(literal);
  assert.equal(applyFix(literal, rename.fixes[0]), literal.replace('scrape_intervall: 30s', 'scrape_interval: 30s'));
  assert.equal(applyFix(literal, ignored.fixes[0]), literal.replace('      evaluation_interval: 1m\n', ''));
  assert.equal(applyFix(literal, forbidden.fixes[0]), literal.replace('    rule_files:\n      - rules/*.yml\n', ''));
  // The last section of a |- configuration: its lines go, and no blank line is left in the block.
  const stripped = configMap('prometheus.yml', '|-\n      remote_write:\n        - url: https://a.example.com/write\n      rule_files:\n        - rules/*.yml') + '\n---\napiVersion: v1\nkind: Namespace\nmetadata: {name: monitoring}\n';
  const last = configFindings(stripped).find((f) => f.code === 'promconfig/agent-forbidden')!;
  assert.equal(applyFix(stripped, last.fixes[0]), stripped.replace('\n    rule_files:\n      - rules/*.yml', ''));
});

test('|- and > block scalars map line by line too; a folded one takes no fix', () => {
  const stripped = configMap('agent.yaml', '|-\n      remote_write:\n        - url: https://a.example.com/write\n          remote_timeout: 30 s');
  assert.deepEqual(lines(stripped), ['10:25 error promconfig/duration unknown unit " s" in duration "30 s"']);
  const folded = configMap('prometheus.yaml', '>\n      global:\n        scrape_intervall: 30s\n      remote_write:\n        - url: https://a.example.com/write');
  const [finding] = configFindings(folded);
  assert.equal(underlined(folded, finding), 'scrape_intervall');
  assert.deepEqual(finding.fixes, []);
});

test('a double-quoted value: positions through escape sequences, fixes written back escaped', () => {
  const quoted = configMap('prometheus.yml', '"global:\\n  scrape_intervall: 30s\\n  external_labels: {site: \\"a\\\\tb\\"}\\nremote_write: [{url: \\"https://a\\"}]\\n"');
  const [finding] = configFindings(quoted);
  assert.equal(finding.message, 'field scrape_intervall not found in type config.plain: did you mean "scrape_interval"?');
  assert.equal(underlined(quoted, finding), 'scrape_intervall');
  assert.equal(applyFix(quoted, finding.fixes[0]), quoted.replace('scrape_intervall', 'scrape_interval'));
});

test('Secret stringData like ConfigMap data; a key not ending in .yml/.yaml or another kind of YAML is left alone', () => {
  const secret = yaml`
    apiVersion: v1
    kind: Secret
    metadata: {name: agent-config}
    stringData:
      prometheus.yaml: |
        remote_write:
          - url: https://a.example.com/write
            queue_config: {max_shard: 10}
      notes.txt: |
        scrape_configs: {not: checked}
      app.yaml: |
        server: {port: 8080}`;
  assert.deepEqual(lines(secret), ['8:24 error promconfig/unknown-key field max_shard not found in type config.QueueConfig: did you mean "max_shards"?']);
});

test('Secret data is base64: findings go on the key and name the decoded line, never quoting what the Secret holds; no fixes', () => {
  const config = 'global:\n  scrape_interval: 1H\nremote_write:\n  - url: https://a.example.com/write\n';
  const secret = yaml`
    apiVersion: v1
    kind: Secret
    metadata: {name: agent-config}
    data:
      prometheus.yml: ${Buffer.from(config).toString('base64')}`;
  const [finding] = configFindings(secret);
  assert.equal(finding.message, 'unknown unit "***" in duration "***" (decoded line 2 of prometheus.yml)');
  assert.equal(underlined(secret, finding), 'prometheus.yml');
  assert.deepEqual(finding.fixes, []);
  // A key stringData writes too: the API server writes it over data's, which never reaches the pods.
  const both = `${secret}\nstringData:\n  prometheus.yml: |\n    remote_write:\n      - url: https://a.example.com/write\n`;
  assert.deepEqual(configFindings(both), []);
  assert.equal(configFindings(both.replace('stringData:\n  prometheus.yml', 'stringData:\n  other.yml')).length, 1);
});

const additional = yaml`
  apiVersion: v1
  kind: Secret
  metadata:
    name: additional-scrape-configs
    namespace: monitoring
  stringData:
    jobs.yaml: |
      - job_name: blackbox
        scrape_interval: 1H
        static_configs:
          - targets: ["http://example.com"]`;

const agent = (setting: string) => agentManifest(`
  ${setting}
  additionalScrapeConfigs:
    name: additional-scrape-configs
    key: jobs.yaml`);

test('the Secret key a PrometheusAgent\'s additionalScrapeConfigs names: a list of scrape configs, for the agent\'s version', () => {
  assert.deepEqual(lines(additional, { 'file:///work/agent.yaml': agent('version: v2.42.0') }), [
    '9:24 error promconfig/duration not a valid duration string: "***"',
    '11:21 error promconfig/static-target "***" is not a valid hostname',
  ]);
  assert.deepEqual(lines(additional, { 'file:///work/agent.yaml': agent('replicas: 1') }), [
    '9:24 error promconfig/duration unknown unit "***" in duration "***"',
    '11:21 error promconfig/static-target "***" is not a valid hostname',
  ]);
});

test('scrape configs an agent loads with enableFeatures: [utf8-names] on v2.55 take UTF-8 label names, as the flag the operator passes says', () => {
  const jobs = yaml`
    apiVersion: v1
    kind: Secret
    metadata:
      name: additional-scrape-configs
      namespace: monitoring
    stringData:
      jobs.yaml: |
        - job_name: api
          static_configs:
            - targets: ["api:8080"]
              labels: {http.method: GET}`;
  const names = (setting: string) => lines(jobs, { 'file:///work/agent.yaml': agent(setting) }).filter((line) => line.includes('promconfig/label-name'));
  assert.deepEqual(names('version: v2.55.1\n  enableFeatures: [utf8-names]'), []);
  assert.equal(names('version: v2.55.1').length, 1);
});

test('what promagent says of who runs a Secret\'s configuration quotes names, not its values, and is kept whole', () => {
  const secret = yaml`
    apiVersion: v1
    kind: Secret
    metadata:
      name: edge-agent-config
      namespace: monitoring
    stringData:
      prometheus.yml: |
        scrape_configs:
          - job_name: api
            basic_auth: {username: agent, password_file: /etc/agent/password}
            static_configs: [{targets: ["api:80"]}]
        rule_files: [/etc/rules/*.yml]
  `;
  const said = check(secret, { uri: 'file:///work/secret.yaml' }).find((line) => line.includes('promconfig/who-runs'));
  assert.match(said ?? '', /because its Secret's name "edge-agent-config" says "agent";/);
});

test('a scrape-config list no agent names is not checked', () => {
  assert.deepEqual(lines(additional), []);
  assert.deepEqual(lines(additional, { 'file:///work/agent.yaml': agent('version: v3.1.0').replace('key: jobs.yaml', 'key: other.yaml') }), []);
});

test('an embedded configuration does not read scrape_config_files: its paths are the pod\'s', () => {
  const text = configMap('prometheus.yml', '|\n      scrape_config_files: [/etc/prometheus/jobs/*.yml]\n      remote_write:\n        - url: https://a.example.com/write');
  assert.deepEqual(lines(text, { 'file:///etc/prometheus/jobs/a.yml': 'scrape_configs: [{job_name: a, bad: 1}]\n' }), []);
});

test('a password in a Secret never reaches a message: not in the quoted line, not in a quoted value', () => {
  const config = yaml`
    remote_write:
      - url: https://a.example.com/write
        basic_auth: {username: agent, password: hunter2, passwrd: hunter2}
        bearer_token: hunter2
  `;
  const secret = (field: string, value: string) => `apiVersion: v1\nkind: Secret\nmetadata: {name: s}\n${field}:\n  prometheus.yml: ${value}\n`;
  const block = `|\n${config.split('\n').map((line) => (line ? `    ${line}` : line)).join('\n')}`;
  for (const text of [secret('data', Buffer.from(config).toString('base64')), secret('stringData', block)]) {
    const messages = configFindings(text).map((f) => f.message);
    assert.ok(messages.length >= 2, messages.join('\n'));
    for (const message of messages) assert.doesNotMatch(message, /hunter2/);
    // A key the rule suggests is a name from Prometheus' own structs, not a value: said even where the text holds it.
    assert.ok(messages.some((message) => message.startsWith('field passwrd not found in type config.plain: did you mean "password"?')), messages.join('\n'));
  }
});

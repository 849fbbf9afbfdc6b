import { test } from 'node:test';
import assert from 'node:assert/strict';
import { ownedSchemaContent, ownedSchemaUri, ownsEveryDocument, registerContributor, type RedHatYamlApi } from '../../client/src/redHatYaml';

test('promagent owns files whose every document it checks against its own schemas', () => {
  const agent = 'apiVersion: monitoring.coreos.com/v1alpha1\nkind: PrometheusAgent\n';
  const deployment = 'apiVersion: apps/v1\nkind: Deployment\n';
  assert.equal(ownsEveryDocument('/w/agent.yaml', agent), true);
  assert.equal(ownsEveryDocument('/w/all.yaml', `${agent}---\n${agent}---\n`), true);
  assert.equal(ownsEveryDocument('/w/mixed.yaml', `${agent}---\n${deployment}`), false);
  assert.equal(ownsEveryDocument('/w/prometheus.yml', 'global: {}\n'), true);
  assert.equal(ownsEveryDocument('/w/config.yaml', 'scrape_configs: []\n'), true);
  // Promtail's configuration holds scrape_configs beside keys no Prometheus configuration has.
  assert.equal(ownsEveryDocument('/w/promtail.yaml', 'server: {http_listen_port: 3101}\nclients: [{url: "http://loki:3100/loki/api/v1/push"}]\nscrape_configs: []\n'), false);
  assert.equal(ownsEveryDocument('/w/tests/alerts_test.yml', 'rule_files: [alerts.yml]\ntests: []\n'), false);
  assert.equal(ownsEveryDocument('/w/apps/prometheus-values.yaml', 'global:\n  rbac: {create: true}\n'), false);
  // A file named like a configuration: its global is Prometheus' (empty, or a key of Prometheus'), or not.
  assert.equal(ownsEveryDocument('/w/prometheus-stack.yaml', 'global:\n  imageRegistry: quay.io\n'), false);
  assert.equal(ownsEveryDocument('/w/prometheus.yml', 'global:\n  # every job\n  scrape_interval: 1m\n'), true);
  assert.equal(ownsEveryDocument('/w/prometheus.yml', 'global: {scrape_interval: 1m}\n'), true);
  assert.equal(ownsEveryDocument('/w/compose.yaml', 'services: {}\n'), false);
  assert.equal(ownsEveryDocument('/w/docker-agent.yaml', 'services: {}\n'), false);
  assert.equal(ownsEveryDocument('/w/empty.yaml', '# nothing\n'), false);
  // vmagent's jobs are vmagent's, as the engine reads them; a label named like one of their keys is only a label.
  assert.equal(ownsEveryDocument('/w/scrape.yml', 'scrape_configs:\n  - job_name: node\n    stream_parse: true\n'), false);
  assert.equal(ownsEveryDocument('/w/scrape.yml', 'scrape_configs: [{job_name: node, stream_parse: true}]\n'), false);
  assert.equal(ownsEveryDocument('/w/prometheus.yml', 'scrape_configs:\n  - job_name: node\n    static_configs:\n      - labels:\n          series_limit: "1"\n'), true);
});

test('registered as a contributor, promagent answers with its permissive schema only for the files it owns', () => {
  const registered: Parameters<RedHatYamlApi['registerContributor']>[] = [];
  const api: RedHatYamlApi = { registerContributor: (...args) => { registered.push(args); return true; } };
  const texts: Record<string, string> = {
    'file:///w/agent.yaml': 'apiVersion: monitoring.coreos.com/v1alpha1\nkind: PrometheusAgent\n',
    'file:///w/deploy.yaml': 'apiVersion: apps/v1\nkind: Deployment\n',
  };
  assert.equal(registerContributor(api, (uri) => texts[uri]), true);
  const [[name, requestSchema, requestSchemaContent]] = registered;
  assert.equal(name, 'promagent');
  assert.equal(requestSchema('file:///w/agent.yaml'), ownedSchemaUri);
  assert.equal(requestSchema('file:///w/deploy.yaml'), undefined);
  assert.equal(requestSchema('file:///w/closed.yaml'), undefined);
  assert.equal(requestSchemaContent(ownedSchemaUri), ownedSchemaContent);
  assert.deepEqual(JSON.parse(ownedSchemaContent), {});
});

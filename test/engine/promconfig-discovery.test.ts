import { test } from 'node:test';
import assert from 'node:assert/strict';
import { checkConfig, messages, v2 } from '../support/promconfig';

const rw = 'remote_write:\n  - url: https://a.example.com/write\n';
const sd = (key: string, entry: string) => `scrape_configs:\n  - job_name: node\n    ${key}:\n      - ${entry}\n${rw}`;
const sdMessages = (key: string, entry: string, options = {}) => messages(sd(key, entry), 'promconfig/service-discovery', options);

test('file_sd: at least one file, each .json/.yml/.yaml with one * at most, in the last segment', () => {
  assert.deepEqual(sdMessages('file_sd_configs', '{files: [targets/*.json, a.yml, /etc/b.YAML]}'), []);
  assert.deepEqual(checkConfig(sd('file_sd_configs', '{files: [targets.txt, "*/t.json"]}')), [
    '4:18 error promconfig/service-discovery path name "targets.txt" is not valid for file discovery',
    '4:31 error promconfig/service-discovery path name "*/t.json" is not valid for file discovery',
  ]);
  assert.deepEqual(sdMessages('file_sd_configs', '{refresh_interval: 1m}'), ['file service discovery config must contain at least one path name']);
});

test('http_sd: a URL with http or https and a host', () => {
  assert.deepEqual(sdMessages('http_sd_configs', '{url: https://sd.example.com/targets}'), []);
  assert.deepEqual(sdMessages('http_sd_configs', '{refresh_interval: 1m}'), ['URL is missing']);
  assert.deepEqual(sdMessages('http_sd_configs', '{url: ftp://sd}'), ["URL scheme must be 'http' or 'https'"]);
  assert.deepEqual(sdMessages('http_sd_configs', '{url: "http://"}'), ['host is missing in URL']);
  assert.deepEqual(sdMessages('http_sd_configs', '{url: "http://a b"}'), ['parse "http://a b": invalid character " " in host name']);
});

test('dns_sd: names, a record type, a port for every type but SRV', () => {
  assert.deepEqual(sdMessages('dns_sd_configs', '{names: [_m._tcp.example.com]}'), []);
  assert.deepEqual(sdMessages('dns_sd_configs', '{names: [a], type: mx, port: 25}'), []);
  assert.deepEqual(sdMessages('dns_sd_configs', '{type: SRV}'), ['DNS-SD config must contain at least one SRV record name']);
  assert.deepEqual(sdMessages('dns_sd_configs', '{names: [a], type: AAAA}'), ['a port is required in DNS-SD configs for all record types except SRV']);
  assert.deepEqual(sdMessages('dns_sd_configs', '{names: [a], type: TXT, port: 1}'), ['invalid DNS-SD records type TXT']);
  assert.deepEqual(sdMessages('dns_sd_configs', '{names: [a], type: NS, port: 53}', v2), ['invalid DNS-SD records type NS']);
  assert.deepEqual(sdMessages('dns_sd_configs', '{names: [a], type: NS, port: 53}'), []);
});

test('kubernetes_sd: a known role, api_server or kubeconfig_file, selectors the role supports', () => {
  assert.deepEqual(sdMessages('kubernetes_sd_configs', '{role: pod, namespaces: {names: [monitoring]}, selectors: [{role: pod, label: app=web}]}'), []);
  assert.deepEqual(sdMessages('kubernetes_sd_configs', '{namespaces: {names: [a]}}'), ['role missing (one of: pod, service, endpoints, endpointslice, node, ingress)']);
  assert.deepEqual(sdMessages('kubernetes_sd_configs', '{role: pods}'), ['unknown Kubernetes SD role "pods"']);
  assert.deepEqual(sdMessages('kubernetes_sd_configs', '{role: pod, api_server: https://k8s, kubeconfig_file: /kc}'), ["cannot use 'kubeconfig_file' and 'api_server' simultaneously"]);
  assert.deepEqual(sdMessages('kubernetes_sd_configs', '{role: pod, kubeconfig_file: /kc, bearer_token: t}'), ["cannot use a custom HTTP client configuration together with 'kubeconfig_file'"]);
  assert.deepEqual(sdMessages('kubernetes_sd_configs', '{role: pod, tls_config: {insecure_skip_verify: true}}'), ["to use custom HTTP client configuration please provide the 'api_server' URL explicitly"]);
  assert.deepEqual(sdMessages('kubernetes_sd_configs', '{role: pod, follow_redirects: true}'), []);
  assert.deepEqual(sdMessages('kubernetes_sd_configs', '{role: endpoints, selectors: [{role: pod}, {role: pod}, {role: node}]}'),
    ['duplicated selector role: pod', 'endpoints role supports only pod, service, endpoints selectors']);
});

test('ec2 filters need values; a consul server may not be blank', () => {
  assert.deepEqual(sdMessages('ec2_sd_configs', '{region: eu-west-1, filters: [{name: "tag:Env", values: [prod]}, {name: x}]}'), ['EC2 SD configuration filter values cannot be empty']);
  assert.deepEqual(sdMessages('consul_sd_configs', '{server: ""}'), ['consul SD configuration requires a server address']);
  assert.deepEqual(sdMessages('consul_sd_configs', '{services: [api]}'), []);
});

test('a service discovery newer than the target version', () => {
  assert.deepEqual(messages(sd('aws_sd_configs', '{role: ec2, region: eu-west-1}'), 'promconfig/key-version', { prometheusVersion: 'v3.7.0' }),
    ['field aws_sd_configs not found in type config.ScrapeConfig: aws_sd_configs was added in Prometheus v3.8.0 (checking for v3.7.0)']);
  assert.deepEqual(checkConfig(sd('aws_sd_configs', '{role: ec2, region: eu-west-1}')), []);
});

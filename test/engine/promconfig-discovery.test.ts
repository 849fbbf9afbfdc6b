import { test } from 'node:test';
import assert from 'node:assert/strict';
import { checkConfig, messages, v2 } from '../support/promconfig';

const rw = 'remote_write:\n  - url: https://a.example.com/write\n';
const sd = (key: string, entry: string) => `scrape_configs:\n  - job_name: node\n    ${key}:\n      - ${entry}\n${rw}`;
const sdMessages = (key: string, entry: string, options = {}) => messages(sd(key, entry), 'promconfig/service-discovery', options);

/**
 * One `<name>_sd_configs` entry written in block style, its first key on line 4 at column 9; every finding, of every
 * rule, as the Problems panel shows it.
 */
const entry = (name: string, ...lines: string[]) => `scrape_configs:\n  - job_name: sd\n    ${name}_sd_configs:\n      - ${lines.join('\n        ')}\n${rw}`;
const check = (name: string, lines: string[], options = {}) => checkConfig(entry(name, ...lines), options);
const error = (line: number, column: number, message: string) => `${line}:${column} error promconfig/service-discovery ${message}`;

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
  assert.deepEqual(sdMessages('http_sd_configs', '{url: "HTTP://sd"}'), []);
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
  assert.deepEqual(sdMessages('kubernetes_sd_configs', '{role: ""}'), ['unknown Kubernetes SD role ""']);
  assert.deepEqual(sdMessages('kubernetes_sd_configs', '{role: ~}'), ['role missing (one of: pod, service, endpoints, endpointslice, node, ingress)']);
  assert.deepEqual(sdMessages('kubernetes_sd_configs', '{role: pod, selectors: [{role: nodes}]}'), ['unknown Kubernetes SD role "nodes"']);
  assert.deepEqual(sdMessages('kubernetes_sd_configs', '{role: pod, api_server: https://k8s, kubeconfig_file: /kc}'), ["cannot use 'kubeconfig_file' and 'api_server' simultaneously"]);
  assert.deepEqual(sdMessages('kubernetes_sd_configs', '{role: pod, kubeconfig_file: /kc, bearer_token: t}'), ["cannot use a custom HTTP client configuration together with 'kubeconfig_file'"]);
  assert.deepEqual(sdMessages('kubernetes_sd_configs', '{role: pod, tls_config: {insecure_skip_verify: true}}'), ["to use custom HTTP client configuration please provide the 'api_server' URL explicitly"]);
  // Go compares the client with the default one: settings written with their zero value leave it the default.
  for (const zero of ['tls_config: {insecure_skip_verify: false, ca_file: ""}', 'proxy_from_environment: false', 'no_proxy: ""', 'bearer_token_file: ""', 'follow_redirects: true']) {
    assert.deepEqual(sdMessages('kubernetes_sd_configs', `{role: pod, ${zero}}`), [], zero);
  }
  for (const custom of ['tls_config: {min_version: TLS12}', 'proxy_url: ""', 'basic_auth: {}', 'enable_http2: false']) {
    assert.deepEqual(sdMessages('kubernetes_sd_configs', `{role: pod, ${custom}}`), ["to use custom HTTP client configuration please provide the 'api_server' URL explicitly"], custom);
  }
  assert.deepEqual(sdMessages('kubernetes_sd_configs', '{role: pod, follow_redirects: true, tls_config: {}}'), []);
  assert.deepEqual(sdMessages('kubernetes_sd_configs', '{role: endpoints, selectors: [{role: pod}, {role: pod}, {role: node}]}'),
    ['duplicated selector role: pod', 'endpoints role supports only pod, service, endpoints selectors']);
});

test('kubernetes_sd: namespaces.own_namespace is for the in-cluster configuration only', () => {
  assert.deepEqual(check('kubernetes', ['role: pod', 'namespaces: {own_namespace: true}']), []);
  assert.deepEqual(check('kubernetes', ['role: pod', 'api_server: https://k8s.example.com', 'namespaces: {own_namespace: true}']),
    [error(6, 9, "cannot use 'api_server' and 'namespaces.own_namespace' simultaneously")]);
  assert.deepEqual(check('kubernetes', ['role: pod', 'kubeconfig_file: /etc/kube.yml', 'namespaces: {own_namespace: true}']),
    [error(6, 9, "cannot use 'kubeconfig_file' and 'namespaces.own_namespace' simultaneously")]);
});

test('kubernetes_sd: a pod role may select nodes since v3.11', () => {
  const podWithNodeSelector = ['role: pod', 'selectors:', '  - {role: node, label: pool=gpu}'];
  assert.deepEqual(check('kubernetes', podWithNodeSelector), []);
  assert.deepEqual(check('kubernetes', podWithNodeSelector, { prometheusVersion: 'v3.10.0' }), [error(6, 20, 'pod role supports only pod selectors')]);
});

const selector = (fields: string) => check('kubernetes', ['role: pod', 'selectors:', `  - {role: pod, ${fields}}`]);
const keyRule = "name part must consist of alphanumeric characters, '-', '_' or '.', and must start and end with an alphanumeric character (e.g. 'MyName',  or 'my.name',  or '123-abc', regex used for validation is '([A-Za-z0-9][-A-Za-z0-9_.]*)?[A-Za-z0-9]')";
const valueRule = "a valid label must be an empty string or consist of alphanumeric characters, '-', '_' or '.', and must start and end with an alphanumeric character (e.g. 'MyValue',  or 'my_value',  or '12345', regex used for validation is '(([A-Za-z0-9][-A-Za-z0-9_.]*)?[A-Za-z0-9])?')";

test('kubernetes_sd: label selectors as Kubernetes parses them', () => {
  assert.deepEqual(selector('label: "app in (web, api),tier!=db,!canary,env,replicas>2,zone notin (),x==in"'), []);
  assert.deepEqual(selector('label: ""'), []);
  assert.deepEqual(selector('label: "app: web"'), [error(6, 32, `unable to parse requirement: <nil>: Invalid value: "app:": ${keyRule}`)]);
  assert.deepEqual(selector('label: "example.com/a/b"'), [error(6, 32,
    "unable to parse requirement: <nil>: Invalid value: \"example.com/a/b\": a valid label key must consist of alphanumeric characters, '-', '_' or '.', and must start and end with an alphanumeric character (e.g. 'MyName',  or 'my.name',  or '123-abc', regex used for validation is '([A-Za-z0-9][-A-Za-z0-9_.]*)?[A-Za-z0-9]') with an optional DNS subdomain prefix and '/' (e.g. 'example.com/MyName')")]);
  assert.deepEqual(selector('label: "Example.com/app"'), [error(6, 32,
    "unable to parse requirement: <nil>: Invalid value: \"Example.com/app\": prefix part a lowercase RFC 1123 subdomain must consist of lower case alphanumeric characters, '-' or '.', and must start and end with an alphanumeric character (e.g. 'example.com', regex used for validation is '[a-z0-9]([-a-z0-9]*[a-z0-9])?(\\.[a-z0-9]([-a-z0-9]*[a-z0-9])?)*')")]);
  assert.deepEqual(selector('label: "app in web"'), [error(6, 32, "unable to parse requirement: found 'web' expected: '('")]);
  assert.deepEqual(selector('label: "tier in (a b)"'), [error(6, 32, "unable to parse requirement: found 'b', expected: ',' or ')'")]);
  assert.deepEqual(selector('label: "app=web,"'), [error(6, 32, "found '', expected: identifier after ','")]);
  assert.deepEqual(selector('label: "app=we b"'), [error(6, 32, "found 'b', expected: ',' or 'end of string'")]);
  assert.deepEqual(selector('label: "=web"'), [error(6, 32, "found '=', expected: !, identifier, or 'end of string'")]);
  assert.deepEqual(selector('label: "app!web"'), [error(6, 32, "unable to parse requirement: found '!', expected: in, notin, =, ==, !=, gt, lt")]);
  assert.deepEqual(selector('label: "app (web)"'), [error(6, 32, "unable to parse requirement: found '(', expected: in, notin, =, ==, !=, gt, lt")]);
  assert.deepEqual(selector('label: "replicas>two"'), [error(6, 32,
    "unable to parse requirement: values[0]: Invalid value: \"two\": for 'Gt', 'Lt' operators, the value must be an integer")]);
  assert.deepEqual(selector('label: "app=-web"'), [error(6, 32, `unable to parse requirement: values[0][app]: Invalid value: "-web": ${valueRule}`)]);
  assert.deepEqual(selector('label: "tier in (-b,-a)"'), [error(6, 32,
    `unable to parse requirement: [values[0][tier]: Invalid value: "-a": ${valueRule}, values[1][tier]: Invalid value: "-b": ${valueRule}]`)]);
});

test('kubernetes_sd: field selectors as Kubernetes parses them, checked before the label selector', () => {
  assert.deepEqual(selector("field: 'metadata.name=web,spec.nodeName!=a,status.phase==Running,metadata.namespace=a\\,b'"), []);
  assert.deepEqual(selector('field: "metadata.name"'), [error(6, 32, "invalid selector: 'metadata.name'; can't understand 'metadata.name'")]);
  assert.deepEqual(selector('field: "metadata.name=a=b"'), [error(6, 32, 'invalid field selector: unescaped character in value: 61')]);
  assert.deepEqual(selector("field: 'spec.x=a\\b'"), [error(6, 32, 'invalid field selector: invalid escape sequence: \\b')]);
  // Terms are checked in sorted order.
  assert.deepEqual(selector('field: "z=a=b,a"'), [error(6, 32, "invalid selector: 'z=a=b,a'; can't understand 'a'")]);
  assert.deepEqual(selector('field: "a", label: "=x"'), [error(6, 32, "invalid selector: 'a'; can't understand 'a'")]);
});

test('kubernetes_sd: attach_metadata keys arrive with their releases', () => {
  assert.deepEqual(check('kubernetes', ['role: pod', 'attach_metadata: {node: true, namespace: true, deployment: true, job: true, cronjob: true}']), []);
  assert.deepEqual(check('kubernetes', ['role: pod', 'attach_metadata: {deployment: true}'], { prometheusVersion: 'v3.10.0' }), [
    '5:27 error promconfig/key-version field deployment not found in type kubernetes.AttachMetadataConfig: deployment was added in Prometheus v3.11.0 (checking for v3.10.0)',
  ]);
});

test('ec2 filters need values', () => {
  assert.deepEqual(check('ec2', ['region: eu-west-1', 'filters: [{name: "tag:Env", values: [prod]}]']), []);
  assert.deepEqual(check('ec2', ['region: eu-west-1', 'filters: [{name: "tag:Env", values: [prod]}, {name: x}]']),
    [error(5, 54, 'EC2 SD configuration filter values cannot be empty')]);
});

test('consul_sd: a server, and its own credentials or the HTTP client\'s', () => {
  assert.deepEqual(check('consul', ['services: [api]', 'username: u', 'password: p', 'token: t']), []);
  assert.deepEqual(check('consul', ['server: " "']), [error(4, 17, 'consul SD configuration requires a server address')]);
  assert.deepEqual(check('consul', ['username: u', 'basic_auth: {username: v}']),
    [error(5, 9, 'at most one of consul SD configuration username and password and basic auth can be configured')]);
  assert.deepEqual(check('consul', ['token: t', 'authorization: {credentials: c}']),
    [error(5, 9, 'at most one of consul SD token, authorization, or oauth2 can be configured')]);
  assert.deepEqual(check('consul', ['filter: Service.Tags contains "x"'], v2),
    ['4:9 error promconfig/key-version field filter not found in type consul.plain: filter was added in Prometheus v3.0.0 (checking for v2.42.0)']);
});

test('aws_sd: a role the release knows', () => {
  assert.deepEqual(check('aws', ['role: ec2', 'region: eu-west-1', 'filters: [{name: "tag:Env", values: [prod]}]']), []);
  assert.deepEqual(check('aws', ['role: rds', 'region: eu-west-1', 'clusters: [db]']), []);
  assert.deepEqual(check('aws', ['region: eu-west-1']), [error(4, 9, 'unknown AWS SD role ""')]);
  assert.deepEqual(check('aws', ['role: s3']), [error(4, 15, 'unknown AWS SD role "s3"')]);
  assert.deepEqual(check('aws', ['role: msk'], { prometheusVersion: 'v3.9.0' }), [error(4, 15, 'unknown AWS SD role "msk"')]);
  // aws_sd copies its HTTP client into the role's configuration without validating it.
  assert.deepEqual(check('aws', ['role: ec2', 'bearer_token: a', 'bearer_token_file: /b']), []);
});

test('azure_sd: a subscription, the OAuth credentials, a known authentication method', () => {
  const oauth = ['subscription_id: s', 'tenant_id: t', 'client_id: c', 'client_secret: x'];
  assert.deepEqual(check('azure', oauth), []);
  assert.deepEqual(check('azure', ['subscription_id: s', 'authentication_method: ManagedIdentity']), []);
  assert.deepEqual(check('azure', ['tenant_id: t']), [error(4, 9, 'azure SD configuration requires a subscription_id')]);
  assert.deepEqual(check('azure', ['subscription_id: s', 'tenant_id: t', 'client_secret: x']), [error(4, 9, 'azure SD configuration requires a client_id')]);
  assert.deepEqual(check('azure', ['subscription_id: s', 'authentication_method: Password']), [
    error(5, 32, 'unknown authentication_type "Password". Supported types are "OAuth", "ManagedIdentity", "SDK" or "WorkloadIdentity"'),
  ]);
  assert.deepEqual(check('azure', ['subscription_id: s', 'authentication_method: WorkloadIdentity'], { prometheusVersion: 'v3.10.0' }), [
    error(5, 32, 'unknown authentication_type "WorkloadIdentity". Supported types are "OAuth", "ManagedIdentity" or "SDK"'),
  ]);
  assert.deepEqual(check('azure', ['subscription_id: s', 'authentication_method: SDK'], v2), [
    error(5, 32, 'unknown authentication_type "SDK". Supported types are "OAuth" or "ManagedIdentity"'),
  ]);
});

test('digitalocean_sd: a known role (v3.12)', () => {
  assert.deepEqual(check('digitalocean', ['role: databases']), []);
  assert.deepEqual(check('digitalocean', ['port: 9100']), []);
  assert.deepEqual(check('digitalocean', ['role: apps']), [error(4, 15, 'unknown DigitalOcean SD role "apps"')]);
  assert.deepEqual(check('digitalocean', ['role:']), [error(4, 9, 'role missing (one of: droplets, databases)')]);
});

test('docker_sd and dockerswarm_sd: a host url.Parse reads; Swarm a role', () => {
  assert.deepEqual(check('docker', ['host: unix:///var/run/docker.sock']), []);
  assert.deepEqual(check('docker', ['port: 80']), [error(4, 9, 'host missing')]);
  assert.deepEqual(check('docker', ['host: "tcp://a b"']), [error(4, 15, 'parse "tcp://a b": invalid character " " in host name')]);
  assert.deepEqual(check('dockerswarm', ['host: tcp://swarm:2375', 'role: tasks']), []);
  assert.deepEqual(check('dockerswarm', ['host: tcp://swarm:2375']), [error(4, 9, 'role missing (one of: tasks, services, nodes)')]);
  assert.deepEqual(check('dockerswarm', ['host: tcp://swarm:2375', 'role: containers']), [error(5, 15, 'invalid role containers, expected tasks, services, or nodes')]);
});

test('eureka_sd: a server URL with a scheme and a host', () => {
  assert.deepEqual(check('eureka', ['server: http://eureka:8761/eureka']), []);
  assert.deepEqual(check('eureka', ['refresh_interval: 1m']), [error(4, 9, 'eureka_sd: empty or null eureka server')]);
  assert.deepEqual(check('eureka', ['server: eureka:8761']), [error(4, 17, 'eureka_sd: invalid eureka server URL')]);
});

test('gce_sd: a project and a zone', () => {
  assert.deepEqual(check('gce', ['project: p', 'zone: europe-west1-b']), []);
  assert.deepEqual(check('gce', ['zone: europe-west1-b']), [error(4, 9, 'GCE SD configuration requires a project')]);
  assert.deepEqual(check('gce', ['project: p']), [error(4, 9, 'GCE SD configuration requires a zone')]);
});

test('hetzner_sd: a known role', () => {
  assert.deepEqual(check('hetzner', ['role: hcloud', 'label_selector: env=prod']), []);
  assert.deepEqual(check('hetzner', ['port: 80']), [error(4, 9, 'role missing (one of: robot, hcloud)')]);
  assert.deepEqual(check('hetzner', ['role: cloud']), [error(4, 15, 'unknown role "cloud"')]);
});

test('ionos_sd: a data center', () => {
  assert.deepEqual(check('ionos', ['datacenter_id: 8feda53f']), []);
  assert.deepEqual(check('ionos', ['port: 80']), [error(4, 9, "datacenter id can't be empty")]);
});

test('kuma_sd: a server URL with a scheme and a host', () => {
  assert.deepEqual(check('kuma', ['server: http://kuma:5676']), []);
  assert.deepEqual(check('kuma', ['fetch_timeout: 1m']), [error(4, 9, 'kuma SD server must not be empty: ')]);
  assert.deepEqual(check('kuma', ['server: kuma:5676']), [error(4, 17, 'kuma SD server must not be empty and have a scheme: kuma:5676')]);
});

test('marathon_sd: servers, and one way to authenticate', () => {
  assert.deepEqual(check('marathon', ['servers: [http://marathon:8080]', 'auth_token: t']), []);
  assert.deepEqual(check('marathon', ['auth_token: t']), [error(4, 9, 'marathon_sd: must contain at least one Marathon server')]);
  assert.deepEqual(check('marathon', ['servers: [m]', 'auth_token: t', 'auth_token_file: /t']),
    [error(6, 26, 'marathon_sd: at most one of auth_token & auth_token_file must be configured')]);
  assert.deepEqual(check('marathon', ['servers: [m]', 'auth_token: t', 'basic_auth: {username: u}']),
    [error(6, 9, 'marathon_sd: at most one of basic_auth, auth_token & auth_token_file must be configured')]);
  assert.deepEqual(check('marathon', ['servers: [m]', 'auth_token_file: /t', 'bearer_token: b']),
    [error(6, 23, 'marathon_sd: at most one of bearer_token, bearer_token_file, auth_token & auth_token_file must be configured')]);
  assert.deepEqual(check('marathon', ['servers: [m]', 'auth_token: t', 'authorization: {credentials: c}']),
    [error(6, 9, 'marathon_sd: at most one of auth_token, auth_token_file & authorization must be configured')]);
});

test('nomad_sd: a server', () => {
  assert.deepEqual(check('nomad', ['namespace: default']), []);
  assert.deepEqual(check('nomad', ['server: ""']), [error(4, 17, 'nomad SD configuration requires a server address')]);
});

test('oci_sd: a region, the fields of the authentication method, compartments, a refresh interval (v3.14)', () => {
  const oci = (lines: string[]) => checkConfig(entry('oci', ...lines), { prometheusVersion: 'v3.14.0' });
  const apiKey = ['region: eu-frankfurt-1', 'tenancy: t', 'user: u', 'fingerprint: f', 'key_file: /k.pem'];
  assert.deepEqual(oci(apiKey), []);
  assert.deepEqual(oci(['region: eu-frankfurt-1', 'auth: instance_principal', 'compartments: [c1]']), []);
  assert.deepEqual(oci(['tenancy: t']), [error(4, 9, 'oci_sd: region is required')]);
  assert.deepEqual(oci(['region: r', 'tenancy: t', 'user: u', 'key_file: /k']), [error(4, 9, 'oci_sd: api_key auth requires fingerprint')]);
  assert.deepEqual(oci(['region: r']).map((line) => line.slice(line.indexOf('oci_sd'))), ['oci_sd: api_key auth requires tenancy']);
  assert.deepEqual(oci(['region: r', 'tenancy: t']).map((line) => line.slice(line.indexOf('oci_sd'))), ['oci_sd: api_key auth requires user']);
  assert.deepEqual(oci(['region: r', 'tenancy: t', 'user: u', 'fingerprint: f']).map((line) => line.slice(line.indexOf('oci_sd'))), ['oci_sd: api_key auth requires key_file']);
  assert.deepEqual(oci([...apiKey, 'key_passphrase: p', 'key_passphrase_file: /p']),
    [error(10, 30, 'oci_sd: at most one of key_passphrase and key_passphrase_file must be configured')]);
  assert.deepEqual(oci(['region: r', 'auth: instance_principal', 'user: u']),
    [error(6, 15, 'oci_sd: instance_principal auth must not have tenancy, user, fingerprint, key_file, key_passphrase, or key_passphrase_file set')]);
  assert.deepEqual(oci(['region: r', 'auth: password']), [error(5, 15, 'oci_sd: unknown auth method "password", expected "api_key" or "instance_principal"')]);
  assert.deepEqual(oci([...apiKey, 'compartments: [c1, ""]']), [error(9, 28, 'oci_sd: compartments[1] must not be empty')]);
  assert.deepEqual(oci([...apiKey, 'refresh_interval: 0s']), [error(9, 27, 'oci_sd: refresh_interval must be positive, got 0s')]);
});

test('openstack_sd: a known availability and role, a region', () => {
  assert.deepEqual(check('openstack', ['role: loadbalancer', 'region: RegionOne', 'availability: internal']), []);
  assert.deepEqual(check('openstack', ['role: instance', 'region: r', 'availability: private']),
    [error(6, 23, 'unknown availability private, must be one of admin, internal or public')]);
  assert.deepEqual(check('openstack', ['region: r']), [error(4, 9, 'role missing (one of: instance, hypervisor, loadbalancer)')]);
  assert.deepEqual(check('openstack', ['role: server', 'region: r']), [error(4, 15, 'unknown OpenStack SD role "server"')]);
  assert.deepEqual(check('openstack', ['role: loadbalancer', 'region: r'], { prometheusVersion: 'v3.1.0' }), [error(4, 15, 'unknown OpenStack SD role "loadbalancer"')]);
  assert.deepEqual(check('openstack', ['role: hypervisor']), [error(4, 9, 'openstack SD configuration requires a region')]);
});

test('outscale_sd: a region, an access key, one secret key (v3.12)', () => {
  assert.deepEqual(check('outscale', ['access_key: a', 'secret_key_file: /s']), []);
  assert.deepEqual(check('outscale', ['region: ""', 'access_key: a', 'secret_key: s']), [error(4, 17, 'outscale SD configuration requires a region')]);
  assert.deepEqual(check('outscale', ['secret_key: s']), [error(4, 9, 'outscale SD configuration requires access_key')]);
  assert.deepEqual(check('outscale', ['access_key: a']), [error(4, 9, 'one of secret_key & secret_key_file must be configured')]);
  assert.deepEqual(check('outscale', ['access_key: a', 'secret_key: s', 'secret_key_file: /s']), [error(6, 26, 'at most one of secret_key & secret_key_file must be configured')]);
});

test('ovhcloud_sd: an endpoint, the three credentials, a known service', () => {
  const credentials = ['application_key: k', 'application_secret: s', 'consumer_key: c'];
  assert.deepEqual(check('ovhcloud', [...credentials, 'service: vps']), []);
  assert.deepEqual(check('ovhcloud', ['endpoint: ""', ...credentials, 'service: vps']), [error(4, 19, 'endpoint can not be empty')]);
  assert.deepEqual(check('ovhcloud', ['application_secret: s', 'consumer_key: c', 'service: vps']), [error(4, 9, 'application key can not be empty')]);
  assert.deepEqual(check('ovhcloud', ['application_key: k', 'consumer_key: c', 'service: vps']), [error(4, 9, 'application secret can not be empty')]);
  assert.deepEqual(check('ovhcloud', ['application_key: k', 'application_secret: s', 'service: vps']), [error(4, 9, 'consumer key can not be empty')]);
  assert.deepEqual(check('ovhcloud', [...credentials, 'service: cloud']), [error(7, 18, 'unknown service: cloud')]);
});

test('puppetdb_sd: a URL with http or https and a host, a query', () => {
  assert.deepEqual(check('puppetdb', ['url: https://puppetdb:8081', 'query: resources { type = "Class" }']), []);
  assert.deepEqual(check('puppetdb', ['query: q']), [error(4, 9, 'URL is missing')]);
  assert.deepEqual(check('puppetdb', ['url: puppetdb:8081', 'query: q']), [error(4, 14, "URL scheme must be 'http' or 'https'")]);
  assert.deepEqual(check('puppetdb', ['url: https://puppetdb:8081']), [error(4, 9, 'query missing')]);
});

const scalewayProject = 'project_id: 0b9f5c7e-3d1a-4c2b-9e8f-7a6b5c4d3e2f';
const scalewayKeys = ['access_key: SCWABCDEFGHIJ0123456', 'secret_key: 6f1c2d3e-4a5b-4c6d-8e7f-90a1b2c3d4e5'];

test('scaleway_sd: a known role, a project, one secret key, an access key', () => {
  const valid = ['role: instance', scalewayProject, ...scalewayKeys];
  assert.deepEqual(check('scaleway', valid), []);
  assert.deepEqual(check('scaleway', ['role: server']), [error(4, 15, 'unknown role "server"')]);
  assert.deepEqual(check('scaleway', ['project_id: p']), [error(4, 9, 'role missing (one of: instance, baremetal)')]);
  assert.deepEqual(check('scaleway', ['role: baremetal', ...scalewayKeys]), [error(4, 9, 'project_id is mandatory')]);
  assert.deepEqual(check('scaleway', ['role: instance', scalewayProject, scalewayKeys[0]]), [error(4, 9, 'one of secret_key & secret_key_file must be configured')]);
  assert.deepEqual(check('scaleway', [...valid, 'secret_key_file: /s']), [error(8, 26, 'at most one of secret_key & secret_key_file must be configured')]);
  assert.deepEqual(check('scaleway', ['role: instance', scalewayProject, scalewayKeys[1]]), [error(4, 9, 'access_key is mandatory')]);
});

test('scaleway_sd: the Scaleway client checks the keys, the project, the zone and the API URL while the entry is read', () => {
  const entry = (...lines: string[]) => check('scaleway', ['role: instance', scalewayProject, ...scalewayKeys, ...lines]);
  assert.deepEqual(entry('zone: nl-ams-1', 'api_url: https://api.scaleway.com'), []);
  // With secret_key_file the client is given a placeholder key: the file is read later.
  assert.deepEqual(check('scaleway', ['role: instance', scalewayProject, scalewayKeys[0], 'secret_key_file: /etc/scw/secret']), []);
  assert.deepEqual(check('scaleway', ['role: instance', scalewayProject, 'access_key: AK', scalewayKeys[1]]),
    [error(6, 21, "scaleway-sdk-go: invalid access key format 'AK', expected SCWXXXXXXXXXXXXXXXXX format")]);
  assert.deepEqual(check('scaleway', ['role: instance', scalewayProject, scalewayKeys[0], 'secret_key: s3cret']),
    [error(7, 21, "scaleway-sdk-go: invalid secret key format 's3cret', expected a UUID: xxxxxxxx-xxxx-xxxx-xxxx-xxxxxxxxxxxx")]);
  assert.deepEqual(check('scaleway', ['role: instance', 'project_id: my-project', ...scalewayKeys]),
    [error(5, 21, "scaleway-sdk-go: invalid project ID format 'my-project', expected a UUID: xxxxxxxx-xxxx-xxxx-xxxx-xxxxxxxxxxxx")]);
  assert.deepEqual(entry('zone: ""'), [error(8, 15, 'scaleway-sdk-go: default zone cannot be empty')]);
  assert.deepEqual(entry('zone: par1'), [error(8, 15,
    "scaleway-sdk-go: invalid default zone format 'par1', available zones are: fr-par-1, fr-par-2, fr-par-3, nl-ams-1, nl-ams-2, nl-ams-3, pl-waw-1, pl-waw-2, pl-waw-3, it-mil-1")]);
  assert.deepEqual(check('scaleway', ['role: instance', scalewayProject, ...scalewayKeys, 'zone: par1'], v2), [error(8, 15,
    "scaleway-sdk-go: invalid default zone format 'par1', available zones are: fr-par-1, fr-par-2, fr-par-3, nl-ams-1, nl-ams-2, pl-waw-1, pl-waw-2")]);
  assert.deepEqual(entry('api_url: https://api.scaleway.com/'),
    [error(8, 18, "scaleway-sdk-go: invalid API url 'https://api.scaleway.com/' it should not have a trailing slash")]);
  assert.deepEqual(entry('api_url: "http://a b"'), [error(8, 18, "scaleway-sdk-go: invalid API url 'http://a b'")]);
  assert.deepEqual(check('scaleway', ['role: instance', scalewayProject, ...scalewayKeys, 'api_url: "http://a b"'], v2),
    [error(8, 18, 'scaleway-sdk-go: invalid url http://a b')]);
  assert.deepEqual(entry('api_url: ""'), [error(8, 18, 'panic: runtime error: slice bounds out of range [-1:]')]);
});

test('stackit_sd: an endpoint or a region, an endpoint url.Parse reads (v3.5)', () => {
  assert.deepEqual(check('stackit', ['project: p']), []);
  assert.deepEqual(check('stackit', ['project: p', 'region: ""']), [error(4, 9, 'stackit_sd: endpoint and region missing')]);
  assert.deepEqual(check('stackit', ['endpoint: "http://a b"']), [error(4, 19, 'stackit_sd: invalid endpoint "http://a b": parse "http://a b": invalid character " " in host name')]);
});

test('triton_sd: a role, an account, a DNS suffix, an endpoint, a refresh interval above zero', () => {
  const valid = ['account: a', 'dns_suffix: triton.example.com', 'endpoint: cmon.example.com'];
  assert.deepEqual(check('triton', [...valid, 'role: cn']), []);
  assert.deepEqual(check('triton', [...valid, 'role: vm']), [error(7, 15, "triton SD configuration requires role to be 'container' or 'cn'")]);
  assert.deepEqual(check('triton', ['dns_suffix: d', 'endpoint: e']), [error(4, 9, 'triton SD configuration requires an account')]);
  assert.deepEqual(check('triton', ['account: a', 'endpoint: e']), [error(4, 9, 'triton SD configuration requires a dns_suffix')]);
  assert.deepEqual(check('triton', ['account: a', 'dns_suffix: d']), [error(4, 9, 'triton SD configuration requires an endpoint')]);
  assert.deepEqual(check('triton', [...valid, 'refresh_interval: 0']),
    [error(7, 27, 'triton SD configuration requires RefreshInterval to be a positive integer')]);
});

test('uyuni_sd: a server URL, a user name, a password', () => {
  assert.deepEqual(check('uyuni', ['server: https://uyuni.example.com', 'username: u', 'password: p']), []);
  assert.deepEqual(check('uyuni', ['username: u', 'password: p']), [error(4, 9, 'Uyuni SD configuration requires server host')]);
  assert.deepEqual(check('uyuni', ['server: ":uyuni"', 'username: u', 'password: p']), [error(4, 17, 'Uyuni Server URL is not valid: parse ":uyuni": missing protocol scheme')]);
  assert.deepEqual(check('uyuni', ['server: https://u', 'password: p']), [error(4, 9, 'Uyuni SD configuration requires a username')]);
  assert.deepEqual(check('uyuni', ['server: https://u', 'username: u']), [error(4, 9, 'Uyuni SD configuration requires a password')]);
});

test('serverset_sd and nerve_sd: servers and paths that start with /', () => {
  assert.deepEqual(check('serverset', ['servers: [zk:2181]', 'paths: [/aurora]']), []);
  assert.deepEqual(check('serverset', ['paths: [/a]']), [error(4, 9, 'serverset SD config must contain at least one Zookeeper server')]);
  assert.deepEqual(check('serverset', ['servers: [zk:2181]']), [error(4, 9, 'serverset SD config must contain at least one path')]);
  assert.deepEqual(check('serverset', ['servers: [zk:2181]', 'paths: [aurora]']), [error(5, 17, "serverset SD config paths must begin with '/': aurora")]);
  assert.deepEqual(check('nerve', ['paths: [/a]']), [error(4, 9, 'nerve SD config must contain at least one Zookeeper server')]);
  assert.deepEqual(check('nerve', ['servers: [zk:2181]']), [error(4, 9, 'nerve SD config must contain at least one path')]);
  assert.deepEqual(check('nerve', ['servers: [zk:2181]', 'paths: [/a, b]']), [error(5, 21, "nerve SD config paths must begin with '/': b")]);
});

test('every discovery\'s keys are modelled: a typo is an unknown key with a did-you-mean', () => {
  assert.deepEqual(check('azure', ['subscription_id: s', 'authentication_method: SDK', 'resource_grup: rg']), [
    '6:9 error promconfig/unknown-key field resource_grup not found in type azure.plain: did you mean "resource_group"?',
  ]);
  assert.deepEqual(check('kuma', ['server: http://kuma:5676', 'clientid: prom']), [
    '5:9 error promconfig/unknown-key field clientid not found in type xds.plainKumaConf: did you mean "client_id"?',
  ]);
  assert.deepEqual(check('docker', ['host: unix:///var/run/docker.sock', 'filters: [{name: label, value: [a]}]']), [
    '5:33 error promconfig/unknown-key field value not found in type moby.Filter: did you mean "values"?',
  ]);
  assert.deepEqual(check('linode', ['region: us-east', 'tag_seperator: ";"']), [
    '5:9 error promconfig/unknown-key field tag_seperator not found in type linode.plain: did you mean "tag_separator"?',
  ]);
});

test('a service discovery newer than the target version', () => {
  assert.deepEqual(messages(sd('aws_sd_configs', '{role: ec2, region: eu-west-1}'), 'promconfig/key-version', { prometheusVersion: 'v3.7.0' }),
    ['field aws_sd_configs not found in type config.ScrapeConfig: aws_sd_configs was added in Prometheus v3.8.0 (checking for v3.7.0)']);
  assert.deepEqual(checkConfig(sd('aws_sd_configs', '{role: ec2, region: eu-west-1}')), []);
});

test('before v2.48 six discoveries did not validate their HTTP client while loading', () => {
  const both = ['url: http://sd.example.com', 'bearer_token: a', 'bearer_token_file: /b'];
  assert.deepEqual(check('http', both, { prometheusVersion: 'v2.47.0' }), []);
  assert.deepEqual(check('http', both), ['6:9 error promconfig/http-client at most one of bearer_token & bearer_token_file must be configured']);
});

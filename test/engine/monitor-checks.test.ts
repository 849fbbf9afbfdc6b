import { test } from 'node:test';
import assert from 'node:assert/strict';
import { check } from '../support/engine';

/** An agent of Prometheus `version` that selects every Probe and ScrapeConfig. */
const agent = (version: string) => [
  'apiVersion: monitoring.coreos.com/v1alpha1', 'kind: PrometheusAgent', 'metadata: {name: edge, namespace: monitoring}', 'spec:',
  `  version: ${version}`, '  probeSelector: {}', '  probeNamespaceSelector: {}', '  scrapeConfigSelector: {}', '  scrapeConfigNamespaceSelector: {}', '',
].join('\n');

type Kind = 'Probe' | 'ScrapeConfig';

/** A monitor whose spec starts on line 5: each line of `spec` goes under `spec:`. */
const monitor = (kind: Kind, spec: string) => [
  `apiVersion: monitoring.coreos.com/${kind === 'Probe' ? 'v1' : 'v1alpha1'}`, `kind: ${kind}`, 'metadata: {name: jobs, namespace: shop}', 'spec:',
  ...spec.split('\n').map((line) => `  ${line}`), '',
].join('\n');

/** What wiring/monitor-rejected says, as `line:column message`, without the sentence every finding ends with. */
function refusals(kind: Kind, spec: string, version?: string): string[] {
  const workspace: Record<string, string> = version ? { 'file:///repo/agent.yaml': agent(version) } : {};
  return check(monitor(kind, spec), { uri: 'file:///repo/jobs.yaml', workspace })
    .filter((line) => line.includes(' wiring/monitor-rejected '))
    .map((line) => line.replace(' error wiring/monitor-rejected', '').replace(`: the operator rejects this ${kind} and scrapes none of it`, ''));
}

const targets = 'staticConfigs: [{targets: [web:80]}]';
const messageOf = (line: string) => line.slice(line.indexOf(' ') + 1);

/** The refusals of a ScrapeConfig beyond those every ScrapeConfig gets from an agent of `version` (see below). */
function ownRefusals(spec: string, version: string): string[] {
  const everyScrapeConfig = refusals('ScrapeConfig', targets, version).map(messageOf);
  return refusals('ScrapeConfig', spec, version).filter((line) => !everyScrapeConfig.includes(messageOf(line)));
}

/** A check that holds for any agent: `accepted` passes, `rejected` gives `finding` (no agent needed). */
interface Case {
  accepted: string;
  rejected: string;
  finding: string;
}

/** A field the operator refuses below a Prometheus version: accepted from `from`, refused at `below`. */
interface VersionCase {
  spec: string;
  from: string;
  below: string;
  finding: string;
}

function assertCases(kind: Kind, cases: Record<string, Case>) {
  for (const [name, { accepted, rejected, finding }] of Object.entries(cases)) {
    assert.deepEqual(refusals(kind, accepted), [], `${name}: accepted`);
    assert.deepEqual(refusals(kind, rejected), [finding], `${name}: rejected`);
  }
}

function assertVersionCases(cases: Record<string, VersionCase>) {
  for (const [name, { spec, from, below, finding }] of Object.entries(cases)) {
    assert.deepEqual(ownRefusals(spec, from), [], `${name}: accepted from ${from}`);
    assert.deepEqual(ownRefusals(spec, below), [finding], `${name}: refused at ${below}`);
    // Without an agent the version is unknown.
    assert.deepEqual(refusals('ScrapeConfig', spec), [], `${name}: without an agent`);
  }
}

test('ScrapeConfig: its scrape class, labels and client settings, as the operator loads them', () => {
  // The only kind whose refusal does not start with `scrapeClassName: `.
  assert.deepEqual(refusals('ScrapeConfig', `${targets}\nscrapeClass: tls`, 'v3.5.0'), ['6:16 scrapeClass "tls" not found in Prometheus scrapeClasses']);
  assert.deepEqual(refusals('ScrapeConfig', targets, 'v3.5.0'), []);
  // An overlay that patches the agent (a scrape class of its own, say): what depends on the agent is not said.
  const overlay = {
    'file:///repo/base/agent.yaml': agent('v3.5.0'),
    'file:///repo/base/kustomization.yaml': 'resources: [agent.yaml]\n',
    'file:///repo/overlays/dev/kustomization.yaml': 'resources: [../../base, jobs.yaml]\npatches: [{path: classes.yaml}]\n',
    'file:///repo/overlays/dev/classes.yaml': 'apiVersion: monitoring.coreos.com/v1alpha1\nkind: PrometheusAgent\nmetadata: {name: edge, namespace: monitoring}\nspec:\n  scrapeClasses: [{name: tls}]\n',
  };
  const rejected = (spec: string) => check(monitor('ScrapeConfig', spec), { uri: 'file:///repo/overlays/dev/jobs.yaml', workspace: overlay }).filter((line) => line.includes(' wiring/monitor-rejected '));
  assert.deepEqual(rejected(`${targets}\nscrapeClass: tls`), []);
  // A patch names the agent as the base's namePrefix renamed it: it reaches the agent all the same.
  const prefixed = {
    ...overlay,
    'file:///repo/base/kustomization.yaml': 'resources: [agent.yaml]\nnamePrefix: team-\n',
    'file:///repo/overlays/dev/classes.yaml': overlay['file:///repo/overlays/dev/classes.yaml'].replace('name: edge', 'name: team-edge'),
  };
  assert.deepEqual(check(monitor('ScrapeConfig', `${targets}\nscrapeClass: tls`), { uri: 'file:///repo/overlays/dev/jobs.yaml', workspace: prefixed }).filter((line) => line.includes(' wiring/monitor-rejected ')), []);
  // A kustomization that only renames the agent leaves its scrape classes as written.
  const renamed = { ...overlay, 'file:///repo/overlays/dev/kustomization.yaml': 'resources: [../../base, jobs.yaml]\nnameSuffix: -eu\n' };
  assert.equal(check(monitor('ScrapeConfig', `${targets}\nscrapeClass: tls`), { uri: 'file:///repo/overlays/dev/jobs.yaml', workspace: renamed }).filter((line) => line.includes(' wiring/monitor-rejected ')).length, 1);
  // What the operator rejects whatever the agent is still said.
  assert.equal(rejected('staticConfigs: [{targets: [web:80]}]\nrelabelings: [{action: replace, targetLabel: ""}]').length, 1);
  // Legacy label names before Prometheus v3, any UTF-8 from v3.
  const dotted = 'staticConfigs: [{targets: [web:80], labels: {team.name: shop}}]';
  assert.deepEqual(refusals('ScrapeConfig', dotted, 'v3.0.0'), []);
  assert.deepEqual(refusals('ScrapeConfig', dotted, 'v2.55.1'), ['5:48 staticConfigs: [0]: invalid label "team.name"']);
  assertCases('ScrapeConfig', {
    // Without credentials the operator loads nothing, and checks nothing.
    'authorization of type basic': {
      accepted: 'authorization: {type: Basic}',
      rejected: 'authorization: {type: Basic, credentials: {name: s, key: k}}',
      finding: '5:25 authorization: \'authorization\' type cannot be set to "basic", use "basicAuth" instead',
    },
    'OAuth2 client ID': {
      accepted: 'oauth2: {tokenUrl: https://auth/token, clientId: {secret: {name: s, key: id}}, clientSecret: {name: s, key: k}}',
      rejected: 'oauth2: {tokenUrl: https://auth/token, clientId: {}, clientSecret: {name: s, key: k}}',
      finding: '5:42 oauth2: OAuth2 \'clientID\' must be specified',
    },
    'OAuth2 TLS': {
      accepted: 'oauth2:\n  tokenUrl: https://auth/token\n  clientId: {secret: {name: s, key: id}}\n  clientSecret: {name: s, key: k}\n  tlsConfig: {insecureSkipVerify: true}',
      rejected: 'oauth2:\n  tokenUrl: https://auth/token\n  clientId: {secret: {name: s, key: id}}\n  clientSecret: {name: s, key: k}\n  tlsConfig: {keySecret: {name: s, key: tls.key}}',
      finding: '9:5 oauth2: invalid OAuth2 \'tlsConfig\': client key specified without client cert',
    },
    'TLS client certificate': {
      accepted: 'tlsConfig: {cert: {secret: {name: s, key: tls.crt}}, keySecret: {name: s, key: tls.key}}',
      rejected: 'tlsConfig: {cert: {secret: {name: s, key: tls.crt}}}',
      finding: '5:3 tlsConfig: failed to validate TLS configuration: client cert specified without client key',
    },
    // The operator names no field for the proxy.
    'proxy': { accepted: 'proxyUrl: http://proxy:3128\nnoProxy: localhost', rejected: 'noProxy: localhost', finding: '5:12 if noProxy is configured, proxyUrl must also be configured' },
  });
});

test('ScrapeConfig: below some Prometheus versions the operator refuses every ScrapeConfig, whatever discovery it uses', () => {
  // Each of these versions is checked before the operator looks for a config of its kind.
  assert.deepEqual(refusals('ScrapeConfig', targets, 'v2.40.0'), []);
  assert.deepEqual(refusals('ScrapeConfig', targets, 'v2.39.0'), ['4:1 OVHCloudSDConfigs: OVHCloud SD configuration is only supported for Prometheus version >= 2.40.0']);
  // At the discovery's field when it is written.
  assert.deepEqual(refusals('ScrapeConfig', 'ionosSDConfigs: [{datacenterID: dc, authorization: {credentials: {name: s, key: k}}}]', 'v2.35.0'), [
    '4:1 OVHCloudSDConfigs: OVHCloud SD configuration is only supported for Prometheus version >= 2.40.0',
    '5:3 IonosSDConfigs: IONOS SD configuration is only supported for Prometheus version >= 2.36.0',
  ]);
  assert.deepEqual(refusals('ScrapeConfig', targets, 'v2.19.0'), [
    '4:1 httpSDConfigs: HTTP SD configuration is only supported for Prometheus version >= 2.28.0',
    '4:1 digitalOceanSDConfigs: service discovery for Digital Ocean is only supported for Prometheus version >= 2.20.0',
    '4:1 linodeSDConfigs: linode SD configuration is only supported for Prometheus version >= 2.28.0',
    '4:1 dockerswarmSDConfigs: dockerswarm SD configuration is only supported for Prometheus version >= 2.20.0',
    '4:1 puppetDBSDConfigs: puppetDB SD configuration is only supported for Prometheus version >= 2.31.0',
    '4:1 lightSailSDConfigs: lightSail SD configuration is only supported for Prometheus version >= 2.27.0',
    '4:1 OVHCloudSDConfigs: OVHCloud SD configuration is only supported for Prometheus version >= 2.40.0',
    '4:1 ScalewaySDConfigs: ScaleWay SD configuration is only supported for Prometheus version >= 2.26.0',
    '4:1 IonosSDConfigs: IONOS SD configuration is only supported for Prometheus version >= 2.36.0',
  ]);
  // Without an agent no version is known, so nothing is said.
  assert.deepEqual(refusals('ScrapeConfig', targets), []);
});

test('ScrapeConfig: discovery fields that need a newer Prometheus than the agent runs', () => {
  assertVersionCases({
    'kubernetes EndpointSlice role': {
      spec: 'kubernetesSDConfigs: [{role: EndpointSlice}]', from: 'v2.21.0', below: 'v2.20.0',
      finding: '5:32 kubernetesSDConfigs: [0]: EndpointSlice role is only supported for Prometheus version >= 2.21.0',
    },
    // Consul's and Kuma's version checks do not say which config.
    'consul pathPrefix': {
      spec: 'consulSDConfigs: [{server: consul:8500, pathPrefix: /consul}]', from: 'v2.45.0', below: 'v2.44.0',
      finding: '5:55 consulSDConfigs: field `config.PathPrefix` is only supported for Prometheus version >= 2.45.0',
    },
    'consul namespace': {
      spec: 'consulSDConfigs: [{server: consul:8500, namespace: shop}]', from: 'v2.28.0', below: 'v2.27.0',
      finding: '5:54 consulSDConfigs: field `config.Namespace` is only supported for Prometheus version >= 2.28.0',
    },
    'consul filter': {
      spec: 'consulSDConfigs: [{server: consul:8500, filter: \'Service == "web"\'}]', from: 'v3.0.0', below: 'v2.55.1',
      finding: '5:51 consulSDConfigs: field `config.Filter` is only supported for Prometheus version >= 3.0.0',
    },
    'consul healthFilter': {
      spec: 'consulSDConfigs: [{server: consul:8500, healthFilter: \'Checks.Status == "passing"\'}]', from: 'v3.11.2', below: 'v3.11.1',
      finding: '5:57 consulSDConfigs: field `config.HealthFilter` is only supported for Prometheus version >= 3.11.2',
    },
    'azure SDK authentication': {
      spec: 'azureSDConfigs: [{subscriptionID: sub, authenticationMethod: SDK}]', from: 'v2.52.0', below: 'v2.51.0',
      finding: '5:64 azureSDConfigs: [0]: SDK authentication is only supported from Prometheus version 2.52.0',
    },
    'azure WorkloadIdentity authentication': {
      spec: 'azureSDConfigs: [{subscriptionID: sub, authenticationMethod: WorkloadIdentity}]', from: 'v3.11.0', below: 'v3.10.0',
      finding: '5:64 azureSDConfigs: [0]: WorkloadIdentity authentication is only supported from Prometheus version 3.11.0',
    },
    'azure resourceGroup': {
      spec: 'azureSDConfigs: [{subscriptionID: sub, authenticationMethod: ManagedIdentity, resourceGroup: rg}]', from: 'v2.35.0', below: 'v2.34.0',
      finding: '5:96 azureSDConfigs: [0]: ResourceGroup is only supported from Prometheus version >= 2.35.0',
    },
    'openstack LoadBalancer role': {
      spec: 'openstackSDConfigs: [{role: LoadBalancer, region: r}]', from: 'v3.2.0', below: 'v3.1.0',
      finding: '5:31 openstackSDConfigs: [0]: The LoadBalancer role is only supported from Prometheus version 3.2.0',
    },
    'kuma clientID': {
      spec: 'kumaSDConfigs: [{server: http://kuma:5676, clientID: prometheus}]', from: 'v2.50.0', below: 'v2.49.0',
      finding: '5:56 kumaSDConfigs: field `clientID` in kuma SD configuration is only supported for Prometheus version >= 2.50.0',
    },
    'docker matchFirstNetwork': {
      spec: 'dockerSDConfigs: [{host: unix:///var/run/docker.sock, matchFirstNetwork: true}]', from: 'v2.54.1', below: 'v2.54.0',
      finding: '5:76 dockerSDConfigs: [0]: field `matchFirstNetwork` is only supported for Prometheus version >= 2.54.1',
    },
    'hetzner labelSelector': {
      spec: 'hetznerSDConfigs: [{role: hcloud, labelSelector: env=prod}]', from: 'v3.5.0', below: 'v3.4.0',
      finding: '5:52 hetznerSDConfigs: [0]: field `labelSelector` is only supported for Prometheus version >= 3.5.0',
    },
  });
});

test('ScrapeConfig: kubernetes_sd selectors, API server and namespaces', () => {
  assertCases('ScrapeConfig', {
    'API server and own namespace': {
      accepted: 'kubernetesSDConfigs: [{role: Pod, apiServer: https://k8s:6443, namespaces: {names: [shop]}}]',
      rejected: 'kubernetesSDConfigs: [{role: Pod, apiServer: https://k8s:6443, namespaces: {ownNamespace: true}}]',
      finding: '5:93 kubernetesSDConfigs: [0]: cannot use \'apiServer\' and \'namespaces.ownNamespace\' simultaneously',
    },
    // The space before the colon is the operator's.
    'selector roles': {
      accepted: 'kubernetesSDConfigs: [{role: Endpoints, selectors: [{role: Pod, label: app=web}, {role: Endpoints}]}]',
      rejected: 'kubernetesSDConfigs: [{role: Pod, selectors: [{role: Node, label: app=web}]}]',
      finding: '5:56 kubernetesSDConfigs: [0] : Pod role supports only pod selectors',
    },
    'label selector': {
      accepted: 'kubernetesSDConfigs: [{role: Pod, selectors: [{role: Pod, label: "app in (web, api)"}]}]',
      rejected: 'kubernetesSDConfigs: [{role: Pod, selectors: [{role: Pod, label: "app in web"}]}]',
      finding: '5:68 kubernetesSDConfigs: [0]: unable to parse requirement: found \'web\' expected: \'(\'',
    },
    'field selector': {
      accepted: 'kubernetesSDConfigs: [{role: Pod, selectors: [{role: Pod, field: spec.nodeName=a}]}]',
      rejected: 'kubernetesSDConfigs: [{role: Pod, selectors: [{role: Pod, field: spec.nodeName}]}]',
      finding: '5:68 kubernetesSDConfigs: [0]: invalid selector: \'spec.nodeName\'; can\'t understand \'spec.nodeName\'',
    },
  });
});

test('ScrapeConfig: what the other discoveries refuse for any agent', () => {
  assertCases('ScrapeConfig', {
    'HTTP SD URL': {
      accepted: 'httpSDConfigs: [{url: "http://web:80/sd%20list"}]',
      rejected: 'httpSDConfigs: [{url: "http://web:80/sd%zz"}]',
      finding: '5:25 httpSDConfigs: [0]: parse "http://web:80/sd%zz": invalid URL escape "%zz"',
    },
    'DNS port': {
      accepted: 'dnsSDConfigs: [{names: [web.shop], type: A, port: 80}, {names: [_web._tcp.shop], type: SRV}]',
      rejected: 'dnsSDConfigs: [{names: [web.shop], type: A}]',
      finding: '5:44 dnsSDConfigs: [0]: port required for record type "A"',
    },
    // With OAuth (the default) the operator wants a tenant, a client and its secret; with the other methods, none.
    'azure tenantID': {
      accepted: 'azureSDConfigs: [{subscriptionID: sub, authenticationMethod: ManagedIdentity}]',
      rejected: 'azureSDConfigs: [{subscriptionID: sub, clientID: app, clientSecret: {name: s, key: k}}]',
      finding: '5:20 azureSDConfigs: [0]: configuration requires a tenantID',
    },
    'azure clientID': {
      accepted: 'azureSDConfigs: [{subscriptionID: sub, tenantID: t, clientID: app, clientSecret: {name: s, key: k}}]',
      rejected: 'azureSDConfigs: [{subscriptionID: sub, tenantID: t, clientSecret: {name: s, key: k}}]',
      finding: '5:20 azureSDConfigs: [0]: configuration requires a clientID',
    },
    'azure clientSecret': {
      accepted: 'azureSDConfigs: [{subscriptionID: sub, authenticationMethod: SDK}]',
      rejected: 'azureSDConfigs: [{subscriptionID: sub, tenantID: t, clientID: app}]',
      finding: '5:20 azureSDConfigs: [0]: configuration requires a clientSecret',
    },
    'kuma server without a host': {
      accepted: 'kumaSDConfigs: [{server: "http://kuma:5676"}]',
      rejected: 'kumaSDConfigs: [{server: "http:///kuma"}]',
      finding: '5:28 kumaSDConfigs: [0]: must not be empty and have a scheme: http:///kuma',
    },
    'nomad server that does not parse': {
      accepted: 'nomadSDConfigs: [{server: "http://nomad:4646"}]',
      rejected: 'nomadSDConfigs: [{server: "http://nomad:port"}]',
      finding: '5:29 nomadSDConfigs: [0]: cannot parse server: parse "http://nomad:port": invalid port ":port" after host',
    },
    'docker host': {
      accepted: 'dockerSDConfigs: [{host: "tcp://docker:2375"}]',
      rejected: 'dockerSDConfigs: [{host: "tcp://docker host:2375"}]',
      finding: '5:28 dockerSDConfigs: [0]: parse "tcp://docker host:2375": invalid character " " in host name',
    },
    'docker swarm host': {
      accepted: 'dockerSwarmSDConfigs: [{host: "tcp://[::1]:2375", role: Tasks}]',
      rejected: 'dockerSwarmSDConfigs: [{host: "tcp://[::1:2375", role: Tasks}]',
      finding: '5:33 dockerswarmSDConfigs: [0]: parse "tcp://[::1:2375": missing \']\' in host',
    },
    'puppetDB URL host': {
      accepted: 'puppetDBSDConfigs: [{url: "https://puppetdb/pdb", query: q}]',
      rejected: 'puppetDBSDConfigs: [{url: "https:///pdb", query: q}]',
      finding: '5:29 puppetDBSDConfigs: [0]: host is missing in URL',
    },
  });
});

test('ScrapeConfig: each discovery\'s client settings, as the operator loads them, named by the config only', () => {
  assertCases('ScrapeConfig', {
    'kubernetes TLS': {
      accepted: 'kubernetesSDConfigs: [{role: Pod, tlsConfig: {ca: {configMap: {name: ca, key: ca.crt}}}}]',
      rejected: 'kubernetesSDConfigs: [{role: Pod, tlsConfig: {ca: {secret: {name: ca, key: ca.crt}, configMap: {name: ca, key: ca.crt}}}}]',
      finding: '5:37 kubernetesSDConfigs: [0]: failed to validate TLS configuration: ca <secret=ca,key=ca.crt>: cannot specify both Secret and ConfigMap',
    },
    'HTTP SD authorization': {
      accepted: 'httpSDConfigs: [{url: "http://web/sd", authorization: {type: Bearer, credentials: {name: s, key: k}}}]',
      rejected: 'httpSDConfigs: [{url: "http://web/sd", authorization: {type: basic, credentials: {name: s, key: k}}}]',
      finding: '5:64 httpSDConfigs: [0]: \'authorization\' type cannot be set to "basic", use "basicAuth" instead',
    },
    'consul proxy, second config': {
      accepted: 'consulSDConfigs: [{server: consul:8500}, {server: consul:8500, proxyFromEnvironment: true}]',
      rejected: 'consulSDConfigs: [{server: consul:8500}, {server: consul:8500, proxyFromEnvironment: true, proxyUrl: http://proxy:3128}]',
      finding: '5:104 consulSDConfigs: [1]: if proxyFromEnvironment is configured, proxyUrl must not be configured',
    },
    'EC2 proxy headers': {
      accepted: 'ec2SDConfigs: [{region: eu-west-1, proxyUrl: http://proxy:3128, proxyConnectHeader: {X-Team: [{name: s, key: k}]}}]',
      rejected: 'ec2SDConfigs: [{region: eu-west-1, proxyConnectHeader: {X-Team: [{name: s, key: k}]}}]',
      finding: '5:38 ec2SDConfigs: [0]: if proxyConnectHeader is configured, proxyUrl or proxyFromEnvironment must also be configured',
    },
    // Azure checks its client with OAuth only.
    'azure TLS versions': {
      accepted: 'azureSDConfigs: [{subscriptionID: sub, authenticationMethod: ManagedIdentity, tlsConfig: {minVersion: TLS13, maxVersion: TLS12}}]',
      rejected: 'azureSDConfigs: [{subscriptionID: sub, tenantID: t, clientID: app, clientSecret: {name: s, key: k}, tlsConfig: {minVersion: TLS13, maxVersion: TLS12}}]',
      finding: '5:103 azureSDConfigs: [0]: failed to validate TLS configuration: maxVersion must more than or equal to minVersion',
    },
    'openstack TLS': {
      accepted: 'openstackSDConfigs: [{role: Instance, region: r, tlsConfig: {cert: {secret: {name: s, key: c}}, keySecret: {name: s, key: k}}}]',
      rejected: 'openstackSDConfigs: [{role: Instance, region: r, tlsConfig: {keySecret: {name: s, key: k}}}]',
      finding: '5:52 openstackSDConfigs: [0]: failed to validate TLS configuration: client key specified without client cert',
    },
    'digitalocean OAuth2': {
      accepted: 'digitalOceanSDConfigs: [{oauth2: {tokenUrl: https://auth/token, clientId: {configMap: {name: c, key: id}}, clientSecret: {name: s, key: k}}}]',
      rejected: 'digitalOceanSDConfigs: [{oauth2: {tokenUrl: https://auth/token, clientId: {configMap: {name: c, key: id}, secret: {name: s, key: id}}, clientSecret: {name: s, key: k}}}]',
      finding: '5:67 digitalOceanSDConfigs: [0]: invalid OAuth2 \'clientID\': cannot specify both Secret and ConfigMap',
    },
    'kuma OAuth2 proxy': {
      accepted: 'kumaSDConfigs: [{server: "http://kuma:5676", oauth2: {tokenUrl: https://auth/token, clientId: {secret: {name: s, key: id}}, clientSecret: {name: s, key: k}, proxyUrl: http://proxy:3128, noProxy: auth}}]',
      rejected: 'kumaSDConfigs: [{server: "http://kuma:5676", oauth2: {tokenUrl: https://auth/token, clientId: {secret: {name: s, key: id}}, clientSecret: {name: s, key: k}, noProxy: auth}}]',
      finding: '5:169 kumaSDConfigs: [0]: invalid OAuth2 proxyConfig: if noProxy is configured, proxyUrl must also be configured',
    },
    'eureka proxy': {
      accepted: 'eurekaSDConfigs: [{server: http://eureka:8761}]',
      rejected: 'eurekaSDConfigs: [{server: http://eureka:8761, noProxy: localhost}]',
      finding: '5:59 eurekaSDConfigs: [0]: if noProxy is configured, proxyUrl must also be configured',
    },
    'linode authorization': {
      accepted: 'linodeSDConfigs: [{authorization: {credentials: {name: s, key: k}}}]',
      rejected: 'linodeSDConfigs: [{authorization: {type: Basic, credentials: {name: s, key: k}}}]',
      finding: '5:44 linodeSDConfigs: [0]: \'authorization\' type cannot be set to "basic", use "basicAuth" instead',
    },
    'lightsail TLS': {
      accepted: 'lightSailSDConfigs: [{region: r, tlsConfig: {insecureSkipVerify: true}}]',
      rejected: 'lightSailSDConfigs: [{region: r, tlsConfig: {cert: {secret: {name: s, key: c}}}}]',
      finding: '5:36 lightSailSDConfigs: [0]: failed to validate TLS configuration: client cert specified without client key',
    },
    'scaleway proxy': {
      accepted: 'scalewaySDConfigs: [{accessKey: a, secretKey: {name: s, key: k}, projectID: p, role: Instance, proxyFromEnvironment: true}]',
      rejected: 'scalewaySDConfigs: [{accessKey: a, secretKey: {name: s, key: k}, projectID: p, role: Instance, proxyFromEnvironment: true, noProxy: localhost}]',
      finding: '5:135 ScalewaySDConfigs: [0]: if proxyFromEnvironment is configured, noProxy must not be configured',
    },
    'ionos authorization': {
      accepted: 'ionosSDConfigs: [{datacenterID: dc, authorization: {credentials: {name: s, key: k}}}]',
      rejected: 'ionosSDConfigs: [{datacenterID: dc, authorization: {type: Basic, credentials: {name: s, key: k}}}]',
      finding: '5:61 IonosSDConfigs: [0]: \'authorization\' type cannot be set to "basic", use "basicAuth" instead',
    },
  });
});

test('Probe: its targets, its client settings as the operator loads them, and its prober', () => {
  const base = 'prober: {url: blackbox:9115}\ntargets: {ingress: {selector: {}}}';
  assertCases('Probe', {
    'targets': {
      accepted: 'prober: {url: blackbox:9115}\ntargets: {staticConfig: {static: [https://shop.example.com]}}',
      rejected: 'prober: {url: blackbox:9115}',
      finding: '4:1 at least one of .spec.targets.staticConfig and .spec.targets.ingress is required',
    },
    'TLS client certificate': {
      accepted: `${base}\ntlsConfig: {cert: {secret: {name: s, key: c}}, keySecret: {name: s, key: k}}`,
      rejected: `${base}\ntlsConfig: {cert: {secret: {name: s, key: c}}}`,
      finding: '7:3 tlsConfig: failed to validate TLS configuration: client cert specified without client key',
    },
    // Without credentials the operator loads nothing, and checks nothing.
    'authorization of type basic': {
      accepted: `${base}\nauthorization: {type: Basic}`,
      rejected: `${base}\nauthorization: {type: Basic, credentials: {name: s, key: k}}`,
      finding: '7:25 authorization: \'authorization\' type cannot be set to "basic", use "basicAuth" instead',
    },
    'OAuth2 client ID': {
      accepted: `${base}\noauth2: {tokenUrl: https://auth/token, clientId: {secret: {name: s, key: id}}, clientSecret: {name: s, key: k}}`,
      rejected: `${base}\noauth2: {tokenUrl: https://auth/token, clientId: {}, clientSecret: {name: s, key: k}}`,
      finding: '7:42 oauth2: OAuth2 \'clientID\' must be specified',
    },
    'prober proxy': {
      accepted: 'prober: {url: blackbox:9115, proxyUrl: http://proxy:3128}\ntargets: {ingress: {selector: {}}}',
      rejected: 'prober: {url: blackbox:9115, proxyFromEnvironment: true, proxyUrl: http://proxy:3128}\ntargets: {ingress: {selector: {}}}',
      finding: '5:70 proxy configuration: if proxyFromEnvironment is configured, proxyUrl must not be configured',
    },
    // The CRD does not require a prober; without one, the operator checks an empty URL.
    'no prober': {
      accepted: base,
      rejected: 'targets: {ingress: {selector: {}}}',
      finding: '4:1 "" url specified in proberSpec is invalid, it should be of the format `hostname` or `hostname:port`: invalid host: ""',
    },
  });
});

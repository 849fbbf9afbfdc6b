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

/** A check that holds for any agent: `accepted` passes, `rejected` gives `finding` (no agent needed). */
interface Case {
  accepted: string;
  rejected: string;
  finding: string;
}

function assertCases(kind: Kind, cases: Record<string, Case>) {
  for (const [name, { accepted, rejected, finding }] of Object.entries(cases)) {
    assert.deepEqual(refusals(kind, accepted), [], `${name}: accepted`);
    assert.deepEqual(refusals(kind, rejected), [finding], `${name}: rejected`);
  }
}

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

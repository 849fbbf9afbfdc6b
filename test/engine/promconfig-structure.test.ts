import { test } from 'node:test';
import assert from 'node:assert/strict';
import { checkFile, defaultCheckOptions, Workspace } from '../../server/src/engine';
import { applyFix, only, underlined, yaml } from '../support/engine';
import { checkConfig, configFindings, configUri, releaseNotGiven, v2 } from '../support/promconfig';

const rw = 'remote_write:\n  - url: https://a.example.com/write\n';

test('a clean configuration gets no finding', () => {
  assert.deepEqual(checkConfig(yaml`
    global:
      scrape_interval: 30s
      external_labels: {cluster: prod}
    scrape_configs:
      - job_name: node
        honor_labels: true
        static_configs:
          - targets: [node:9100]
            labels: {team: infra}
  ` + rw), []);
});

test('an unknown key is named with its Go type, a did-you-mean and a rename fix', () => {
  const text = yaml`
    global:
      scrape_intervall: 30s # every half minute
    scrape_configs:
      - job_name: node
        static_config:
          - targets: [node:9100]
        nonsense: 1
  ` + rw;
  assert.deepEqual(checkConfig(text), [
    '2:3 error promconfig/unknown-key field scrape_intervall not found in type config.plain: did you mean "scrape_interval"?',
    '5:5 error promconfig/unknown-key field static_config not found in type config.ScrapeConfig: did you mean "static_configs"?',
    '7:5 error promconfig/unknown-key field nonsense not found in type config.ScrapeConfig',
  ]);
  const [first, , third] = configFindings(text);
  assert.equal(first.fixes[0].title, 'Rename to scrape_interval');
  assert.equal(applyFix(text, first.fixes[0]), text.replace('scrape_intervall: 30s', 'scrape_interval: 30s'));
  assert.deepEqual(third.fixes, []);
});

test('on a line where the YAML is broken, the syntax error comes alone, as go-yaml reports it', () => {
  assert.deepEqual(checkConfig(`global:\n\tscrape_interval: 15s\n${rw}`), ['2:1 error yaml/syntax Tabs are not allowed as indentation']);
});

test('keys of the HTTP client and of every service discovery are known where Go inlines them', () => {
  assert.deepEqual(checkConfig(yaml`
    scrape_configs:
      - job_name: node
        basic_auth: {username: u}
        tls_config: {ca_file: /ca.crt}
        follow_redirects: false
        dns_sd_configs: [{names: [a.example.com]}]
        file_sd_configs: [{files: [a.json]}]
        consul_sd_configs: [{server: consul:8500, services: [api]}]
  ` + rw), []);
  assert.deepEqual(checkConfig(`scrape_configs: [{job_name: a, dns_sd_configs: [{names: [a], tls_config: {}}]}]\n${rw}`),
    ['1:62 error promconfig/unknown-key field tls_config not found in type dns.plain']);
});

test('a key newer than the target version names the release that added it', () => {
  const text = yaml`
    global:
      keep_dropped_targets: 100
    scrape_configs:
      - job_name: node
        scrape_protocols: [PrometheusText0.0.4]
  ` + rw;
  assert.deepEqual(checkConfig(text, v2), [
    '2:3 error promconfig/key-version field keep_dropped_targets not found in type config.plain: keep_dropped_targets was added in Prometheus v2.47.0 (checking for v2.42.0)',
    '5:5 error promconfig/key-version field scrape_protocols not found in type config.ScrapeConfig: scrape_protocols was added in Prometheus v2.49.0 (checking for v2.42.0)',
  ]);
  assert.deepEqual(checkConfig(text, { prometheusVersion: 'v2.49.0' }), []);
  // v3.14's oci_sd_configs where nothing says the release (the default is v3.13.1): the key dates it, no error; a first
  // line naming the release is its word.
  const oci = `scrape_configs:\n  - job_name: oci\n    oci_sd_configs: [{region: us-ashburn-1, auth: instance_principal}]\n${rw}`;
  assert.deepEqual(checkConfig(oci, releaseNotGiven), []);
  assert.deepEqual(checkConfig(`# promagent: agent v3.13.1\n${oci}`, releaseNotGiven).map((line) => line.split(' ')[2]), ['promconfig/key-version']);
});


test('a key removed in v3 names its replacement, with a rename fix; where nothing says the release, the key is no error', () => {
  const text = `scrape_configs:\n  - job_name: node\n    scrape_classic_histograms: true\n${rw}`;
  // Nothing says which release runs it: v2 takes the key, v3 refuses it; the key dates it to v2.
  assert.deepEqual(checkConfig(text, releaseNotGiven), []);
  const finding = only(configFindings(text, { runBy: { mode: 'agent', version: 'v3.5.0' } }), 'promconfig/key-version');
  assert.equal(finding.message, 'field scrape_classic_histograms not found in type config.ScrapeConfig: scrape_classic_histograms was removed in Prometheus v3.0.0; use always_scrape_classic_histograms');
  assert.equal(applyFix(text, finding.fixes[0]), text.replace('scrape_classic_histograms', 'always_scrape_classic_histograms'));
  assert.deepEqual(checkConfig(text, { prometheusVersion: 'v2.55.1' }), []);
});

test('a value of the wrong YAML type, in go-yaml\'s words, at the value', () => {
  const text = yaml`
    global:
      scrape_interval: [1m]
      external_labels: [cluster]
    scrape_configs:
      - job_name: node
        honor_labels: maybe
        sample_limit: -1
        label_limit: "5"
        metrics_path: {a: b}
        params: {module: http_2xx}
        basic_auth: admin
        static_configs:
          - targets: a:1
            labels: [team]
        relabel_configs:
          - {modulus: abcdefghijklm, target_label: x}
  ` + rw;
  assert.deepEqual(checkConfig(text), [
    '2:20 error promconfig/type cannot unmarshal !!seq into string',
    '3:20 error promconfig/type cannot unmarshal !!seq into map[string]string',
    '6:19 error promconfig/type cannot unmarshal !!str `maybe` into bool',
    '7:19 error promconfig/type cannot unmarshal !!int `-1` into uint',
    '8:18 error promconfig/type cannot unmarshal !!str `5` into uint',
    '9:19 error promconfig/type cannot unmarshal !!map into string',
    '10:22 error promconfig/type cannot unmarshal !!str `http_2xx` into []string',
    '11:17 error promconfig/type cannot unmarshal !!str `admin` into config.plain',
    '13:18 error promconfig/type cannot unmarshal !!str `a:1` into []string',
    '14:17 error promconfig/type cannot unmarshal !!seq into model.LabelSet',
    '16:19 error promconfig/type cannot unmarshal !!str `abcdefg...` into uint64',
  ]);
  assert.equal(underlined(text, configFindings(text)[2]), 'maybe');
});

test('what go-yaml accepts passes: a float into an int, numbers and booleans into strings, YAML 1.1 booleans, Go\'s 0o and 0X integers', () => {
  assert.deepEqual(checkConfig(yaml`
    scrape_configs:
      - job_name: 7
        sample_limit: 1.5
        honor_labels: yes
        honor_timestamps: Off
        metrics_path: 1e3
        label_limit: 0o100
        label_name_length_limit: 0X40
        static_configs:
          - targets: [8080, true]
  ` + rw), []);
});

test('the root, a list and a section of the wrong kind', () => {
  // A file whose root is no mapping is a Prometheus configuration only when read as one (--as prometheus-config).
  assert.deepEqual(checkConfig('just a string\n', { readAs: 'prometheus-config' }), ['1:1 error promconfig/type cannot unmarshal !!str `just a ...` into config.plain']);
  assert.deepEqual(checkConfig(`scrape_configs:\n  job_name: a\n${rw}`), ['2:3 error promconfig/type cannot unmarshal !!map into []*config.ScrapeConfig']);
  assert.deepEqual(checkConfig(`scrape_configs: [abc]\n${rw}`), ['1:18 error promconfig/type cannot unmarshal !!str `abc` into config.ScrapeConfig']);
});

test('a key set twice: the struct and map wordings, and no kubectl wording on top', () => {
  const text = yaml`
    global:
      scrape_interval: 30s
      scrape_interval: 1m
    scrape_configs:
      - job_name: node
        static_configs:
          - targets: [a:1]
            labels:
              team: a
              team: b
  ` + rw;
  assert.deepEqual(checkConfig(text), [
    '3:3 error promconfig/duplicate-key field scrape_interval already set in type config.plain',
    '10:11 error promconfig/duplicate-key key "team" already set in map',
  ]);
});

test('keys are read as written, as go-yaml decodes them into strings: `on` and `y` are two labels, `on` no field', () => {
  const text = yaml`
    global:
      external_labels:
        on: a
        y: b
        true: c
        0x10: d
      on: 1m
  ` + rw;
  assert.deepEqual(checkConfig(text), ['7:3 error promconfig/unknown-key field on not found in type config.plain']);
});

test('a map of labels, params or headers takes merge keys, as go-yaml merges into a Go map', () => {
  const text = yaml`
    global:
      external_labels:
        <<: {cluster: c1}
        replica: r1
    scrape_configs:
      - job_name: node
        params:
          <<: [{module: [http_2xx]}]
        static_configs:
          - targets: [a:1]
            labels: &common
              env: prod
          - targets: [b:1]
            labels:
              <<: *common
              team: db
  ` + rw + '    headers:\n      <<: {X-Scope-OrgID: tenant-1}\n';
  assert.deepEqual(checkConfig(text), []);
  // What is merged in is read as the map's own values.
  assert.deepEqual(checkConfig(yaml`
    scrape_configs:
      - job_name: node
        static_configs:
          - targets: [a:1]
            labels:
              <<: {env: [prod]}
  ` + rw), ['6:21 error promconfig/type cannot unmarshal !!seq into model.LabelValue']);
  // A key the map has already, written after the merge or merged in after it, is set twice: go-yaml refuses it.
  assert.deepEqual(checkConfig(yaml`
    global:
      external_labels:
        <<: {cluster: c1}
        cluster: c2
    scrape_configs:
      - job_name: node
        static_configs:
          - targets: [a:1]
            labels: &common {env: prod}
          - targets: [b:1]
            labels:
              env: dev
              <<: [*common, {team: db}, {team: web}]
  ` + rw), [
    '4:5 error promconfig/duplicate-key key "cluster" already set in map',
    '13:11 error promconfig/duplicate-key key "env" already set in map',
    '13:11 error promconfig/duplicate-key key "team" already set in map',
  ]);
});

test('an empty list entry where Prometheus refuses one', () => {
  assert.deepEqual(checkConfig(yaml`
    scrape_configs:
      - job_name: node
        static_configs:
          -
        relabel_configs:
          -
        metric_relabel_configs:
          -
      -
    remote_write:
      -`), [
    '4:8 error promconfig/null-entry empty or null section in static_configs',
    '6:8 error promconfig/null-entry empty or null target relabeling rule in scrape config',
    '8:8 error promconfig/null-entry empty or null metric relabeling rule in scrape config',
    '9:4 error promconfig/null-entry empty or null scrape config section',
    '11:4 error promconfig/null-entry empty or null remote write config section',
  ]);
});

test('an empty entry in remote_read, remote-write relabeling and alerting, as a server reads it', () => {
  const server = { runBy: { mode: 'server' as const } };
  assert.deepEqual(checkConfig(yaml`
    remote_write:
      - url: https://a.example.com/write
        write_relabel_configs:
          -
    remote_read:
      -
    alerting:
      alert_relabel_configs:
        -
      alertmanagers:
        - relabel_configs:
            -
          alert_relabel_configs:
            -`, server), [
    '4:8 error promconfig/null-entry empty or null relabeling rule in remote write config',
    '6:4 error promconfig/null-entry empty or null remote read config section',
    '9:6 error promconfig/null-entry empty or null alert relabeling rule',
    '12:10 error promconfig/null-entry empty or null Alertmanager target relabeling rule',
    '14:10 error promconfig/null-entry empty or null Alertmanager alert relabeling rule',
  ]);
});

test('aliases and merge keys are followed as go-yaml follows them', () => {
  assert.deepEqual(checkConfig(yaml`
    global: &defaults
      scrape_interval: 15s
    scrape_configs:
      - job_name: one
        <<: {scrape_interval: 30s, scrape_timeout: 5s}
        static_configs: &targets
          - targets: [a:1]
      - job_name: two
        static_configs: *targets
  ` + rw), []);
});

test('a merge key sets its entries where it stands, as go-yaml decodes a struct: over the keys before it, under those after', () => {
  const jobs = (second: string) => checkConfig(yaml`
    scrape_configs:
      - &defaults
        job_name: a
        scrape_interval: 1m
        scrape_timeout: 50s
        static_configs: [{targets: ["a:9100"]}]
  ` + second + rw).map((line) => line.split(' ').slice(1, 3).join(' '));
  // Merged after it, the 1m interval replaces the 10s one: 50s is within it.
  assert.deepEqual(jobs('  - scrape_interval: 10s\n    <<: *defaults\n    job_name: b\n'), []);
  assert.deepEqual(jobs('  - <<: *defaults\n    scrape_interval: 10s\n    job_name: b\n'), ['error promconfig/scrape-timeout']);
  // Written before the merge, job_name b is replaced by a: two jobs named a.
  assert.deepEqual(jobs('  - job_name: b\n    <<: *defaults\n'), ['error promconfig/duplicate-job-name']);
  // Of a list of maps merged, the first wins.
  assert.deepEqual(jobs('  - <<: [{job_name: c}, *defaults]\n'), []);
  assert.deepEqual(jobs('  - <<: [*defaults, {job_name: c}]\n'), ['error promconfig/duplicate-job-name']);
});

test('one parsed document checked for two versions in turn gets each version\'s findings', () => {
  const workspace = new Workspace();
  const file = workspace.set(configUri, `scrape_configs:\n  - job_name: a\n    scrape_protocols: [Nope]\n${rw}`);
  const lines = (prometheusVersion: string) => checkFile(file, workspace, { ...defaultCheckOptions, prometheusVersion })
    .filter((f) => f.severity === 'error').map((f) => f.code);
  assert.deepEqual(lines('v2.42.0'), ['promconfig/key-version']);
  assert.deepEqual(lines('v3.13.2'), ['promconfig/scrape-protocols']);
  assert.deepEqual(lines('v2.42.0'), ['promconfig/key-version']);
});

test('no rename fix onto a key the mapping already has', () => {
  const text = 'global:\n  scrape_interval: 30s\n  scrape_intervall: 15s\n';
  const [finding] = configFindings(text).filter((f) => f.code === 'promconfig/unknown-key');
  assert.match(finding.message, /did you mean "scrape_interval"\?$/);
  assert.deepEqual(finding.fixes, []);
});

test('keys outside service discovery arrive with the release the changelog names', () => {
  const at = (text: string, prometheusVersion: string) => checkConfig(`${text}remote_write:\n  - url: https://a.example.com/write\n`, { prometheusVersion });
  assert.deepEqual(at('global:\n  convert_classic_histograms_to_nhcb: true\n', 'v3.3.0'),
    ['2:3 error promconfig/key-version field convert_classic_histograms_to_nhcb not found in type config.plain: convert_classic_histograms_to_nhcb was added in Prometheus v3.4.0 (checking for v3.3.0)']);
  assert.deepEqual(at('global:\n  always_scrape_classic_histograms: true\n', 'v3.4.0'),
    ['2:3 error promconfig/key-version field always_scrape_classic_histograms not found in type config.plain: always_scrape_classic_histograms was added in Prometheus v3.5.0 (checking for v3.4.0)']);
  assert.deepEqual(at('scrape_configs:\n  - job_name: a\n    always_scrape_classic_histograms: true\n    convert_classic_histograms_to_nhcb: true\n', 'v3.0.0'), []);
  assert.deepEqual(at('scrape_configs:\n  - job_name: a\n    http_headers: {X-Tenant: {values: [t]}}\n', 'v2.54.0'),
    ['3:5 error promconfig/key-version field http_headers not found in type config.ScrapeConfig: http_headers was added in Prometheus v2.55.0 (checking for v2.54.0)']);
  assert.deepEqual(checkConfig('remote_write:\n  - url: https://a.example.com/write\n    google_iam: {}\n', { prometheusVersion: 'v2.54.0' }),
    ['3:5 error promconfig/key-version field google_iam not found in type config.plain: google_iam was added in Prometheus v2.55.0 (checking for v2.54.0)']);
  assert.deepEqual(checkConfig('remote_write:\n  - url: https://a.example.com/write\n    sigv4: {role_arn: r, external_id: x}\n', { prometheusVersion: 'v3.10.0' }),
    ['3:26 error promconfig/key-version field external_id not found in type sigv4.plain: external_id was added in Prometheus v3.11.0 (checking for v3.10.0)']);
  assert.deepEqual(at('scrape_configs:\n  - job_name: a\n    oauth2: {client_id: a, token_url: https://t, grant_type: client_credentials}\n', 'v3.7.0'),
    ['3:50 error promconfig/key-version field grant_type not found in type config.OAuth2: grant_type was added in Prometheus v3.8.0 (checking for v3.7.0)']);
  const azure = (block: string, prometheusVersion: string) => checkConfig(`remote_write:\n  - url: https://a.example.com/write\n    azuread:\n      ${block}\n`, { prometheusVersion });
  assert.deepEqual(azure('sdk: {tenant_id: t}', 'v2.51.0'),
    ['4:7 error promconfig/key-version field sdk not found in type azuread.plain: sdk was added in Prometheus v2.52.0 (checking for v2.51.0)',
      '4:7 error promconfig/remote-write must provide an Azure Managed Identity or Azure OAuth in the Azure AD config']);
  assert.deepEqual(azure('workload_identity: {client_id: c, tenant_id: t}', 'v3.6.0'),
    ['4:7 error promconfig/key-version field workload_identity not found in type azuread.plain: workload_identity was added in Prometheus v3.7.0 (checking for v3.6.0)',
      '4:7 error promconfig/remote-write must provide an Azure Managed Identity, Azure OAuth or Azure SDK in the Azure AD config']);
});

test('Prometheus reads the first document of its file: the others get no finding, until an edit puts one first', () => {
  const second = 'foo: bar\nscrape_configs:\n  - job_name: b\n    static_configs: *nope\n';
  const first = `scrape_configs:\n  - job_name: a\n    static_configs:\n      - targets: ["a:1"]\n${rw}`;
  const workspace = new Workspace();
  const options = { ...defaultCheckOptions, runBy: { mode: 'agent' as const } };
  const codes = (text: string) => checkFile(workspace.set(configUri, text), workspace, options).map((finding) => `${finding.range.start.line + 1} ${finding.code}`);
  assert.deepEqual(codes(`${first}---\n${second}`), []);
  assert.deepEqual(codes(`---\n${second}`), ['2 promconfig/agent-remote-write', '2 promconfig/unknown-key', '5 yaml/unknown-anchor']);
});

test('an integer past 2^53 is read exactly, as go-yaml reads it: the largest uint64 fits a uint', () => {
  const limit = (value: string) => checkConfig(`global:\n  sample_limit: ${value}\n${rw}`);
  assert.deepEqual(limit('18446744073709551615'), []);
  assert.deepEqual(limit('0xFFFFFFFFFFFFFFFF'), []);
  assert.deepEqual(limit('-9007199254740993'), ['2:17 error promconfig/type cannot unmarshal !!int `-900719...` into uint']);
});

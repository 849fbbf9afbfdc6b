import { test } from 'node:test';
import assert from 'node:assert/strict';
import { yaml } from '../support/engine';
import { checkConfig, messages, v2 } from '../support/promconfig';

const rw = 'remote_write:\n  - url: https://a.example.com/write\n';

test('job_name missing or empty', () => {
  assert.deepEqual(checkConfig(yaml`
    scrape_configs:
      - job_name: ""
      - static_configs: []
      - job_name:
  ` + rw), [
    '2:15 error promconfig/job-name job_name is empty',
    '3:5 error promconfig/job-name job_name is empty',
    '4:5 error promconfig/job-name job_name is empty',
  ]);
});

test('a job name used twice, on the second one', () => {
  assert.deepEqual(checkConfig(yaml`
    scrape_configs:
      - job_name: node
      - job_name: api
      - job_name: node
  ` + rw), ['4:15 error promconfig/duplicate-job-name found multiple scrape configs with job name "node"']);
});

test('scrape_timeout longer than scrape_interval: global, per job, and per job against the global interval', () => {
  const text = yaml`
    global:
      scrape_interval: 10s
      scrape_timeout: 20s
    scrape_configs:
      - job_name: own
        scrape_interval: 5s
        scrape_timeout: 6s
      - job_name: inherited
        scrape_timeout: 11s
      - job_name: fine
        scrape_interval: 30s
        scrape_timeout: 30s
  ` + rw;
  assert.deepEqual(checkConfig(text), [
    '3:19 error promconfig/scrape-timeout global scrape timeout greater than scrape interval',
    '7:21 error promconfig/scrape-timeout scrape timeout greater than scrape interval for scrape config with job name "own"',
    '9:21 error promconfig/scrape-timeout scrape timeout greater than scrape interval for scrape config with job name "inherited"',
  ]);
});

test('the defaults apply first: an unset global interval is 1m, an unset job timeout is min(global timeout, interval)', () => {
  assert.deepEqual(checkConfig(yaml`
    global:
      scrape_timeout: 50s
    scrape_configs:
      - job_name: fast
        scrape_interval: 5s
  ` + rw), []);
  assert.deepEqual(messages(`global:\n  scrape_timeout: 2m\n${rw}`, 'promconfig/scrape-timeout'), ['global scrape timeout greater than scrape interval']);
});

test('scrape_protocols: empty, unknown, repeated; fallback_scrape_protocol unknown', () => {
  const text = yaml`
    global:
      scrape_protocols: []
    scrape_configs:
      - job_name: node
        scrape_protocols: [PrometheusProto, OpenMetricsText2.0.0, prometheusproto]
        fallback_scrape_protocol: Text
  ` + rw;
  const supported = '[OpenMetricsText0.0.1 OpenMetricsText1.0.0 PrometheusProto PrometheusText0.0.4 PrometheusText1.0.0]';
  assert.deepEqual(checkConfig(text), [
    '2:3 error promconfig/scrape-protocols scrape_protocols cannot be empty for global config',
    `5:41 error promconfig/scrape-protocols scrape_protocols: unknown scrape protocol OpenMetricsText2.0.0, supported: ${supported} for scrape config with job name "node"`,
    '5:63 error promconfig/scrape-protocols duplicated protocol in scrape_protocols, got [PrometheusProto OpenMetricsText2.0.0 prometheusproto] for scrape config with job name "node"',
    `6:31 error promconfig/scrape-protocols invalid fallback_scrape_protocol for scrape config with job name "node": unknown scrape protocol Text, supported: ${supported}`,
  ]);
  assert.deepEqual(checkConfig(`global:\n  scrape_protocols: [OpenMetricsText1.0.0, PrometheusText0.0.4]\n${rw}`), []);
});

test('name validation and escaping schemes (v3)', () => {
  const text = yaml`
    global:
      metric_name_validation_scheme: ascii
      metric_name_escaping_scheme: hex
    scrape_configs:
      - job_name: legacy
        metric_name_validation_scheme: legacy
        metric_name_escaping_scheme: allow-utf-8
      - job_name: ok
        metric_name_validation_scheme: legacy
  ` + rw;
  assert.deepEqual(checkConfig(text), [
    '2:34 error promconfig/name-scheme unrecognized ValidationScheme: "ascii"',
    "3:32 error promconfig/name-scheme unknown global name escaping method specified, must be one of 'allow-utf-8', 'underscores', 'dots', or 'values', got \"hex\"",
    '7:34 error promconfig/name-scheme utf8 metric names requested but validation scheme is not set to UTF8',
  ]);
  assert.deepEqual(messages(`global:\n  metric_name_validation_scheme: legacy\n  metric_name_escaping_scheme: allow-utf-8\nscrape_configs:\n  - job_name: a\n${rw}`, 'promconfig/name-scheme'),
    ['utf8 metric names requested but validation scheme is not set to UTF8']);
  assert.deepEqual(messages(`scrape_configs:\n  - job_name: a\n    metric_name_escaping_scheme: hex\n${rw}`, 'promconfig/name-scheme'),
    ["unknown scrape config name escaping method specified, must be one of 'allow-utf-8', 'underscores', 'dots', or 'values', got \"hex\""]);
  // Before v3.7 a job's escaping came from global even where the job set its own validation scheme.
  const legacyJob = `scrape_configs:\n  - job_name: a\n    metric_name_validation_scheme: legacy\n${rw}`;
  assert.deepEqual(checkConfig(legacyJob, { prometheusVersion: 'v3.7.0' }), []);
  assert.deepEqual(checkConfig(legacyJob, { prometheusVersion: 'v3.6.0' }),
    ['3:36 error promconfig/name-scheme utf8 metric names requested but validation scheme is not set to UTF8']);
  // Scrape configs check the global escaping scheme as each is validated: without one, nothing does.
  assert.deepEqual(checkConfig(`global:\n  metric_name_escaping_scheme: hex\n${rw}`), []);
});

test('label names: legacy before v3, UTF-8 (non-empty) in v3, the global scheme for external labels', () => {
  const text = yaml`
    global:
      external_labels: {cluster-name: prod}
    scrape_configs:
      - job_name: node
        static_configs:
          - targets: [a:1]
            labels: {team.name: infra, "": x}
        relabel_configs:
          - source_labels: [__meta_pod-name]
            target_label: pod
  ` + rw;
  assert.deepEqual(checkConfig(text, v2), [
    '2:21 error promconfig/label-name "cluster-name" is not a valid label name',
    '7:18 error promconfig/label-name "team.name" is not a valid label name',
    '7:36 error promconfig/label-name "" is not a valid label name',
    '9:25 error promconfig/label-name "__meta_pod-name" is not a valid label name',
  ]);
  assert.deepEqual(checkConfig(text), ['7:36 error promconfig/label-name "" is not a valid label name']);
  assert.deepEqual(messages(`global:\n  metric_name_validation_scheme: legacy\n  external_labels: {cluster-name: prod}\n${rw}`, 'promconfig/label-name'),
    ['"cluster-name" is not a valid label name']);
});

test('label names and external label values holding bytes that are not UTF-8 (!!binary), under either scheme', () => {
  const text = yaml`
    global:
      external_labels:
        cluster: !!binary cHJvZA==
        region: !!binary /2V1
        !!binary /w==: x
    scrape_configs:
      - job_name: node
        static_configs:
          - targets: [a:1]
            labels: {!!binary wyg=: infra, !!binary w6k=: é}
  ` + rw;
  const expected = [
    '4:22 error promconfig/label-value "\\xffeu" is not a valid label value',
    '5:14 error promconfig/label-name "\\xff" is not a valid label name',
    '10:27 error promconfig/label-name "\\xc3(" is not a valid label name',
  ];
  assert.deepEqual(checkConfig(text), expected);
  // v2 knows only legacy names: a valid UTF-8 name outside [a-zA-Z_][a-zA-Z0-9_]* is refused too.
  assert.deepEqual(checkConfig(text, v2), [...expected, '10:49 error promconfig/label-name "é" is not a valid label name']);
});

test('static targets with a scheme or a path', () => {
  assert.deepEqual(checkConfig(yaml`
    scrape_configs:
      - job_name: node
        static_configs:
          - targets: [node:9100, "http://node:9100", node:9100/metrics]
  ` + rw), [
    '4:30 error promconfig/static-target "http://node:9100" is not a valid hostname',
    '4:50 error promconfig/static-target "node:9100/metrics" is not a valid hostname',
  ]);
});

test('with relabel_configs, targets are relabeled as promtool does before the address is checked: promtool refuses them, Prometheus drops them', () => {
  const job = (relabel: string, targets = '[a:1, "https://b:1"]') =>
    `scrape_configs:\n  - job_name: node\n    static_configs:\n      - targets: ${targets}\n    relabel_configs:\n${relabel}${rw}`;
  const dropped = ' (promtool check config refuses the configuration; Prometheus drops the target)';
  const said = (text: string, code: string) => checkConfig(text).filter((line) => line.includes(code))
    .map((line) => line.replace(/^\d+:\d+ error \S+ /, '').replace(dropped, ''));
  assert.deepEqual(checkConfig(job('      - {source_labels: [job], target_label: team}\n')),
    [`4:24 error promconfig/static-target instance 1 in group 0: "https://b:1" is not a valid hostname${dropped}`]);
  assert.deepEqual(said(job('      - {source_labels: [__address__], regex: "https?://(.*)", target_label: __address__}\n'), 'promconfig/static-target'), []);
  assert.deepEqual(said(job('      - {source_labels: [__address__], regex: "https://.*", action: drop}\n'), 'promconfig/static-target'), []);
  assert.deepEqual(said(job('      - {regex: __address__, action: labeldrop}\n', '[a:1]'), 'promconfig/static-target'), ['instance 0 in group 0: no address']);
  assert.deepEqual(said(job('      - {target_label: __scrape_timeout__, replacement: 2m}\n', '[a:1]'), 'promconfig/static-target'),
    ['instance 0 in group 0: scrape timeout cannot be greater than scrape interval ("2m" > "1m")']);
  // Go reads $00 and $01 as names (no number has a leading zero), and $1é as the group named "1é": each expands to nothing.
  const templated = (replacement: string) => job(`      - {source_labels: [__address__], regex: "http://(.*)", target_label: __address__, replacement: "${replacement}"}\n`, '["http://foo:9100"]');
  assert.deepEqual(said(templated('bar:9100$00'), 'promconfig/static-target'), []);
  assert.deepEqual(said(templated('$01'), 'promconfig/static-target'), ['instance 0 in group 0: no address']);
  assert.deepEqual(said(templated('$1é/'), 'promconfig/static-target'), ['instance 0 in group 0: "/" is not a valid hostname']);
  assert.deepEqual(said(templated('${1}/é'), 'promconfig/static-target'), ['instance 0 in group 0: "foo:9100/é" is not a valid hostname']);
  // hashmod needs MD5 of the values: promagent does not guess what comes out.
  assert.deepEqual(said(job('      - {source_labels: [__address__], target_label: __address__, modulus: 2, action: hashmod}\n'), 'promconfig/static-target'), []);
});

test('a duration Go cannot hold is refused once: nothing is compared with it', () => {
  for (const timeout of ['300y', '99999999999999999999s']) {
    assert.deepEqual(checkConfig(`global:\n  scrape_timeout: ${timeout}\n${rw}`).map((line) => line.split(' ').slice(0, 3).join(' ')), ['2:19 error promconfig/duration']);
  }
});

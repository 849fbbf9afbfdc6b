import { test } from 'node:test';
import assert from 'node:assert/strict';
import { checkFile, Workspace, type WorkspaceHost } from '../../server/src/engine';
import { describe, yaml } from '../support/engine';
import { checkConfig, configUri, v2 } from '../support/promconfig';

const rw = 'remote_write:\n  - url: https://a.example.com/write\n';

test('rule_files and scrape_config_files take one * at most, in the last path segment', () => {
  assert.deepEqual(checkConfig(yaml`
    rule_files: []
    scrape_config_files:
      - jobs/*.yml
      - jobs/*/*.yml
      - "**/jobs.yml"
  ` + rw), [
    '4:5 error promconfig/file-pattern invalid scrape config file path "jobs/*/*.yml"',
    '5:5 error promconfig/file-pattern invalid scrape config file path "**/jobs.yml"',
  ]);
  assert.deepEqual(checkConfig(`rule_files: [rules/**/alerts.yml]\n${rw}`).filter((l) => l.includes('file-pattern')),
    ['1:14 error promconfig/file-pattern invalid rule file path "rules/**/alerts.yml"']);
});

test('scrape_config_files globs Go cannot read stop Prometheus at start-up, the pattern joined to the folder', () => {
  assert.deepEqual(checkConfig(yaml`
    scrape_config_files:
      - "jobs/[ab].yml"
      - "jobs/[a-.yml"
      - ./jobs/*.y[ml
      - 'jobs\\'
  ` + rw), [
    '3:5 error promconfig/file-pattern error retrieving scrape config files for "/etc/prometheus/jobs/[a-.yml": syntax error in pattern',
    '4:5 error promconfig/file-pattern error retrieving scrape config files for "/etc/prometheus/jobs/*.y[ml": syntax error in pattern',
    '5:5 error promconfig/file-pattern error retrieving scrape config files for "/etc/prometheus/jobs\\\\": syntax error in pattern',
  ]);
});

const main = yaml`
  global:
    scrape_interval: 10s
  scrape_config_files:
    - jobs/*.yml
    - extra.yml
  scrape_configs:
    - job_name: node
` + rw;

test('the files scrape_config_files names are read relative to the configuration and checked as at start-up', () => {
  const workspace = {
    'file:///etc/prometheus/jobs/a.yml': yaml`
      scrape_configs:
        - job_name: api
          scrape_timeout: 20s
        - job_name: node
    `,
    'file:///etc/prometheus/jobs/b.yml': yaml`
      global:
        scrape_interval: 1m
      scrape_configs:
        - job_name: api
          honor_label: true
    `,
    'file:///etc/prometheus/jobs/notes.txt': 'not matched by the pattern',
    'file:///etc/prometheus/extra.yml': 'scrape_configs:\n  - job_name: [x]\n  - job_name: ok\n    scrape_interval: 1m\n    scrape_timeout: 5s\n',
  };
  assert.deepEqual(checkConfig(main, {}, workspace), [
    '4:5 error promconfig/unknown-key "/etc/prometheus/jobs/b.yml": field global not found in type config.ScrapeConfigs (line 1)',
    '4:5 error promconfig/unknown-key "/etc/prometheus/jobs/b.yml": field honor_label not found in type config.ScrapeConfig: did you mean "honor_labels"? (line 5)',
    '4:5 error promconfig/duplicate-job-name "/etc/prometheus/jobs/a.yml": found multiple scrape configs with job name "node", first found in main config file (line 4)',
    '4:5 error promconfig/duplicate-job-name "/etc/prometheus/jobs/b.yml": found multiple scrape configs with job name "api", first found in "/etc/prometheus/jobs/a.yml" (line 4)',
    '4:5 error promconfig/scrape-timeout "/etc/prometheus/jobs/a.yml": scrape timeout greater than scrape interval for scrape config with job name "api" (line 3)',
    '5:5 error promconfig/type "/etc/prometheus/extra.yml": cannot unmarshal !!seq into string (line 2)',
  ]);
});

test('YAML a pulled-in file cannot hold is reported on the entry that pulls it in', () => {
  const workspace = { 'file:///etc/prometheus/extra.yml': 'scrape_configs:\n  - job_name: a\n   bad: indent\n' };
  assert.ok(checkConfig(main, {}, workspace).includes(
    '5:5 error promconfig/scrape-config-files "/etc/prometheus/extra.yml": yaml: Sequence item without - indicator (line 3)'));
});

test('before v2.43 scrape_config_files did not exist: nothing is read', () => {
  const workspace = { 'file:///etc/prometheus/extra.yml': 'scrape_configs:\n  - job_name: node\n' };
  assert.deepEqual(checkConfig(main, v2, workspace), [
    '3:1 error promconfig/key-version field scrape_config_files not found in type config.plain: scrape_config_files was added in Prometheus v2.43.0 (checking for v2.42.0)',
  ]);
});

test('files outside the workspace come from its host: globs are expanded as Go does, in name order', () => {
  const disk: Record<string, string> = {
    'file:///etc/prometheus/jobs/b.yml': 'scrape_configs:\n  - job_name: dup\n',
    'file:///etc/prometheus/jobs/a.yml': 'scrape_configs:\n  - job_name: dup\n',
    'file:///etc/prometheus/jobs/c.yaml': 'scrape_configs:\n  - job_name: dup\n',
  };
  const host: WorkspaceHost = {
    readFile: (uri) => (disk[uri] === undefined ? undefined : { text: disk[uri] }),
    listDirectory: (uri) => (uri === 'file:///etc/prometheus/jobs' ? ['c.yaml', 'b.yml', 'a.yml', 'sub'] : undefined),
  };
  const workspace = new Workspace(undefined, host);
  const file = workspace.set(configUri, `scrape_config_files: ["jobs/[ab].yml"]\n${rw}`);
  const options = { prometheusVersion: 'v3.13.2', sidecarMode: true };
  assert.deepEqual(checkFile(file, workspace, options).filter((f) => f.severity === 'error').map(describe), [
    '1:23 error promconfig/duplicate-job-name "/etc/prometheus/jobs/b.yml": found multiple scrape configs with job name "dup", first found in "/etc/prometheus/jobs/a.yml" (line 2)',
  ]);
});

test('a file the host did not read, or that nests too deep to parse, is reported on its entry with the reason', () => {
  const host: WorkspaceHost = {
    readFile: (uri) => (uri === 'file:///etc/prometheus/pipe.yml' ? { notRead: 'it is a named pipe (FIFO), not a regular file' }
      : uri === 'file:///etc/prometheus/deep.yml' ? { text: `scrape_configs: ${'['.repeat(600)}${']'.repeat(600)}\n` } : undefined),
    listDirectory: () => undefined,
  };
  const workspace = new Workspace(undefined, host);
  const file = workspace.set(configUri, `scrape_config_files: [pipe.yml, deep.yml, missing.yml]\n${rw}`);
  const options = { prometheusVersion: 'v3.13.2', sidecarMode: true };
  assert.deepEqual(checkFile(file, workspace, options).map(describe), [
    '1:23 warning promconfig/scrape-config-files "/etc/prometheus/pipe.yml": not checked: it is a named pipe (FIFO), not a regular file',
    '1:33 warning promconfig/scrape-config-files "/etc/prometheus/deep.yml": not checked: it nests too deep to parse safely',
  ]);
});

test('a file a configuration pulls in is checked in place as that configuration runs it: its global, its version, its mode', () => {
  const workspace = new Workspace();
  const main = (first: string, interval: string) => `${first}\nglobal:\n  scrape_interval: ${interval}\nscrape_config_files:\n  - jobs/*.yml\n${rw}`;
  workspace.set('file:///etc/prometheus/prometheus.yml', main('# promagent: agent v2.53.0', '5m'));
  const jobs = workspace.set('file:///etc/prometheus/jobs/slow.yml', yaml`
    scrape_configs:
      - job_name: slow
        scrape_timeout: 2m
        scrape_classic_histograms: true
        static_configs:
          - targets: ['exporter:9100']
  `);
  const options = { prometheusVersion: 'v3.13.2', sidecarMode: true };
  const own = () => checkFile(workspace.get(jobs.uri)!, workspace, options).map(describe);
  // 2m is within the 5m of its includer's global (alone, the default 1m); v2.53.0 still has scrape_classic_histograms.
  assert.deepEqual(own(), []);
  // Edits of the configuration pulling it in are followed.
  workspace.set('file:///etc/prometheus/prometheus.yml', main('# promagent: agent v3.5.0', '1m'));
  assert.deepEqual(own(), [
    '3:21 error promconfig/scrape-timeout scrape timeout greater than scrape interval for scrape config with job name "slow"',
    '4:5 error promconfig/key-version field scrape_classic_histograms not found in type config.ScrapeConfig: scrape_classic_histograms was removed in Prometheus v3.0.0; use always_scrape_classic_histograms',
  ]);
  // Nothing of the workspace pulls it in any more: scrape_configs alone, it may be pulled in from elsewhere, whose global
  // its jobs inherit. What depends on that global is not said; what holds under any is.
  workspace.set('file:///etc/prometheus/prometheus.yml', `# promagent: agent\nscrape_configs: []\n${rw}`);
  assert.deepEqual(own().map((line) => line.split(' ')[2]), ['promconfig/key-version']);
  // Its jobs' own interval decides where they set one; a global of its own, or any other section, makes it a main configuration.
  const alone = (text: string) => { workspace.set(jobs.uri, text); return own().filter((line) => line.includes('promconfig/scrape-timeout')).length; };
  assert.equal(alone('scrape_configs:\n  - {job_name: a, scrape_interval: 30s, scrape_timeout: 2m, static_configs: [{targets: ["a:9100"]}]}\n'), 1);
  assert.equal(alone('global: {scrape_interval: 1m}\nscrape_configs:\n  - {job_name: a, scrape_timeout: 2m, static_configs: [{targets: ["a:9100"]}]}\n'), 1);
  assert.equal(alone(`scrape_configs:\n  - {job_name: a, scrape_timeout: 2m, static_configs: [{targets: ["a:9100"]}]}\n${rw}`), 1);
  // So does a first line, or a name that is a configuration's, saying it is one.
  assert.equal(alone('# promagent: agent v3.5.0\nscrape_configs:\n  - {job_name: a, scrape_timeout: 2m, static_configs: [{targets: ["a:9100"]}]}\n'), 1);
  const named = workspace.set('file:///etc/prometheus/jobs/prometheus.yml', 'scrape_configs:\n  - {job_name: a, scrape_timeout: 2m, static_configs: [{targets: ["a:9100"]}]}\n');
  assert.equal(checkFile(named, workspace, options).filter((finding) => finding.code === 'promconfig/scrape-timeout').length, 1);
});

test('a file pulled in by a configuration of a release without scrape_config_files follows that configuration\'s first line', () => {
  const workspace = new Workspace();
  const main = (version: string) => `# promagent: agent ${version}\nscrape_config_files: [jobs/*.yml]\n${rw}`;
  workspace.set('file:///etc/prometheus/prometheus.yml', main('v2.40.0'));
  const jobs = workspace.set('file:///etc/prometheus/jobs/a.yml', 'scrape_configs:\n  - job_name: a\n    fallback_scrape_protocol: PrometheusText0.0.4\n');
  const options = { prometheusVersion: 'v3.13.2', sidecarMode: true };
  const own = () => checkFile(workspace.get(jobs.uri)!, workspace, options).map(describe).filter((line) => line.includes('key-version'));
  // v2.40 reads no scrape_config_files: the file is a configuration of its own, of the default release.
  assert.deepEqual(own(), []);
  workspace.set('file:///etc/prometheus/prometheus.yml', main('v2.45.0'));
  assert.deepEqual(own(), ['3:5 error promconfig/key-version field fallback_scrape_protocol not found in type config.ScrapeConfig: fallback_scrape_protocol was added in Prometheus v3.0.0 (checking for v2.45.0)']);
});

test('a file two scrape_config_files patterns match is read twice, its jobs then found twice', () => {
  const workspace = { 'file:///etc/prometheus/jobs/a.yml': 'scrape_configs:\n  - job_name: api\n', 'file:///etc/prometheus/jobs/b.yml': 'scrape_configs: []\n' };
  assert.deepEqual(checkConfig(`scrape_config_files:\n  - jobs/*.yml\n  - jobs/a.yml\n  - jobs/b.yml\n${rw}`, {}, workspace), [
    '3:5 error promconfig/duplicate-job-name "/etc/prometheus/jobs/a.yml": found multiple scrape configs with job name "api", first found in "/etc/prometheus/jobs/a.yml" (line 2)',
  ]);
});

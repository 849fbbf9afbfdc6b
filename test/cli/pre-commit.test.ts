// promagent as a pre-commit hook, through Debian's pre-commit (installed with apt when missing): a repository whose
// .pre-commit-config.yaml names this one, a commit refused for an error in a manifest, and let through once fixed.
// pre-commit clones this repository at its HEAD commit and installs the hook as a node package: npm runs offline,
// from the cache `npm ci` filled, so no network is needed.
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { execFileSync, spawnSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { ensureSystemPackages } from '../../scripts/system-packages';
import { yaml } from '../support/engine';

const repoRoot = join(__dirname, '..', '..');
let scratch: string;
let project: string;
let env: NodeJS.ProcessEnv;

const git = (...args: string[]) => execFileSync('git', args, { cwd: project, env, encoding: 'utf8' });
/** `git commit`, and what the user sees: git shows a hook's output on stderr. */
const commit = (message: string) => {
  const run = spawnSync('git', ['commit', '-m', message], { cwd: project, env, encoding: 'utf8' });
  return { status: run.status, output: run.stderr + run.stdout };
};

const agent = (extra: string) => yaml`
  apiVersion: monitoring.coreos.com/v1alpha1
  kind: PrometheusAgent
  metadata:
    name: edge
    namespace: monitoring
  spec:
    mode: DaemonSet
    ${extra}
    remoteWrite:
      - url: https://metrics.example.com/api/v1/write
  `;

before(() => {
  ensureSystemPackages(['pre-commit', 'git']);
  scratch = mkdtempSync(join(tmpdir(), 'promagent-pre-commit-'));
  project = join(scratch, 'project');
  mkdirSync(project);
  env = {
    ...process.env,
    PRE_COMMIT_HOME: join(scratch, 'pre-commit-home'),
    npm_config_offline: 'true',
    GIT_AUTHOR_NAME: 'promagent tests', GIT_AUTHOR_EMAIL: 'tests@promagent.invalid',
    GIT_COMMITTER_NAME: 'promagent tests', GIT_COMMITTER_EMAIL: 'tests@promagent.invalid',
  };
  const rev = execFileSync('git', ['rev-parse', 'HEAD'], { cwd: repoRoot, encoding: 'utf8' }).trim();
  git('init', '-q');
  writeFileSync(join(project, '.pre-commit-config.yaml'), `repos:\n  - repo: ${repoRoot}\n    rev: ${rev}\n    hooks:\n      - id: promagent\n`);
  git('add', '.pre-commit-config.yaml');
  execFileSync('pre-commit', ['install'], { cwd: project, env, encoding: 'utf8' });
});

after(() => rmSync(scratch, { recursive: true, force: true }));

test('a commit with an error in a manifest is refused, and the hook says where', { timeout: 5 * 60_000 }, () => {
  mkdirSync(join(project, 'deploy'));
  writeFileSync(join(project, 'deploy', 'agent.yaml'), agent('scrapeInterval: 30x'));
  git('add', '.');
  const refused = commit('an agent');
  assert.equal(refused.status, 1, refused.output);
  assert.match(refused.output, /^promagent\.+Failed$/m);
  assert.match(refused.output, /^deploy\/agent\.yaml:8:19: error crd\/invalid-value spec\.scrapeInterval: Invalid value: "30x"/m);
  // The repository is one workspace: .pre-commit-config.yaml is a YAML file too.
  assert.match(refused.output, /^2 files checked: 1 error, 0 warnings, 0 information, 0 hints$/m);
});

test('the fixed manifest commits, the hook passing', { timeout: 5 * 60_000 }, () => {
  writeFileSync(join(project, 'deploy', 'agent.yaml'), agent('scrapeInterval: 30s'));
  git('add', '.');
  const passed = commit('an agent');
  assert.equal(passed.status, 0, passed.output);
  assert.match(passed.output, /^promagent\.+Passed$/m);
  assert.match(git('log', '--oneline'), /an agent/);
  assert.equal(readFileSync(join(project, 'deploy', 'agent.yaml'), 'utf8'), agent('scrapeInterval: 30s'), 'the hook checks, it does not rewrite');
});

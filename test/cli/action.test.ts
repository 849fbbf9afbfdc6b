// The GitHub Action (action.yml) as a runner runs it: its steps read from the file, the check step's script run by
// bash with the environment GitHub gives it (inputs, runner.temp, GITHUB_OUTPUT), on a repository's manifests. The
// steps that need GitHub (setup-node, the upload to code scanning) are checked for what they are given.
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { parse } from 'yaml';
import { agentManifest } from '../support/engine';

interface Step {
  id?: string;
  name?: string;
  if?: string;
  uses?: string;
  run?: string;
  shell?: string;
  env?: Record<string, string>;
  with?: Record<string, string>;
}

const repoRoot = join(__dirname, '..', '..');
const action = parse(readFileSync(join(repoRoot, 'action.yml'), 'utf8')) as {
  inputs: Record<string, { default: string }>;
  outputs: Record<string, { value: string }>;
  runs: { using: string; steps: Step[] };
};
const step = (name: string) => action.runs.steps.find((s) => s.name === name)!;
let workspace: string;
let runnerTemp: string;

before(() => {
  workspace = mkdtempSync(join(tmpdir(), 'promagent-action-'));
  runnerTemp = join(workspace, '..', `${workspace.split('/').pop()}-temp`);
  mkdirSync(runnerTemp);
  mkdirSync(join(workspace, 'deploy'));
  // Two agents of their own names: one object defined twice in a folder would be a finding too.
  writeFileSync(join(workspace, 'deploy', 'agent.yaml'), agentManifest('mode: DaemonSet\nreplicas: 3'));
  // The operator beside them names the release: what the DaemonSet mode forbids is refused from v0.84.0 on.
  writeFileSync(join(workspace, 'deploy', 'operator.yaml'), readFileSync(join(repoRoot, 'examples', 'agent-daemonset.yaml'), 'utf8').split('\n---\n').at(-1)!);
  writeFileSync(join(workspace, 'deploy', 'clean.yaml'), agentManifest('mode: DaemonSet').replace('  name: agent\n', '  name: clean\n'));
});
after(() => {
  rmSync(workspace, { recursive: true, force: true });
  rmSync(runnerTemp, { recursive: true, force: true });
});

/** `${{ … }}` in a step's env, as the runner fills it in: the action's path, its inputs, runner.temp. */
function expand(value: string, inputs: Record<string, string>): string {
  return value.replace(/\$\{\{\s*([\w.-]+)\s*\}\}/g, (_, name: string) => {
    if (name === 'github.action_path') return repoRoot;
    if (name === 'runner.temp') return runnerTemp;
    if (name.startsWith('inputs.')) return inputs[name.slice('inputs.'.length)] ?? action.inputs[name.slice('inputs.'.length)].default;
    throw new Error(`no value for \${{ ${name} }} in this test`);
  });
}

/** Runs a step's script as the runner does (bash -e -o pipefail), in the repository's checkout. */
function runStep(name: string, inputs: Record<string, string> = {}) {
  const { run, env = {} } = step(name);
  const githubOutput = join(runnerTemp, 'github-output');
  writeFileSync(githubOutput, '');
  const result = spawnSync('bash', ['--noprofile', '--norc', '-eo', 'pipefail', '-c', run!], {
    cwd: workspace,
    encoding: 'utf8',
    env: { PATH: process.env.PATH, GITHUB_OUTPUT: githubOutput, ...Object.fromEntries(Object.entries(env).map(([k, v]) => [k, expand(v, inputs)])) },
  });
  const outputs = Object.fromEntries(readFileSync(githubOutput, 'utf8').split('\n').filter(Boolean).map((line) => line.split(/=(.*)/s).slice(0, 2)));
  return { status: result.status, log: result.stdout + result.stderr, outputs };
}

test('a composite action on Node 20 that builds promagent from its own checkout', () => {
  assert.equal(action.runs.using, 'composite');
  assert.deepEqual(action.runs.steps[0], { uses: 'actions/setup-node@v4', with: { 'node-version': 20 } });
  assert.equal(step('Build promagent').run, 'npm ci --no-audit --no-fund --loglevel=error && node esbuild.mjs --production');
});

test('the check prints the findings in the log and writes them as SARIF; errors=true goes to the fail step', () => {
  const { status, log, outputs } = runStep('Check');
  assert.equal(status, 0, log);
  assert.match(log, /^deploy\/agent\.yaml:8:3: error crd\/validation-rule replicas cannot be set when mode is DaemonSet$/m);
  assert.deepEqual(outputs, { 'sarif-file': join(runnerTemp, 'promagent.sarif'), errors: 'true' });
  const sarif = JSON.parse(readFileSync(outputs['sarif-file'], 'utf8'));
  assert.equal(sarif.version, '2.1.0');
  assert.deepEqual(sarif.runs[0].results.map((r: { ruleId: string; locations: { physicalLocation: { artifactLocation: { uri: string }; region: { startLine: number } } }[] }) =>
    `${r.locations[0].physicalLocation.artifactLocation.uri}:${r.locations[0].physicalLocation.region.startLine} ${r.ruleId}`), ['deploy/agent.yaml:8 crd/validation-rule']);
  assert.equal(step('Fail on errors').if, "inputs.fail-on-error == 'true' && steps.check.outputs.errors == 'true'");
});

test('the SARIF file is what the upload to code scanning is given', () => {
  const upload = step('Upload to code scanning');
  assert.equal(upload.uses, 'github/codeql-action/upload-sarif@v3');
  assert.deepEqual(upload.with, { sarif_file: '${{ steps.check.outputs.sarif-file }}', category: 'promagent' });
  assert.equal(upload.if, "inputs.upload == 'true'");
});

test('paths and prometheus-version narrow the check; clean manifests give errors=false', () => {
  const { status, log, outputs } = runStep('Check', { paths: 'deploy/clean.yaml', 'prometheus-version': 'v2.55.1' });
  assert.equal(status, 0, log);
  assert.match(log, /^1 file checked: 0 errors, 0 warnings, 0 information, 0 hints$/m);
  assert.equal(outputs.errors, 'false');
});

test('a path that does not exist fails the step', () => {
  const { status, log } = runStep('Check', { paths: 'missing' });
  assert.equal(status, 2);
  assert.match(log, /^promagent: cannot read missing: no such file or directory$/m);
});

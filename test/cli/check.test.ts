import { test } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { mkdtempSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { yaml } from '../support/engine';

const cli = join(__dirname, '..', '..', 'dist', 'cli.js');

function run(args: string[], cwd: string) {
  const result = spawnSync(process.execPath, [cli, ...args], { cwd, encoding: 'utf8' });
  return { status: result.status, stdout: result.stdout, stderr: result.stderr };
}

/** A folder of manifests as a user keeps them: one broken agent, one clean, one unrelated file, ignored folders. */
function project(): string {
  const root = mkdtempSync(join(tmpdir(), 'promagent-cli-'));
  mkdirSync(join(root, 'deploy'));
  mkdirSync(join(root, 'node_modules', 'x'), { recursive: true });
  writeFileSync(join(root, 'deploy', 'agent.yaml'), yaml`
    apiVersion: monitoring.coreos.com/v1alpha1
    kind: PrometheusAgent
    metadata:
      name: agent
    spec:
      logLevel: verbose
      remoteWrites: []
    `);
  writeFileSync(join(root, 'deploy', 'clean.yml'), yaml`
    apiVersion: monitoring.coreos.com/v1alpha1
    kind: PrometheusAgent
    metadata:
      name: clean
    spec:
      remoteWrite:
        - url: https://metrics.example.com/api/v1/write
    `);
  writeFileSync(join(root, 'deploy', 'compose.yaml'), 'services: {web: {image: nginx}}\n');
  writeFileSync(join(root, 'node_modules', 'x', 'bad.yaml'), 'apiVersion: monitoring.coreos.com/v1alpha1\nkind: PrometheusAgent\nspec: {x: 1}\n');
  return root;
}

test('text output: one line per finding, 1-based, then a summary; exit 1 on errors', () => {
  const result = run(['check', 'deploy'], project());
  assert.equal(result.status, 1);
  assert.equal(result.stdout, [
    'deploy/agent.yaml:6:13: error crd/enum spec.logLevel: Unsupported value: "verbose": supported values: "debug", "info", "warn", "error"',
    'deploy/agent.yaml:7:3: error crd/unknown-field unknown field "spec.remoteWrites": did you mean "remoteWrite"?',
    '3 files checked: 2 errors, 0 warnings, 0 information, 0 hints',
    '',
  ].join('\n'));
});

test('a repository of more than 2 MiB of YAML, whose trees the check lets go of, gets the same findings', () => {
  const root = project();
  mkdirSync(join(root, 'deploy', 'padding'));
  writeFileSync(join(root, 'deploy', 'padding', 'blob.yaml'), `apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: blob\ndata:\n  blob: ${'x'.repeat(2_200_000)}\n`);
  const result = run(['check', 'deploy'], root);
  assert.equal(result.status, 1);
  assert.equal(result.stdout, [
    'deploy/agent.yaml:6:13: error crd/enum spec.logLevel: Unsupported value: "verbose": supported values: "debug", "info", "warn", "error"',
    'deploy/agent.yaml:7:3: error crd/unknown-field unknown field "spec.remoteWrites": did you mean "remoteWrite"?',
    '4 files checked: 2 errors, 0 warnings, 0 information, 0 hints',
    '',
  ].join('\n'));
});

test('--operator-version checks every monitoring resource as that release; json output says which and why', () => {
  const root = project();
  writeFileSync(join(root, 'deploy', 'classes.yaml'), yaml`
    apiVersion: monitoring.coreos.com/v1alpha1
    kind: PrometheusAgent
    metadata:
      name: classes
    spec:
      scrapeClasses: [{name: default}]
    `);
  const result = run(['check', '--operator-version', 'v0.70.0', 'deploy/classes.yaml'], root);
  assert.equal(result.stdout.split('\n')[0], 'deploy/classes.yaml:6:3: error crd/unknown-field unknown field "spec.scrapeClasses": added in prometheus-operator v0.72.0; the target is v0.70.0');
  assert.equal(result.status, 1);
  writeFileSync(join(root, 'deploy', 'kustomization.yaml'), 'resources:\n  - https://github.com/prometheus-operator/prometheus-operator/releases/download/v0.72.0/bundle.yaml\n');
  const detected = JSON.parse(run(['check', '--format', 'json', 'deploy/classes.yaml', 'deploy/kustomization.yaml'], root).stdout);
  assert.deepEqual(detected.operator, {
    version: 'v0.72.0',
    from: 'workspace',
    reason: 'kustomization.yaml, which names https://github.com/prometheus-operator/prometheus-operator/releases/download/v0.72.0/bundle.yaml',
    description: 'prometheus-operator v0.72.0 (from the workspace: kustomization.yaml, which names https://github.com/prometheus-operator/prometheus-operator/releases/download/v0.72.0/bundle.yaml)',
  });
  assert.deepEqual(detected.files.map((f: { diagnostics: unknown[] }) => f.diagnostics), [[], []]);
  const usage = run(['check', '--operator-version', 'latest', 'deploy'], root);
  assert.equal(usage.status, 2);
  assert.match(usage.stderr, /--operator-version "latest" is not a release such as v0\.74\.0/);
});

test('a kustomization written as `Kustomization`, as kustomize also reads it, is walked', () => {
  const root = project();
  mkdirSync(join(root, 'base'));
  writeFileSync(join(root, 'base', 'Kustomization'), 'resources:\n  - https://github.com/prometheus-operator/prometheus-operator/releases/download/v0.70.0/bundle.yaml\n  - agent.yaml\n');
  writeFileSync(join(root, 'base', 'agent.yaml'), 'apiVersion: monitoring.coreos.com/v1alpha1\nkind: PrometheusAgent\nmetadata: {name: a}\nspec:\n  scrapeClasses: [{name: default}]\n');
  writeFileSync(join(root, 'base', 'kustomization'), 'not: read\n');
  const result = JSON.parse(run(['check', '--format', 'json', 'base'], root).stdout);
  assert.equal(result.operator.reason, 'Kustomization, which names https://github.com/prometheus-operator/prometheus-operator/releases/download/v0.70.0/bundle.yaml');
  assert.deepEqual(result.files.map((f: { path: string; diagnostics: { code: string }[] }) => [f.path, f.diagnostics.map((d) => d.code)]), [
    ['base/agent.yaml', ['crd/unknown-field']],
    ['base/Kustomization', []],
  ]);
});

test('json output: exactly one object, every file listed, 0-based ranges', () => {
  const result = run(['check', '--format', 'json', 'deploy'], project());
  assert.equal(result.status, 1);
  const parsed = JSON.parse(result.stdout) as { files: { path: string; diagnostics: { code: string; range: unknown }[] }[] };
  assert.deepEqual(parsed.files.map((f) => [f.path, f.diagnostics.map((d) => d.code)]), [
    ['deploy/agent.yaml', ['crd/enum', 'crd/unknown-field']],
    ['deploy/clean.yml', []],
    ['deploy/compose.yaml', []],
  ]);
  assert.deepEqual(parsed.files[0].diagnostics[1], {
    severity: 'error',
    code: 'crd/unknown-field',
    message: 'unknown field "spec.remoteWrites": did you mean "remoteWrite"?',
    range: { start: { line: 6, character: 2 }, end: { line: 6, character: 14 } },
  });
});

test('sarif output: SARIF 2.1.0 with rules, levels and 1-based regions', () => {
  const result = run(['check', '--format=sarif', 'deploy/agent.yaml'], project());
  assert.equal(result.status, 1);
  const sarif = JSON.parse(result.stdout);
  assert.equal(sarif.version, '2.1.0');
  const run0 = sarif.runs[0];
  assert.equal(run0.tool.driver.name, 'promagent');
  const ids = run0.tool.driver.rules.map((r: { id: string }) => r.id);
  assert.ok(ids.includes('crd/unknown-field'));
  assert.deepEqual(run0.results.map((r: { ruleId: string; ruleIndex: number; level: string; locations: { physicalLocation: unknown }[] }) => ({
    ruleId: r.ruleId, level: r.level, rule: ids[r.ruleIndex], location: r.locations[0].physicalLocation,
  })), [
    { ruleId: 'crd/enum', level: 'error', rule: 'crd/enum', location: { artifactLocation: { uri: 'deploy/agent.yaml', uriBaseId: '%SRCROOT%' }, region: { startLine: 6, startColumn: 13, endLine: 6, endColumn: 20 } } },
    { ruleId: 'crd/unknown-field', level: 'error', rule: 'crd/unknown-field', location: { artifactLocation: { uri: 'deploy/agent.yaml', uriBaseId: '%SRCROOT%' }, region: { startLine: 7, startColumn: 3, endLine: 7, endColumn: 15 } } },
  ]);
});

test('exit 0 when nothing is wrong', () => {
  const result = run(['check', 'deploy/clean.yml', 'deploy/compose.yaml'], project());
  assert.equal(result.status, 0);
  assert.equal(result.stdout, '2 files checked: 0 errors, 0 warnings, 0 information, 0 hints\n');
});

test('--as prometheus-config and --as kubernetes force how documents are read', () => {
  const root = project();
  writeFileSync(join(root, 'deploy', 'values.yaml'), 'replicas: 2\n');
  assert.equal(run(['check', 'deploy/values.yaml'], root).status, 0);
  const forced = run(['check', '--as', 'kubernetes', 'deploy/values.yaml'], root);
  assert.equal(forced.status, 1);
  assert.match(forced.stdout, /deploy\/values.yaml:1:1: error metadata\/type-meta error validating data: \[apiVersion not set, kind not set\]/);
});

test('usage errors and unreadable paths exit 2 with a message on stderr', () => {
  const root = project();
  for (const args of [
    ['check'], ['check', '--format', 'xml', 'deploy'], ['check', '--bogus', 'deploy'], ['lint', 'deploy'], ['check', '--prometheus-version', 'latest', 'deploy'],
    ['fix', '--format', 'json', 'deploy'], ['check', '--operator-version', 'v0.50.0', 'deploy'],
  ]) {
    const result = run(args, root);
    assert.equal(result.status, 2, args.join(' '));
    assert.match(result.stderr, /^promagent: /, args.join(' '));
    assert.equal(result.stdout, '');
  }
  const missing = run(['check', 'nowhere.yaml'], root);
  assert.equal(missing.status, 2);
  assert.equal(missing.stderr, 'promagent: cannot read nowhere.yaml: no such file or directory\n');
  assert.equal(run(['check', '--operator-version', 'v0.50.0', 'deploy'], root).stderr, 'promagent: --operator-version v0.50.0 is older than v0.64.0, the first release with PrometheusAgent\nRun promagent --help for usage.\n');
  // After `--`, a path may start with a dash.
  writeFileSync(join(root, '-dashed.yaml'), 'apiVersion: v1\nkind: ConfigMap\nmetadata: {name: dashed}\n');
  const dashed = run(['check', '--', '-dashed.yaml'], root);
  assert.equal(dashed.status, 0, dashed.stderr);
  assert.equal(dashed.stdout, '1 file checked: 0 errors, 0 warnings, 0 information, 0 hints\n');
});

test('--help and --version', () => {
  const root = project();
  const help = run(['--help'], root);
  assert.equal(help.status, 0);
  assert.match(help.stdout, /Usage: promagent check/);
  const version = run(['--version'], root);
  assert.equal(version.status, 0);
  assert.match(version.stdout, /^\d+\.\d+\.\d+\n$/);
});

test('a file nested too deep to parse is counted apart, not as checked, and the run exits 2', () => {
  const root = project();
  writeFileSync(join(root, 'deploy', 'deep.yaml'), `apiVersion: v1\nkind: ConfigMap\nmetadata: {name: deep}\ndata: ${'['.repeat(600)}${']'.repeat(600)}\n`);
  const text = run(['check', 'deploy/clean.yml', 'deploy/deep.yaml'], root);
  assert.equal(text.stdout, [
    'deploy/deep.yaml:4:1: warning promagent/nesting-too-deep document not checked: it nests too deep here to parse safely (indentation plus open brackets past 500)',
    '1 file checked, 1 not checked in full: 0 errors, 1 warning, 0 information, 0 hints',
    '',
  ].join('\n'));
  assert.equal(text.status, 2);
  const json = JSON.parse(run(['check', '--format', 'json', 'deploy/clean.yml', 'deploy/deep.yaml'], root).stdout) as { files: { checked: boolean }[] };
  assert.deepEqual(json.files.map((f) => f.checked), [true, false]);
  const sarif = JSON.parse(run(['check', '--format', 'sarif', 'deploy/deep.yaml'], root).stdout);
  assert.deepEqual(sarif.runs[0].invocations, [{ executionSuccessful: false }]);
});

test('a document whose aliases expand past go-yaml\'s bounds is not checked in full: counted apart, and the run exits 2', () => {
  const root = project();
  const levels = Array.from({ length: 9 }, (_, i) => `    a${i + 1}: &a${i + 1} [${Array(10).fill(`*a${i}`).join(', ')}]`);
  writeFileSync(join(root, 'deploy', 'bomb.yaml'), ['apiVersion: v1', 'kind: ConfigMap', 'metadata:', '  name: bomb', '  labels:', `    a0: &a0 [${Array(10).fill('x').join(', ')}]`, ...levels, ''].join('\n'));
  const text = run(['check', 'deploy/bomb.yaml'], root);
  assert.match(text.stdout, /^deploy\/bomb\.yaml:1:1: error yaml\/alias-expansion document not checked: document contains excessive aliasing\n/);
  assert.match(text.stdout, /\n0 files checked, 1 not checked in full: /);
  assert.equal(text.status, 2);
});

test('a file with old Mac line endings (CR only) is read as kubectl reads it', () => {
  const root = project();
  writeFileSync(join(root, 'mac.yaml'), 'apiVersion: monitoring.coreos.com/v1alpha1\rkind: PrometheusAgent\rmetadata:\r  name: mac\rspec:\r  logLevel: verbose\r');
  const result = run(['check', 'mac.yaml'], root);
  assert.match(result.stdout, /^mac\.yaml:6:13: error crd\/enum spec\.logLevel: Unsupported value: "verbose"/);
  assert.equal(result.status, 1);
});

test('a file name with a line break stays on its line in text, and is percent-encoded in SARIF', () => {
  const root = project();
  writeFileSync(join(root, 'two\nlines %.yaml'), 'apiVersion: monitoring.coreos.com/v1alpha1\nkind: PrometheusAgent\nmetadata: {name: a}\nspec: {logLevel: verbose}\n');
  const text = run(['check', 'two\nlines %.yaml'], root);
  assert.match(text.stdout, /^two\\nlines %\.yaml:4:18: error crd\/enum /);
  assert.equal(text.stdout.split('\n').length, 3);
  const sarif = JSON.parse(run(['check', '--format', 'sarif', 'two\nlines %.yaml'], root).stdout);
  assert.deepEqual(sarif.runs[0].results[0].locations[0].physicalLocation.artifactLocation, { uri: 'two%0Alines%20%25.yaml', uriBaseId: '%SRCROOT%' });
});

test('a Helm chart\'s templates are Go templates, left out of a walk; its values and the rest of the repository are read', () => {
  const root = project();
  mkdirSync(join(root, 'deploy', 'chart', 'templates'), { recursive: true });
  writeFileSync(join(root, 'deploy', 'chart', 'Chart.yaml'), 'apiVersion: v2\nname: agent\nversion: 0.1.0\n');
  writeFileSync(join(root, 'deploy', 'chart', 'values.yaml'), 'replicas: 1\n');
  writeFileSync(join(root, 'deploy', 'chart', 'templates', 'agent.yaml'), yaml`
    apiVersion: monitoring.coreos.com/v1alpha1
    kind: PrometheusAgent
    metadata:
      name: {{ .Release.Name }}
      labels: {{- include "agent.labels" . | nindent 4 }}
    `);
  const result = run(['check', 'deploy'], root);
  assert.match(result.stdout, /^5 files checked: 2 errors/m);
  assert.doesNotMatch(result.stdout, /templates/);
  // Named, or walked into from its own folder, a template is said to be left out; the run does not fail for it.
  for (const path of ['deploy/chart/templates/agent.yaml', 'deploy/chart/templates']) {
    const named = run(['check', path], root);
    assert.equal(named.stdout, [
      "deploy/chart/templates/agent.yaml:1:1: information promagent/helm-template not checked: a Helm chart's template is a Go template, not YAML; check what `helm template` renders",
      '0 files checked, 1 Helm chart template left out: 0 errors, 0 warnings, 1 information, 0 hints', ''].join('\n'));
    assert.equal(named.status, 0);
  }
  const json = JSON.parse(run(['check', '--format', 'json', 'deploy/chart/templates/agent.yaml', 'deploy/chart/values.yaml'], root).stdout);
  assert.deepEqual(json.files.map((file: { path: string; checked: boolean }) => [file.path, file.checked]), [['deploy/chart/templates/agent.yaml', false], ['deploy/chart/values.yaml', true]]);
  // fix leaves it as it was.
  const before = readFileSync(join(root, 'deploy', 'chart', 'templates', 'agent.yaml'), 'utf8');
  assert.equal(run(['fix', 'deploy/chart/templates/agent.yaml'], root).status, 0);
  assert.equal(readFileSync(join(root, 'deploy', 'chart', 'templates', 'agent.yaml'), 'utf8'), before);
});

test('output into a pipe its reader closed early (promagent check | head) ends the run quietly, with its status', () => {
  const root = mkdtempSync(join(tmpdir(), 'promagent-cli-'));
  // Enough findings that the output outgrows the pipe's buffer after the reader has gone.
  const broken = 'apiVersion: monitoring.coreos.com/v1alpha1\nkind: PrometheusAgent\nmetadata: {name: a}\nspec: {logLevel: verbose}\n';
  for (let i = 0; i < 3000; i++) writeFileSync(join(root, `agent-${i}.yaml`), broken.replace('name: a', `name: a${i}`));
  const result = spawnSync('bash', ['-c', `"${process.execPath}" "${cli}" check . | head -n 1`], { cwd: root, encoding: 'utf8' });
  assert.equal(result.stdout.split('\n').filter(Boolean).length, 1);
  assert.equal(result.stderr, '');
  const status = spawnSync('bash', ['-c', `"${process.execPath}" "${cli}" check . | head -n 1 >/dev/null; echo "\${PIPESTATUS[0]}"`], { cwd: root, encoding: 'utf8' });
  assert.equal(status.stdout.trim(), '1');
});

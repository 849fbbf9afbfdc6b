import { test } from 'node:test';
import assert from 'node:assert/strict';
import { applyFix, check, findings, only, underlined, yaml } from '../support/engine';
import { defaultCheckOptions, fixFile, Workspace } from '../../server/src/engine';

/** A Deployment `edge` in `monitoring` whose one container runs `image` with these args (one per line). */
function deployment(image: string, args: string[], extra = ''): string {
  return yaml`
    apiVersion: apps/v1
    kind: Deployment
    metadata:
      name: edge
      namespace: monitoring
    spec:
      selector:
        matchLabels: {app: edge}
      template:
        metadata:
          labels: {app: edge}
        spec:
          containers:
            - name: prometheus
              image: ${image}
              args:
${args.map((arg) => `                - ${arg}`).join('\n')}
${extra}`;
}

/** The workload findings but the one about where the configuration comes from (these Deployments mount none). */
const workloadLines = (text: string) => check(text).filter((line) => line.includes(' workload/') && !line.includes('workload/config-file'));

test('--enable-feature=agent on v3 runs a server: an error at the argument, fixed to --agent', () => {
  const text = deployment('prom/prometheus:v3.8.1', ['--enable-feature=agent', '--config.file=/etc/prometheus/prometheus.yml']);
  const finding = only(findings(text), 'workload/agent-flag');
  assert.equal(finding.message, 'Prometheus v3.8.1 does not run as an agent with --enable-feature=agent: it logs "Unknown option for --enable-feature" for "agent" and runs as a server, with a TSDB and no agent WAL; v3 runs an agent with --agent');
  assert.equal(underlined(text, finding), '--enable-feature=agent');
  assert.equal(applyFix(text, finding.fixes[0]), text.replace('--enable-feature=agent', '--agent'));
  // With other features in the same argument no single edit is right: the message says what to do.
  assert.deepEqual(only(findings(deployment('prom/prometheus:v3.8.1', ['--enable-feature=agent,exemplar-storage'])), 'workload/agent-flag').fixes, []);
  // Alongside --agent it is only an unknown feature name on v3: the agent runs.
  assert.deepEqual(workloadLines(deployment('prom/prometheus:v3.8.1', ['--agent', '--enable-feature=agent'])), []);
  // latest, or no tag, pulls the newest release: a v3 one.
  for (const image of ['prom/prometheus:latest', 'prom/prometheus']) {
    const latest = only(findings(deployment(image, ['--enable-feature=agent'])), 'workload/agent-flag');
    assert.match(latest.message, /^Prometheus latest, a v3 release, does not run as an agent with --enable-feature=agent: it logs "Unknown option for --enable-feature"/);
  }
  // A digest names no release, whatever the tag beside it: nothing is said.
  for (const image of [`prom/prometheus@sha256:${'0'.repeat(64)}`, `prom/prometheus:latest@sha256:${'0'.repeat(64)}`]) {
    assert.deepEqual(findings(deployment(image, ['--enable-feature=agent'])).filter((f) => f.code === 'workload/agent-flag'), [], image);
  }
});

test('--agent on v2 is an unknown flag: an error, fixed to --enable-feature=agent; the separate form too', () => {
  const text = deployment('quay.io/prometheus/prometheus:v2.45.0', ['--agent']);
  const finding = only(findings(text), 'workload/agent-flag');
  assert.equal(finding.message, "unknown long flag '--agent': Prometheus v2.45.0 has no --agent flag (it came in v3.0.0) and exits; v2 runs an agent with --enable-feature=agent");
  assert.equal(applyFix(text, finding.fixes[0]), text.replace('- --agent', '- --enable-feature=agent'));
  // Passed with the v2 switch already, --agent is removed, never turned into a second one.
  const both = deployment('prom/prometheus:v2.55.0', ['--agent', '--enable-feature=agent']);
  const beside = only(findings(both), 'workload/agent-flag');
  assert.match(beside.message, /v2 runs an agent with --enable-feature=agent, which it passes already$/);
  assert.equal(applyFix(both, beside.fixes[0]), both.replace('            - --agent\n', ''));
  const separate = deployment('prom/prometheus:3.8.1-distroless', ['--enable-feature', 'agent']);
  const fixed = applyFix(separate, only(findings(separate), 'workload/agent-flag').fixes[0]);
  assert.equal(fixed, separate.replace('            - --enable-feature\n            - agent\n', '            - --agent\n'));
  assert.deepEqual(workloadLines(fixed), []);
});

test('flags refused in the mode the container runs, in Prometheus\' words, with a fix that removes them', () => {
  const agent = deployment('prom/prometheus:v3.5.0', ['--agent', '--storage.tsdb.retention.time', '15d', '--storage.agent.path=/data']);
  const finding = only(findings(agent), 'workload/agent-mode-flag');
  assert.equal(finding.message, 'The following flag(s) can not be used in agent mode: ["--storage.tsdb.retention.time"]');
  assert.equal(applyFix(agent, finding.fixes[0]), agent.replace('            - --storage.tsdb.retention.time\n            - 15d\n', ''));
  const server = deployment('prom/prometheus:v2.53.0', ['--storage.agent.path=/data', '--no-storage.agent.wal-compression']);
  assert.deepEqual(workloadLines(server), [
    '17:15 error workload/agent-mode-flag The following flag(s) can only be used in agent mode: ["--storage.agent.path"]',
    '18:15 error workload/agent-mode-flag The following flag(s) can only be used in agent mode: ["--storage.agent.wal-compression"]',
  ]);
  // An agent flag without the switch is no server's leftover to drop unasked: `fix` mends the switch and keeps it.
  assert.ok(findings(server).filter((f) => f.code === 'workload/agent-mode-flag').every((f) => f.fixes.length === 1 && !f.fixes[0].preferred));
  const mistakenSwitch = deployment('prom/prometheus:v3.5.0', ['--enable-feature=agent', '--storage.agent.path=/data']);
  assert.equal(fixFile('file:///w/agent.yaml', mistakenSwitch, new Workspace(), defaultCheckOptions).text, mistakenSwitch.replace('--enable-feature=agent', '--agent'));
  // v2's agent switch is the feature flag, in a comma list or repeated.
  assert.deepEqual(workloadLines(deployment('prom/prometheus:v2.53.0', ['--enable-feature=exemplar-storage,agent', '--storage.agent.path=/data'])), []);
  assert.deepEqual(workloadLines(deployment('prom/prometheus:v2.53.0', ['--enable-feature=exemplar-storage', '--enable-feature=agent', '--storage.agent.path=/data'])), []);
});

test('a flag the release does not have: unknown long flag, the release that added or removed it, a did-you-mean fix', () => {
  const typo = deployment('prom/prometheus:v3.5.0', ['--web.enable-lifecyle', '--storage.tsdb.path', '/prometheus']);
  const finding = only(findings(typo), 'workload/unknown-flag');
  assert.equal(finding.message, "unknown long flag '--web.enable-lifecyle': Prometheus v3.5.0 has no such flag and exits before it starts; did you mean --web.enable-lifecycle?");
  assert.equal(applyFix(typo, finding.fixes[0]), typo.replace('lifecyle', 'lifecycle'));
  // A flag and its value in one entry, split by a space: kingpin reads it all as the name; the fix keeps the value.
  const spaced = deployment('prom/prometheus:v3.5.0', ['--agent', '--storage.agent.retention.max-time 4h']);
  const joined = only(findings(spaced), 'workload/unknown-flag');
  assert.equal(joined.message, "unknown long flag '--storage.agent.retention.max-time 4h': Prometheus v3.5.0 has no such flag and exits before it starts; did you mean --storage.agent.retention.max-time=4h?");
  assert.equal(applyFix(spaced, joined.fixes[0]), spaced.replace('max-time 4h', 'max-time=4h'));
  // A boolean takes no value: joined, `foo` would still be refused, so no fix is offered.
  assert.deepEqual(only(findings(deployment('prom/prometheus:v3.5.0', ['--agent', '--web.enable-lifecycle foo'])), 'workload/unknown-flag').fixes, []);
  assert.deepEqual(workloadLines(deployment('prom/prometheus:v3.5.0', ['--storage.tsdb.retention=15d'])),
    ["17:15 error workload/unknown-flag unknown long flag '--storage.tsdb.retention': Prometheus v3.5.0 has no such flag (it was removed in v3.0.0) and exits before it starts"]);
  assert.deepEqual(workloadLines(deployment('prom/prometheus:v2.45.0', ['--web.enable-otlp-receiver'])),
    ["17:15 error workload/unknown-flag unknown long flag '--web.enable-otlp-receiver': Prometheus v2.45.0 has no such flag (it came in v3.0.0) and exits before it starts"]);
  // A flag first seen in a sampled release came after the sample before it: a release in between may have it.
  assert.deepEqual(workloadLines(deployment('prom/prometheus:v2.45.0', ['--enable-feature=agent', '--auto-gomemlimit.ratio=0.8'])),
    ["18:15 error workload/unknown-flag unknown long flag '--auto-gomemlimit.ratio': Prometheus v2.45.0 has no such flag (it came after v2.45.0, by v2.53.0) and exits before it starts"]);
  assert.deepEqual(workloadLines(deployment('prom/prometheus:v2.52.0', ['--enable-feature=agent', '--auto-gomemlimit.ratio=0.8', '--storage.agent.wal-compression-type=zstd'])), []);
});

test('a flag given twice that takes one value: cannot be repeated; a typo of a flag passed already gets no fix that repeats it', () => {
  assert.deepEqual(workloadLines(deployment('prom/prometheus:v3.5.0', ['--agent', '--storage.agent.path=/data', '--storage.agent.path=/wal'])),
    ["19:15 error workload/repeated-flag flag 'storage.agent.path' cannot be repeated: Prometheus v3.5.0 exits before it starts"]);
  // --no-x sets x; --enable-feature and --web.listen-address may be given again.
  assert.deepEqual(workloadLines(deployment('prom/prometheus:v3.5.0', ['--agent', '--web.enable-lifecycle', '--no-web.enable-lifecycle'])).map((line) => line.split(' ').slice(0, 3).join(' ')),
    ['19:15 error workload/repeated-flag']);
  assert.deepEqual(workloadLines(deployment('prom/prometheus:v3.5.0', ['--agent', '--enable-feature=exemplar-storage', '--enable-feature=memory-snapshot-on-shutdown', '--web.listen-address=:9090', '--web.listen-address=:9091'])), []);
  // An image of unknown release: said when every release refuses it.
  assert.equal(workloadLines(deployment('prom/prometheus:latest', ['--config.file=/a.yml', '--config.file=/b.yml'])).filter((line) => line.includes('repeated-flag')).length, 1);
  // The typo of a flag the container passes already: renamed, it would be repeated.
  const typo = deployment('prom/prometheus:v3.5.0', ['--agent', '--storage.agent.path=/data', '--storage.agent.pth=/wal']);
  const finding = only(findings(typo), 'workload/unknown-flag');
  assert.deepEqual([finding.message, finding.fixes], ["unknown long flag '--storage.agent.pth': Prometheus v3.5.0 has no such flag and exits before it starts; did you mean --storage.agent.path, which it passes already?", []]);
  // Two typos of one flag: the first is renamed, never both (the second would repeat it).
  const twice = deployment('prom/prometheus:v3.5.0', ['--agent', '--web.enable-lifecyle', '--web.enable-lifecycl']);
  assert.deepEqual(findings(twice).filter((f) => f.code === 'workload/unknown-flag').map((f) => f.fixes.map((x) => x.title)), [['Change to --web.enable-lifecycle'], []]);
  assert.equal(fixFile('file:///w/deployment.yaml', twice, new Workspace(), defaultCheckOptions).text,
    twice.replace('--web.enable-lifecyle', '--web.enable-lifecycle'));
});

test('an argument of one dash is a short flag to kingpin: Prometheus has only -h; a long name after it is what was meant', () => {
  const text = deployment('prom/prometheus:v3.5.0', ['--agent', '-config.file=/etc/prometheus/prometheus.yml', '-storage.agent.path', '/data', '-x', '-h']);
  const refused = findings(text).filter((f) => f.code === 'workload/unknown-flag');
  assert.deepEqual(refused.map((f) => [underlined(text, f), f.message, f.fixes.map((fix) => fix.title)]), [
    ['-config.file=/etc/prometheus/prometheus.yml', "unknown short flag '-c': Prometheus v3.5.0 has no such flag and exits before it starts; did you mean --config.file? Its flags take two dashes", ['Change to --config.file=/etc/prometheus/prometheus.yml']],
    ['-storage.agent.path', "unknown short flag '-s': Prometheus v3.5.0 has no such flag and exits before it starts; did you mean --storage.agent.path? Its flags take two dashes", ['Change to --storage.agent.path']],
    ['-x', "unknown short flag '-x': Prometheus v3.5.0 has no such flag and exits before it starts", []],
  ]);
  // After `--` every entry is an argument.
  assert.deepEqual(findings(deployment('prom/prometheus:v3.5.0', ['--agent', '--', '-x'])).filter((f) => f.code === 'workload/unknown-flag'), []);
  // Prometheus 1 read one-dash flags (Go's flag package): not modelled, not said.
  assert.deepEqual(findings(deployment('prom/prometheus:v1.8.2', ['-config.file=/etc/p.yml'])).filter((f) => f.code === 'workload/unknown-flag'), []);
  // A $(NAME) the kubelet expands is written back as written.
  const variable = deployment('prom/prometheus:v3.5.0', ['--agent', '"-config.file=$(X)"']).replace('          args:', '          env: [{name: X, value: /x}]\n          args:');
  const [short] = findings(variable).filter((f) => f.code === 'workload/unknown-flag');
  assert.equal(applyFix(variable, short.fixes[0]), variable.replace('"-config.file=$(X)"', '"--config.file=$(X)"'));
  const typo = deployment('prom/prometheus:v3.5.0', ['--agent', '"--config.fil=$(X)"']).replace('          args:', '          env: [{name: X, value: /x}]\n          args:');
  assert.deepEqual(findings(typo).filter((f) => f.code === 'workload/unknown-flag').map((f) => f.fixes.length), [0]);
});

test('a flag that prints and exits (--version, --help, -h) keeps the container from ever running Prometheus; a Job or a Pod not restarted may mean it', () => {
  const text = deployment('prom/prometheus:v3.5.0', ['--agent', '--version', '-h']);
  const said = findings(text).filter((f) => f.code === 'workload/exiting-flag');
  assert.deepEqual(said.map((f) => [underlined(text, f), f.message]), [
    ['--version', '--version: Prometheus v3.5.0 prints its version and exits instead of running; the container restarts over and over (CrashLoopBackOff)'],
    ['-h', '-h: Prometheus v3.5.0 prints its help and exits instead of running; the container restarts over and over (CrashLoopBackOff)'],
  ]);
  assert.equal(applyFix(text, said[0].fixes[0]), text.replace('            - --version\n', ''));
  const job = text.replace('kind: Deployment', 'kind: Job').replace('apps/v1', 'batch/v1');
  assert.deepEqual(findings(job).filter((f) => f.code === 'workload/exiting-flag'), []);
  assert.deepEqual(findings(deployment('prom/prometheus:v3.5.0', ['--agent', '--no-help'])).filter((f) => f.code === 'workload/exiting-flag'), []);
  // The last argument, with no command: `args: []` would run the image's own arguments, more than the fix names.
  const alone = deployment('prom/prometheus:v3.5.0', ['--version']);
  assert.deepEqual(findings(alone).filter((f) => f.code === 'workload/exiting-flag').map((f) => f.fixes.length), [0]);
  const commanded = alone.replace('          args:', '          command: [/bin/prometheus]\n          args:');
  assert.deepEqual(findings(commanded).filter((f) => f.code === 'workload/exiting-flag').map((f) => f.fixes.length), [1]);
  // An empty command is none.
  const empty = alone.replace('          args:', '          command: []\n          args:');
  assert.deepEqual(findings(empty).filter((f) => f.code === 'workload/exiting-flag').map((f) => f.fixes.length), [0]);
});

test('values of the wrong type: durations, sizes, enums; a boolean given a value; an argument that is no flag', () => {
  assert.deepEqual(workloadLines(deployment('prom/prometheus:v3.5.0', [
    '--agent', '--storage.agent.retention.max-time=4', '--storage.agent.wal-segment-size=12X', '--log.level=verbose', '--storage.agent.retention.min-time=5m',
  ])), [
    '18:15 error workload/flag-value --storage.agent.retention.max-time: not a valid duration string: "4"; Prometheus exits before it starts',
    '19:15 error workload/flag-value --storage.agent.wal-segment-size: units: unknown unit X in 12X; Prometheus exits before it starts',
    "20:15 error workload/flag-value --log.level: enum value must be one of debug,info,warn,error, got 'verbose'; Prometheus exits before it starts",
  ]);
  // kingpin reads an int as a float: 1.5 and 1e3 pass, a hexadecimal needs its p exponent.
  assert.deepEqual(workloadLines(deployment('prom/prometheus:v3.5.0', ['--agent', '--web.max-connections=1e3'])), []);
  assert.deepEqual(workloadLines(deployment('prom/prometheus:v3.5.0', ['--agent', '--web.max-connections=0x10'])).map((line) => line.split(' ').slice(0, 3).join(' ')), ['18:15 error workload/flag-value']);
  assert.deepEqual(workloadLines(deployment('prom/prometheus:v3.5.0', ['--agent', '--web.max-connections=0x1p4'])), []);
  const boolean = deployment('prom/prometheus:v3.5.0', ['--agent', '--web.enable-lifecycle=false']);
  const finding = only(findings(boolean), 'workload/flag-value');
  assert.equal(finding.message, '--web.enable-lifecycle: unexpected false; Prometheus exits before it starts');
  assert.equal(applyFix(boolean, finding.fixes[0]), boolean.replace('--web.enable-lifecycle=false', '--no-web.enable-lifecycle'));
  assert.deepEqual(workloadLines(deployment('prom/prometheus:v3.5.0', ['--agent', 'true'])),
    ['18:15 error workload/flag-value unexpected true: Prometheus takes no arguments but flags, and exits']);
  // After `--` kingpin reads arguments only: a flag waiting for its value takes the one after it.
  assert.deepEqual(workloadLines(deployment('prom/prometheus:v3.5.0', ['--agent', '--web.listen-address', '--', '":9091"'])), []);
  // A flag that takes a value, followed by another flag or by nothing: kingpin takes no flag for a value.
  assert.deepEqual(workloadLines(deployment('prom/prometheus:v3.5.0', ['--agent', '--storage.agent.retention.max-time', '--web.enable-lifecycle', '--log.level'])), [
    "18:15 error workload/flag-value expected argument for flag '--storage.agent.retention.max-time': it takes a value (--storage.agent.retention.max-time=…), and Prometheus exits before it starts",
    "20:15 error workload/flag-value expected argument for flag '--log.level': it takes a value (--log.level=…), and Prometheus exits before it starts",
  ]);
});

test('values of the right type that Prometheus refuses once parsed: a WAL segment size, a checkpoint batch size, a memory limit ratio', () => {
  const lines = (image: string, ...args: string[]) => workloadLines(deployment(image, args)).filter((line) => line.includes('workload/flag-value'));
  assert.deepEqual(lines('prom/prometheus:v3.14.0', '--agent', '--storage.agent.wal-segment-size=5MB', '--storage.agent.checkpoint-batch-size=0', '--auto-gomemlimit.ratio=1.5'), [
    "18:15 error workload/flag-value --storage.agent.wal-segment-size=5MB: flag 'storage.agent.wal-segment-size' must be set between 10MB and 256MB; Prometheus exits at start",
    '19:15 error workload/flag-value --storage.agent.checkpoint-batch-size=0: --storage.agent.checkpoint-batch-size must be greater than 0; Prometheus exits at start',
    '20:15 error workload/flag-value --auto-gomemlimit.ratio=1.5: --auto-gomemlimit.ratio must be greater than 0 and less than or equal to 1; Prometheus exits at start',
  ]);
  // Within bounds, 0 (unset) for a segment size, 1 for the ratio; the last of a flag given twice counts.
  assert.deepEqual(lines('prom/prometheus:v3.14.0', '--agent', '--storage.agent.wal-segment-size=0', '--storage.agent.wal-segment-size=256MiB', '--storage.agent.checkpoint-batch-size=1e3', '--auto-gomemlimit.ratio=1'), []);
  assert.deepEqual(lines('prom/prometheus:v3.14.0', '--agent', '--auto-gomemlimit.ratio=0', '--auto-gomemlimit.ratio=0.5'), []);
  assert.equal(lines('prom/prometheus:v3.14.0', '--agent', '--auto-gomemlimit.ratio=-Inf').length, 1);
  // A server's WAL is bounded too; an agent's flag on a server is said by workload/agent-flag instead.
  assert.equal(lines('prom/prometheus:v3.14.0', '--storage.tsdb.wal-segment-size=300MB').length, 1);
  assert.deepEqual(lines('prom/prometheus:v3.14.0', '--storage.agent.wal-segment-size=5MB'), []);
  // A release without the flag says nothing of its bound (the flag itself is said unknown).
  assert.deepEqual(lines('prom/prometheus:v3.13.0', '--agent', '--storage.agent.checkpoint-batch-size=0'), []);
});

test('$(NAME) in args is checked as the kubelet expands it: the container\'s env value, $$ a $, a value known only at run time not at all', () => {
  const env = (variables: string) => `          env: [${variables}]\n`;
  const withEnv = (args: string[], variables: string) => deployment('prom/prometheus:v3.5.0', ['--agent', ...args]).replace('          args:\n', `${env(variables)}          args:\n`);
  assert.deepEqual(workloadLines(withEnv(['--log.level=$(LEVEL)', '--storage.agent.retention.min-time=$(MIN)'], '{name: LEVEL, value: debug}, {name: MIN, value: 30m}')), []);
  // What Prometheus receives is what is checked: a value the env sets wrong, a name the env does not define (it stays).
  assert.deepEqual(workloadLines(withEnv(['--log.level=$(LEVEL)', '--storage.agent.retention.min-time=$(MISSING)'], '{name: LEVEL, value: loud}')), [
    "19:15 error workload/flag-value --log.level: enum value must be one of debug,info,warn,error, got 'loud'; Prometheus exits before it starts",
    '20:15 error workload/flag-value --storage.agent.retention.min-time: not a valid duration string: "$(MISSING)"; Prometheus exits before it starts',
  ]);
  assert.deepEqual(workloadLines(withEnv(['--log.level=$$(LEVEL)'], '{name: LEVEL, value: debug}')),
    ["19:15 error workload/flag-value --log.level: enum value must be one of debug,info,warn,error, got '$(LEVEL)'; Prometheus exits before it starts"]);
  // An env value referring to one before it is expanded too.
  assert.deepEqual(workloadLines(withEnv(['--log.level=$(LEVEL)'], '{name: BASE, value: deb}, {name: LEVEL, value: "$(BASE)ug"}')), []);
  // valueFrom, envFrom: known only when the pod runs.
  assert.deepEqual(workloadLines(withEnv(['--log.level=$(LEVEL)', '--enable-feature=$(LEVEL)', 'x$(LEVEL)'], '{name: LEVEL, valueFrom: {configMapKeyRef: {name: c, key: k}}}')), []);
  const fromConfigMap = deployment('prom/prometheus:v3.5.0', ['--agent', '--log.level=$(LEVEL)']).replace('          args:\n', '          envFrom: [{configMapRef: {name: settings}}]\n          args:\n');
  assert.deepEqual(workloadLines(fromConfigMap), []);
});

test('an --enable-feature name the release does not know is logged and ignored: a warning; a no-op, information', () => {
  assert.deepEqual(workloadLines(deployment('prom/prometheus:v3.5.0', ['--agent', '--enable-feature=exemplar-storage,nativ-histograms'])),
    ['18:15 warning workload/unknown-feature Unknown option for --enable-feature: "nativ-histograms"; Prometheus v3.5.0 ignores it (did you mean "native-histograms"?)']);
  assert.deepEqual(workloadLines(deployment('prom/prometheus:v3.14.0', ['--agent', '--enable-feature=native-histograms'])),
    ['18:15 information workload/unknown-feature native-histograms: This option for --enable-feature is a no-op. To scrape native histograms, set the scrape_native_histograms scrape config setting to true.']);
});

test('an image of unknown release (a digest, latest): only what holds for every release is said', () => {
  // Which switch is right depends on the release: nothing is said of it, nor of flags some release has. latest pulls
  // the newest release, a v3 one: its switch is --agent.
  assert.deepEqual(workloadLines(deployment('prom/prometheus@sha256:0123abcd', ['--enable-feature=agent', '--web.enable-otlp-receiver'])), []);
  assert.deepEqual(workloadLines(deployment('prom/prometheus:latest', ['--enable-feature=agent', '--web.enable-otlp-receiver'])).map((line) => line.split(' ')[2]), ['workload/agent-flag']);
  assert.deepEqual(workloadLines(deployment('prom/prometheus@sha256:0123abcd', ['--agent', '--storage.tsdb.retention.time=1d', '--no-such-flag'])), [
    '18:15 error workload/agent-mode-flag The following flag(s) can not be used in agent mode: ["--storage.tsdb.retention.time"]',
    "19:15 error workload/unknown-flag unknown long flag '--no-such-flag': every Prometheus release from v2.32 on has no such flag and exits before it starts",
  ]);
});

test('what runs Prometheus: an image whose repository ends in /prometheus, or a command whose binary is prometheus', () => {
  const flagged = (text: string) => workloadLines(text).length > 0;
  assert.ok(flagged(deployment('registry.example.com/mirror/prometheus:v3.5.0', ['--bogus'])));
  assert.ok(flagged(deployment('busybox', ['--bogus']).replace('image: busybox', 'image: busybox\n          command: [/bin/prometheus]')));
  assert.ok(!flagged(deployment('quay.io/prometheus-operator/prometheus-config-reloader:v0.93.0', ['--bogus'])));
  // A command that is not prometheus replaces the image's entrypoint: promtool, a shell.
  assert.ok(!flagged(deployment('prom/prometheus:v3.5.0', ['--bogus']).replace('image: prom/prometheus:v3.5.0', 'image: prom/prometheus:v3.5.0\n          command: [promtool]')));
});

test('the agent switch of the wrong major version in the shell script that runs Prometheus: said at the script, with no fix', () => {
  const scripted = (image: string, script: string) => deployment(image, []).replace(/( +)args:\n/, (_, indent: string) => `${indent}command: [sh, -c, ${JSON.stringify(script)}]\n`);
  const v3 = scripted('prom/prometheus:v3.5.0', 'exec prometheus --enable-feature=agent --config.file=/etc/prometheus/prometheus.yml');
  const [finding] = findings(v3).filter((f) => f.code === 'workload/agent-flag');
  assert.ok(finding, v3);
  assert.match(finding.message, /^Prometheus v3\.5\.0 does not run as an agent with --enable-feature=agent/);
  assert.deepEqual(finding.fixes, []);
  assert.equal(findings(scripted('prom/prometheus:v2.53.0', 'exec /bin/prometheus --agent --config.file=/etc/prometheus/prometheus.yml')).filter((f) => f.code === 'workload/agent-flag').length, 1);
  assert.deepEqual(findings(scripted('prom/prometheus:v3.5.0', 'exec prometheus --agent --config.file=/etc/prometheus/prometheus.yml')).filter((f) => f.code === 'workload/agent-flag'), []);
});

test('a config reloader posting to /-/reload of a Prometheus without --web.enable-lifecycle: a warning, fixed by the flag', () => {
  const reloader = (image: string, args: string[]) => [
    '            - name: reloader',
    `              image: ${image}`,
    '              args:',
    ...args.map((arg) => `                - ${arg}`),
    '',
  ].join('\n');
  const configmapReload = reloader('ghcr.io/jimmidyson/configmap-reload:v0.14.0', ['--volume-dir=/etc/prometheus', '--webhook-url=http://localhost:9090/-/reload']);
  const text = deployment('prom/prometheus:v3.8.1', ['--agent', '--config.file=/etc/prometheus/prometheus.yml  # mounted below'], configmapReload);
  const finding = only(findings(text), 'workload/reload-without-lifecycle');
  assert.equal(finding.severity, 'warning');
  assert.equal(finding.message, 'configmap-reload posts to http://localhost:9090/-/reload when the configuration changes, and Prometheus (container prometheus) refuses it: without --web.enable-lifecycle its /-/reload is off, so a changed configuration is loaded only when the pod restarts');
  assert.equal(underlined(text, finding), '--webhook-url=http://localhost:9090/-/reload');
  const fixed = applyFix(text, finding.fixes[0]);
  assert.equal(fixed, text.replace('  # mounted below\n', '  # mounted below\n            - --web.enable-lifecycle\n'));
  assert.deepEqual(findings(fixed).filter((f) => f.code === 'workload/reload-without-lifecycle'), []);
  // A flow list gets it after its last entry; the separate `--flag value` form of the reloader is read too.
  const flow = deployment('prom/prometheus:v3.8.1', ['--agent'], reloader('quay.io/prometheus-operator/prometheus-config-reloader:v0.93.0', ['--reload-url', 'http://127.0.0.1:9091/-/reload']))
    .replace(/args:\n +- --agent\n/, 'args: [--agent, --web.listen-address=:9091]\n');
  const flowFinding = only(findings(flow), 'workload/reload-without-lifecycle');
  assert.equal(underlined(flow, flowFinding), '--reload-url');
  assert.equal(applyFix(flow, flowFinding.fixes[0]), flow.replace('--web.listen-address=:9091]', '--web.listen-address=:9091, --web.enable-lifecycle]'));
  // Nothing said: the flag is on; the reloader signals, uses another port or host, or reaches another path; a word known
  // only at run time; a reloader of another program.
  const quiet = (args: string[], reloaderArgs: string[], image = 'ghcr.io/jimmidyson/configmap-reload:v0.14.0', env = '') =>
    findings(deployment('prom/prometheus:v3.8.1', args, env + reloader(image, reloaderArgs))).filter((f) => f.code === 'workload/reload-without-lifecycle');
  assert.deepEqual(quiet(['--agent', '--web.enable-lifecycle'], ['--webhook-url=http://localhost:9090/-/reload']), []);
  assert.deepEqual(quiet(['--agent'], ['--reload-method=signal', '--reload-url=http://localhost:9090/-/reload'], 'quay.io/prometheus-operator/prometheus-config-reloader:v0.93.0'), []);
  assert.deepEqual(quiet(['--agent'], ['--webhook-url=http://localhost:8080/-/reload']), []);
  assert.deepEqual(quiet(['--agent'], ['--webhook-url=http://other:9090/-/reload']), []);
  assert.deepEqual(quiet(['--agent'], ['--webhook-url=http://localhost:9090/reload']), []);
  const fromPod = '              env: [{name: EXTRA_ARGS, valueFrom: {fieldRef: {fieldPath: metadata.annotations[\'args\']}}}]\n';
  assert.deepEqual(quiet(['--agent', '$(EXTRA_ARGS)'], ['--webhook-url=http://localhost:9090/-/reload'], undefined, fromPod), []);
  assert.deepEqual(quiet(['--agent'], ['--webhook-url=http://localhost:9090/-/reload'], 'grafana/alloy:v1.4.0'), []);
  // prometheus-config-reloader posts to 127.0.0.1:9090/-/reload unless --reload-url says otherwise: said on its image.
  const byDefault = findings(deployment('prom/prometheus:v3.8.1', ['--agent'], reloader('quay.io/prometheus-operator/prometheus-config-reloader:v0.93.0', ['--config-file=/etc/prometheus/prometheus.yml'])));
  assert.match(only(byDefault, 'workload/reload-without-lifecycle').message, /^prometheus-config-reloader posts to http:\/\/127\.0\.0\.1:9090\/-\/reload \(its default --reload-url\) when/);
  // Listening on several addresses (v2.55.0 on), any of them is reached.
  assert.equal(quiet(['--agent', '--web.listen-address=:9091', '--web.listen-address=:9090'], ['--webhook-url=http://localhost:9091/-/reload']).length, 1);
  // Prometheus 1 served /-/reload unasked; one that reloads its file by itself only sees the requests fail.
  assert.deepEqual(findings(deployment('prom/prometheus:v1.8.2', ['-config.file=/etc/prometheus/prometheus.yml'], reloader('ghcr.io/jimmidyson/configmap-reload:v0.14.0', ['--webhook-url=http://localhost:9090/-/reload'])))
    .filter((f) => f.code === 'workload/reload-without-lifecycle'), []);
  assert.deepEqual(quiet(['--agent', '--config.auto-reload'], ['--webhook-url=http://localhost:9090/-/reload']), []);
  assert.deepEqual(quiet(['--agent', '--enable-feature=auto-reload-config'], ['--webhook-url=http://localhost:9090/-/reload']), []);
  // Go's flag package stops at the first word that is no flag's value: the URL after it is never read.
  assert.deepEqual(quiet(['--agent'], ['-volume-dir=/etc/prometheus', 'stop', '-webhook-url=http://localhost:9090/-/reload']), []);
  assert.equal(quiet(['--agent'], ['-volume-dir', '/etc/prometheus', '-webhook-url=http://localhost:9090/-/reload']).length, 1);
  // A flag in the command whose value is in the args: the flag goes at the end of the args, never between them.
  const split = deployment('prom/prometheus:v3.8.1', ['/etc/prometheus/prometheus.yml'], configmapReload).replace(/( +)args:/, '$1command: [/bin/prometheus, --agent, --config.file]\n$1args:');
  const splitFinding = only(findings(split), 'workload/reload-without-lifecycle');
  assert.equal(applyFix(split, splitFinding.fixes[0]), split.replace('- /etc/prometheus/prometheus.yml\n', '- /etc/prometheus/prometheus.yml\n            - --web.enable-lifecycle\n'));
  // A kustomization patching the workload may add the flag: an overlay does, the base is never applied alone.
  const base = deployment('prom/prometheus:v3.8.1', ['--agent'], configmapReload);
  const overlay = "resources: [../../base]\npatches:\n  - target: {kind: Deployment}\n    patch: '[{op: add, path: /spec/template/spec/containers/0/args/-, value: --web.enable-lifecycle}]'\n";
  const patched = findings(base, { uri: 'file:///repo/base/prometheus.yaml', workspace: { 'file:///repo/base/kustomization.yaml': 'resources: [prometheus.yaml]\n', 'file:///repo/overlays/prod/kustomization.yaml': overlay } });
  assert.deepEqual(patched.filter((f) => f.code === 'workload/reload-without-lifecycle'), []);
  // Under a route prefix Prometheus serves <prefix>/-/reload: /-/reload is a 404 with or without the flag.
  assert.deepEqual(quiet(['--agent', '--web.route-prefix=/prom'], ['--webhook-url=http://localhost:9090/-/reload']), []);
  assert.equal(quiet(['--agent', '--web.external-url=https://example.com/prom/'], ['--webhook-url=http://localhost:9090/prom/-/reload']).length, 1);
  // After a `--` every word is an argument to kingpin: nothing is added there.
  assert.deepEqual(only(findings(deployment('prom/prometheus:v3.8.1', ['--agent', '--'], configmapReload)), 'workload/reload-without-lifecycle').fixes, []);
  // A native sidecar (an init container that keeps running) reloads too; a plain init container has exited by then.
  const asInit = (restartPolicy: string) => findings(deployment('prom/prometheus:v3.8.1', ['--agent'], [
    '          initContainers:',
    '            - name: reloader',
    '              image: ghcr.io/jimmidyson/configmap-reload:v0.14.0',
    `              ${restartPolicy}`,
    '              args: [--webhook-url=http://localhost:9090/-/reload]',
    '',
  ].join('\n'))).filter((f) => f.code === 'workload/reload-without-lifecycle');
  assert.equal(asInit('restartPolicy: Always').length, 1);
  assert.deepEqual(asInit('imagePullPolicy: IfNotPresent'), []);
  // Set off, the flag is said but no second one is added (Prometheus refuses a repeated flag).
  const off = quiet(['--agent', '--web.enable-lifecycle=false'], ['-webhook-url', 'http://localhost:9090/-/reload']);
  assert.equal(off.length, 1);
  assert.deepEqual(off[0].fixes, []);
});

test('args of its own without --config.file: the official image reads prometheus.yml in its empty /prometheus; fixed with the mounted one', () => {
  const mounted = [
    '              volumeMounts:',
    '                - {name: config, mountPath: /etc/prometheus}',
    '          volumes:',
    '            - name: config',
    '              configMap: {name: agent-config}',
    '---',
    'apiVersion: v1',
    'kind: ConfigMap',
    'metadata: {name: agent-config, namespace: monitoring}',
    'data:',
    '  prometheus.yml: |',
    '    scrape_configs: []',
    '',
  ].join('\n');
  const text = deployment('prom/prometheus:v3.8.1', ['--agent', '--storage.agent.path=/data'], mounted);
  const finding = only(findings(text), 'workload/config-file');
  assert.equal(finding.severity, 'warning');
  assert.equal(finding.message, 'with its own args and no --config.file, Prometheus reads /prometheus/prometheus.yml (prometheus.yml in its working directory), and nothing is there: the image\'s arguments, which name /etc/prometheus/prometheus.yml, no longer apply, the image leaves /prometheus empty and no volumeMount holds the file; Prometheus exits ("Error loading config")');
  assert.equal(finding.fixes[0].title, 'Add --config.file=/etc/prometheus/prometheus.yml');
  const fixed = applyFix(text, finding.fixes[0]);
  const item = /\n( *)- --storage\.agent\.path=\/data\n/.exec(text)!;
  assert.equal(fixed, text.replace(item[0], `${item[0]}${item[1]}- --config.file=/etc/prometheus/prometheus.yml\n`));
  assert.deepEqual(findings(fixed).filter((f) => f.code === 'workload/config-file'), []);
  // Still information: a volume mounted at /prometheus, a working directory of its own, another image, the image's own arguments.
  const severity = (changed: string) => only(findings(changed), 'workload/config-file').severity;
  assert.equal(severity(text.replace('mountPath: /etc/prometheus}', 'mountPath: /etc/prometheus}\n                - {name: data, mountPath: /prometheus}')
    .replace('          volumes:', '          volumes:\n            - {name: data, persistentVolumeClaim: {claimName: data}}')), 'information');
  assert.equal(severity(text.replace('          args:', '          workingDir: /etc/prometheus\n          args:')), 'information');
  assert.equal(severity(text.replace('prom/prometheus:v3.8.1', 'registry.example.com/team/prometheus:v3.8.1')), 'information');
  // A mount path YAML would cut (`#`, `: `) is written quoted.
  const odd = text.replace('mountPath: /etc/prometheus}', 'mountPath: "/etc/prom #1"}');
  const oddFixed = applyFix(odd, only(findings(odd), 'workload/config-file').fixes[0]);
  assert.ok(oddFixed.includes(`- "--config.file=/etc/prom #1/prometheus.yml"\n`), oddFixed);
  // Prometheus 1 reads -config.file; a kustomization that sets the image may run another image.
  assert.deepEqual(findings(deployment('prom/prometheus:v1.8.2', ['-config.file=/etc/prometheus/prometheus.yml'], mounted)).filter((f) => f.code === 'workload/config-file' && f.severity !== 'information'), []);
  const rebuilt = check(text, { uri: 'file:///repo/agent.yaml', workspace: { 'file:///repo/kustomization.yaml': 'resources: [agent.yaml]\nimages:\n  - name: prom/prometheus\n    newName: registry.example.com/platform/prometheus-with-config\n    newTag: "1.0"\n' } });
  assert.deepEqual(rebuilt.filter((line) => line.includes('workload/config-file')).map((line) => line.split(' ')[1]), ['information']);
  // Without a ConfigMap of the workspace holding prometheus.yml there is no file to name: no fix.
  assert.deepEqual(only(findings(text.replace('  prometheus.yml: |', '  agent.yml: |')), 'workload/config-file').fixes, []);
});

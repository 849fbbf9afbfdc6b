import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { checkFile, defaultCheckOptions, whoRunsHover, Workspace } from '../../server/src/engine';
import { agentManifest, check, findings, yaml } from '../support/engine';

/** A server's configuration: what an agent refuses (rule_files, alerting) and ignores (evaluation_interval). */
const serverConfig = yaml`
  global:
    evaluation_interval: 30s
  rule_files:
    - /etc/prometheus/rules/*.yml
  alerting:
    alertmanagers:
      - static_configs:
          - targets: ['alertmanager:9093']
  scrape_configs:
    - job_name: prometheus
      static_configs:
        - targets: ['localhost:9090']
`;

const indented = (text: string, spaces: number) => text.trimEnd().split('\n').map((line) => `${' '.repeat(spaces)}${line}`).join('\n');

/** A ConfigMap `name` in `monitoring` holding `config` under `key`. */
const configMap = (name: string, key: string, config: string) => `apiVersion: v1
kind: ConfigMap
metadata:
  name: ${name}
  namespace: monitoring
data:
  ${key}: |
${indented(config, 4)}
`;

/** A Deployment running `image` with `args`, its volumes and mounts written as given. */
const workload = (name: string, image: string, args: string[], mounts: string, volumes: string) => `apiVersion: apps/v1
kind: Deployment
metadata:
  name: ${name}
  namespace: monitoring
spec:
  selector:
    matchLabels: {app: ${name}}
  template:
    metadata:
      labels: {app: ${name}}
    spec:
      containers:
        - name: prometheus
          image: ${image}
          args: [${args.join(', ')}]
          volumeMounts:
${indented(mounts, 12)}
      volumes:
${indented(volumes, 8)}
`;

const configMapVolume = (name: string) => `- name: config\n  configMap:\n    name: ${name}`;
const mountedAt = (path: string, subPath?: string) => `- name: config\n  mountPath: ${path}${subPath ? `\n  subPath: ${subPath}` : ''}`;

/** Findings on the configuration in `held`, with the workloads (or nothing) of `others` in the workspace. */
const configLines = (held: string, others: Record<string, string> = {}, uri = 'file:///repo/config.yaml', options = {}) =>
  check(held, { uri, workspace: others, options }).filter((line) => line.includes(' promconfig/'));

test('a server\'s ConfigMap mounted by a Deployment running Prometheus without the agent switch gets no agent finding', () => {
  const held = configMap('global', 'prometheus.yml', serverConfig);
  const server = workload('global', 'prom/prometheus:v3.5.0', ['--config.file=/etc/prometheus/prometheus.yml'], mountedAt('/etc/prometheus'), configMapVolume('global'));
  assert.deepEqual(configLines(held, { 'file:///repo/server.yaml': server }), []);
});

test('rule_files in a configuration an agent runs is an error at that line; the agent named by its workload', () => {
  const held = configMap('edge', 'prometheus.yml', serverConfig);
  const agent = workload('edge', 'prom/prometheus:v3.5.0', ['--agent', '--config.file=/etc/prometheus/prometheus.yml'], mountedAt('/etc/prometheus'), configMapVolume('edge'));
  assert.deepEqual(configLines(held, { 'file:///repo/agent.yaml': agent }), [
    '8:5 information promconfig/agent-remote-write no remote_write: an agent keeps no queryable data, its samples only leave through remote_write',
    '9:7 warning promconfig/agent-ignored global.evaluation_interval is ignored in agent mode (how often rules are evaluated)',
    '10:5 error promconfig/agent-forbidden field rule_files is not allowed in agent mode',
    '12:5 error promconfig/agent-forbidden field alerting is not allowed in agent mode',
  ]);
});

test('a container wrapping Prometheus in a shell script (sh -c "exec prometheus …") runs it with the flags the script passes', () => {
  const held = configMap('agent-receiver', 'prometheus.yml', serverConfig);
  const wrapped = (script: string) => workload('central', 'prom/prometheus:v3.5.0', ['"-c"', JSON.stringify(script)], mountedAt('/etc/prometheus'), configMapVolume('agent-receiver'))
    .replace('          args:', '          command: [/bin/sh]\n          args:');
  // A server, whatever its ConfigMap's name says; its flags are not checked one by one (they stand inside one string).
  assert.deepEqual(configLines(held, { 'file:///repo/server.yaml': wrapped('set -e; exec /bin/prometheus --config.file=/etc/prometheus/prometheus.yml --log.level=loud') }), []);
  assert.deepEqual(check(wrapped('exec prometheus --log.level=loud')).filter((line) => line.includes('workload/')), []);
  const agent = configLines(held, { 'file:///repo/agent.yaml': wrapped("prometheus --agent '--config.file=/etc/prometheus/prometheus.yml'") });
  assert.ok(agent.includes('10:5 error promconfig/agent-forbidden field rule_files is not allowed in agent mode'), agent.join('\n'));
  // The process that stays is the one the script execs.
  const execd = configLines(held, { 'file:///repo/agent.yaml': wrapped('prometheus --version; exec prometheus --agent --config.file=/etc/prometheus/prometheus.yml') });
  assert.ok(execd.includes('10:5 error promconfig/agent-forbidden field rule_files is not allowed in agent mode'), execd.join('\n'));
  // A flag's value the shell or the kubelet fills in leaves the flag known; the rest of the script is read.
  const podName = (script: string) => wrapped(script).replace('          command:', '          env: [{name: POD_NAME, valueFrom: {fieldRef: {fieldPath: metadata.name}}}]\n          command:');
  const valued = configLines(held, { 'file:///repo/agent.yaml': podName('echo start $(POD_NAME)\nexec prometheus --agent --config.file=/etc/prometheus/prometheus.yml --web.external-url=http://$(POD_NAME):9090') });
  assert.ok(valued.includes('10:5 error promconfig/agent-forbidden field rule_files is not allowed in agent mode'), valued.join('\n'));
  assert.deepEqual(configLines(held, { 'file:///repo/server.yaml': wrapped('exec prometheus --config.file=/etc/prometheus/prometheus.yml --storage.tsdb.path="$DATA"') }), []);
  // "$@" is the entries after the script but $0: none here.
  assert.deepEqual(configLines(held, { 'file:///repo/server.yaml': wrapped('exec prometheus --config.file=/etc/prometheus/prometheus.yml "$@"') }), []);
  // Words the shell expands may be any flag, --agent too: only what holds in both modes is said.
  for (const script of ['exec prometheus --config.file=/etc/prometheus/prometheus.yml $EXTRA_ARGS']) {
    const unknown = configLines(held, { 'file:///repo/agent.yaml': wrapped(script) });
    assert.ok(!unknown.some((line) => line.includes('agent-forbidden')) && unknown.some((line) => line.includes('promconfig/who-runs')), `${script}\n${unknown.join('\n')}`);
  }
});

test('a ConfigMap mounted where promagent cannot follow it (a mirror\'s image, a variable\'s path): its name says nothing of who runs it', () => {
  const held = configMap('prometheus-for-agents', 'prometheus.yml', serverConfig);
  const mounting = (image: string, args: string[]) => workload('central', image, args, mountedAt('/etc/prometheus'), configMapVolume('prometheus-for-agents'));
  const said = (others: Record<string, string>) => {
    const lines = configLines(held, others);
    assert.ok(!lines.some((line) => line.includes('agent-forbidden')), lines.join('\n'));
    return lines.filter((line) => line.includes('promconfig/who-runs'));
  };
  const serverArgs = ['--config.file=/etc/prometheus/prometheus.yml', '--web.enable-remote-write-receiver'];
  assert.deepEqual(said({ 'file:///repo/server.yaml': mounting('registry.example.com/monitoring/prom-server:v2.45.0', serverArgs) }), [
    '8:5 information promconfig/who-runs checked for what holds in agent and server mode alike: Deployment monitoring/central mounts this ConfigMap where promagent cannot tell which configuration Prometheus loads, or in which mode; say who runs it with "# promagent: agent" or "# promagent: server" (and a version, e.g. "# promagent: agent v3.5.0") on its first line',
  ]);
  // Rancher's mirror is Prometheus' image, renamed as Rancher names its mirrors.
  assert.deepEqual(said({ 'file:///repo/server.yaml': mounting('rancher/mirrored-prometheus-prometheus:v2.45.0', serverArgs) }), []);
  const variable = mounting('prom/prometheus:v3.5.0', ['--config.file=$(CONFIG_FILE)']).replace('          args:', '          envFrom: [{configMapRef: {name: central-env}}]\n          args:');
  assert.equal(said({ 'file:///repo/server.yaml': variable }).length, 1);
  // A wrapper's "$@" is the entries after its $0: followed, a server.
  const wrapper = (args: string[]) => mounting('prom/prometheus:v3.5.0', args).replace('          args:', '          command: [/bin/sh, -c, \'exec /bin/prometheus "$@"\', --]\n          args:');
  assert.deepEqual(said({ 'file:///repo/server.yaml': wrapper(['--config.file=/etc/prometheus/prometheus.yml', '--web.enable-remote-write-receiver']) }), []);
  const asAgent = configLines(held, { 'file:///repo/agent.yaml': wrapper(['--agent', '--config.file=/etc/prometheus/prometheus.yml']) });
  assert.ok(asAgent.some((line) => line.includes('agent-forbidden')), asAgent.join('\n'));
  // An item of a List is read as the object kubectl applies: this Deployment runs it as a server.
  const listed = (args: string[]) => `apiVersion: v1\nkind: List\nitems:\n${indented(mounting('prom/prometheus:v3.5.0', args).replace(/^/, '- '), 2).replace(/\n {2}(?!- )/g, '\n    ')}\n`;
  assert.deepEqual(said({ 'file:///repo/list.yaml': listed(['--config.file=/etc/prometheus/prometheus.yml']) }), []);
  const listedAgent = configLines(held, { 'file:///repo/list.yaml': listed(['--agent', '--config.file=/etc/prometheus/prometheus.yml']) });
  assert.ok(listedAgent.some((line) => line.includes('agent-forbidden')), listedAgent.join('\n'));
  // An empty args list is none: the image's own arguments run a server reading /etc/prometheus/prometheus.yml.
  assert.deepEqual(configLines(held, { 'file:///repo/server.yaml': mounting('prom/prometheus:v3.5.0', []) }), []);
  // Mounted nowhere, the name is what says it: an agent's.
  assert.ok(configLines(held).some((line) => line.includes('agent-forbidden')));
});

test('a file a kustomization\'s configMapGenerator puts into a ConfigMap is run by the workloads mounting that key', () => {
  const server = workload('central', 'prom/prometheus:v3.5.0', ['--config.file=/etc/prometheus/prometheus.yml'], mountedAt('/etc/prometheus'), configMapVolume('central-config'));
  const agent = workload('edge', 'prom/prometheus:v3.5.0', ['--agent', '--config.file=/etc/prometheus/prometheus.yml'], mountedAt('/etc/prometheus'), configMapVolume('edge-config'));
  const kustomization = 'resources: [deployment.yaml]\nconfigMapGenerator:\n  - name: central-config\n    files: [prometheus.yml=config/from-agents.yml]\n  - name: edge-config\n    files: [config/prometheus.yml]\n';
  const workspace = { 'file:///repo/kustomization.yaml': kustomization, 'file:///repo/deployment.yaml': `${server}---\n${agent}` };
  // The server's file: no agent finding, whatever its name says.
  assert.deepEqual(check(serverConfig, { uri: 'file:///repo/config/from-agents.yml', workspace }).filter((line) => line.includes('promconfig/')), []);
  // The agent's: its agent findings, naming no guess.
  const agents = check(serverConfig, { uri: 'file:///repo/config/prometheus.yml', workspace }).filter((line) => line.includes('promconfig/'));
  assert.ok(agents.some((line) => line.includes('agent-forbidden')) && !agents.some((line) => line.includes('who-runs')), agents.join('\n'));
});

test('--config.file is followed through subPath, items, projected volumes and Secrets, in both argument forms', () => {
  const agentArgs = (path: string) => ['--agent', '--config.file', path];
  const forbidden = (held: string, deployment: string) =>
    configLines(held, { 'file:///repo/agent.yaml': deployment }).filter((line) => line.includes('agent-forbidden')).length;
  const held = configMap('edge', 'agent.yml', serverConfig);
  // A file mounted alone with subPath.
  assert.equal(forbidden(held, workload('edge', 'prom/prometheus:v3.5.0', agentArgs('/etc/prometheus/prometheus.yml'),
    mountedAt('/etc/prometheus/prometheus.yml', 'agent.yml'), configMapVolume('edge'))), 2);
  // items map a key to another path.
  assert.equal(forbidden(held, workload('edge', 'prom/prometheus:v3.5.0', agentArgs('/config/conf/prometheus.yml'), mountedAt('/config'),
    '- name: config\n  configMap:\n    name: edge\n    items:\n      - key: agent.yml\n        path: conf/prometheus.yml')), 2);
  // A projected volume, the ConfigMap one of its sources.
  assert.equal(forbidden(held, workload('edge', 'prom/prometheus:v3.5.0', ['--agent', '--config.file=/config/agent.yml'], mountedAt('/config'),
    '- name: config\n  projected:\n    sources:\n      - secret:\n          name: tls\n      - configMap:\n          name: edge')), 2);
  // A relative path is read from the working directory (the image's /prometheus).
  assert.equal(forbidden(held, workload('edge', 'prom/prometheus:v3.5.0', ['--agent', '--config.file=agent.yml'], mountedAt('/prometheus'), configMapVolume('edge'))), 2);
  // A Secret's stringData, mounted with secretName.
  const secret = `apiVersion: v1\nkind: Secret\nmetadata:\n  name: edge\n  namespace: monitoring\nstringData:\n  agent.yml: |\n${indented(serverConfig, 4)}\n`;
  assert.equal(forbidden(secret, workload('edge', 'prom/prometheus:v3.5.0', ['--agent', '--config.file=/s/agent.yml'], mountedAt('/s'), '- name: config\n  secret:\n    secretName: edge')), 2);
  // Another key, another name or another namespace is another configuration: the name "agent.yml" decides then.
  const unmounted = configLines(held, { 'file:///repo/agent.yaml': workload('edge', 'prom/prometheus:v3.5.0', agentArgs('/etc/prometheus/other.yml'), mountedAt('/etc/prometheus'), configMapVolume('edge')) });
  assert.deepEqual(unmounted.filter((line) => line.includes('who-runs')), [
    `8:5 information promconfig/who-runs checked as an agent's configuration because its key "agent.yml" says "agent"; if a server runs it, say so with "# promagent: server" on its first line`,
  ]);
});

test('workloads that disagree: each one\'s findings, naming it', () => {
  const held = configMap('shared', 'prometheus.yml', serverConfig);
  const configFile = '--config.file=/etc/prometheus/prometheus.yml';
  const agent = workload('edge', 'prom/prometheus:v3.5.0', ['--agent', configFile], mountedAt('/etc/prometheus'), configMapVolume('shared'));
  const server = workload('global', 'prom/prometheus:v3.5.0', [configFile], mountedAt('/etc/prometheus'), configMapVolume('shared'));
  const lines = configLines(held, { 'file:///repo/edge.yaml': agent, 'file:///repo/global.yaml': server });
  assert.ok(lines.includes('10:5 error promconfig/agent-forbidden field rule_files is not allowed in agent mode (run by Deployment monitoring/edge (container "prometheus"): Prometheus v3.5.0, agent mode)'), lines.join('\n'));
  assert.equal(lines.filter((line) => line.includes('agent-forbidden')).length, 2);
  // What only the agent refuses the server needs: no fix removes it from the configuration they share.
  const agentOnly = findings(held, { uri: 'file:///repo/config.yaml', workspace: { 'file:///repo/edge.yaml': agent, 'file:///repo/global.yaml': server } })
    .filter((finding) => finding.code === 'promconfig/agent-forbidden');
  assert.deepEqual(agentOnly.map((finding) => finding.fixes.length), [0, 0]);
  // Run by the agent alone, each comes with its fix.
  assert.ok(findings(held, { uri: 'file:///repo/config.yaml', workspace: { 'file:///repo/edge.yaml': agent } })
    .filter((finding) => finding.code === 'promconfig/agent-forbidden').every((finding) => finding.fixes.length > 0));
});

test('a modeline says who runs a configuration, and which version', () => {
  const standalone = (first: string) => check(`${first}\n${serverConfig}`, { uri: 'file:///repo/prometheus.yml' });
  assert.deepEqual(standalone('# promagent: server'), []);
  assert.deepEqual(standalone('# promagent: agent').filter((line) => line.includes('error')).map((line) => line.split(' ').slice(0, 3).join(' ')),
    ['4:1 error promconfig/agent-forbidden', '6:1 error promconfig/agent-forbidden']);
  // The version it names is the version the keys are checked for.
  assert.deepEqual(check('# promagent: server v2.40.0\nscrape_config_files: [a/*.yml]\n', { uri: 'file:///repo/prometheus.yml' })
    .map((line) => line.split(' ').slice(0, 3).join(' ')), ['2:1 error promconfig/key-version']);
  // Inside a ConfigMap, on the configuration's own first lines.
  assert.deepEqual(configLines(configMap('edge', 'prometheus.yml', `# promagent: agent\n${serverConfig}`)).map((line) => line.split(' ').slice(0, 3).join(' ')),
    ['9:5 information promconfig/agent-remote-write', '10:7 warning promconfig/agent-ignored', '11:5 error promconfig/agent-forbidden', '13:5 error promconfig/agent-forbidden']);
});

test('a standalone prometheus.yml nothing says who runs: no error that depends on the mode, one information saying so', () => {
  const lines = check(serverConfig, { uri: 'file:///repo/prometheus.yml' });
  assert.deepEqual(lines, [
    '1:1 information promconfig/who-runs checked for what holds in agent and server mode alike: no workload of the workspace mounts this configuration and nothing else says who runs it; say who runs it with "# promagent: agent" or "# promagent: server" (and a version, e.g. "# promagent: agent v3.5.0") on its first line',
  ]);
  // Where nothing depends on the mode, there is nothing to say about it.
  assert.deepEqual(check('scrape_configs:\n  - job_name: node\n    static_configs: [{targets: [node:9100]}]\n', { uri: 'file:///repo/prometheus.yml' }), []);
  // Checks that hold either way still come: a duration Prometheus cannot read is an error in both modes.
  assert.deepEqual(check(`${serverConfig}    scrape_interval: 1H\n`, { uri: 'file:///repo/prometheus.yml' })
    .filter((line) => !line.includes('who-runs')), ['13:22 error promconfig/duration unknown unit "H" in duration "1H"']);
});

test('the settings and the CLI: promagent.configMode decides where nothing else does; --as and --prometheus-version win over all', () => {
  const uri = 'file:///repo/prometheus.yml';
  assert.deepEqual(check(serverConfig, { uri, options: { configMode: 'server' } }), []);
  assert.equal(check(serverConfig, { uri, options: { configMode: 'agent' } }).filter((line) => line.includes('agent-forbidden')).length, 2);
  // A name saying "agent" comes before the settings.
  assert.equal(check(serverConfig, { uri: 'file:///repo/agent.yml', options: { configMode: 'server' } }).filter((line) => line.includes('agent-forbidden')).length, 2);
  // The CLI's --as server wins over a workload running an agent.
  const held = configMap('edge', 'prometheus.yml', serverConfig);
  const agent = workload('edge', 'prom/prometheus:v3.5.0', ['--agent'], mountedAt('/etc/prometheus'), configMapVolume('edge'));
  assert.deepEqual(configLines(held, { 'file:///repo/agent.yaml': agent }, undefined, { runBy: { mode: 'server' } }), []);
  assert.deepEqual(configLines(`# promagent: server v3.5.0\nscrape_config_files: [a/*.yml]\n`, {}, 'file:///repo/prometheus.yml', { runBy: { version: 'v2.40.0' } })
    .map((line) => line.split(' ').slice(0, 3).join(' ')), ['2:1 error promconfig/key-version']);
});

test('the repository of a global server and its agents checks clean (examples/global-view)', () => {
  const folder = join(__dirname, '..', '..', 'examples', 'global-view');
  const files = Object.fromEntries(readdirSync(folder).map((name) => [`file:///repo/${name}`, readFileSync(join(folder, name), 'utf8')]));
  for (const [uri, text] of Object.entries(files)) {
    const others = Object.fromEntries(Object.entries(files).filter(([other]) => other !== uri));
    assert.deepEqual(check(text, { uri, workspace: others }), [], uri);
  }
});

test('a namespace left out links a workload to a configuration only where no other of that name could be the one', () => {
  const configFile = '--config.file=/etc/prometheus/prometheus.yml';
  const agentIn = (namespace: string) => workload('edge', 'prom/prometheus:v3.5.0', ['--agent', configFile], mountedAt('/etc/prometheus'), configMapVolume('prometheus-config'))
    .replace('namespace: monitoring', namespace ? `namespace: ${namespace}` : '');
  const agentsOwn = configMap('prometheus-config', 'prometheus.yml', 'remote_write: [{url: "https://central.example.com/api/v1/write"}]').replace('namespace: monitoring', 'namespace: edge');
  // The server's ConfigMap, its namespace left to kustomize or kubectl -n.
  const serversOwn = configMap('prometheus-config', 'prometheus.yml', serverConfig).replace('  namespace: monitoring\n', '');
  // The agent's namespace holds its own: the server's is another.
  assert.deepEqual(configLines(serversOwn, { 'file:///repo/edge/agent.yaml': agentIn('edge'), 'file:///repo/edge/config.yaml': agentsOwn }), [
    '7:5 information promconfig/who-runs checked for what holds in agent and server mode alike: no workload of the workspace mounts this configuration and nothing else says who runs it; say who runs it with "# promagent: agent" or "# promagent: server" (and a version, e.g. "# promagent: agent v3.5.0") on its first line',
  ]);
  // Neither side says: the one in the agent's own folder is applied with it, and the other is not the agent's.
  const agentsNoNamespace = agentsOwn.replace('  namespace: edge\n', '');
  assert.equal(configLines(serversOwn, { 'file:///repo/edge/agent.yaml': agentIn(''), 'file:///repo/edge/config.yaml': agentsNoNamespace }).filter((line) => line.includes('agent-forbidden')).length, 0);
  // Each environment's copy of one agent runs the configuration beside it.
  const environments = { 'file:///repo/dev/agent.yaml': agentIn(''), 'file:///repo/prod/agent.yaml': agentIn(''), 'file:///repo/prod/config.yaml': serversOwn };
  assert.equal(configLines(serversOwn, environments, 'file:///repo/dev/config.yaml').filter((line) => line.includes('agent-forbidden')).length, 2);
  // Side by side in one folder, which one the agent mounts is a guess: neither is checked as its own.
  assert.deepEqual(configLines(serversOwn, { 'file:///repo/edge/agent.yaml': agentIn(''), 'file:///repo/edge/config.yaml': agentsNoNamespace }, 'file:///repo/edge/server-config.yaml'), [
    '7:5 information promconfig/who-runs checked for what holds in agent and server mode alike: Deployment default/edge may mount this configuration or another ConfigMap named "prometheus-config", which the namespaces written do not tell apart; say who runs it with "# promagent: agent" or "# promagent: server" (and a version, e.g. "# promagent: agent v3.5.0") on its first line',
  ]);
  // Alone, it is the one.
  assert.equal(configLines(serversOwn, { 'file:///repo/edge/agent.yaml': agentIn('') }).filter((line) => line.includes('agent-forbidden')).length, 2);
});

test('a projected volume: the file comes from the last source holding its key, as the kubelet writes them in order', () => {
  const projected = '- name: config\n  projected:\n    sources:\n      - configMap: {name: defaults}\n      - configMap: {name: overrides}';
  const agent = workload('edge', 'prom/prometheus:v3.5.0', ['--agent', '--config.file=/etc/prometheus/prometheus.yml'], mountedAt('/etc/prometheus'), projected);
  const defaults = configMap('defaults', 'prometheus.yml', serverConfig);
  const overrides = configMap('overrides', 'prometheus.yml', 'remote_write: [{url: "https://central.example.com/api/v1/write"}]');
  const assumed = (others: Record<string, string>) => configLines(defaults, others).map((line) => line.slice(line.indexOf('checked for')));
  assert.match(assumed({ 'file:///repo/agent.yaml': agent, 'file:///repo/overrides.yaml': overrides })[0], /^checked for what holds in agent and server mode alike: no workload of the workspace mounts this configuration/);
  // Without the later source in the workspace, which one holds the file is not known.
  assert.match(assumed({ 'file:///repo/agent.yaml': agent })[0], /^checked for what holds in agent and server mode alike: Deployment monitoring\/edge may mount this configuration/);
});

test('a projected volume: the file comes from whichever source holds its key', () => {
  const projected = '- name: config\n  projected:\n    sources:\n      - configMap: {name: extra}\n      - secret: {name: edge-config}';
  const agent = workload('edge', 'prom/prometheus:v3.5.0', ['--agent', '--config.file=/etc/prometheus/prometheus.yml'], mountedAt('/etc/prometheus'), projected);
  const extra = configMap('extra', 'web-config.yml', 'tls_server_config: {}');
  const secret = yaml`
    apiVersion: v1
    kind: Secret
    metadata:
      name: edge-config
      namespace: monitoring
    stringData:
      prometheus.yml: |
        rule_files: [/etc/prometheus/rules.yml]
        remote_write: [{url: "https://central.example.com/api/v1/write"}]
  `;
  assert.deepEqual(check(agent, { uri: 'file:///repo/agent.yaml', workspace: { 'file:///repo/extra.yaml': extra, 'file:///repo/secret.yaml': secret } }), []);
  assert.deepEqual(configLines(secret, { 'file:///repo/agent.yaml': agent, 'file:///repo/extra.yaml': extra }, 'file:///repo/secret.yaml').map((line) => line.split(' (run by')[0]), [
    '8:5 error promconfig/agent-forbidden field rule_files is not allowed in agent mode',
  ]);
});

test('an image a kustomization sets runs the tag it sets; with several tags, or a digest, a release not known here', () => {
  const agent = workload('edge', 'prom/prometheus:v2.53.0', ['--agent', '--config.file=/etc/prometheus/prometheus.yml'], mountedAt('/etc/prometheus'), configMapVolume('edge'));
  const kustomization = 'resources: [agent.yaml]\nimages:\n  - name: prom/prometheus\n    newTag: v3.5.0\n';
  const flagLines = (workspace: Record<string, string>) => check(agent, { uri: 'file:///repo/agent.yaml', workspace }).filter((line) => line.includes(' workload/'));
  assert.deepEqual(flagLines({}).map((line) => line.split(' ')[2]), ['workload/agent-flag']);
  assert.deepEqual(flagLines({ 'file:///repo/kustomization.yaml': kustomization }), []);
  // kustomize matches the image's name as written: `prometheus` or `docker.io/prom/prometheus` is another image.
  for (const name of ['prometheus', 'docker.io/prom/prometheus']) {
    assert.deepEqual(flagLines({ 'file:///repo/kustomization.yaml': kustomization.replace('name: prom/prometheus', `name: ${name}`) }).map((line) => line.split(' ')[2]), ['workload/agent-flag'], name);
  }
  // Another image's tag leaves this one as written, and so does a new name alone.
  assert.deepEqual(flagLines({ 'file:///repo/kustomization.yaml': kustomization.replace('prom/prometheus', 'nginx') }).map((line) => line.split(' ')[2]), ['workload/agent-flag']);
  assert.deepEqual(flagLines({ 'file:///repo/kustomization.yaml': kustomization.replace('newTag: v3.5.0', 'newName: mirror.example.com/prometheus') }).map((line) => line.split(' ')[2]), ['workload/agent-flag']);
  // An overlay setting another tag: either may run, and --agent holds for one of them only.
  const overlay = 'resources: [../]\nimages:\n  - name: prom/prometheus\n    newTag: v2.53.0\n';
  assert.deepEqual(flagLines({ 'file:///repo/kustomization.yaml': kustomization, 'file:///repo/prod/kustomization.yaml': overlay }), []);
  // A build that patches its objects too may change the arguments written: which release meets them is not known.
  const v2Base = workload('edge', 'prom/prometheus:v2.45.0', ['--enable-feature=agent', '--storage.agent.path=/data'], mountedAt('/etc/prometheus'), configMapVolume('edge'));
  const patching = `${kustomization}patches:\n  - target: {kind: Deployment, name: edge}\n    patch: |\n      - {op: replace, path: /spec/template/spec/containers/0/args/0, value: --agent}\n`;
  assert.deepEqual(check(v2Base, { uri: 'file:///repo/agent.yaml', workspace: { 'file:///repo/kustomization.yaml': patching } }).filter((line) => / (error|warning) /.test(line)), []);
  // A patch that may set its image, with no `images` entry: the release is not known either.
  const retag = 'resources: [agent.yaml]\npatches:\n  - target: {kind: Deployment, name: edge}\n    patch: |\n      - {op: replace, path: /spec/template/spec/containers/0/image, value: "prom/prometheus:v3.5.0"}\n';
  assert.deepEqual(flagLines({ 'file:///repo/kustomization.yaml': retag }).filter((line) => / (error|warning) /.test(line)), []);
  assert.deepEqual(flagLines({ 'file:///repo/kustomization.yaml': retag.replace('name: edge', 'name: other') }).map((line) => line.split(' ')[2]), ['workload/agent-flag']);
  // The configuration it mounts is checked as the release the tag names.
  const v2Agent = workload('edge', 'prom/prometheus:v2.45.0', ['--enable-feature=agent', '--config.file=/etc/prometheus/prometheus.yml'], mountedAt('/etc/prometheus'), configMapVolume('edge'));
  const config = configMap('edge', 'prometheus.yml', 'scrape_configs: [{job_name: a, scrape_classic_histograms: true, static_configs: [{targets: ["a:9100"]}]}]\nremote_write: [{url: "https://central.example.com/api/v1/write"}]');
  const lines = configLines(config, { 'file:///repo/agent.yaml': v2Agent, 'file:///repo/kustomization.yaml': overlay.replace('../', 'agent.yaml') });
  assert.deepEqual(lines, []);
});

test('Prometheus before v2.32 and its flags: not modelled, so not flagged; --enable-feature=agent there runs a server', () => {
  const args = ['--config.file=/etc/prometheus/prometheus.yml', '--storage.tsdb.retention.time=15d', '--enable-feature=agent'];
  const server = workload('old', 'prom/prometheus:v2.31.1', args, mountedAt('/etc/prometheus'), configMapVolume('old'));
  assert.deepEqual(check(server, { uri: 'file:///repo/old.yaml' }).filter((line) => / (error|warning) /.test(line)), []);
  assert.deepEqual(configLines(configMap('old', 'prometheus.yml', serverConfig), { 'file:///repo/old.yaml': server }), []);
});

test('--enable-feature splits at commas and trims nothing, as Prometheus does: " agent" is no agent', () => {
  const args = ['--config.file=/etc/prometheus/prometheus.yml', '--storage.tsdb.retention.time=15d', '"--enable-feature=exemplar-storage, agent"'];
  const server = workload('global', 'prom/prometheus:v2.45.0', args, mountedAt('/etc/prometheus'), configMapVolume('global'));
  assert.deepEqual(check(server, { uri: 'file:///repo/global.yaml' }).filter((line) => / (error|warning) /.test(line)).map((line) => line.split(' ').slice(1).join(' ')), [
    'warning workload/unknown-feature Unknown option for --enable-feature: " agent"; Prometheus v2.45.0 ignores it (did you mean "agent"?)',
  ]);
  assert.deepEqual(configLines(configMap('global', 'prometheus.yml', serverConfig), { 'file:///repo/global.yaml': server }), []);
});

test('an argument @file is read from that file by kingpin when the pod runs: the mode is not known here', () => {
  const agent = workload('edge', 'prom/prometheus:v3.5.0', ['--config.file=/etc/prometheus/prometheus.yml', '"@/etc/prometheus/flags"'], mountedAt('/etc/prometheus'), configMapVolume('edge'));
  assert.deepEqual(check(agent, { uri: 'file:///repo/agent.yaml' }).filter((line) => / (error|warning) /.test(line)), []);
  assert.deepEqual(configLines(configMap('edge', 'prometheus.yml', serverConfig), { 'file:///repo/agent.yaml': agent }).map((line) => line.split(' ')[2]), ['promconfig/who-runs']);
});

test('an image tagged latest, or not tagged, runs the newest release promagent knows', () => {
  const agent = (image: string) => workload('edge', image, ['--agent', '--config.file=/etc/prometheus/prometheus.yml'], mountedAt('/etc/prometheus'), configMapVolume('edge'));
  // oci_sd_configs came in v3.14.0.
  const config = configMap('edge', 'prometheus.yml', 'scrape_configs:\n  - job_name: oci\n    oci_sd_configs: [{region: us-ashburn-1, compartments: [ocid1.compartment.oc1..x], auth: instance_principal}]\nremote_write: [{url: "https://central.example.com/api/v1/write"}]');
  for (const image of ['prom/prometheus:latest', 'prom/prometheus']) assert.deepEqual(configLines(config, { 'file:///repo/agent.yaml': agent(image) }), [], image);
  assert.match(configLines(config, { 'file:///repo/agent.yaml': agent('prom/prometheus:v3.13.0') }).join('\n'), /oci_sd_configs was added in Prometheus v3.14.0 \(checking for v3.13.0\)/);
});

test('a ConfigMap in the workload\'s own namespace is the one it mounts, even beside one that leaves its namespace out', () => {
  const agent = workload('edge', 'prom/prometheus:v3.5.0', ['--agent', '--config.file=/etc/prometheus/prometheus.yml'], mountedAt('/etc/prometheus'), configMapVolume('prometheus-config'));
  const own = configMap('prometheus-config', 'web.yml', 'tls_server_config: {}');
  const loose = configMap('prometheus-config', 'prometheus.yml', serverConfig).replace('  namespace: monitoring\n', '');
  const lines = check(agent, { uri: 'file:///repo/agent.yaml', workspace: { 'file:///repo/own.yaml': own, 'file:///repo/loose.yaml': loose } });
  assert.deepEqual(lines.map((line) => line.split(' ').slice(1, 3).join(' ')), ['warning workload/config-file']);
  assert.deepEqual(configLines(loose, { 'file:///repo/agent.yaml': agent, 'file:///repo/own.yaml': own }, 'file:///repo/loose.yaml').filter((line) => / error /.test(line)), []);
});

test('a configuration only other programs mount (Promtail, vmagent, an init container rendering a template) is theirs: not checked', () => {
  // vmagent reads Prometheus' scrape_configs with extensions of its own (`if`, stream_parse).
  const vmagentConfig = yaml`
    scrape_configs:
      - job_name: pods
        stream_parse: true
        kubernetes_sd_configs: [{role: pod}]
        relabel_configs:
          - if: '{__meta_kubernetes_pod_label_app="web"}'
            action: keep
    `;
  const vmagent = workload('vmagent', 'victoriametrics/vmagent:v1.100.0', ['-promscrape.config=/config/scrape.yml'], mountedAt('/config'), configMapVolume('vmagent-config'));
  assert.deepEqual(check([configMap('vmagent-config', 'scrape.yml', vmagentConfig), vmagent].join('---\n')), []);
  // Read by Prometheus too, it is checked as Prometheus reads it.
  const prometheus = workload('agent', 'prom/prometheus:v3.5.0', ['--agent', '--config.file=/config/scrape.yml'], mountedAt('/config'), configMapVolume('vmagent-config'));
  assert.ok(check([configMap('vmagent-config', 'scrape.yml', vmagentConfig), prometheus].join('---\n')).some((line) => line.includes('promconfig/unknown-key')));
  // A template an init container renders into an emptyDir, which Prometheus reads.
  const rendering = yaml`
    apiVersion: apps/v1
    kind: Deployment
    metadata: {name: agent, namespace: monitoring}
    spec:
      selector: {matchLabels: {app: agent}}
      template:
        metadata: {labels: {app: agent}}
        spec:
          initContainers:
            - name: render
              image: bhgedigital/envsubst
              command: [sh, -c, envsubst < /template/prometheus.yml > /rendered/prometheus.yml]
              volumeMounts: [{name: template, mountPath: /template}, {name: rendered, mountPath: /rendered}]
          containers:
            - name: prometheus
              image: prom/prometheus:v3.5.0
              args: [--agent, --config.file=/etc/prometheus/prometheus.yml]
              volumeMounts: [{name: rendered, mountPath: /etc/prometheus}]
          volumes:
            - {name: template, configMap: {name: agent-template}}
            - {name: rendered, emptyDir: {}}
    `;
  const template = configMap('agent-template', 'prometheus.yml', 'global:\n  scrape_interval: ${SCRAPE_INTERVAL}\nscrape_configs: []\n');
  assert.deepEqual(check([template, rendering].join('---\n')).filter((line) => line.includes('promconfig/')), []);
});

test('a Promtail configuration holds scrape_configs too: its server, clients and positions say it is no Prometheus configuration', () => {
  const promtail = yaml`
    server: {http_listen_port: 3101}
    clients: [{url: "http://loki:3100/loki/api/v1/push"}]
    positions: {filename: /run/promtail/positions.yaml}
    scrape_configs:
      - job_name: pods
        pipeline_stages: [{cri: {}}]
        kubernetes_sd_configs: [{role: pod}]
    `;
  assert.deepEqual(check(promtail, { uri: 'file:///repo/promtail/config.yml' }), []);
  assert.deepEqual(check(configMap('promtail', 'promtail.yaml', promtail)), []);
});

test('a ConfigMap a kustomization\'s generator adds keys to may hold the configuration: its written keys are not all it has', () => {
  const agent = workload('edge', 'prom/prometheus:v3.5.0', ['--agent', '--config.file=/etc/prometheus/prometheus.yml'], mountedAt('/etc/prometheus'), configMapVolume('edge'));
  const placeholder = 'apiVersion: v1\nkind: ConfigMap\nmetadata: {name: edge, namespace: monitoring}\ndata: {README: placeholder}\n';
  const warnings = (workspace: Record<string, string>) => check(agent, { uri: 'file:///repo/base/agent.yaml', workspace: { 'file:///repo/base/cm.yaml': placeholder, ...workspace } })
    .filter((line) => line.includes('warning workload/config-file'));
  assert.equal(warnings({}).length, 1);
  const overlay = 'resources: [../base]\nconfigMapGenerator:\n  - name: edge\n    behavior: merge\n    files: [prometheus.yml]\n';
  assert.deepEqual(warnings({ 'file:///repo/overlay/kustomization.yaml': overlay }), []);
});

test('files that hold a configuration\'s keys but are no configuration: promtool\'s rule tests, Helm values', () => {
  const ruleTests = yaml`
    rule_files: [alerts.yml]
    evaluation_interval: 1m
    tests:
      - interval: 1m
        input_series: [{series: 'up{job="node"}', values: '0x10'}]
    `;
  assert.deepEqual(check(ruleTests, { uri: 'file:///repo/tests/agent-alerts_test.yml' }), []);
  // Helm's values: a `global` of Helm's own, and any key the chart reads, scrape_configs included.
  const values = 'global:\n  rbac: {create: true}\nalertmanager:\n  enabled: true\n';
  assert.deepEqual(check(values, { uri: 'file:///repo/apps/prometheus-values.yaml' }), []);
  assert.deepEqual(check('scrape_configs: [{job_name: x, agent: true}]\n', { uri: 'file:///repo/chart/values.yaml' }), []);
  // A chart's values in a file named after it: camelCase keys are the chart's, not near misses of Prometheus' keys.
  assert.deepEqual(check('rbac: {create: true}\nscrapeConfigFiles: []\nruleFiles: {}\n', { uri: 'file:///repo/values/prometheus.yaml' }), []);
  // Promtail's older `client`.
  assert.deepEqual(check('server: {http_listen_port: 3101}\nclient: {url: "http://loki:3100/loki/api/v1/push"}\nscrape_configs: [{job_name: a, pipeline_stages: []}]\n', { uri: 'file:///repo/promtail.yaml' }), []);
  // A file named like a configuration whose global is Prometheus' is one.
  assert.deepEqual(check('global:\n  scrape_intervall: 15s\n', { uri: 'file:///repo/prometheus.yml' }).map((line) => line.split(' ')[2]), ['promconfig/unknown-key']);
});

test('a ConfigMap a kustomization\'s patch adds the key to may hold the configuration', () => {
  const agent = workload('edge', 'prom/prometheus:v3.5.0', ['--agent', '--config.file=/etc/prometheus/prometheus.yml'], mountedAt('/etc/prometheus'), configMapVolume('edge'));
  const placeholder = 'apiVersion: v1\nkind: ConfigMap\nmetadata: {name: edge, namespace: monitoring}\ndata: {README: placeholder}\n';
  const patch = 'apiVersion: v1\nkind: ConfigMap\nmetadata: {name: edge}\ndata:\n  prometheus.yml: |\n    remote_write: [{url: "https://central.example.com/api/v1/write"}]\n';
  const warnings = check(agent, {
    uri: 'file:///repo/agent.yaml',
    workspace: { 'file:///repo/cm.yaml': placeholder, 'file:///repo/cm-patch.yaml': patch, 'file:///repo/kustomization.yaml': 'resources: [agent.yaml, cm.yaml]\npatches: [{path: cm-patch.yaml}]\n' },
  }).filter((line) => line.includes('warning workload/config-file'));
  assert.deepEqual(warnings, []);
  // Inline, or by target: the same.
  const inline = `resources: [agent.yaml, cm.yaml]\npatches:\n  - patch: |\n${patch.replace(/^/gm, '      ')}\n`;
  const targeted = 'resources: [agent.yaml, cm.yaml]\npatches:\n  - target: {kind: ConfigMap, name: edge}\n    path: add-key.json\n';
  for (const kustomization of [inline, targeted]) {
    const lines = check(agent, { uri: 'file:///repo/agent.yaml', workspace: { 'file:///repo/cm.yaml': placeholder, 'file:///repo/kustomization.yaml': kustomization } });
    assert.deepEqual(lines.filter((line) => line.includes('warning workload/config-file')), [], kustomization);
  }
});

test('an edit to what another program mounts, in another file, is seen by the configuration it mounted', () => {
  const workspace = new Workspace();
  const config = workspace.set('file:///repo/cm.yaml', configMap('scrape', 'scrape.yml', 'scrape_configs:\n  - job_name: a\n    scrape_intervl: 30s\n'));
  const codes = () => checkFile(workspace.get(config.uri)!, workspace, defaultCheckOptions).map((finding) => finding.code);
  const vmagent = (volume: string, mountedBy = 'vmagent') => workload(mountedBy, mountedBy === 'vmagent' ? 'victoriametrics/vmagent:v1.100.0' : 'mycorp/scraper:1.0',
    mountedBy === 'vmagent' ? ['-promscrape.config=/config/scrape.yml'] : ['--config.file=/config/scrape.yml'], mountedAt('/config'), configMapVolume(volume));
  workspace.set('file:///repo/vmagent.yaml', vmagent('scrape'));
  assert.deepEqual(codes(), []);
  // The volume now holds another ConfigMap: nothing mounts this one, which is checked.
  workspace.set('file:///repo/vmagent.yaml', vmagent('other'));
  assert.ok(codes().includes('promconfig/unknown-key'), codes().join());
  workspace.set('file:///repo/vmagent.yaml', vmagent('scrape'));
  assert.deepEqual(codes(), []);
  // A container passing --config.file, under an image promagent does not know, may be Prometheus.
  workspace.set('file:///repo/vmagent.yaml', vmagent('scrape', 'scraper'));
  assert.ok(codes().includes('promconfig/unknown-key'), codes().join());
});

test('a configuration another program mounts too is still checked where Prometheus may read it', () => {
  const broken = 'global:\n  scrape_intervall: 30s\nscrape_configs: []\n';
  const busybox = (volume: string) => workload('backup', 'busybox:1.36', [], mountedAt('/backup'), volume).replace('- name: prometheus\n', '- name: backup\n');
  // A Secret a PrometheusAgent loads as additionalScrapeConfigs, which a backup job mounts as well.
  const agent = agentManifest('additionalScrapeConfigs: {name: extra-scrape, key: scrape.yaml}');
  const secret = 'apiVersion: v1\nkind: Secret\nmetadata: {name: extra-scrape, namespace: monitoring}\nstringData:\n  scrape.yaml: |\n    - job_name: a\n      scrape_intervall: 30s\n';
  const secretLines = check(secret, { uri: 'file:///repo/secret.yaml', workspace: { 'file:///repo/agent.yaml': agent, 'file:///repo/backup.yaml': busybox('- name: config\n  secret: {secretName: extra-scrape}') } });
  assert.ok(secretLines.some((line) => line.includes('promconfig/unknown-key')), secretLines.join('\n'));
  // Prometheus under an image name promagent does not know as Prometheus's, passing --config.file.
  const vendor = workload('server', 'registry.redhat.io/openshift4/ose-prometheus:v4.14', ['--config.file=/etc/prometheus/prometheus.yml'], mountedAt('/etc/prometheus'), configMapVolume('prom-config'));
  assert.ok(configLines(configMap('prom-config', 'prometheus.yml', broken), { 'file:///repo/server.yaml': vendor }).some((line) => line.includes('scrape_intervall')));
  // A stray `server:` key in a configuration Prometheus mounts is Prometheus' error, not another tool's file.
  const prometheus = workload('server', 'prom/prometheus:v3.5.0', ['--config.file=/etc/prometheus/prometheus.yml'], mountedAt('/etc/prometheus'), configMapVolume('prom-config'));
  assert.ok(configLines(configMap('prom-config', 'prometheus.yml', `server: {port: 1}\n${broken}`), { 'file:///repo/server.yaml': prometheus }).some((line) => line.includes('field server not found')));
});

test('a configuration nothing dates: what only some releases refuse is held back, what every release refuses is said, and one information tells how to date it', () => {
  // v3.12 and later refuse min_shards above max_shards; older releases load it. A misspelt key every release refuses.
  const config = yaml`
    # promagent: agent
    global:
      scrape_intervl: 30s
    remote_write:
      - url: https://metrics.example.com/write
        queue_config: {min_shards: 5, max_shards: 2}
  `;
  const uri = 'file:///repo/prometheus.yml';
  assert.deepEqual(check(config, { uri }), [
    '1:1 information promconfig/release-unknown checked for what holds in every Prometheus release from v2.32.0 to v3.14.0 that knows each key it uses: nothing says which one runs this configuration; say so on its first line (e.g. "# promagent: agent v3.5.0"), with the image tag of the container that runs it, or with promagent.prometheusVersion (promagent check --prometheus-version)',
    '3:3 error promconfig/unknown-key field scrape_intervl not found in type config.plain: did you mean "scrape_interval"?',
  ]);
  // Dated by its first line, by an image tag, or by the setting: the release's own verdict.
  const queueError = '6:32 error promconfig/remote-write remote write queue min_shards must not be greater than max_shards';
  assert.ok(check(config.replace('# promagent: agent', '# promagent: agent v3.12.0'), { uri }).includes(queueError));
  assert.ok(!check(config.replace('# promagent: agent', '# promagent: agent v3.11.0'), { uri }).some((line) => line.includes('remote-write') || line.includes('release-unknown')));
  assert.ok(check(config, { uri, options: { prometheusVersion: 'v3.13.1', prometheusVersionGiven: true } }).includes(queueError));
  // Held in a ConfigMap that a Deployment running an image by digest mounts: the information stands on the configuration's
  // first line. An image without a tag runs the newest release, which refuses the queue.
  const held = configMap('edge', 'prometheus.yml', config.replace('# promagent: agent\n', ''));
  const byDigest = workload('edge', `quay.io/prometheus/prometheus@sha256:${'0'.repeat(64)}`, ['--agent', '--config.file=/etc/prometheus/prometheus.yml'], mountedAt('/etc/prometheus'), configMapVolume('edge'));
  const lines = (runner: string) => configLines(held, { 'file:///repo/edge.yaml': runner }).map((line) => line.split(' ').slice(0, 3).join(' '));
  assert.deepEqual(lines(byDigest), ['8:5 information promconfig/release-unknown', '9:7 error promconfig/unknown-key']);
  // The hover on the key holding the configuration says which releases it was checked for.
  const workspace = new Workspace();
  workspace.set('file:///repo/edge.yaml', byDigest);
  const file = workspace.set('file:///repo/config.yaml', held);
  assert.match(whoRunsHover(file, held.indexOf('prometheus.yml:'), workspace, defaultCheckOptions)!.markdown,
    /- run by Deployment monitoring\/edge \(container "prometheus"\): Prometheus v3\.0\.0 to v3\.14\.0 \(the release is not known\), agent mode/);
  const untagged = byDigest.replace(/@sha256:0+/, '');
  assert.deepEqual(lines(untagged), ['9:7 error promconfig/unknown-key', '12:36 error promconfig/remote-write']);
});

test('a configuration nothing dates is dated by its keys and by what runs it: what every release it may be refuses is said', () => {
  const uri = 'file:///repo/prometheus.yml';
  const codes = (text: string, workspace: Record<string, string> = {}) => check(text, { uri, workspace }).map((line) => line.split(' ').slice(0, 3).join(' '));
  // A v3 key (fallback_scrape_protocol) leaves v3.0 to v3.14: v3.0 to v3.11 take a max_backoff below min_backoff.
  const queue = yaml`
    scrape_configs:
      - job_name: node
        fallback_scrape_protocol: PrometheusText0.0.4
        static_configs: [{targets: ['node:9100']}]
    remote_write:
      - url: http://mimir/api/v1/push
        queue_config: {max_backoff: 10ms}
  `;
  assert.deepEqual(codes(queue), ['1:1 information promconfig/release-unknown']);
  // A v2 key and a v3 key: no release takes both, and each refuses one of them.
  const halfMigrated = yaml`
    scrape_configs:
      - job_name: node
        scrape_classic_histograms: true
        fallback_scrape_protocol: PrometheusText0.0.4
        static_configs: [{targets: ['node:9100']}]
  `;
  assert.deepEqual(codes(halfMigrated), ['1:1 information promconfig/release-unknown', '3:5 error promconfig/key-version', '4:5 error promconfig/key-version']);
  // Kustomize overlays run v3.12.0 and v3.13.0: both refuse min_shards above max_shards.
  const base = 'file:///repo/base/';
  const config = configMap('prom-config', 'prometheus.yml', 'remote_write:\n  - url: http://mimir/api/v1/push\n    queue_config: {min_shards: 10, max_shards: 5}\n');
  const workspace = {
    [`${base}statefulset.yaml`]: workload('edge', 'quay.io/prometheus/prometheus:v3.12.0', ['--agent', '--config.file=/etc/prometheus/prometheus.yml'], mountedAt('/etc/prometheus'), configMapVolume('prom-config')),
    [`${base}kustomization.yaml`]: 'resources: [statefulset.yaml, configmap.yaml]\n',
    'file:///repo/overlays/eu/kustomization.yaml': 'resources: [../../base]\nimages: [{name: quay.io/prometheus/prometheus, newTag: v3.12.0}]\n',
    'file:///repo/overlays/us/kustomization.yaml': 'resources: [../../base]\nimages: [{name: quay.io/prometheus/prometheus, newTag: v3.13.0}]\n',
  };
  assert.deepEqual(configLines(config, workspace, `${base}configmap.yaml`).map((line) => line.split(' ').slice(0, 3).join(' ')),
    ['10:36 error promconfig/remote-write']);
});

test('other programs\' files that look like Prometheus configurations are theirs: Grafana Agent, Parca, promxy, vmagent, Sysdig, Helm values', () => {
  const clean = (text: string, uri: string) => assert.deepEqual(check(text, { uri }), [], uri);
  // A Grafana Agent scraping-service instance, Parca's and promxy's configurations: keys of their own beside Prometheus'.
  clean('host_filter: false\nwrite_stale_on_shutdown: true\nscrape_configs:\n  - job_name: agent-1\n    static_configs: [{targets: [agent-1:12345]}]\nremote_write:\n  - url: http://cortex:9009/api/prom/push\n', 'file:///repo/agent-1.yaml');
  clean('debug_info:\n  bucket: {type: FILESYSTEM, config: {directory: ./tmp}}\nscrape_configs:\n  - job_name: parca\n    static_configs: [{targets: [localhost:7070]}]\n', 'file:///repo/parca.yaml');
  clean('global: {evaluation_interval: 5s}\nremote_write: [{url: http://localhost:8083/receive}]\npromxy:\n  server_groups: [{static_configs: [{targets: [localhost:9090]}]}]\n', 'file:///repo/config.yaml');
  // vmagent's -promscrape.config file, and the Sysdig agent's ConfigMap, with jobs only they read.
  clean('global: {scrape_interval: 30s}\nscrape_configs:\n  - job_name: node\n    stream_parse: true\n    static_configs: [{targets: [node1:9100]}]\n', 'file:///repo/scrape.yml');
  clean(configMap('sysdig-agent', 'prometheus.yaml', 'global: {scrape_interval: 15s}\nscrape_configs:\n  - job_name: prometheus\n    sysdig_sd_configs: [{tags: {namespace: monitoring}}]\n'), 'file:///repo/sysdig-agent.yaml');
  // A chart's values whose global holds camelCase keys: no near miss of scrape_interval, and nothing for fix to rename.
  clean('global:\n  scrapeInterval: 60s\ncluster:\n  name: my-cluster\n', 'file:///repo/grafana-agent.yaml');
  // Mounted beside the operator's config reloader, a vmagent configuration is still vmagent's.
  const vmagent = workload('vmagent', 'victoriametrics/vmagent:v1.102.1', ['-promscrape.config=/config/scrape.yml'], mountedAt('/config'), configMapVolume('vmagent-config'))
    .replace('      volumes:', '        - name: reloader\n          image: quay.io/prometheus-operator/prometheus-config-reloader:v0.93.0\n          volumeMounts: [{name: config, mountPath: /config}]\n      volumes:');
  clean([configMap('vmagent-config', 'scrape.yml', 'scrape_configs:\n  - job_name: node\n    scrape_intervl: 30s\n'), vmagent].join('---\n'), 'file:///repo/vmagent.yaml');
});

test('a fork\'s own flags are no unknown flags: Google\'s managed collection image takes --export.*', () => {
  const gmp = workload('prometheus-test', 'gke.gcr.io/prometheus-engine/prometheus:v2.53.4-gmp.0-gke.1',
    ['--config.file=/etc/prometheus/prometheus.yml', '--export.label.project-id=my-project', '--export.label.location=us-central1'], mountedAt('/etc/prometheus'), configMapVolume('prom'));
  assert.deepEqual(check(gmp).filter((line) => line.includes('workload/unknown-flag')), []);
  // Upstream's image refuses them.
  assert.equal(check(gmp.replace('gke.gcr.io/prometheus-engine/prometheus:v2.53.4-gmp.0-gke.1', 'quay.io/prometheus/prometheus:v2.53.4'))
    .filter((line) => line.includes('workload/unknown-flag')).length, 2);
});

test('jobs a ConfigMap key holds, pulled in with scrape_config_files where the workload mounts them, inherit the global of the configuration pulling them in', () => {
  const main = 'global:\n  scrape_interval: 2m\nscrape_config_files:\n  - jobs.yml\nremote_write:\n  - url: http://mimir:8080/api/v1/push\n';
  const jobs = (timeout: string) => `scrape_configs:\n  - job_name: slow-exporter\n    scrape_timeout: ${timeout}\n    static_configs: [{targets: ['exporter:9000']}]\n`;
  const oneMap = (timeout: string) => configMap('prometheus-config', 'prometheus.yml', main)
    + `  jobs.yml: |\n${jobs(timeout).trimEnd().split('\n').map((line) => `    ${line}`).join('\n')}\n`;
  const agent = workload('edge', 'quay.io/prometheus/prometheus:v3.5.0', ['--agent', '--config.file=/etc/prometheus/prometheus.yml'], mountedAt('/etc/prometheus'), configMapVolume('prometheus-config'));
  const codes = (lines: string[]) => lines.map((line) => line.split(' ').slice(0, 3).join(' '));
  // 100s is within the 2m interval the jobs inherit; 3m is not.
  assert.deepEqual(codes(configLines(oneMap('100s'), { 'file:///repo/agent.yaml': agent })), []);
  assert.deepEqual(codes(configLines(oneMap('3m'), { 'file:///repo/agent.yaml': agent })), ['17:25 error promconfig/scrape-timeout']);
  // The jobs in a ConfigMap of their own, mounted in a folder an absolute pattern names.
  const jobsMap = configMap('agent-jobs', 'slow.yml', jobs('100s'));
  const twoMounts = agent
    .replace('  mountPath: /etc/prometheus', '  mountPath: /etc/prometheus\n- name: jobs\n  mountPath: /etc/prometheus/jobs'.replace(/\n/g, '\n            '))
    .replace('    name: prometheus-config', '    name: prometheus-config\n- name: jobs\n  configMap:\n    name: agent-jobs'.replace(/\n/g, '\n        '));
  const workspace = { 'file:///repo/agent.yaml': twoMounts, 'file:///repo/config.yaml': configMap('prometheus-config', 'prometheus.yml', main.replace('- jobs.yml', '- /etc/prometheus/jobs/*.yml')) };
  assert.deepEqual(configLines(jobsMap, workspace, 'file:///repo/jobs.yaml'), []);
  // An edit of the global pulling them in checks them again.
  const editor = new Workspace();
  for (const [uri, text] of Object.entries({ ...workspace, 'file:///repo/jobs.yaml': jobsMap })) editor.set(uri, text);
  const jobsFindings = () => checkFile(editor.get('file:///repo/jobs.yaml')!, editor, defaultCheckOptions).map((finding) => finding.code);
  assert.deepEqual(jobsFindings(), []);
  // A comment typed in the jobs first: checked again, with what pulls them in as it was.
  const commented = `# slow exporters\n${jobsMap}`;
  editor.set('file:///repo/jobs.yaml', commented, { base: jobsMap, start: 0, end: '# slow exporters\n'.length });
  assert.deepEqual(jobsFindings(), []);
  editor.set('file:///repo/config.yaml', workspace['file:///repo/config.yaml'].replace('scrape_interval: 2m', 'scrape_interval: 1m'));
  assert.deepEqual(jobsFindings(), ['promconfig/scrape-timeout']);
});

test('jobs pulled in from a mounted key: only the workloads that mount it read them, each with its own configuration\'s global; projected volumes too', () => {
  const mounts = (...pairs: [string, string][]) => pairs.map(([volume, path]) => `- name: ${volume}\n  mountPath: ${path}`).join('\n');
  const configMapVolumes = (...pairs: [string, string][]) => pairs.map(([volume, map]) => `- name: ${volume}\n  configMap:\n    name: ${map}`).join('\n');
  const args = ['--agent', '--config.file=/etc/prometheus/prometheus.yml'];
  const main = (interval: string, name = 'prom-config') => configMap(name, 'prometheus.yml', `global:\n  scrape_interval: ${interval}\nscrape_config_files: [/etc/prometheus/jobs/*.yml]\nremote_write: [{url: "http://mimir/api/v1/push"}]\n`);
  const jobs = (key: string) => configMap('agent-jobs', 'slow.yml', `scrape_configs:\n  - job_name: slow\n    ${key}\n    static_configs: [{targets: ['exporter:9000']}]\n`);
  const codes = (held: string, workspace: Record<string, string>) => configLines(held, workspace, 'file:///repo/jobs.yaml').map((line) => line.split(' ')[2]);
  // Only `a` mounts the jobs: v3.13 has scrape_native_histograms; `b`, on v3.0, never reads the file.
  const a = workload('a', 'quay.io/prometheus/prometheus:v3.13.0', args, mounts(['config', '/etc/prometheus'], ['jobs', '/etc/prometheus/jobs']), configMapVolumes(['config', 'prom-config'], ['jobs', 'agent-jobs']));
  const b = workload('b', 'quay.io/prometheus/prometheus:v3.0.0', args, mounts(['config', '/etc/prometheus']), configMapVolumes(['config', 'prom-config']));
  assert.deepEqual(codes(jobs('scrape_native_histograms: true'), { 'file:///repo/a.yaml': a, 'file:///repo/b.yaml': b, 'file:///repo/config.yaml': main('2m') }), []);
  // Two configurations in one file, each run by its workload: each one's global, whatever their order.
  const c = a.replace(/name: a\b/g, 'name: c').replace('name: prom-config', 'name: fast-config');
  for (const configs of [[main('2m'), main('30s', 'fast-config')], [main('30s', 'fast-config'), main('2m')]]) {
    const workspace = { 'file:///repo/a.yaml': a, 'file:///repo/c.yaml': c, 'file:///repo/config.yaml': configs.join('---\n') };
    assert.deepEqual(codes(jobs('scrape_timeout: 90s'), workspace), ['promconfig/scrape-timeout']);
  }
  // One projected volume holding both ConfigMaps.
  const projected = workload('p', 'quay.io/prometheus/prometheus:v3.13.0', args, mounts(['config', '/etc/prometheus']),
    '- name: config\n  projected:\n    sources:\n      - configMap: {name: prom-config}\n      - configMap: {name: agent-jobs, items: [{key: slow.yml, path: jobs/slow.yml}]}');
  assert.deepEqual(codes(jobs('scrape_timeout: 90s'), { 'file:///repo/p.yaml': projected, 'file:///repo/config.yaml': main('2m') }), []);
  // Pulled in only once the configuration names it: checked again then. Before, nothing of the workspace pulls it in,
  // and a configuration elsewhere may: the global its jobs inherit is not known.
  const editor = new Workspace();
  editor.set('file:///repo/a.yaml', a);
  editor.set('file:///repo/config.yaml', main('30s').replace('scrape_config_files: [/etc/prometheus/jobs/*.yml]\n', ''));
  editor.set('file:///repo/jobs.yaml', jobs('scrape_timeout: 90s'));
  const jobFindings = () => checkFile(editor.get('file:///repo/jobs.yaml')!, editor, defaultCheckOptions).map((finding) => finding.code).filter((code) => code.startsWith('promconfig/scrape'));
  assert.deepEqual(jobFindings(), []);
  editor.set('file:///repo/config.yaml', main('30s'));
  assert.deepEqual(jobFindings(), ['promconfig/scrape-timeout']);
  editor.set('file:///repo/config.yaml', main('2m'));
  assert.deepEqual(jobFindings(), []);
});

test('a configuration nothing dates: no release with every key keeps what both ends raise besides, and keys under newer parents date it too', () => {
  const uri = 'file:///repo/prometheus.yml';
  const codes = (text: string) => check(text, { uri }).map((line) => line.split(' ').slice(0, 3).join(' '));
  assert.deepEqual(codes('global: {scrape_intervl: 30s}\nscrape_configs:\n  - job_name: node\n    scrape_classic_histograms: true\n    fallback_scrape_protocol: PrometheusText0.0.4\n'),
    ['1:1 information promconfig/release-unknown', '1:10 error promconfig/unknown-key', '4:5 error promconfig/key-version', '5:5 error promconfig/key-version']);
  // azuread came in v2.45, its workload_identity in v3.7: every release from v3.7 refuses Alertmanager api_version v1.
  const server = '# promagent: server\nalerting:\n  alertmanagers:\n    - api_version: v1\n      static_configs: [{targets: [am:9093]}]\nremote_write:\n  - url: https://example.com/write\n    azuread: {cloud: AzurePublic, workload_identity: {client_id: 00000000-0000-0000-0000-000000000000, tenant_id: 00000000-0000-0000-0000-000000000000}}\n';
  assert.ok(codes(server).includes('4:20 error promconfig/alerting'), codes(server).join('\n'));
});

test('kustomize overlays setting tags over a base that runs its own: every tag may run, the base\'s too', () => {
  const config = configMap('prom-config', 'prometheus.yml', 'remote_write:\n  - url: http://mimir/api/v1/push\n    queue_config: {min_shards: 10, max_shards: 5}\n');
  const base = 'file:///repo/base/';
  const workspace = (baseTag: string) => ({
    [`${base}statefulset.yaml`]: workload('edge', `quay.io/prometheus/prometheus:${baseTag}`, ['--agent', '--config.file=/etc/prometheus/prometheus.yml'], mountedAt('/etc/prometheus'), configMapVolume('prom-config')),
    [`${base}kustomization.yaml`]: 'resources: [statefulset.yaml, configmap.yaml]\n',
    'file:///repo/overlays/eu/kustomization.yaml': 'resources: [../../base]\nimages: [{name: quay.io/prometheus/prometheus, newTag: v3.12.0}]\n',
    'file:///repo/overlays/us/kustomization.yaml': 'resources: [../../base]\nimages: [{name: quay.io/prometheus/prometheus, newTag: v3.13.0}]\n',
  });
  const codes = (baseTag: string) => configLines(config, workspace(baseTag), `${base}configmap.yaml`).map((line) => line.split(' ')[2]);
  // v3.5.0, applied alone, loads the queue that v3.12 and later refuse.
  assert.deepEqual(codes('v3.5.0'), ['promconfig/release-unknown']);
  assert.deepEqual(codes('v3.12.0'), ['promconfig/remote-write']);
});

test('jobs pulled in from a mounted key: a projection with a Secret kept elsewhere, environments in folders, workloads of one name', () => {
  const args = ['--agent', '--config.file=/etc/prometheus/prometheus.yml'];
  const main = configMap('prom-config', 'prometheus.yml', 'global:\n  scrape_interval: 2m\nscrape_config_files: [jobs/*.yml]\nremote_write: [{url: "http://mimir/api/v1/push"}]\n').replace('  namespace: monitoring\n', '');
  const jobs = (key: string) => configMap('agent-jobs', 'slow.yml', `scrape_configs:\n  - job_name: slow\n    ${key}\n    static_configs: [{targets: ['exporter:9000']}]\n`).replace('  namespace: monitoring\n', '');
  const withJobs = (name: string, image: string, configVolume: string) => workload(name, image, args,
    '- name: config\n  mountPath: /etc/prometheus\n- name: jobs\n  mountPath: /etc/prometheus/jobs', `${configVolume}\n- name: jobs\n  configMap:\n    name: agent-jobs`).replace('  namespace: monitoring\n', '');
  const codes = (uri: string, workspace: Record<string, string>) => check(workspace[uri], { uri, workspace }).filter((line) => line.includes(' promconfig/')).map((line) => line.split(' ')[2]);
  // The configuration's volume projects a credentials Secret beside it, which the repository does not hold.
  const projected = withJobs('edge', 'quay.io/prometheus/prometheus:v3.13.0', '- name: config\n  projected:\n    sources:\n      - configMap: {name: prom-config}\n      - secret: {name: rw-creds}');
  assert.deepEqual(codes('file:///r/jobs.yaml', { 'file:///r/edge.yaml': projected, 'file:///r/main.yaml': main, 'file:///r/jobs.yaml': jobs('scrape_timeout: 90s') }), []);
  // dev/ and prod/ each hold the workload, its configuration and its jobs, no namespace written: each pulls in its own.
  const env = (folder: string) => ({
    [`file:///r/${folder}/sts.yaml`]: withJobs('edge', 'quay.io/prometheus/prometheus:v3.13.0', '- name: config\n  configMap:\n    name: prom-config'),
    [`file:///r/${folder}/main.yaml`]: main, [`file:///r/${folder}/jobs.yaml`]: jobs('scrape_timeout: 90s'),
  });
  assert.deepEqual(codes('file:///r/dev/jobs.yaml', { ...env('dev'), ...env('prod') }), []);
  // Two workloads of one name in two folders, one shared configuration: only the one mounting the jobs reads them.
  const prod = workload('edge', 'quay.io/prometheus/prometheus:v3.0.0', args, mountedAt('/etc/prometheus'), configMapVolume('prom-config')).replace('  namespace: monitoring\n', '');
  const shared = { 'file:///r/dev/sts.yaml': withJobs('edge', 'quay.io/prometheus/prometheus:v3.13.0', '- name: config\n  configMap:\n    name: prom-config'),
    'file:///r/prod/sts.yaml': prod, 'file:///r/main.yaml': main, 'file:///r/jobs.yaml': jobs('scrape_native_histograms: true') };
  assert.deepEqual(codes('file:///r/jobs.yaml', shared), []);
});

test('v2.55 run with --enable-feature=utf8-names reads label names as UTF-8; without the feature, or before v2.55, as legacy names', () => {
  const config = `global:\n  external_labels: {k8s.cluster: prod}\nscrape_configs:\n  - job_name: api\n    static_configs:\n      - targets: ['api:8080']\n        labels: {http.method: GET}\nremote_write:\n  - url: http://mimir:8080/api/v1/push\n`;
  const held = configMap('edge', 'prometheus.yml', config);
  const runBy = (image: string, features: string) => ({
    'file:///repo/agent.yaml': workload('edge', image, [`"--enable-feature=${features}"`, '--config.file=/etc/prometheus/prometheus.yml'], mountedAt('/etc/prometheus'), configMapVolume('edge')),
  });
  const labelNames = (others: Record<string, string>) => configLines(held, others).filter((line) => line.includes('promconfig/label-name')).map((line) => line.split(' ').slice(0, 4).join(' '));
  assert.deepEqual(labelNames(runBy('prom/prometheus:v2.55.1', 'agent,utf8-names')), []);
  const legacy = ['9:25 error promconfig/label-name "k8s.cluster"', '14:22 error promconfig/label-name "http.method"'];
  assert.deepEqual(labelNames(runBy('prom/prometheus:v2.55.1', 'agent')), legacy);
  assert.deepEqual(labelNames(runBy('prom/prometheus:v2.54.1', 'agent,utf8-names')), legacy);
});

test('jobs pulled in from mounted keys: a job name found again in a later key stops Prometheus, as it reads the keys, in each workload mounting them', () => {
  const job = (name: string) => `  - job_name: ${name}\n    static_configs: [{targets: ['${name}:80']}]\n`;
  const main = `scrape_config_files: [/etc/prometheus/jobs-*.yml, /etc/prometheus/jobs-b.yml]\nscrape_configs:\n${job('node')}remote_write: [{url: "http://mimir/api/v1/push"}]\n`;
  const held = (b: string) => configMap('prom-config', 'prometheus.yml', main) + `  jobs-a.yml: |\n${indented(`scrape_configs:\n${job('node')}${job('api')}`, 4)}\n`
    + `  jobs-b.yml: |\n${indented(`scrape_configs:\n${b}`, 4)}\n`;
  const agent = workload('edge', 'quay.io/prometheus/prometheus:v3.5.0', ['--agent', '--config.file=/etc/prometheus/prometheus.yml'], mountedAt('/etc/prometheus'), configMapVolume('prom-config'));
  // jobs-b.yml is matched by both patterns: read twice, its own jobs come again.
  assert.deepEqual(configLines(held(job('api')), { 'file:///repo/agent.yaml': agent }), [
    '15:19 error promconfig/duplicate-job-name "/etc/prometheus/jobs-a.yml": found multiple scrape configs with job name "node", first found in main config file',
    '21:19 error promconfig/duplicate-job-name "/etc/prometheus/jobs-b.yml": found multiple scrape configs with job name "api", first found in "/etc/prometheus/jobs-a.yml"',
  ]);
  assert.deepEqual(configLines(held('  []').replace('scrape_configs:\n      []', 'scrape_configs: []'), { 'file:///repo/agent.yaml': agent }), [
    '15:19 error promconfig/duplicate-job-name "/etc/prometheus/jobs-a.yml": found multiple scrape configs with job name "node", first found in main config file',
  ]);
  assert.deepEqual(configLines(held(job('web')), { 'file:///repo/agent.yaml': agent }), [
    '15:19 error promconfig/duplicate-job-name "/etc/prometheus/jobs-a.yml": found multiple scrape configs with job name "node", first found in main config file',
    '21:19 error promconfig/duplicate-job-name "/etc/prometheus/jobs-b.yml": found multiple scrape configs with job name "web", first found in "/etc/prometheus/jobs-b.yml"',
  ]);
  // Without a workload mounting them, nothing says which keys Prometheus reads, or in which order.
  assert.deepEqual(configLines(held(job('api'))).filter((line) => line.includes('duplicate-job-name')), []);
  // The keys read before are in another file: an edit there is seen.
  const editor = new Workspace();
  const earlier = configMap('early-jobs', 'jobs-a.yml', `scrape_configs:\n${job('api')}`);
  const later = configMap('prom-config', 'prometheus.yml', main.replace(', /etc/prometheus/jobs-b.yml', '')) + `  jobs-b.yml: |\n${indented(`scrape_configs:\n${job('api')}`, 4)}\n`;
  const projected = agent.replace('configMap:\n            name: prom-config', 'projected:\n            sources: [{configMap: {name: prom-config}}, {configMap: {name: early-jobs}}]');
  editor.set('file:///repo/agent.yaml', projected);
  editor.set('file:///repo/early.yaml', earlier);
  editor.set('file:///repo/config.yaml', later);
  const laterFindings = () => checkFile(editor.get('file:///repo/config.yaml')!, editor, defaultCheckOptions).filter((f) => f.code === 'promconfig/duplicate-job-name').length;
  assert.equal(laterFindings(), 1);
  editor.set('file:///repo/early.yaml', earlier.replace('job_name: api', 'job_name: other'));
  assert.equal(laterFindings(), 0);
});

test('a name alone says an agent runs it: what an agent refuses is information, and promagent fix leaves it', () => {
  const receiver = configMap('agent-receiver', 'prometheus.yml', serverConfig);
  const found = findings(receiver, { uri: 'file:///repo/receiver.yaml' });
  assert.deepEqual(found.filter((finding) => finding.code.startsWith('promconfig/agent-')).map((finding) => `${finding.severity} ${finding.code} ${finding.fixes.map((fix) => fix.preferred ?? false)}`), [
    'information promconfig/agent-remote-write ', 'information promconfig/agent-ignored false', 'information promconfig/agent-forbidden false',
    'information promconfig/agent-forbidden false',
  ]);
  assert.ok(found.some((finding) => finding.code === 'promconfig/who-runs'));
  assert.ok(!found.some((finding) => finding.severity === 'error' || finding.severity === 'warning'), found.map((finding) => finding.message).join('\n'));
});

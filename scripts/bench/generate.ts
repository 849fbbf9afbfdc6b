// Deterministic inputs for the benchmark: a seeded generator of realistic manifests and agent configurations.

/** mulberry32: a tiny seeded PRNG, so every run measures the same text. */
export function random(seed: number): () => number {
  let state = seed >>> 0;
  return () => {
    state = (state + 0x6d2b79f5) >>> 0;
    let t = state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

const pick = <T>(next: () => number, items: readonly T[]): T => items[Math.floor(next() * items.length)];

function agent(next: () => number, i: number): string {
  const mode = pick(next, ['StatefulSet', 'DaemonSet', 'Sidecar'] as const);
  const lines = [
    'apiVersion: monitoring.coreos.com/v1alpha1', 'kind: PrometheusAgent', 'metadata:', `  name: agent-${i}`, '  namespace: monitoring',
    '  labels:', `    team: team-${i % 7}`, 'spec:', `  mode: ${mode}`, `  scrapeInterval: ${pick(next, ['15s', '30s', '1m'])}`,
  ];
  if (mode === 'StatefulSet') lines.push('  replicas: 2', '  serviceMonitorSelector:', '    matchLabels:', `      team: team-${i % 7}`);
  if (mode === 'DaemonSet') lines.push('  podMonitorSelector:', '    matchLabels:', '      scrape: node-local', '  tolerations:', '    - operator: Exists');
  lines.push(
    '  resources:', '    requests:', '      cpu: 100m', '      memory: 256Mi', '  externalLabels:', `    cluster: cluster-${i % 5}`,
    '  remoteWrite:', `    - url: https://metrics-${i % 3}.example.com/api/v1/write`, '      basicAuth:', '        username:',
    '          name: remote-write', '          key: username', '        password:', '          name: remote-write', '          key: password',
    '      queueConfig:', '        maxSamplesPerSend: 2000',
  );
  return lines.join('\n');
}

function deployment(next: () => number, i: number, agents: number): string {
  return [
    'apiVersion: apps/v1', 'kind: Deployment', 'metadata:', `  name: app-${i}`, `  namespace: ns-${i % 11}`, 'spec:', `  replicas: ${1 + (i % 3)}`,
    '  selector:', '    matchLabels:', `      app: app-${i}`, '  template:', '    metadata:', '      labels:', `        app: app-${i}`,
    '      annotations:', '        prometheus.operator.io/scrape: "true"', '        prometheus.operator.io/port: http-metrics',
    `        prometheus.operator.io/scrape-interval: ${pick(next, ['15s', '30s'])}`,
    `        prometheus.operator.io/agent-selector: monitoring/agent-${Math.floor(next() * agents)}`,
    '    spec:', '      containers:', `        - name: app-${i}`, `          image: registry.example.com/app-${i}:1.${i % 9}.0`, '          ports:',
    '            - name: http', '              containerPort: 8080', '            - name: http-metrics', '              containerPort: 9102',
  ].join('\n');
}

export function promConfig(next: () => number, i: number): string {
  const jobs = 1 + Math.floor(next() * 4);
  const lines = ['global:', `  scrape_interval: ${pick(next, ['15s', '30s', '1m'])}`, '  external_labels:', `    cluster: cluster-${i % 5}`, 'scrape_configs:'];
  for (let j = 0; j < jobs; j++) {
    lines.push(`  - job_name: job-${i}-${j}`, '    static_configs:', `      - targets: ['host-${j}.example.com:9100', 'host-${j + 1}.example.com:9100']`,
      '    relabel_configs:', '      - source_labels: [__address__]', '        regex: "(.*):9100"', '        target_label: instance', '        replacement: $1');
  }
  lines.push('remote_write:', `  - url: https://metrics-${i % 3}.example.com/api/v1/write`, '    queue_config:', '      max_samples_per_send: 2000');
  return lines.join('\n');
}

function configMap(next: () => number, i: number): string {
  const config = promConfig(next, i).split('\n').map((l) => `    ${l}`).join('\n');
  return ['apiVersion: v1', 'kind: ConfigMap', 'metadata:', `  name: agent-config-${i}`, '  namespace: monitoring', 'data:', '  prometheus.yml: |', config].join('\n');
}

function unrelated(next: () => number, i: number): string {
  return pick(next, [
    ['apiVersion: v1', 'kind: Service', 'metadata:', `  name: svc-${i}`, 'spec:', '  selector:', `    app: app-${i}`, '  ports:', '    - port: 80', '      targetPort: http'],
    ['apiVersion: v1', 'kind: ServiceAccount', 'metadata:', `  name: sa-${i}`, `  namespace: ns-${i % 11}`],
    ['apiVersion: networking.k8s.io/v1', 'kind: Ingress', 'metadata:', `  name: web-${i}`, 'spec:', '  rules:', `    - host: web-${i}.example.com`],
  ]).join('\n');
}

/** A multi-document manifest of about `lines` lines: agents in all modes, annotated Deployments, ConfigMaps, others. */
export function manifest(lines: number, seed = 42): string {
  const next = random(seed);
  const documents: string[] = [];
  let count = 0;
  let agents = 0;
  for (let i = 0; count < lines; i++) {
    const roll = next();
    const text = roll < 0.2 ? agent(next, agents++) : roll < 0.55 ? deployment(next, i, Math.max(agents, 1)) : roll < 0.7 ? configMap(next, i) : unrelated(next, i);
    documents.push(text);
    count += text.split('\n').length + 1;
  }
  return documents.join('\n---\n') + '\n';
}

export function configCorpus(count: number, seed = 7): string[] {
  const next = random(seed);
  return Array.from({ length: count }, (_, i) => promConfig(next, i) + '\n');
}

function serviceMonitor(i: number, agents: number): string {
  return [
    'apiVersion: monitoring.coreos.com/v1', 'kind: ServiceMonitor', 'metadata:', `  name: app-${i}`, `  namespace: ns-${i % 11}`,
    '  labels:', `    team: team-${i % Math.max(agents, 1) % 7}`, 'spec:', '  selector:', '    matchLabels:', `      app: app-${i}`,
    '  endpoints:', '    - port: http-metrics', '      interval: 30s',
  ].join('\n');
}

function service(i: number): string {
  return [
    'apiVersion: v1', 'kind: Service', 'metadata:', `  name: app-${i}`, `  namespace: ns-${i % 11}`, '  labels:', `    app: app-${i}`, 'spec:',
    '  selector:', `    app: app-${i}`, '  ports:', '    - name: http-metrics', '      port: 9102', '      targetPort: http-metrics',
  ].join('\n');
}

/** A Prometheus configuration file that pulls its jobs from the files of a folder beside it (scrape_config_files). */
function includingConfig(next: () => number, i: number): string {
  return ['# promagent: agent', ...promConfig(next, i).split('\n').filter((line) => line !== 'scrape_configs:' && !line.startsWith('  - job_name') && !line.startsWith('    ') && !line.startsWith('      ')),
    'scrape_config_files:', `  - jobs-${i}/*.yml`].join('\n');
}

function includedJobs(i: number, j: number): string {
  return ['scrape_configs:', `  - job_name: included-${i}-${j}`, '    static_configs:', `      - targets: ['included-${j}.example.com:9100']`].join('\n');
}

/**
 * A repository of `files` manifest files as teams keep them, one or a few documents each: PrometheusAgents in all
 * modes (one per 50 files), annotated Deployments with their Services and ServiceMonitors, ConfigMaps holding agent
 * configurations, Prometheus configurations pulling jobs from other files (scrape_config_files), unrelated objects,
 * and now and then the same object twice in one folder. Paths are relative; references cross files throughout.
 */
export function repository(files: number, seed = 11): { path: string; text: string }[] {
  const next = random(seed);
  const agents = Math.max(1, Math.floor(files / 50));
  const out: { path: string; text: string }[] = [];
  const add = (path: string, ...documents: string[]) => out.push({ path, text: documents.join('\n---\n') + '\n' });
  for (let i = 0; out.length < files; i++) {
    const folder = `teams/team-${i % 23}`;
    const roll = next();
    if (i < agents) add(`monitoring/agents/agent-${i}.yaml`, agent(next, i));
    else if (roll < 0.4) add(`${folder}/app-${i}.yaml`, deployment(next, i, agents), service(i));
    else if (roll < 0.6) add(`${folder}/monitors/app-${i}.yaml`, serviceMonitor(i, agents));
    else if (roll < 0.72) add(`${folder}/config/agent-config-${i}.yaml`, configMap(next, i));
    else if (roll < 0.76 && out.length + 3 <= files) {
      add(`${folder}/prometheus/agent-${i}.yml`, includingConfig(next, i));
      for (let j = 0; j < 2; j++) add(`${folder}/prometheus/jobs-${i}/job-${j}.yml`, includedJobs(i, j));
    } else if (roll < 0.78) add(`${folder}/misc/shared-${i}.yaml`, unrelated(next, i % 5), unrelated(next, i % 5));
    else add(`${folder}/misc/objects-${i}.yaml`, ...Array.from({ length: 1 + Math.floor(next() * 3) }, (_, k) => unrelated(next, i * 3 + k)));
  }
  return out;
}

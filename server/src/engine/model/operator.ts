import { asRecord } from '../util/record';
import type { CheckOptions } from '../types';
import { compareVersions } from '../util/version';

/**
 * The prometheus-operator release promagent models, in one table: its version, the Prometheus it runs by default,
 * its default mode, its feature gates with their default state, and the Prometheus versions below which it drops a
 * field. Rules and the renderer read these facts here and nowhere else.
 */
export const operatorRelease = {
  version: 'v0.93.0',
  /** The last entry of the operator's PrometheusCompatibilityMatrix: the Prometheus it runs when spec.version is unset. */
  defaultPrometheusVersion: 'v3.13.1',
  /** What `spec.mode` means when unset. */
  defaultAgentMode: 'StatefulSet',
  /** `--feature-gates`, with the state each has when the flag does not name it (pkg/operator's defaults). */
  featureGates: {
    PrometheusAgentDaemonSet: { enabledByDefault: false, enables: 'the DaemonSet mode of PrometheusAgent' },
    PrometheusTopologySharding: { enabledByDefault: true, enables: 'zone-aware sharding (shardingStrategy.mode: Topology)' },
    PrometheusShardRetentionPolicy: { enabledByDefault: true, enables: 'the shard retention policy' },
    StatusForConfigurationResources: { enabledByDefault: false, enables: 'status updates on ServiceMonitors, PodMonitors, Probes and ScrapeConfigs' },
    RemoteWriteCustomResourceDefinition: { enabledByDefault: false, enables: 'the RemoteWrite CRD' },
  },
} as const;

export type FeatureGate = keyof typeof operatorRelease.featureGates;

/**
 * The Prometheus version a field of the spec needs: below it the operator drops the field with a log line (or, for
 * what it emits itself, leaves it out of what it creates).
 */
export const minimumPrometheus = {
  webConfigFile: 'v2.24.0',
  enableFeatures: 'v2.25.0',
  globalLimits: 'v2.45.0',
  nativeHistograms: 'v2.45.0',
  azureAd: 'v2.45.0',
  otlpWriteReceiverFeature: 'v2.47.0',
  keepDroppedTargets: 'v2.47.0',
  scrapeProtocols: 'v2.49.0',
  sampleAgeLimit: 'v2.50.0',
  runtime: 'v2.53.0',
  outOfOrderTimeWindow: 'v2.54.0',
  remoteWriteMessageVersion: 'v2.54.0',
  sigv4FipsEndpoint: 'v2.54.0',
  scrapeFailureLogFile: 'v2.55.0',
  otlp: 'v2.55.0',
  roundRobinDNS: 'v3.1.0',
  sigv4ExternalId: 'v3.11.0',
  staleSeriesCompactionThreshold: 'v3.10.0',
  chunkEncoding: 'v3.13.0',
  /** Up to this version (excluded) the operator enables metadata-wal-records for remote-write 2.0. */
  metadataWalRecordsUntil: 'v3.4.0',
} as const;

/**
 * The tsdb settings of a PrometheusAgent the operator writes into prometheus.yml each in a `storage` section of its own
 * (GenerateAgentConfiguration), from the Prometheus each needs: where it writes two, the file holds `storage` twice,
 * which Prometheus refuses (go-yaml's strict decoding). A server's settings share one section.
 */
export const agentStorageSections = [
  { path: ['tsdb', 'outOfOrderTimeWindow'], minimum: minimumPrometheus.outOfOrderTimeWindow },
  { path: ['tsdb', 'staleSeriesCompactionThreshold'], minimum: minimumPrometheus.staleSeriesCompactionThreshold },
  { path: ['tsdb', 'chunkEncoding', 'floats'], minimum: minimumPrometheus.chunkEncoding },
] as const;

/** The Prometheus version from which the operator drops a field, Prometheus having removed the setting. */
export const removedInPrometheus = {
  /** remoteWrite[].queueConfig.maxRetries: `max_retries` is written up to 2.11 only. */
  queueMaxRetries: 'v2.11.0',
} as const;

/** What the operator refuses when it generates an agent's configuration, whatever Prometheus it runs. */
export const operatorRefusals = {
  /** tsdb.staleSeriesCompactionThreshold is a ratio: outside [0, 1] the operator stops. */
  staleSeriesCompactionThreshold: { minimum: 0, maximum: 1 },
  /** tsdb.chunkEncoding.floats `Xor` with this feature enabled: XOR chunks store no start timestamps. */
  xorChunksIncompatibleFeature: 'st-storage',
} as const;

/**
 * The labels the operator selects a resource's pods by (makeSelectorLabels of the agent and of the server operator):
 * a custom governing Service (spec.serviceName) must select pods with these.
 */
export function podSelectorLabels(kind: 'PrometheusAgent' | 'Prometheus', name: string): Record<string, string> {
  const labels: Record<string, string> = {
    [operatorLabels.name]: operatorLabels.appNames[kind],
    [operatorLabels.managedBy]: operatorLabels.managedByValue,
    'app.kubernetes.io/instance': name,
    'operator.prometheus.io/name': name,
  };
  return kind === 'Prometheus' ? { ...labels, prometheus: name } : labels;
}

/** The labels the operator names what it manages by, and their values (the renderer's objects carry them too). */
export const operatorLabels = {
  name: 'app.kubernetes.io/name',
  managedBy: 'app.kubernetes.io/managed-by',
  managedByValue: 'prometheus-operator',
  /** app.kubernetes.io/name of each kind's pods. */
  appNames: { PrometheusAgent: 'prometheus-agent', Prometheus: 'prometheus' },
} as const;

/** The prefix of the names of the objects the operator makes for each kind: `prom-agent-<name>…`, `prometheus-<name>…`. */
export const objectPrefixes = { PrometheusAgent: 'prom-agent', Prometheus: 'prometheus' } as const;

/** The operator's VolumeName: the data volume of a resource, `prom-agent-<name>-db`. */
export const dataVolumeNameOf = (kind: keyof typeof objectPrefixes, name: string) => `${objectPrefixes[kind]}-${name}-db`;

/** The governing Service the operator creates in a resource's namespace (StatefulSet mode, no spec.serviceName). */
export const governingServiceNames = { PrometheusAgent: 'prometheus-agent-operated', Prometheus: 'prometheus-operated' } as const;

/**
 * The labels of the governing Service the operator creates for a resource in StatefulSet mode without spec.serviceName
 * (BuildStatefulSetService: prometheus-agent-operated, prometheus-operated), whose port `web` a ServiceMonitor may
 * select: it is in no file of the workspace.
 */
export const governingServiceLabels: Readonly<Record<string, string>> = {
  'managed-by': operatorLabels.managedByValue,
  [operatorLabels.managedBy]: operatorLabels.managedByValue,
  'operated-prometheus': 'true',
};

/** The release whose CRDs brought spec.serviceName, and with it the check of the Service it names. */
export const serviceNameSince = 'v0.80.0';

/** The release whose CRDs brought topologySpreadConstraints' additionalLabelSelectors, and with it the panic below. */
export const additionalLabelSelectorsSince = 'v0.71.0';

/**
 * A topologySpreadConstraint the operator panics on: with additionalLabelSelectors it writes the selector labels into
 * the constraint's labelSelector, and one written without matchLabels has none to write into (Go: assignment to entry
 * in nil map). The operator process crashes and restarts; no resource it manages is reconciled.
 */
export function panicsOnTopologySpread(constraint: unknown): boolean {
  const selector = asRecord(asRecord(constraint)?.labelSelector);
  return asRecord(constraint)?.additionalLabelSelectors != null && selector !== undefined && selector.matchLabels == null;
}

/** What promagent assumes where nothing else says: the modelled release's defaults. */
export const defaultCheckOptions: CheckOptions = {
  prometheusVersion: operatorRelease.defaultPrometheusVersion,
  sidecarMode: true,
};

/**
 * What the operator does differently from one release to the next, beyond its CRDs (schemas/operator-releases.json
 * holds those): each change with the release that made it. Rules gate on these; the renderer, which models
 * `operatorRelease.version`, lists the ones a target before it lacks.
 */
export const operatorChanges = {
  /** #6640: the field came first, with no effect. */
  modeField: { since: 'v0.75.0', what: 'spec.mode exists but has no effect: the agent is a StatefulSet whatever it says' },
  /** #6652, #6708: behind the PrometheusAgentDaemonSet feature gate. */
  daemonSetMode: { since: 'v0.76.0', what: 'mode: DaemonSet deploys a DaemonSet (behind the PrometheusAgentDaemonSet feature gate)' },
  /** #6940: before it, the operator passed `--enable-feature=agent`, which Prometheus v3 does not know. */
  v3AgentFlag: { since: 'v0.77.0', what: 'Prometheus v3 agents run with --agent (before: --enable-feature=agent, which v3 does not know)' },
  /** #6879. */
  daemonSetPodMonitors: { since: 'v0.77.0', what: 'DaemonSet mode generates scrape jobs from PodMonitors' },
} as const;

/**
 * Whether operator `release` makes a check v0.93.0 makes whose first release is not pinned down here (for a
 * ScrapeConfig's discoveries, one after v0.85.0): said for v0.93.0 and later alone, never on a guess.
 */
export const undated = (release: string) => compareVersions(release, 'v0.93.0') >= 0;

/** The image of the config reloader the operator adds beside Prometheus: the operator's own release. */
export const configReloaderImage = (release: string) => `quay.io/prometheus-operator/prometheus-config-reloader:${release}`;

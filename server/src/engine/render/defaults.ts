import { configReloaderImage, governingServiceNames, objectPrefixes, operatorLabels, operatorRelease } from '../model/operator';

/**
 * Every default the renderer applies, in one place: prometheus-operator v0.93.0 as operator.md §3–§4 describes it.
 * The release's version, defaults, feature gates and version gates live in the model (model/operator.ts).
 */
export const images = {
  /** `--prometheus-default-base-image`. */
  prometheusBase: 'quay.io/prometheus/prometheus',
  /** `--prometheus-config-reloader`: the reloader image is released with the operator, under the same version. */
  configReloader: configReloaderImage(operatorRelease.version),
};

/** `--config-reloader-{cpu,memory}-{request,limit}`: requests equal limits. */
export const reloaderResources = { cpu: '10m', memory: '50Mi' };

export const ports = {
  /** The port Prometheus listens on in every mode. */
  web: 9090,
  /** The config-reloader sidecar's `reloader-web` port. */
  reloaderWeb: 8080,
  /** The init-config-reloader's `reloader-init` port. */
  reloaderInit: 8081,
};

export const portNames = { reloaderWeb: 'reloader-web', reloaderInit: 'reloader-init' };

export const paths = {
  configDir: '/etc/prometheus/config',
  configOutDir: '/etc/prometheus/config_out',
  configFile: 'prometheus.yaml.gz',
  envsubstFile: 'prometheus.env.yaml',
  storage: '/prometheus',
  storageSubPath: 'prometheus-db',
  webConfigDir: '/etc/prometheus/web_config',
  webConfigFile: 'web-config.yaml',
  tlsAssetsDir: '/etc/prometheus/certs',
  secretsDir: '/etc/prometheus/secrets/',
  configMapsDir: '/etc/prometheus/configmaps/',
  logDir: '/var/log/prometheus',
  /** v2 only. */
  consoleTemplates: '/etc/prometheus/consoles',
  consoleLibraries: '/etc/prometheus/console_libraries',
  reloaderCommand: '/bin/prometheus-config-reloader',
};

export const names = {
  /** The agent's objects are `prom-agent-<name>…`; the server's are `prometheus-<name>…`. */
  prefix: objectPrefixes.PrometheusAgent,
  governingService: governingServiceNames.PrometheusAgent,
  appName: operatorLabels.appNames.PrometheusAgent,
  managedBy: operatorLabels.managedByValue,
  mode: 'agent',
  prometheusContainer: 'prometheus',
  reloaderContainer: 'config-reloader',
  initReloaderContainer: 'init-config-reloader',
};

export const labelKeys = {
  name: operatorLabels.name,
  managedBy: operatorLabels.managedBy,
  /** The operator's older key for the same fact, still on every object it creates; its selectors of StatefulSets use it. */
  legacyManagedBy: 'managed-by',
  version: 'app.kubernetes.io/version',
  shard: 'operator.prometheus.io/shard',
  mode: 'operator.prometheus.io/mode',
  defaultContainer: 'kubectl.kubernetes.io/default-container',
  /** The node label of a node's zone: a zone-sharded shard's pods run in their zone. */
  topologyZone: 'topology.kubernetes.io/zone',
};

export const specDefaults = {
  /** RelabelConfig.action's CRD default, which the API server fills in. */
  relabelAction: 'replace',
  scrapeInterval: '30s',
  replicas: 1,
  shards: 1,
  portName: 'web',
  routePrefix: '/',
  terminationGracePeriodSeconds: 600,
  podManagementPolicy: 'Parallel',
  updateStrategy: { type: 'RollingUpdate' },
  accessModes: ['ReadWriteOnce'],
  topologyZoneExternalLabelName: 'zone',
  /** Remote-write message versions as Prometheus names their protobuf messages. */
  protobufMessages: { 'V1.0': 'prometheus.WriteRequest', 'V2.0': 'io.prometheus.write.v2.Request' } as Record<string, string>,
};

export const probes = {
  timeoutSeconds: 3,
  startup: { periodSeconds: 15, failureThreshold: 60 },
  readiness: { periodSeconds: 5, failureThreshold: 3 },
  liveness: { periodSeconds: 5, failureThreshold: 6 },
};

/** The environment variables the reloader substitutes into prometheus.env.yaml. */
export const envVars = { podName: 'POD_NAME', shard: 'SHARD', nodeName: 'NODE_NAME', topologyZone: 'TOPOLOGY_ZONE', inZoneShard: 'INZONE_SHARD' };

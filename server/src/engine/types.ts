import type { MonitoringKind } from './classify';

/** The engine's public data: what every shell (LSP server, CLI, tests) consumes. Positions are 0-based, UTF-16. */

export type Severity = 'error' | 'warning' | 'information' | 'hint';

export interface Position {
  line: number;
  character: number;
}

export interface Range {
  start: Position;
  end: Position;
}

export interface TextEdit {
  range: Range;
  newText: string;
}

export interface Fix {
  title: string;
  edits: TextEdit[];
  /** The fix `promagent fix` and "auto fix" apply; at most one per finding. */
  preferred?: boolean;
}

export interface Finding {
  range: Range;
  severity: Severity;
  /** A stable rule id from the registry. */
  code: string;
  message: string;
  fixes: Fix[];
}

/** How every document of a file is read, whatever its name or content says. */
export type ReadAs = 'kubernetes' | 'prometheus-config';

export interface CheckOptions {
  /** Prometheus version the checks assume when a manifest does not say (`spec.version`). */
  prometheusVersion: string;
  /**
   * The prometheus-operator release asked for: the CLI's --operator-version wins over what the workspace says, the
   * setting promagent.operatorVersion does not. Absent: the workspace's, else promagent's newest.
   */
  operatorVersion?: OperatorVersionRequest;
  /** The release found from operatorVersion and the workspace; the engine sets it before any rule runs. */
  operator?: OperatorTarget;
  /** Accept `mode: Sidecar` on PrometheusAgent (the injection proposal). */
  sidecarMode: boolean;
  readAs?: ReadAs;
  /**
   * Who runs every Prometheus configuration, as the CLI's `--as agent|server` and `--prometheus-version` say: it wins
   * over what the workspace says. While a configuration is checked, its rules see here the runner the model found.
   */
  runBy?: { mode?: PrometheusMode; version?: string };
  /** The mode of a configuration nothing in the workspace says who runs (the setting `promagent.configMode`). */
  configMode?: PrometheusMode;
  /**
   * Whether the user gave prometheusVersion (the editor's setting set, not its default). Absent: given when it is not
   * the default.
   */
  prometheusVersionGiven?: boolean;
}

export type PrometheusMode = 'agent' | 'server';

export interface OperatorVersionRequest {
  /** `v0.74.0`. */
  version: string;
  from: 'cli' | 'setting';
}

/** The prometheus-operator release the monitoring resources meet, why, and the CRDs they are checked against. */
export interface OperatorTarget {
  /** `v0.74.0`: what messages call the target. */
  version: string;
  from: 'cli' | 'workspace' | 'setting' | 'default';
  /** Why, in words, as hover, the preview and `check --format json` say it. */
  reason: string;
  /** The known release whose CRDs check the kinds the workspace has no CRD of: the nearest not newer than `version`. */
  data: string;
  /**
   * The releases the workspace names where they disagree (two operator Deployments, a kustomize overlay setting another
   * tag), oldest first: its objects are checked for what each of them refuses. Undefined where it names one, or none.
   */
  named?: readonly string[];
  /** Kinds whose CRD the workspace holds: their objects are checked against it, whatever its release. */
  crds: Partial<Record<MonitoringKind, { uri: string; name: string; version?: string; key: string }>>;
}

/**
 * Everything the extension and the language server must agree on, declared once: the settings and their defaults,
 * command ids, and every custom LSP message. Both sides import this module; neither declares these elsewhere.
 */

import { operatorRelease } from '../server/src/engine/model/operator';

export const languageClientId = 'promagent';

/**
 * Node flags the language server runs with. V8's young generation grows to 16 MB semi-spaces by default and keeps
 * them; parsing YAML allocates many short-lived objects, most dead by the next scavenge, so 1 MB ones cost little time
 * (edit and hover p95 within a millisecond) and keep about 35 MB less resident (10 MB less than 2 MB ones).
 */
export const serverExecArgv = ['--max-semi-space-size=1'];
export const settingsSection = 'promagent';

export interface PromagentSettings {
  enable: boolean;
  /**
   * The prometheus-operator release whose CRDs and behaviour monitoring resources are checked against where the
   * workspace names none (its operator Deployment, CRDs or a release bundle win): `detect`, or a release such as v0.74.0.
   */
  operatorVersion: string;
  /** Prometheus version assumed where a manifest does not set `spec.version`. */
  prometheusVersion: string;
  /** Accept `mode: Sidecar` (the injection proposal) on PrometheusAgent. */
  sidecarMode: boolean;
  /** Files larger than this many megabytes are not checked. */
  maxFileSize: number;
  /** Who runs a Prometheus configuration nothing in the workspace says runs it: `auto` says so and checks what holds either way. */
  configMode: 'auto' | 'agent' | 'server';
  /**
   * Glob patterns, relative to a workspace folder (`generated`, `deploy/charts/**`), of files promagent neither reads
   * nor checks; a pattern that names a folder leaves out everything in it. node_modules and .git are always left out.
   */
  exclude: string[];
  /** Whose problems are reported: every YAML file of the workspace folders, or only the files open in an editor. */
  diagnosticsScope: DiagnosticsScope;
}

/**
 * The settings as the server reads them from a client: with whether prometheusVersion was given (VS Code sends it only
 * where the user set it). Not given, its default stands for no version said, and configurations are not held to what
 * only some releases refuse.
 */
export interface ReceivedSettings extends PromagentSettings {
  prometheusVersionGiven: boolean;
}

export const diagnosticsScopes = ['workspace', 'openFiles'] as const;
export type DiagnosticsScope = (typeof diagnosticsScopes)[number];

export const defaultSettings: PromagentSettings = {
  enable: true,
  operatorVersion: 'detect',
  prometheusVersion: operatorRelease.defaultPrometheusVersion,
  sidecarMode: true,
  maxFileSize: 5,
  configMode: 'auto',
  exclude: [],
  diagnosticsScope: 'workspace',
};

export const defaultReceivedSettings: ReceivedSettings = { ...defaultSettings, prometheusVersionGiven: false };

export const commandIds = {
  restartServer: 'promagent.restartServer',
  showOutput: 'promagent.showOutput',
  previewRenderedManifests: 'promagent.previewRenderedManifests',
  fixAllInFile: 'promagent.fixAllInFile',
  refreshWiring: 'promagent.refreshWiring',
} as const;

export const viewIds = {
  /** The Explorer's tree of agents, the monitors they select and the Services and pods those reach. */
  wiring: 'promagent.wiring',
} as const;

/**
 * The code action that applies every preferred fix of a file, as `promagent fix` does: what
 * `"editor.codeActionsOnSave": {"source.fixAll.promagent": "explicit"}` asks for on save (as `source.fixAll.eslint`).
 */
export const fixAllKind = 'source.fixAll.promagent';

export interface RenderPreviewParams {
  /** The manifest file. */
  uri: string;
  /** A line of the PrometheusAgent or annotated workload to render (0-based); the first one in the file when absent. */
  line?: number;
}

export interface RenderPreviewResult {
  /** The rendered objects as a YAML stream, under a header naming the versions modelled; a comment when nothing renders. */
  text: string;
}

/**
 * Renders what the operator would create for the agent (or the injected pod) at a line of a manifest:
 * RenderPreviewParams in, RenderPreviewResult out. A method name rather than a RequestType object, because the
 * client's and the server's libraries each bundle their own copy of the protocol classes.
 */
export const renderPreviewMethod = 'promagent/renderPreview';

/** `detect`, or a release: `v0.74.0` (the `v` may be left out). */
export const operatorVersionSetting = /^(detect|v?\d+\.\d+\.\d+)$/;

/** A Prometheus release as promagent.prometheusVersion takes it: `v3.13.2`, `3.13.2` or `v3.13`. */
export const prometheusVersionSetting = /^v?\d+\.\d+(\.\d+)?$/;

/** The smallest promagent.maxFileSize, in MB, as package.json declares it. */
export const minimumMaxFileSize = 0.1;

/**
 * Reads a settings object from the client (`workspace/configuration`, or `initializationOptions` for editors that set
 * settings there), keeping `base` for anything missing; a value of the wrong type or out of bounds keeps it too, and
 * is said in `problems`.
 */
export function normalizeSettings(raw: unknown, base: ReceivedSettings = defaultReceivedSettings, problems: string[] = []): ReceivedSettings {
  const input = (raw !== null && typeof raw === 'object' ? raw : {}) as Record<string, unknown>;
  /** The value given for `key` when `valid` takes it; else `base`'s, and a problem when one was given. */
  const take = <K extends keyof PromagentSettings>(key: K, valid: (value: unknown) => boolean, expected: string): PromagentSettings[K] => {
    const value = typeof input[key] === 'string' ? (input[key] as string).trim() : input[key];
    if (value === undefined || value === null) return base[key];
    if (valid(value)) return value as PromagentSettings[K];
    problems.push(`${settingsSection}.${key} ${JSON.stringify(value)} is not ${expected}: ${JSON.stringify(base[key])} is used`);
    return base[key];
  };
  const typed = (type: string) => (value: unknown) => typeof value === type;
  const exclude = take('exclude', (value) => Array.isArray(value) && value.every((glob) => typeof glob === 'string'), 'a list of glob patterns');
  const prometheusVersion = take('prometheusVersion', (value) => typeof value === 'string' && prometheusVersionSetting.test(value), 'a Prometheus release such as v3.13.2');
  return {
    enable: take('enable', typed('boolean'), 'true or false'),
    operatorVersion: take('operatorVersion', (value) => typeof value === 'string' && operatorVersionSetting.test(value), '"detect" or a prometheus-operator release such as v0.74.0'),
    prometheusVersion: prometheusVersion === base.prometheusVersion ? prometheusVersion : `v${prometheusVersion.replace(/^v/, '')}`,
    sidecarMode: take('sidecarMode', typed('boolean'), 'true or false'),
    maxFileSize: take('maxFileSize', (value) => typeof value === 'number' && value >= minimumMaxFileSize, `a number of megabytes of at least ${minimumMaxFileSize}`),
    configMode: take('configMode', (value) => ['auto', 'agent', 'server'].includes(value as string), '"auto", "agent" or "server"'),
    exclude: exclude.filter((glob) => glob !== ''),
    diagnosticsScope: take('diagnosticsScope', (value) => diagnosticsScopes.includes(value as DiagnosticsScope), '"workspace" or "openFiles"'),
    prometheusVersionGiven: (typeof input.prometheusVersion === 'string' && prometheusVersionSetting.test(input.prometheusVersion.trim())) || base.prometheusVersionGiven,
  };
}

/**
 * Which agent scrapes which monitor, and which Services and pods each reaches, for the whole workspace: no params in,
 * WiringMap out. The Explorer's "Scrape wiring" view shows it.
 */
export const wiringMethod = 'promagent/wiring';
export type { WiringMap } from '../server/src/engine/editor/wiringMap';

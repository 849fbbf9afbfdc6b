/**
 * The shape of the data that describes a Prometheus configuration: sections (Go structs), their keys, value types,
 * the release that added each key and what an agent does with it. Rules and the JSON-schema generator read it.
 */

/** Scalar value kinds, each decoded the way Prometheus' Go types decode YAML. */
export type ScalarKind =
  | 'string'
  | 'bool'
  | 'int'
  | 'float'
  /** model.Duration: a string such as `1h30m` or `0`. */
  | 'duration'
  /** units.Base2Bytes: a string such as `512MB` or `0`. */
  | 'size'
  /** config.Secret: a string that is never printed back. */
  | 'secret'
  /** config.URL: a string that must parse as a URL. */
  | 'url'
  /** relabel.Regexp: a string compiled as an anchored RE2 expression. */
  | 'regex';

export interface ScalarSpec {
  kind: ScalarKind;
  /** The Go type named in `cannot unmarshal … into T` (for ints: `int`, `uint`, `uint64`, `int64`). */
  goType: string;
  /** Values the key accepts, for the schema (rules check them with Prometheus' own messages). */
  enum?: readonly string[];
  /** Prometheus compares the value case-insensitively (relabel actions, DNS record types). */
  caseInsensitive?: boolean;
}

export interface SectionRef {
  kind: 'section';
  section: SectionName;
}

export interface ListSpec {
  kind: 'list';
  item: ValueSpec;
  goType: string;
  /** Prometheus' message for an empty (`-` alone) entry, where it refuses one. */
  nullItem?: string;
}

export interface MapSpec {
  kind: 'map';
  value: ValueSpec;
  goType: string;
  /** Map keys that are label names (checked under the validation scheme). */
  labelKeys?: boolean;
}

export type ValueSpec = ScalarSpec | SectionRef | ListSpec | MapSpec;

/** What an agent (`--agent`) does with a key: uses it (the default), ignores it, or refuses to start. */
export type AgentUse = 'used' | 'ignored' | 'forbidden';

export interface KeySpec {
  value: ValueSpec;
  /** One line: what the key does. */
  doc: string;
  /** The first release with the key; absent for keys every supported release (v2.42 and later) has. */
  since?: string;
  /** The first release without the key, and what replaced it. */
  removedIn?: string;
  replacedBy?: string;
  agent?: AgentUse;
  /** For a key an agent uses: the first release whose agent uses it (an agent before it ignores the key). */
  agentUsesSince?: string;
  /** Prometheus refuses the section without it (the schema says `required`). */
  required?: boolean;
  /** Prometheus' default, for the schema's description. */
  defaultText?: string;
}

export interface SectionSpec {
  /** The Go type named in `field K not found in type T` and `field K already set in type T`. */
  goType: string;
  /** The Go type named when the value is not a map, where it differs from `goType`. */
  valueGoType?: string;
  doc: string;
  keys: Readonly<Record<string, KeySpec>>;
  /** Key groups Go inlines into this struct (the HTTP client, the service discoveries). */
  include?: readonly GroupName[];
  /** Keys not modelled: unknown keys are not reported (the schema allows any). */
  open?: boolean;
}

export type GroupName = 'httpClient' | 'serviceDiscovery';

export type SectionName = string;

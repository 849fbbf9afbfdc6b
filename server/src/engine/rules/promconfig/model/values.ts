import type { KeySpec, ListSpec, MapSpec, ScalarSpec, SectionName, SectionRef, ValueSpec } from './types';

/**
 * Keys added after v2.42 (the oldest release promagent compares against, with Debian's promtool) whose exact release
 * promagent has not verified: they are treated as present from the first release after v2.42.
 */
export const afterV2_42 = 'v2.43.0';

// Go names each scalar type in its unmarshal errors; Duration, Base2Bytes, URL and Regexp unmarshal a string first.
export const str: ScalarSpec = { kind: 'string', goType: 'string' };
export const bool: ScalarSpec = { kind: 'bool', goType: 'bool' };
export const int: ScalarSpec = { kind: 'int', goType: 'int' };
export const int64: ScalarSpec = { kind: 'int', goType: 'int64' };
export const uint: ScalarSpec = { kind: 'int', goType: 'uint' };
export const uint64: ScalarSpec = { kind: 'int', goType: 'uint64' };
export const float: ScalarSpec = { kind: 'float', goType: 'float64' };
export const duration: ScalarSpec = { kind: 'duration', goType: 'string' };
export const size: ScalarSpec = { kind: 'size', goType: 'string' };
export const secret: ScalarSpec = { kind: 'secret', goType: 'config.plain' };
export const url: ScalarSpec = { kind: 'url', goType: 'string' };
export const regex: ScalarSpec = { kind: 'regex', goType: 'string' };

export const oneOf = (values: readonly string[], goType = 'string'): ScalarSpec => ({ kind: 'string', goType, enum: values });
export const oneOfAnyCase = (values: readonly string[], goType = 'string'): ScalarSpec => ({ ...oneOf(values, goType), caseInsensitive: true });
export const section = (name: SectionName): SectionRef => ({ kind: 'section', section: name });
export const list = (item: ValueSpec, goType: string, nullItem?: string): ListSpec => ({ kind: 'list', item, goType, nullItem });
export const stringList: ListSpec = list(str, '[]string');
export const stringMap: MapSpec = { kind: 'map', value: str, goType: 'map[string]string' };
export const labelMap = (goType: string, valueGoType: string): MapSpec =>
  ({ kind: 'map', value: { kind: 'string', goType: valueGoType }, goType, labelKeys: true });

/**
 * Every key spec, and every value spec, has the same fields, set or not: decoding reads them for every key and value
 * of every configuration.
 */
export function key(value: ValueSpec, doc: string, extra: Omit<KeySpec, 'value' | 'doc'> = {}): KeySpec {
  const { since, removedIn, replacedBy, agent, agentUsesSince, required, defaultText } = extra;
  return { value: uniformValue(value), doc, since, removedIn, replacedBy, agent, agentUsesSince, required, defaultText };
}

type AnyValueSpec = Partial<ScalarSpec & Omit<SectionRef, 'kind'> & Omit<ListSpec, 'kind'> & Omit<MapSpec, 'kind'>> & Pick<ValueSpec, 'kind'>;
const uniformValues = new WeakMap<ValueSpec, ValueSpec>();

export function uniformValue(spec: ValueSpec): ValueSpec {
  let uniform = uniformValues.get(spec);
  if (!uniform) {
    const { kind, goType, enum: values, caseInsensitive, section: name, item, nullItem, value, labelKeys } = spec as AnyValueSpec;
    const fields: AnyValueSpec = {
      kind, goType, enum: values, caseInsensitive, section: name, item: item && uniformValue(item), nullItem,
      value: value && uniformValue(value), labelKeys,
    };
    uniform = fields as ValueSpec;
    uniformValues.set(spec, uniform);
  }
  return uniform;
}

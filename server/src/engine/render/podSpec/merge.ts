import { asRecord, type Fields, type Json } from '../fields';
import { own } from '../../util/own';

/** The merge keys of a container's lists in a strategic merge patch; other lists are replaced. */
const mergeKeys: Record<string, string> = { env: 'name', ports: 'containerPort', volumeMounts: 'mountPath', volumeDevices: 'devicePath' };

/**
 * A list merged by `key` as apimachinery's strategic merge orders it (mergeSortedSlice): the patch's items, each merged
 * with the base's item of its key, in the patch's order, interleaved with the base's other items in the base's order;
 * a patch item the base lacks goes before the base items still to place.
 */
function mergeList(base: unknown[], patch: unknown[], key: string): unknown[] {
  const keyOf = (item: unknown) => asRecord(item)?.[key];
  const baseIndex = (item: unknown) => base.findIndex((existing) => asRecord(existing) !== undefined && keyOf(existing) === keyOf(item));
  const patchItems = patch.map((item) => {
    const record = asRecord(item);
    const index = record ? baseIndex(record) : -1;
    return index >= 0 ? mergeObject(asRecord(base[index])!, record!) : item;
  });
  const baseOnly = base.filter((existing) => !patch.some((item) => asRecord(item) !== undefined && keyOf(item) === keyOf(existing)));
  const out: unknown[] = [];
  let i = 0;
  let j = 0;
  while (i < baseOnly.length && j < patchItems.length) {
    // A patch item the base lacks (or an item of no key) cannot be placed by the base's order: it goes first.
    const [left, right] = [baseIndex(baseOnly[i]), baseIndex(patchItems[j])];
    if (left >= 0 && right >= 0 && left < right) out.push(baseOnly[i++]);
    else out.push(patchItems[j++]);
  }
  return [...out, ...baseOnly.slice(i), ...patchItems.slice(j)];
}

function mergeObject(base: Json, patch: Json): Json {
  const out: Json = { ...base };
  for (const [key, value] of Object.entries(patch)) {
    // `__proto__` would set the prototype of the result, not a field: no Kubernetes type has such a field.
    if (key === '__proto__') continue;
    if (Array.isArray(value) && Array.isArray(out[key]) && own(mergeKeys, key)) out[key] = mergeList(out[key] as unknown[], value, mergeKeys[key]);
    else if (asRecord(value) && asRecord(out[key])) out[key] = mergeObject(out[key] as Json, value as Json);
    else out[key] = value;
  }
  return out;
}

/**
 * A container as Go's encoding/json writes the typed Container the operator decodes it to: what is null or an empty
 * list is omitted, and so is an empty string (`image: ""`, an env var's `value: ""` leave the operator's) or a false
 * `tty` or mount's `readOnly`, where the field is omitempty; the fields written even empty stay.
 */
function asTypedContainer(container: Json): Json {
  return typedFields(container, '') as Json;
}

/** String fields written even empty (not omitempty): names, a key selector's key, a field's path…; an HTTP header's value. */
const writtenEmpty = new Set(['name', 'mountPath', 'devicePath', 'key', 'fieldPath', 'resource', 'resourceName', 'restartPolicy']);

/** Boolean fields omitted when false (omitempty, not pointers): the container's stdin, stdinOnce and tty; a mount's readOnly. */
const omittedFalse: Record<string, string> = { stdin: '', stdinOnce: '', tty: '', readOnly: 'volumeMounts' };

function typedFields(value: unknown, parent: string): unknown {
  if (Array.isArray(value)) return value.map((item) => typedFields(item, parent));
  const record = asRecord(value);
  if (!record) return value;
  const omitted = (key: string, field: unknown) => field === null || (Array.isArray(field) && field.length === 0)
    || (field === '' && !writtenEmpty.has(key) && !(key === 'value' && parent === 'httpHeaders'))
    || (field === false && Object.hasOwn(omittedFalse, key) && omittedFalse[key] === parent);
  return Object.fromEntries(Object.entries(record).flatMap(([key, field]) => (omitted(key, field) ? [] : [[key, typedFields(field, key)]])));
}

/**
 * spec.containers / spec.initContainers over the operator's containers, as a strategic merge patch by name
 * (MergePatchContainers): a container of the same name is merged (env, ports, mounts by their keys), others are
 * appended in the order written. Of several entries of one name the last is the patch, as the operator keeps them by
 * name (a new name written twice is appended twice). The patch is the typed Container the operator decodes, so a null
 * or an empty value says nothing. `$patch` directives are not modelled.
 */
export function mergeContainers(operatorContainers: Json[], patches: Fields[]): Json[] {
  const named = patches.filter((patch) => {
    if (patch.string('name')) return true;
    patch.note(`${patch.location()}: a container needs a name; not used`);
    return false;
  });
  const byName = new Map(named.map((patch) => [patch.string('name')!, asTypedContainer(patch.data())]));
  const out = operatorContainers.map((container) => {
    const data = byName.get(container.name as string);
    if (!data) return container;
    byName.delete(container.name as string);
    return withPatchProbeHandlers(mergeObject(container, data), data);
  });
  for (const patch of named) {
    const data = byName.get(patch.string('name')!);
    if (data) out.push(data);
  }
  return out;
}

const probeHandlers = ['httpGet', 'tcpSocket', 'exec', 'grpc'];

/**
 * A probe the merge left with two handlers (the operator's httpGet and the patch's tcpSocket, say), which Kubernetes
 * refuses, takes the patch's handler alone, as the operator's sanitizeProbeHandlers does.
 */
function withPatchProbeHandlers(merged: Json, patch: Json): Json {
  const out = { ...merged };
  for (const probe of ['startupProbe', 'readinessProbe', 'livenessProbe']) {
    const [mergedProbe, patchProbe] = [asRecord(out[probe]), asRecord(patch[probe])];
    if (!mergedProbe || !patchProbe || probeHandlers.filter((handler) => asRecord(mergedProbe[handler])).length < 2) continue;
    const handlers = Object.fromEntries(probeHandlers.flatMap((handler) => (patchProbe[handler] ? [[handler, patchProbe[handler]]] : [])));
    // The handler first, as Probe embeds it.
    out[probe] = { ...handlers, ...Object.fromEntries(Object.entries(mergedProbe).filter(([key]) => !probeHandlers.includes(key))) };
  }
  return out;
}

import { asRecord, type Fields, type Json } from '../fields';
import { own } from '../../util/own';

/** The merge keys of a container's lists in a strategic merge patch; other lists are replaced. */
const mergeKeys: Record<string, string> = { env: 'name', ports: 'containerPort', volumeMounts: 'mountPath', volumeDevices: 'devicePath' };

function mergeList(base: unknown[], patch: unknown[], key: string): unknown[] {
  const out = [...base];
  for (const item of patch) {
    const record = asRecord(item);
    const index = record ? out.findIndex((existing) => asRecord(existing)?.[key] === record[key]) : -1;
    if (index >= 0) out[index] = mergeObject(asRecord(out[index]) ?? {}, record ?? {});
    else out.push(item);
  }
  return out;
}

function mergeObject(base: Json, patch: Json): Json {
  const out: Json = { ...base };
  for (const [key, value] of Object.entries(patch)) {
    // `__proto__` would set the prototype of the result, not a field: no Kubernetes type has such a field.
    if (key === '__proto__') continue;
    if (value === null) delete out[key];
    else if (Array.isArray(value) && Array.isArray(out[key]) && own(mergeKeys, key)) out[key] = mergeList(out[key] as unknown[], value, mergeKeys[key]);
    else if (asRecord(value) && asRecord(out[key])) out[key] = mergeObject(out[key] as Json, value as Json);
    else out[key] = value;
  }
  return out;
}

/**
 * spec.containers / spec.initContainers over the operator's containers, as a strategic merge patch by name: a
 * container of the same name is merged (env, ports, mounts by their keys), others are appended. `$patch`
 * directives are not modelled.
 */
export function mergeContainers(operatorContainers: Json[], patches: Fields[]): Json[] {
  const out = [...operatorContainers];
  for (const patch of patches) {
    const name = patch.string('name');
    if (!name) {
      patch.note(`${patch.location()}: a container needs a name; not used`);
      continue;
    }
    const index = out.findIndex((container) => container.name === name);
    if (index >= 0) out[index] = withPatchProbeHandlers(mergeObject(out[index], patch.data()), patch.data());
    else out.push(patch.data());
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

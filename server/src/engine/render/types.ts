import type { RenderMode } from './context';
import type { TargetDifferences } from './target';

/** A Kubernetes object as plain JSON-able data. */
export interface KubernetesObject {
  apiVersion: string;
  kind: string;
  metadata: { name: string; namespace?: string; [key: string]: unknown };
  [key: string]: unknown;
}

/** What the operator would create for one PrometheusAgent, and what the renderer could not use. */
export interface Rendering {
  agent: { namespace: string; name: string; mode: RenderMode };
  operatorVersion: string;
  /** The Prometheus version rendered: spec.version, else the configured default. */
  prometheusVersion: string;
  /** In a stable order: Secrets, the Service, the workloads (Sidecar: each injected pod's Secret, then its workload). */
  objects: KubernetesObject[];
  /** prometheus.yml, decoded, per agent (named like its Secret) or per injected pod in Sidecar mode. */
  configs: { name: string; yaml: string }[];
  notes: string[];
  /** The release the workspace targets and why; when it is not the one modelled, what promagent knows differs. */
  target: TargetDifferences;
}

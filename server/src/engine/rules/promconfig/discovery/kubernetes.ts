import { isMap, isScalar } from 'yaml';
import { goQuote, type MapView } from '../goYaml';
import { groups, kubernetesRoles } from '../model';
import { fieldSelectorError, labelSelectorError } from '../../../util/kubernetesSelectors';
import type { SdCheck, SdEntry } from './sd';

/**
 * discovery/kubernetes: a role, api_server or kubeconfig_file and what goes with each, selectors the role supports whose
 * field and label strings Kubernetes' parsers read.
 */

/** Selector roles each role takes; v3.11 let a pod role select nodes (#18006). */
function selectorRoles(entry: SdEntry, role: string): string[] {
  const allowed: Record<string, string[]> = {
    pod: entry.since('v3.11.0') ? ['pod', 'node'] : ['pod'], service: ['service'],
    endpointslice: ['pod', 'service', 'endpointslice'], endpoints: ['pod', 'service', 'endpoints'], node: ['node'], ingress: ['ingress'],
  };
  return allowed[role];
}

/**
 * An HTTP client setting other than the default: Go compares the whole struct with the default one (reflect.DeepEqual),
 * so a setting written with its zero value (`""`, `false`, a tls_config of such) changes nothing. follow_redirects and
 * enable_http2 default to true; a section (basic_auth, http_headers…), a proxy_url (even "") or a proxy_connect_header
 * map (even {}) written with any value is no longer the default.
 */
function customClientKey(entry: SdEntry): string | undefined {
  return Object.keys(groups.httpClient).find((key) => {
    if (!entry.has(key)) return false;
    if (key === 'follow_redirects' || key === 'enable_http2') return entry.view.bool(key) === false;
    if (key === 'tls_config') {
      const tls = entry.view.map(key);
      return !tls || [...tls.pairs().keys()].some((field) => notZero(tls, field));
    }
    return key === 'proxy_url' || notZero(entry.view, key);
  });
}

/** Whether Go reads the value as something other than its type's zero value: false, "", a nil pointer or map. */
function notZero(view: MapView, key: string): boolean {
  const value = view.value(key);
  if (isScalar(value) && typeof value.value === 'boolean') return value.value;
  return view.configured(key);
}

export const kubernetesChecks: Record<string, SdCheck> = {
  kubernetes(entry) {
    // Written with no value, a role stays '' without its UnmarshalYAML: missing, not unknown.
    const unknownRole = (key: string, view = entry.view) => {
      const role = view.text(key) ?? '';
      return view.has(key) && !kubernetesRoles.includes(role) ? role : undefined;
    };
    // Role's UnmarshalYAML refuses an unknown role while the entry is read, in the selectors too.
    const selectors = entry.view.items('selectors').filter(isMap).map((node) => entry.view.views.of(node, []));
    for (const view of [entry.view, ...selectors]) {
      const role = unknownRole('role', view);
      if (role !== undefined) return entry.unit.report({ span: view.spanFor('role'), message: `unknown Kubernetes SD role ${goQuote(role)}` });
    }
    const role = entry.text('role');
    if (!role) return entry.report('role', `role missing (one of: ${kubernetesRoles.join(', ')})`);
    // A URL written empty still parses: only a key with no value leaves api_server unset.
    const apiServer = entry.has('api_server');
    const kubeconfig = entry.set('kubeconfig_file');
    const custom = customClientKey(entry);
    const ownNamespace = entry.view.map('namespaces')?.bool('own_namespace') === true;
    if (apiServer && kubeconfig) return entry.report('kubeconfig_file', "cannot use 'kubeconfig_file' and 'api_server' simultaneously");
    if (kubeconfig && custom) return entry.report(custom, "cannot use a custom HTTP client configuration together with 'kubeconfig_file'");
    if (!apiServer && custom) return entry.report(custom, "to use custom HTTP client configuration please provide the 'api_server' URL explicitly");
    if (apiServer && ownNamespace) return entry.report('namespaces', "cannot use 'api_server' and 'namespaces.own_namespace' simultaneously");
    if (kubeconfig && ownNamespace) return entry.report('namespaces', "cannot use 'kubeconfig_file' and 'namespaces.own_namespace' simultaneously");
    const allowed = selectorRoles(entry, role);
    const seen = new Set<string>();
    for (const selector of selectors) {
      const selectorRole = selector.text('role') ?? '';
      const report = (key: string, message: string) => entry.unit.report({ span: selector.spanFor(key), message });
      // Each selector's problem is reported: Go stops at the first, and the next one is what it says once that is fixed.
      const fieldError = fieldSelectorError(selector.text('field') ?? '');
      const labelError = labelSelectorError(selector.text('label') ?? '');
      if (seen.has(selectorRole)) report('role', `duplicated selector role: ${selectorRole}`);
      else if (!allowed.includes(selectorRole)) report('role', `${role} role supports only ${allowed.join(', ')} selectors`);
      else if (fieldError) report('field', fieldError);
      else if (labelError) report('label', labelError);
      seen.add(selectorRole);
    }
  },
};

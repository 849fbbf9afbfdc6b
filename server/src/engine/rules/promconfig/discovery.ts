import { isMap } from 'yaml';
import { atLeast } from '../../util/version';
import type { Rule } from '../rule';
import { isPrometheusConfig, sectionsNamed } from './common';
import { urlError } from './goParse';
import { goQuote, spanOf, type MapView } from './goYaml';
import { groups, sdSectionName } from './model';
import { configUnits, type ConfigUnit } from './units';

/** The checks service discoveries run while their configuration is read. */

const filePattern = /^[^*]*(\*[^/]*)?\.(json|yml|yaml|JSON|YML|YAML)$/;
const kubernetesRoles = ['pod', 'service', 'endpoints', 'endpointslice', 'node', 'ingress'];
const selectorRoles: Record<string, string[]> = {
  pod: ['pod'], service: ['service'], endpointslice: ['pod', 'service', 'endpointslice'],
  endpoints: ['pod', 'service', 'endpoints'], node: ['node'], ingress: ['ingress'],
};

type Check = (unit: ConfigUnit, view: MapView) => void;

const checks: Record<string, Check> = {
  file(unit, view) {
    const files = view.items('files');
    if (files.length === 0) unit.report({ span: view.spanFor('files'), message: 'file service discovery config must contain at least one path name' });
    view.texts('files').forEach((file, index) => {
      if (!filePattern.test(file)) unit.report({ span: spanOf(files[index]) ?? view.spanFor('files'), message: `path name ${goQuote(file)} is not valid for file discovery` });
    });
  },
  http(unit, view) {
    const report = (message: string) => unit.report({ span: view.spanFor('url'), message });
    const url = view.text('url') ?? '';
    if (url === '') return report('URL is missing');
    const parseError = urlError(url);
    if (parseError) return report(parseError);
    const scheme = /^([A-Za-z][A-Za-z0-9+.-]*):/.exec(url)?.[1].toLowerCase();
    if (scheme !== 'http' && scheme !== 'https') return report("URL scheme must be 'http' or 'https'");
    const authority = /^[A-Za-z][A-Za-z0-9+.-]*:\/\/([^/?#]*)/.exec(url)?.[1] ?? '';
    if (authority.slice(authority.lastIndexOf('@') + 1) === '') report('host is missing in URL');
  },
  dns(unit, view) {
    if (view.items('names').length === 0) {
      unit.report({ span: view.spanFor('names'), message: 'DNS-SD config must contain at least one SRV record name' });
      return;
    }
    const type = view.pair('type') ? view.text('type') ?? '' : 'SRV';
    const withPort = atLeast(unit.version, 'v2.49.0') ? ['A', 'AAAA', 'MX', 'NS'] : ['A', 'AAAA', 'MX'];
    if (type.toUpperCase() === 'SRV') return;
    if (!withPort.includes(type.toUpperCase())) unit.report({ span: view.spanFor('type'), message: `invalid DNS-SD records type ${type}` });
    else if (!view.number('port')) unit.report({ span: view.spanFor('type'), message: 'a port is required in DNS-SD configs for all record types except SRV' });
  },
  kubernetes(unit, view) {
    const report = (key: string, message: string) => unit.report({ span: view.spanFor(key), message });
    const role = view.text('role') ?? '';
    if (role && !kubernetesRoles.includes(role)) return report('role', `unknown Kubernetes SD role ${goQuote(role)}`);
    if (!role) return report('role', `role missing (one of: ${kubernetesRoles.join(', ')})`);
    const apiServer = (view.text('api_server') ?? '') !== '';
    const kubeconfig = (view.text('kubeconfig_file') ?? '') !== '';
    const customClient = Object.keys(groups.httpClient).find((key) => customised(view, key));
    if (apiServer && kubeconfig) return report('kubeconfig_file', "cannot use 'kubeconfig_file' and 'api_server' simultaneously");
    if (kubeconfig && customClient) return report(customClient, "cannot use a custom HTTP client configuration together with 'kubeconfig_file'");
    if (!apiServer && !kubeconfig && customClient) return report(customClient, "to use custom HTTP client configuration please provide the 'api_server' URL explicitly");
    const seen = new Set<string>();
    for (const item of view.items('selectors')) {
      if (!isMap(item)) continue;
      const selector = view.views.of(item, []);
      const selectorRole = selector.text('role') ?? '';
      if (selectorRole && !kubernetesRoles.includes(selectorRole)) {
        unit.report({ span: selector.spanFor('role'), message: `unknown Kubernetes SD role ${goQuote(selectorRole)}` });
      } else if (seen.has(selectorRole)) {
        unit.report({ span: selector.spanFor('role'), message: `duplicated selector role: ${selectorRole}` });
      } else if (!selectorRoles[role].includes(selectorRole)) {
        unit.report({ span: selector.spanFor('role'), message: `${role} role supports only ${selectorRoles[role].join(', ')} selectors` });
      }
      seen.add(selectorRole);
    }
  },
  ec2(unit, view) {
    for (const filter of view.items('filters')) {
      if (isMap(filter) && view.views.of(filter, []).items('values').length === 0) {
        unit.report({ span: spanOf(filter) ?? view.anchor(), message: 'EC2 SD configuration filter values cannot be empty' });
      }
    }
  },
  consul(unit, view) {
    if (view.pair('server') && view.text('server') === '') unit.report({ span: view.spanFor('server'), message: 'consul SD configuration requires a server address' });
  },
};

/** An HTTP client key set to something other than the default (follow_redirects and enable_http2 default to true). */
function customised(view: MapView, key: string): boolean {
  if (!view.has(key)) return false;
  if (key === 'follow_redirects' || key === 'enable_http2') return view.bool(key) === false;
  const value = view.value(key);
  return !(isMap(value) && value.items.length === 0 && key === 'tls_config');
}

export const serviceDiscovery: Rule = {
  id: 'promconfig/service-discovery',
  severity: 'error',
  docs: 'Service-discovery settings their SD refuses: file_sd paths, http_sd URLs, dns_sd types and ports, kubernetes_sd roles and selectors, ec2 filters, consul server.',
  appliesTo: isPrometheusConfig,
  check(context) {
    for (const unit of configUnits(context)) {
      for (const [name, check] of Object.entries(checks)) {
        for (const section of sectionsNamed(unit, sdSectionName(name))) check(unit, section.view);
      }
    }
  },
};

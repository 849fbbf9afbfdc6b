import { configFileName, configKeys, configTopLevelKeys, globalConfigKeys, helmValuesFileName, otherToolJobKeys, otherToolKeys } from '../../shared/configFiles';

/**
 * Living beside Red Hat's YAML extension. When a user maps the `kubernetes` schema onto their manifests, that
 * extension validates monitoring.coreos.com resources against its downloaded CRD catalogue: every schema error would
 * show twice, once from each extension, and completion would list every field twice. promagent registers itself as a
 * schema contributor of that extension, and for a file whose every document promagent owns it contributes an empty
 * schema: Red Hat's extension then leaves those documents' schema errors, completion and hover to promagent.
 * Mixed files (a PrometheusAgent beside a Deployment) keep Red Hat's schemas, so the Deployment stays checked.
 */

export const contributorName = 'promagent';
export const ownedSchemaUri = 'promagent-owned://schema';
/** Accepts anything: contributed for documents whose schema checks promagent does itself. */
export const ownedSchemaContent = '{}';

const monitoringObject = /^apiVersion:\s*["']?monitoring\.coreos\.com\//m;
const promConfigKeys = new RegExp(`^(${configKeys.join('|')})\\s*:`, 'm');
const anyConfigKey = new RegExp(`^(${configTopLevelKeys.filter((key) => key !== 'global').join('|')})\\s*:`, 'm');
/** `global:` empty, or whose first key (past comments) is one of Prometheus': the engine asks as much of a named file. */
const prometheusGlobal = new RegExp(`^global:[ \\t]*(\\{[ \\t]*\\}|\\{[ \\t]*(${globalConfigKeys.join('|')})[ \\t]*:|(#.*)?\\r?\\n([ \\t]*(#.*)?\\r?\\n)*[ \\t]+(${globalConfigKeys.join('|')})[ \\t]*:)`, 'm');
/** Another program's top-level key, or a job key of its where a job's keys stand (`  - key:`, `    key:`, or in a flow job). */
const otherToolKey = new RegExp(`^(${otherToolKeys.join('|')})\\s*:|^(?: {0,2}- | {2,4})(${otherToolJobKeys.join('|')})\\s*:|[{,]\\s*(${otherToolJobKeys.join('|')})\\s*:`, 'm');

/** Whether promagent checks every document of the file against its own schemas (a cheap, synchronous test). */
export function ownsEveryDocument(path: string, text: string): boolean {
  const documents = text.split(/^---[ \t]*(?:#.*)?$/m).filter((d) => d.replace(/#.*$/gm, '').trim() !== '');
  if (documents.length === 0) return false;
  // A Helm values file is the chart's, whatever keys it holds.
  const mayBeConfig = !helmValuesFileName.test(path);
  return documents.every((d) => monitoringObject.test(d)
    || (mayBeConfig && !/^kind:/m.test(d) && !otherToolKey.test(d) && ((configFileName.test(path) && (anyConfigKey.test(d) || prometheusGlobal.test(d))) || promConfigKeys.test(d))));
}

/** The part of Red Hat YAML's exported API promagent uses. */
export interface RedHatYamlApi {
  registerContributor(
    schema: string,
    requestSchema: (resource: string) => string | undefined,
    requestSchemaContent: (uri: string) => string,
  ): boolean;
}

/** Registers promagent with the extension's API; `textOf` reads an open document's text by URI. */
export function registerContributor(api: RedHatYamlApi, textOf: (resource: string) => string | undefined): boolean {
  return api.registerContributor(
    contributorName,
    (resource) => {
      const text = textOf(resource);
      return text !== undefined && ownsEveryDocument(decodeURIComponent(resource), text) ? ownedSchemaUri : undefined;
    },
    () => ownedSchemaContent,
  );
}

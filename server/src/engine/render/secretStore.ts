import type { Workspace } from '../workspace';
import { paths } from './defaults';
import type { Fields } from './fields';
import type { Notes } from './notes';
import { objectKey } from './workspaceObjects';

const tlsAssetName = (namespace: string, kind: 'Secret' | 'ConfigMap', name: string, key: string) =>
  `${kind === 'Secret' ? 0 : 1}_${namespace}_${name}_${key}`;

/**
 * The Secret and ConfigMap values a configuration needs, read from the workspace as the operator reads them from the
 * cluster. The operator writes credentials into prometheus.yml and copies TLS files into the `tls-assets` Secret;
 * a reference the workspace cannot resolve is shown as `<namespace/name:key>` and said in the notes (the operator
 * would refuse to reconcile).
 */
export class SecretStore {
  private readonly tlsAssets = new Map<string, string>();

  constructor(private readonly workspace: Workspace, private readonly notes: Notes) {}

  /** The value of a SecretKeySelector (`{name, key}`) in `namespace`. */
  secretKey(namespace: string, selector: Fields): string {
    return this.lookup('Secret', namespace, selector) ?? `<${namespace}/${selector.string('name') ?? ''}:${selector.string('key') ?? ''}>`;
  }

  /** The value of a SecretOrConfigMap (`{secret: {name, key}}` or `{configMap: {name, key}}`). */
  secretOrConfigMapKey(namespace: string, source: Fields): string {
    const kind = source.has('secret') ? 'Secret' : 'ConfigMap';
    const selector = source.child(kind === 'Secret' ? 'secret' : 'configMap');
    return this.lookup(kind, namespace, selector) ?? `<${namespace}/${selector.string('name') ?? ''}:${selector.string('key') ?? ''}>`;
  }

  /**
   * Where the operator puts a TLS file taken from a Secret or ConfigMap: under /etc/prometheus/certs, named
   * `<source>_<namespace>_<name>_<key>` with source 0 for a Secret and 1 for a ConfigMap (pkg/assets).
   */
  tlsAssetPath(namespace: string, kind: 'Secret' | 'ConfigMap', selector: Fields): string {
    return `${paths.tlsAssetsDir}/${tlsAssetName(namespace, kind, selector.string('name') ?? '', selector.string('key') ?? '')}`;
  }

  /**
   * The files of a TLS config (`ca`, `cert`, `keySecret`) join the `tls-assets` Secret as the operator copies them:
   * the CA when it is given, the certificate and its key only as a pair.
   */
  addTlsAssets(namespace: string, tls: Fields): void {
    const source = (field: string): [kind: 'Secret' | 'ConfigMap', selector: Fields] | undefined => {
      const value = tls.child(field);
      if (value.has('secret')) return ['Secret', value.child('secret')];
      if (value.has('configMap')) return ['ConfigMap', value.child('configMap')];
      return undefined;
    };
    const ca = source('ca');
    if (ca) this.addAsset(namespace, ...ca);
    const cert = source('cert');
    if (cert && tls.has('keySecret')) {
      this.addAsset(namespace, ...cert);
      this.addAsset(namespace, 'Secret', tls.child('keySecret'));
    }
  }

  private addAsset(namespace: string, kind: 'Secret' | 'ConfigMap', selector: Fields): void {
    const content = this.lookup(kind, namespace, selector);
    if (content !== undefined) this.tlsAssets.set(tlsAssetName(namespace, kind, selector.string('name') ?? '', selector.string('key') ?? ''), content);
  }

  /** The TLS files collected so far, by asset name, sorted. */
  assets(): [string, string][] {
    return [...this.tlsAssets].sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
  }

  private lookup(kind: 'Secret' | 'ConfigMap', namespace: string, selector: Fields): string | undefined {
    const name = selector.string('name');
    const key = selector.string('key');
    if (!name || !key) {
      this.notes.add(`${selector.at('name')}: a ${kind} reference needs a name and a key; not used`);
      return undefined;
    }
    const value = objectKey(this.workspace, kind, namespace, name, key);
    if (value === undefined) {
      this.notes.add(`${kind} ${namespace}/${name} (key ${key}) is not in the workspace, and the config shows <${namespace}/${name}:${key}>; where the cluster lacks it too, the operator refuses the agent, or skips the monitor, that names it`);
    }
    return value;
  }
}

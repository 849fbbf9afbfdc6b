import type { Workspace } from '../workspace';
import { paths } from './defaults';
import type { Fields } from './fields';
import type { Notes } from './notes';
import { objectKey } from './workspaceObjects';

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
   * The path under /etc/prometheus/certs of a TLS file taken from a Secret or ConfigMap; the file joins the
   * `tls-assets` Secret. The name `<secret|configmap>_<namespace>_<name>_<key>` is the operator's asset store key
   * (operator.md is silent on it).
   */
  tlsAsset(namespace: string, kind: 'Secret' | 'ConfigMap', selector: Fields): string {
    const name = selector.string('name') ?? '';
    const key = selector.string('key') ?? '';
    const asset = `${kind.toLowerCase()}_${namespace}_${name}_${key}`;
    const content = this.lookup(kind, namespace, selector);
    if (content !== undefined) this.tlsAssets.set(asset, content);
    return `${paths.tlsAssetsDir}/${asset}`;
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
      this.notes.add(`${kind} ${namespace}/${name} (key ${key}) is not in the workspace; the operator refuses to reconcile until it exists, and the config shows <${namespace}/${name}:${key}>`);
    }
    return value;
  }
}

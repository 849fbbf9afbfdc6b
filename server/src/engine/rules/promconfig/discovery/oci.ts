import { isScalar } from 'yaml';
import { goQuote, goText, spanOf } from '../goYaml';
import type { SdCheck } from './sd';

/** discovery/oci: a region, the fields of the authentication method, non-empty compartments, a refresh interval. */

const apiKeyFields = ['tenancy', 'user', 'fingerprint', 'key_file'];
const keyFields = [...apiKeyFields, 'key_passphrase', 'key_passphrase_file'];

export const ociChecks: Record<string, SdCheck> = {
  oci(entry) {
    if (!entry.set('region')) return entry.report('region', 'oci_sd: region is required');
    const auth = entry.text('auth', 'api_key');
    if (auth === 'api_key') {
      const missing = apiKeyFields.find((key) => !entry.set(key));
      if (missing) return entry.report(missing, `oci_sd: api_key auth requires ${missing}`);
      if (entry.set('key_passphrase') && entry.set('key_passphrase_file')) {
        return entry.report('key_passphrase_file', 'oci_sd: at most one of key_passphrase and key_passphrase_file must be configured');
      }
    } else if (auth === 'instance_principal') {
      const extra = keyFields.find((key) => entry.set(key));
      if (extra) {
        return entry.report(extra, 'oci_sd: instance_principal auth must not have tenancy, user, fingerprint, key_file, key_passphrase, or key_passphrase_file set');
      }
    } else {
      return entry.report('auth', `oci_sd: unknown auth method ${goQuote(auth)}, expected "api_key" or "instance_principal"`);
    }
    const compartments = entry.view.items('compartments');
    const empty = compartments.findIndex((item) => item === null || (isScalar(item) && goText(item) === ''));
    if (empty >= 0) {
      entry.unit.report({ span: spanOf(compartments[empty]) ?? entry.view.spanFor('compartments'), message: `oci_sd: compartments[${empty}] must not be empty` });
      return;
    }
    if (entry.duration('refresh_interval', 60_000) === 0) return entry.report('refresh_interval', 'oci_sd: refresh_interval must be positive, got 0s');
  },
};

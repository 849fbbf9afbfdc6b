import type { Rule } from '../rule';
import { isPrometheusConfig, sectionsNamed } from './common';
import { configUnits } from './units';

/**
 * Every sigv4 block (remote_write, and Alertmanagers since v2.48) as SigV4Config's UnmarshalYAML validates it: static
 * credentials come as a pair, and an external ID goes with a role to assume.
 */
export const sigv4: Rule = {
  id: 'promconfig/sigv4',
  severity: 'error',
  docs: 'A sigv4 block with an access key and no secret key (or the reverse), or an external_id without role_arn.',
  appliesTo: isPrometheusConfig,
  check(context) {
    for (const unit of configUnits(context)) {
      for (const { view } of sectionsNamed(unit, 'sigv4')) {
        const accessKey = view.text('access_key') ?? '';
        const secretKey = view.text('secret_key') ?? '';
        if ((accessKey === '') !== (secretKey === '')) {
          unit.report({
            span: view.keySpan(accessKey ? 'access_key' : 'secret_key') ?? view.anchor(),
            message: 'must provide a AWS SigV4 Access key and Secret Key if credentials are specified in the SigV4 config',
          });
        }
        if (view.text('external_id') && !view.text('role_arn')) {
          unit.report({ span: view.spanFor('external_id'), message: 'external_id can only be used with role_arn' });
        }
      }
    }
  },
};

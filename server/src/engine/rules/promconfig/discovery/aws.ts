import { isMap } from 'yaml';
import { goQuote, spanOf } from '../goYaml';
import { type SdCheck } from './sd';

/** discovery/aws: the unified aws_sd role, and the EC2 filters (ec2_sd_configs, and aws_sd_configs with role ec2). */

/** The release that brought each role of aws_sd_configs. */
const awsRoleSince: Record<string, string> = {
  ec2: 'v3.8.0', ecs: 'v3.8.0', lightsail: 'v3.8.0', msk: 'v3.10.0', rds: 'v3.11.0', elasticache: 'v3.11.0',
};

const ec2Filters: SdCheck = (entry) => {
  for (const filter of entry.view.items('filters')) {
    if (isMap(filter) && entry.view.views.of(filter, []).items('values').length === 0) {
      entry.unit.report({ span: spanOf(filter) ?? entry.view.spanFor('filters'), message: 'EC2 SD configuration filter values cannot be empty' });
      return;
    }
  }
};

export const awsChecks: Record<string, SdCheck> = {
  aws(entry) {
    // Role's UnmarshalYAML refuses an unknown role; an absent one fails the switch that builds the role's config.
    const role = entry.text('role');
    const since = awsRoleSince[role];
    if (!since || !entry.since(since)) return entry.report('role', `unknown AWS SD role ${goQuote(role)}`);
  },
  ec2: ec2Filters,
};

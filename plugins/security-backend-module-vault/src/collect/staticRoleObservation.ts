import { parseDurationDays } from '@posture/backstage-plugin-security-common';
import type { SecretObservation } from '@posture/backstage-plugin-security-node';
import type { StaticRole } from '../client';

/**
 * Facts of one database static role: its password is as old as its last rotation, and may
 * get as old as its rotation period. A role rotated on a cron `rotation_schedule` has no
 * period, so the policy default applies.
 */
export function staticRoleObservation(args: {
  engine: string;
  role: string;
  staticRole: StaticRole;
  defaultMaxAgeDays: number;
}): SecretObservation {
  const { staticRole } = args;
  return {
    path: args.role,
    engine: args.engine,
    kind: 'database-static-role',
    currentVersion: null,
    createdTime: staticRole.last_vault_rotation || null,
    updatedTime: null,
    maxAgeDays:
      parseDurationDays(staticRole.rotation_period) ?? args.defaultMaxAgeDays,
    state: 'active',
    error: null,
  };
}

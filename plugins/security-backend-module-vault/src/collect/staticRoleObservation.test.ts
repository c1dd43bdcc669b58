import { readVaultFixture } from '../__testUtils__/fixtures';
import { staticRoleObservation } from './staticRoleObservation';

describe('staticRoleObservation', () => {
  it('maps the documented static role (rotation_period as a duration string)', () => {
    expect(
      staticRoleObservation({
        engine: 'database',
        role: 'static-user',
        staticRole: readVaultFixture('database-static-role.json').data,
        defaultMaxAgeDays: 90,
      }),
    ).toEqual({
      path: 'static-user',
      engine: 'database',
      kind: 'database-static-role',
      currentVersion: null,
      // The docs' sample has no last_vault_rotation: age unknown.
      createdTime: null,
      updatedTime: null,
      maxAgeDays: 1 / 24,
      state: 'active',
      error: null,
    });
  });

  it('reads rotation_period in seconds, as Vault answers it, and the last rotation', () => {
    const { last_vault_rotation } = readVaultFixture(
      'database-static-creds.json',
    ).data;
    const observation = staticRoleObservation({
      engine: 'db-prod',
      role: 'ledger-db',
      staticRole: { last_vault_rotation, rotation_period: 2_592_000 },
      defaultMaxAgeDays: 90,
    });
    expect(observation.createdTime).toBe('2019-05-06T15:26:42.525302-05:00');
    expect(observation.maxAgeDays).toBe(30);
  });

  it('falls back to the policy default for a role rotated on a schedule', () => {
    expect(
      staticRoleObservation({
        engine: 'database',
        role: 'r',
        staticRole: { rotation_schedule: '0 0 * * SAT' },
        defaultMaxAgeDays: 90,
      }).maxAgeDays,
    ).toBe(90);
  });
});

import { secretRotationReasons, secretsStaleReason } from './secretReasons';
import type { SecretsSummary } from './types';

describe('secretRotationReasons', () => {
  const summary: Pick<SecretsSummary, 'overdue' | 'overdueSecrets'> = {
    overdue: 2,
    overdueSecrets: [
      {
        path: 'ledger-db',
        engine: 'database',
        kind: 'database-static-role',
        ageDays: 9,
        maxAgeDays: 1,
      },
      {
        path: 'payments/db',
        engine: 'secret',
        kind: 'kv',
        ageDays: 143,
        maxAgeDays: 90,
      },
    ],
  };

  it('gives each overdue secret its own reason and fix, naming it and its age', () => {
    expect(secretRotationReasons(summary)).toEqual([
      {
        check: 'secret-rotation',
        message:
          'Static role ledger-db was last rotated 9 days ago; it should rotate every 1 day',
        fix: 'Find out why Vault stopped rotating ledger-db (9 days old): check the role and its database connection in the database mount.',
        target: 'secrets',
      },
      {
        check: 'secret-rotation',
        message: 'payments/db is 143 days old, past its 90-day limit',
        fix: 'Rotate payments/db (143 days old): write a new version in the secret mount and roll it out.',
        target: 'secrets',
      },
    ]);
  });

  it('names the five most overdue and counts the rest in one reason', () => {
    const many = Array.from({ length: 7 }, (_, i) => ({
      path: `app/s${i}`,
      engine: 'secret',
      kind: 'kv' as const,
      ageDays: 200 - i,
      maxAgeDays: 90,
    }));
    expect(
      secretRotationReasons({ overdue: 7, overdueSecrets: many }).map(
        r => r.message,
      ),
    ).toEqual([
      'app/s0 is 200 days old, past its 90-day limit',
      'app/s1 is 199 days old, past its 90-day limit',
      'app/s2 is 198 days old, past its 90-day limit',
      'app/s3 is 197 days old, past its 90-day limit',
      'app/s4 is 196 days old, past its 90-day limit',
      '2 more secrets are overdue for rotation',
    ]);
  });

  it('counts overdue secrets of a summary stored before it named them', () => {
    expect(secretRotationReasons({ overdue: 2 }).map(r => r.message)).toEqual([
      '2 secrets are overdue for rotation',
    ]);
  });

  it('sends the reader to the secrets when Vault could not be read', () => {
    expect(secretsStaleReason()).toMatchObject({
      check: 'secrets-stale',
      target: 'secrets',
    });
  });
});

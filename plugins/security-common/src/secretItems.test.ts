import {
  compareSecretUrgency,
  nextSecrets,
  secretItemsAt,
  summarizeSecrets,
  type SecretObservation,
  type StoredSecret,
} from './secretItems';

const now = new Date('2026-11-23T00:00:00Z');
const daysAgo = (days: number) =>
  new Date(now.getTime() - days * 86_400_000).toISOString();

function secret(
  path: string,
  overrides: Partial<StoredSecret> = {},
): StoredSecret {
  return {
    path,
    engine: 'secret',
    kind: 'kv',
    currentVersion: 1,
    createdTime: daysAgo(10),
    updatedTime: null,
    maxAgeDays: 90,
    state: 'active',
    error: null,
    checkedAt: daysAgo(1),
    stale: false,
    ...overrides,
  };
}

describe('secret rules', () => {
  it('orders by urgency, oldest first, and by path between equals', () => {
    const items = secretItemsAt(
      [
        secret('ok-b'),
        secret('ok-a'),
        secret('gone', { state: 'deleted' }),
        secret('unreadable', { state: 'error', createdTime: null }),
        secret('due-soon', { createdTime: daysAgo(80) }),
        secret('overdue-young', { createdTime: daysAgo(95) }),
        secret('overdue-old', { createdTime: daysAgo(400) }),
      ],
      now,
    );
    expect(items.map(i => [i.path, i.status])).toEqual([
      ['overdue-old', 'overdue'],
      ['overdue-young', 'overdue'],
      ['due-soon', 'due-soon'],
      ['unreadable', 'unknown'],
      ['gone', 'deleted'],
      ['ok-a', 'ok'],
      ['ok-b', 'ok'],
    ]);
    expect(
      compareSecretUrgency(
        { status: 'ok', ageDays: 3 },
        { status: 'ok', ageDays: 3 },
      ),
    ).toBe(0);
  });

  it('counts the section at the given time and is stale when the source failed or a secret could not be read', () => {
    const secrets = [
      secret('old', { createdTime: daysAgo(120) }),
      secret('soon', { createdTime: daysAgo(85) }),
      secret('gone', { state: 'deleted', createdTime: daysAgo(999) }),
    ];
    const ok = { succeededAt: daysAgo(1), error: null };
    expect(summarizeSecrets(secrets, ok, now)).toEqual({
      total: 3,
      overdue: 1,
      dueSoon: 1,
      // Deleted secrets have no age that matters.
      oldestAgeDays: 120,
      overdueSecrets: [
        {
          path: 'old',
          engine: 'secret',
          kind: 'kv',
          ageDays: 120,
          maxAgeDays: 90,
        },
      ],
      checkedAt: daysAgo(1),
      stale: false,
    });
    expect(summarizeSecrets(secrets, { ...ok, error: '403' }, now).stale).toBe(
      true,
    );
    expect(
      summarizeSecrets([secret('x', { stale: true })], ok, now).stale,
    ).toBe(true);
    expect(summarizeSecrets([], undefined, now)).toMatchObject({
      total: 0,
      oldestAgeDays: null,
      checkedAt: null,
      stale: false,
    });
  });

  // The ledger of the demo: a deleted secret far past its limit, a fresh KV secret and a
  // static role long past a one-day rotation.
  it('agrees with the rows: counts an overdue static role, names the overdue secrets most overdue first, and never counts a deleted one', () => {
    const ledger = [
      secret('payments/ledger/api-key', {
        state: 'deleted',
        createdTime: daysAgo(150),
      }),
      secret('payments/ledger/db', { createdTime: daysAgo(20) }),
      secret('payments/ledger/signing-key', { createdTime: daysAgo(95) }),
      secret('ledger-db', {
        engine: 'database',
        kind: 'database-static-role',
        currentVersion: null,
        createdTime: daysAgo(9),
        maxAgeDays: 1,
      }),
    ];
    const summary = summarizeSecrets(
      ledger,
      { succeededAt: daysAgo(0), error: null },
      now,
    );
    expect(summary).toMatchObject({
      total: 4,
      overdue: 2,
      dueSoon: 0,
      oldestAgeDays: 95,
    });
    expect(summary.overdueSecrets).toEqual([
      {
        path: 'ledger-db',
        engine: 'database',
        kind: 'database-static-role',
        ageDays: 9,
        maxAgeDays: 1,
      },
      {
        path: 'payments/ledger/signing-key',
        engine: 'secret',
        kind: 'kv',
        ageDays: 95,
        maxAgeDays: 90,
      },
    ]);
  });

  it('keeps the last known facts, stale, of a secret that could not be read this time, and drops secrets no longer reported', () => {
    const at = now.toISOString();
    const unreadable: SecretObservation = {
      ...secret('db'),
      state: 'error',
      createdTime: null,
      error: 'permission denied',
    };
    const fresh: SecretObservation = { ...secret('api-key') };
    const next = nextSecrets({
      previous: [secret('db'), secret('removed')],
      observations: [unreadable, fresh],
      at,
    });
    expect(next).toEqual([
      { ...secret('db'), error: 'permission denied', stale: true },
      { ...fresh, checkedAt: at, stale: false },
    ]);
  });

  it('keeps the secrets last listed under a folder, stale with the error, when the folder cannot be listed', () => {
    const at = now.toISOString();
    const unlisted: SecretObservation = {
      ...secret('payments/'),
      state: 'error',
      currentVersion: null,
      createdTime: null,
      maxAgeDays: null,
      error: 'Vault rate limited listing secret/metadata/payments/ (429)',
    };
    const named: SecretObservation = { ...secret('payments/db') };
    const next = nextSecrets({
      previous: [
        secret('payments/api-key'),
        secret('payments/db'),
        secret('payments/nested/token'),
        secret('payments-other'),
        secret('payments/in-kv2', { engine: 'kv-2' }),
      ],
      // The folder and, named on its own, one secret in it.
      observations: [unlisted, named],
      at,
    });
    expect(next).toEqual([
      { ...secret('payments/api-key'), error: unlisted.error, stale: true },
      {
        ...secret('payments/nested/token'),
        error: unlisted.error,
        stale: true,
      },
      { ...named, checkedAt: at, stale: false },
    ]);
  });

  it('stores a folder that was never listed in error as unchecked', () => {
    const [only] = nextSecrets({
      previous: [secret('other/db')],
      observations: [
        { ...secret('payments/'), state: 'error', error: 'permission denied' },
      ],
      at: now.toISOString(),
    });
    expect(only).toMatchObject({
      path: 'payments/',
      state: 'error',
      checkedAt: null,
      stale: false,
    });
  });

  it('stores a never-read secret in error as unchecked', () => {
    const [only] = nextSecrets({
      previous: [],
      observations: [
        { ...secret('new'), state: 'error', error: 'permission denied' },
      ],
      at: now.toISOString(),
    });
    expect(only).toMatchObject({
      state: 'error',
      checkedAt: null,
      stale: false,
    });
  });
});

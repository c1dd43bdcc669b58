import { secretRequestPath } from './secretRequestPath';

describe('secretRequestPath', () => {
  it('puts a KV secret under <namespace>/<entity name>/<name> in the KV mount', () => {
    expect(
      secretRequestPath({
        entityRef: 'component:payments/Checkout',
        name: 'Stripe_key',
        kind: 'kv',
      }),
    ).toEqual({ mount: 'secret', path: 'payments/checkout/Stripe_key' });
    expect(
      secretRequestPath(
        { entityRef: 'component:default/api', name: 'db', kind: 'kv' },
        { kvMount: 'kv-apps' },
      ),
    ).toEqual({ mount: 'kv-apps', path: 'default/api/db' });
  });

  it('names a database static role <entity name>-<name> in the database mount', () => {
    expect(
      secretRequestPath({
        entityRef: 'component:default/api',
        name: 'readonly',
        kind: 'database-role',
      }),
    ).toEqual({ mount: 'database', path: 'api-readonly' });
    expect(
      secretRequestPath(
        {
          entityRef: 'component:default/api',
          name: 'rw',
          kind: 'database-role',
        },
        { databaseMount: 'postgres' },
      ),
    ).toEqual({ mount: 'postgres', path: 'api-rw' });
  });

  it.each([
    ['component:default/api', '../other'],
    ['component:default/api', 'a/b'],
    ['component:default/..', 'db'],
    ['component:../api', 'db'],
    ['component:default/.hidden', 'db'],
  ])(
    'refuses %s with name %s, which would not be one folder',
    (entityRef, name) => {
      expect(() => secretRequestPath({ entityRef, name, kind: 'kv' })).toThrow(
        TypeError,
      );
    },
  );
});

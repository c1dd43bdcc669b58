import { mockServices } from '@backstage/backend-test-utils';
import { ConfigReader } from '@backstage/config';
import { DatabaseExemptionStore } from '../../database/DatabaseExemptionStore';
import { createTestStore } from '../../__testUtils__/storeHarness';
import { createTestDatabases } from '../../__testUtils__/testDatabases';
import { DemoExemptionSeeder } from './DemoExemptionSeeder';
import { readExemptionConfig } from './exemptionConfig';

const databases = createTestDatabases();
const NOW = new Date('2027-01-01T12:00:00.000Z');

type JsonObject = NonNullable<ConstructorParameters<typeof ConfigReader>[0]>;

const demo = (exemptions: JsonObject[]) =>
  new ConfigReader({ security: { demo: { exemptions } } });

const pendingItem = {
  entityRef: 'component:default/checkout-api',
  check: 'fixable-vulnerabilities',
  justification: 'Waiting for the upstream fix of the payment SDK',
  requester: 'user:default/alice-nguyen',
  expiresInDays: 30,
};
const approvedItem = {
  entityRef: 'component:default/ledger',
  check: 'signature',
  justification: 'Signing moves to the new release workflow next sprint',
  requester: 'user:default/alice-nguyen',
  approver: 'user:default/carol-okafor',
  expiresInDays: 45,
};

describe('readExemptionConfig', () => {
  it('runs the expiry pass every 5 minutes unless configured', () => {
    expect(readExemptionConfig(new ConfigReader({})).expiryFrequency).toEqual({
      minutes: 5,
    });
    expect(
      readExemptionConfig(
        new ConfigReader({
          security: { exemptions: { expiryFrequency: { minutes: 1 } } },
        }),
      ).expiryFrequency,
    ).toEqual({ minutes: 1 });
    expect(() =>
      readExemptionConfig(
        new ConfigReader({
          security: { exemptions: { expiryFrequency: 'soon' } },
        }),
      ),
    ).toThrow(/^Invalid config security\.exemptions\.expiryFrequency: /);
  });

  it('reads the demo list, and names the key of a bad entry', () => {
    expect(
      readExemptionConfig(demo([pendingItem, approvedItem])).demoExemptions,
    ).toEqual([
      { ...pendingItem, findingId: null, approver: undefined },
      { ...approvedItem, findingId: null },
    ]);
    expect(() =>
      readExemptionConfig(demo([{ ...pendingItem, check: 'nope' }])),
    ).toThrow(/^Invalid config security\.demo\.exemptions\[0\]\.check: /);
    expect(() =>
      readExemptionConfig(
        demo([
          pendingItem,
          { ...approvedItem, approver: approvedItem.requester },
        ]),
      ),
    ).toThrow(
      'Invalid config security.demo.exemptions[1].approver: nobody may approve their own exemption; name another user',
    );
    expect(() =>
      readExemptionConfig(demo([{ ...pendingItem, expiresInDays: 0 }])),
    ).toThrow(/security\.demo\.exemptions\[0\]\.expiresInDays/);
  });
});

describe.each(databases.eachSupportedId())('DemoExemptionSeeder on %s', id => {
  it('writes a pending and an approved exemption once, and regrades the approved one', async () => {
    const { knex } = await createTestStore(databases, id);
    const store = new DatabaseExemptionStore(knex);
    const regrade = jest.fn(async () => {});
    const seeder = new DemoExemptionSeeder({
      store,
      regrade,
      logger: mockServices.logger.mock(),
      now: () => NOW,
    });
    const items = readExemptionConfig(
      demo([pendingItem, approvedItem]),
    ).demoExemptions;

    expect(await seeder.run(items)).toBe(2);
    expect(await seeder.run(items)).toBe(0);

    const stored = await store.list({ now: NOW, offset: 0, limit: 10 });
    expect(
      stored.map(e => [e.entityRef, e.status, e.requester, e.approver]),
    ).toEqual(
      expect.arrayContaining([
        [
          'component:default/checkout-api',
          'pending',
          'user:default/alice-nguyen',
          null,
        ],
        [
          'component:default/ledger',
          'approved',
          'user:default/alice-nguyen',
          'user:default/carol-okafor',
        ],
      ]),
    );
    expect(stored).toHaveLength(2);
    expect(regrade.mock.calls).toEqual([
      [{ entityRef: 'component:default/ledger', now: NOW }],
    ]);
  });
});

import { randomUUID } from 'crypto';
import { mockServices } from '@backstage/backend-test-utils';
import type { PolicyCheckId } from '@posture/backstage-plugin-security-common';
import { DatabaseExemptionStore } from '../../database/DatabaseExemptionStore';
import {
  createTestStore,
  reportWrite,
  TEST_ENTITY_REF,
} from '../../__testUtils__/storeHarness';
import { createTestDatabases } from '../../__testUtils__/testDatabases';
import { ExemptionExpiry } from './ExemptionExpiry';

const databases = createTestDatabases();
const DAY = 86_400_000;
// The harness's scan is from 2026-11-20: 42 days old here, past the standard 30.
const T0 = new Date('2027-01-01T09:00:00.000Z');
const at = (days: number) => new Date(T0.getTime() + days * DAY);

describe.each(databases.eachSupportedId())('ExemptionExpiry on %s', id => {
  async function setUp() {
    const { knex, store } = await createTestStore(databases, id);
    const exemptions = new DatabaseExemptionStore(knex);
    await store.reports.replaceReport({ write: reportWrite(), now: T0 });
    const regrade = jest.fn((options: { entityRef: string; now: Date }) =>
      store.summaries.regrade(options),
    );
    const auditor = mockServices.auditor.mock();
    let clock = T0;
    const expiry = new ExemptionExpiry({
      store: exemptions,
      regrade,
      auditor,
      logger: mockServices.logger.mock(),
      now: () => clock,
    });
    const setClock = (now: Date) => {
      clock = now;
    };
    const ask = async (check: PolicyCheckId, expiresAt: Date) => {
      const exemptionId = randomUUID();
      await exemptions.create({
        exemption: {
          id: exemptionId,
          entityRef: TEST_ENTITY_REF,
          check,
          findingId: null,
          justification: 'Scanner migration in progress',
          requester: 'user:default/alice',
          expiresAt,
        },
        now: T0,
      });
      return exemptionId;
    };
    const approve = async (exemptionId: string) => {
      await exemptions.decide({
        id: exemptionId,
        status: 'approved',
        approver: 'user:default/bob',
        comment: null,
        now: T0,
      });
      await store.summaries.regrade({ entityRef: TEST_ENTITY_REF, now: T0 });
    };
    const statusOf = async (check: PolicyCheckId) =>
      (await store.summaries.get({ entityRef: TEST_ENTITY_REF }))?.checks.find(
        c => c.check === check,
      )?.status;
    return {
      exemptions,
      expiry,
      setClock,
      ask,
      approve,
      statusOf,
      regrade,
      auditor,
    };
  }

  it('reopens the check an approved exemption covered once it expires, and only then', async () => {
    const { expiry, setClock, ask, approve, statusOf, exemptions } =
      await setUp();
    expect(await statusOf('scan-age')).toBe('fail');
    const exemptionId = await ask('scan-age', at(5));
    await approve(exemptionId);
    expect(await statusOf('scan-age')).toBe('exempt');

    setClock(at(4));
    expect(await expiry.run()).toBe(0);
    expect(await statusOf('scan-age')).toBe('exempt');

    setClock(at(5));
    expect(await expiry.run()).toBe(1);
    expect(await statusOf('scan-age')).toBe('fail');
    expect(
      (await exemptions.get({ id: exemptionId, now: at(5) }))?.status,
    ).toBe('expired');

    // Nothing left to do on the next pass.
    setClock(at(6));
    expect(await expiry.run()).toBe(0);
  });

  it('audits each expiry, and regrades only for an exemption that was approved', async () => {
    const { expiry, setClock, ask, approve, regrade, auditor } = await setUp();
    const approved = await ask('scan-age', at(1));
    await approve(approved);
    const pending = await ask('sbom', at(1));

    setClock(at(2));
    expect(await expiry.run()).toBe(2);

    expect(regrade.mock.calls).toEqual([
      [{ entityRef: TEST_ENTITY_REF, now: at(2) }],
    ]);
    const events = auditor.createEvent.mock.calls.map(([event]) => event);
    expect(events).toEqual(
      expect.arrayContaining(
        [approved, pending].map(exemptionId =>
          expect.objectContaining({
            eventId: 'exemption-expire',
            meta: expect.objectContaining({
              exemptionId,
              entityRef: TEST_ENTITY_REF,
              status: 'expired',
              actor: 'plugin:security',
            }),
          }),
        ),
      ),
    );
    for (const result of auditor.createEvent.mock.results) {
      expect((await result.value).success).toHaveBeenCalled();
    }
  });

  it('audits a regrade that failed as a failure and still expires the rest', async () => {
    const { expiry, setClock, ask, approve, regrade, auditor, exemptions } =
      await setUp();
    const first = await ask('scan-age', at(1));
    const second = await ask('signature', at(1));
    await approve(first);
    await approve(second);
    regrade.mockRejectedValueOnce(new Error('database went away'));

    setClock(at(2));
    expect(await expiry.run()).toBe(2);

    const outcomes = await Promise.all(
      auditor.createEvent.mock.results.map(async r => {
        const event = await r.value;
        return event.fail.mock.calls.length > 0 ? 'fail' : 'success';
      }),
    );
    expect(outcomes.sort()).toEqual(['fail', 'success']);
    for (const exemptionId of [first, second]) {
      expect(
        (await exemptions.get({ id: exemptionId, now: at(2) }))?.status,
      ).toBe('expired');
    }
  });
});

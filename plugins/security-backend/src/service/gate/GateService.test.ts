import { mockCredentials, mockServices } from '@backstage/backend-test-utils';
import type { Entity } from '@backstage/catalog-model';
import { NotAllowedError } from '@backstage/errors';
import { DatabaseExemptionStore } from '../../database/DatabaseExemptionStore';
import { makeScan, makeVulnerability } from '../../__testUtils__/parsedReports';
import {
  createTestStore,
  reportWrite,
  TEST_ENTITY_REF,
} from '../../__testUtils__/storeHarness';
import { createTestDatabases } from '../../__testUtils__/testDatabases';
import type { EntityAccess } from '../EntityAccess';
import { GateService } from './GateService';

const databases = createTestDatabases();
const name = { kind: 'component', namespace: 'default', name: 'api' };
const entity: Entity = {
  apiVersion: 'backstage.io/v1alpha1',
  kind: 'Component',
  metadata: { name: 'api', namespace: 'default' },
};
const T0 = Date.parse('2026-12-01T10:00:00.000Z');
const HOUR = 3_600_000;
const DAY = 24 * HOUR;

/** A Trivy scan of the api image generated at `at`: one fixable critical, or clean. */
function scanAt(at: number, fixableCritical: boolean) {
  return reportWrite({
    sha256: `${fixableCritical ? 'c' : '0'}${String(at).padStart(63, '0')}`,
    report: makeScan(0, {
      generatedAt: new Date(at).toISOString(),
      vulnerabilities: fixableCritical
        ? [
            makeVulnerability(0, {
              id: 'CVE-2026-0001',
              severity: 'critical',
              packageName: 'openssl',
              installedVersion: '3.0.12',
              fixedVersion: '3.0.13',
              status: 'fixed',
            }),
          ]
        : [],
    }),
  });
}

function auditorRecordingEvents() {
  const success = jest.fn(async () => {});
  const fail = jest.fn(async () => {});
  const auditor = mockServices.auditor.mock({
    createEvent: jest.fn(async () => ({ success, fail })),
  });
  return { auditor, success, fail };
}

describe.each(databases.eachSupportedId())('GateService on %s', id => {
  async function setup() {
    const { knex, store } = await createTestStore(databases, id);
    const exemptions = new DatabaseExemptionStore(knex);
    const clock = { now: T0 };
    const { auditor, success, fail } = auditorRecordingEvents();
    const access = {
      authorizeRead: jest.fn(async () => ({
        entity,
        entityRef: TEST_ENTITY_REF,
      })),
    };
    const gate = new GateService({
      access: access as unknown as EntityAccess,
      auditor,
      store,
      exemptions,
      now: () => new Date(clock.now),
    });
    const evaluate = () => gate.evaluate(name, mockCredentials.service());
    return {
      store,
      exemptions,
      clock,
      evaluate,
      auditor,
      success,
      fail,
      access,
    };
  }

  it('fails for a fixable critical, passes after a clean report, passes while an approved exemption covers the finding and fails again once it expires', async () => {
    const { store, exemptions, clock, evaluate } = await setup();

    await store.reports.replaceReport({
      write: scanAt(T0 - HOUR, true),
      now: new Date(T0),
    });
    const failing = await evaluate();
    expect(failing).toMatchObject({
      pass: false,
      entityRef: TEST_ENTITY_REF,
      policy: 'standard',
      exemptions: [],
    });
    expect(failing.violations).toEqual([
      {
        check: 'fixable-vulnerabilities',
        status: 'fail',
        message: expect.any(String),
        fix: expect.stringContaining('Upgrade openssl to 3.0.13'),
      },
    ]);

    clock.now = T0 + HOUR;
    await store.reports.replaceReport({
      write: scanAt(T0 + HOUR, false),
      now: new Date(clock.now),
    });
    const clean = await evaluate();
    expect(clean).toMatchObject({ pass: true, violations: [] });

    // The critical is back in the next build; its owners get it exempted for ten days.
    clock.now = T0 + 2 * HOUR;
    await store.reports.replaceReport({
      write: scanAt(T0 + 2 * HOUR, true),
      now: new Date(clock.now),
    });
    expect((await evaluate()).pass).toBe(false);
    const expiresAt = new Date(T0 + 10 * DAY);
    await exemptions.create({
      exemption: {
        id: '00000000-0000-4000-8000-000000000001',
        entityRef: TEST_ENTITY_REF,
        check: 'fixable-vulnerabilities',
        findingId: 'CVE-2026-0001',
        justification: 'No fixed build of the base image yet',
        requester: 'user:default/alice',
        expiresAt,
      },
      now: new Date(clock.now),
    });
    await exemptions.decide({
      id: '00000000-0000-4000-8000-000000000001',
      status: 'approved',
      approver: 'user:default/bob',
      comment: null,
      now: new Date(clock.now),
    });
    const exempted = await evaluate();
    expect(exempted).toMatchObject({ pass: true, violations: [] });
    expect(exempted.exemptions).toEqual([
      expect.objectContaining({
        id: '00000000-0000-4000-8000-000000000001',
        check: 'fixable-vulnerabilities',
        findingId: 'CVE-2026-0001',
        status: 'approved',
        expiresAt: expiresAt.toISOString(),
      }),
    ]);

    clock.now = expiresAt.getTime() + 60_000;
    const expired = await evaluate();
    expect(expired).toMatchObject({ pass: false, exemptions: [] });
    expect(expired.violations.map(v => [v.check, v.status])).toEqual([
      ['fixable-vulnerabilities', 'fail'],
    ]);
  });

  it('fails an entity nothing was stored for, naming the gate checks whose data is missing', async () => {
    const { evaluate } = await setup();
    const result = await evaluate();
    expect(result).toMatchObject({
      pass: false,
      grade: null,
      score: null,
      policy: 'standard',
    });
    expect(result.violations.map(v => [v.check, v.status])).toEqual([
      ['known-exploited', 'missing'],
      ['fixable-vulnerabilities', 'missing'],
      ['scan-age', 'missing'],
    ]);
  });

  it('audits each call with the entity and the verdict, and writes nothing', async () => {
    const { store, evaluate, auditor, success } = await setup();
    await store.reports.replaceReport({
      write: scanAt(T0 - HOUR, true),
      now: new Date(T0),
    });
    const before = await store.summaries.get({ entityRef: TEST_ENTITY_REF });
    await evaluate();
    expect(auditor.createEvent).toHaveBeenCalledWith({
      eventId: 'gate-evaluate',
      severityLevel: 'low',
      meta: { entityRef: TEST_ENTITY_REF },
    });
    expect(success).toHaveBeenCalledWith({
      meta: { entityRef: TEST_ENTITY_REF, pass: false },
    });
    expect(await store.summaries.get({ entityRef: TEST_ENTITY_REF })).toEqual(
      before,
    );
  });

  it('refuses a caller who may not read the entity, audited as a failure', async () => {
    const { evaluate, access, fail, success } = await setup();
    access.authorizeRead.mockRejectedValueOnce(
      new NotAllowedError('Not allowed to read the security posture'),
    );
    await expect(evaluate()).rejects.toThrow(NotAllowedError);
    expect(fail).toHaveBeenCalledTimes(1);
    expect(success).not.toHaveBeenCalled();
  });
});

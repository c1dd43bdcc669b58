import { mockServices } from '@backstage/backend-test-utils';
import type { NotificationService } from '@backstage/plugin-notifications-node';
import type { Knex } from 'knex';
import { DatabaseNotificationStore } from '../../database/DatabaseNotificationStore';
import { createTestStore } from '../../__testUtils__/storeHarness';
import { createTestDatabases } from '../../__testUtils__/testDatabases';
import { PostureNotifier } from './PostureNotifier';

const databases = createTestDatabases();
const DAY = '2026-12-10';
const YESTERDAY = '2026-12-09';
const NOW = new Date('2026-12-10T02:00:00.000Z');
const TEAM_A = 'group:default/team-a';
const TEAM_B = 'group:default/team-b';

async function addEntity(knex: Knex, name: string, owner: string) {
  await knex('posture_entities').insert({
    entity_ref: `component:default/${name}`,
    kind: 'component',
    namespace: 'default',
    name,
    title: name === 'ledger' ? 'Ledger API' : name,
    owner_ref: owner,
    seen_at: NOW.toISOString(),
  });
}

/** The regrade's snapshots of one entity: its grade yesterday and today. */
async function addHistory(
  knex: Knex,
  name: string,
  owner: string,
  yesterday: string | null,
  today: string | null,
) {
  await addEntity(knex, name, owner);
  for (const [day, grade] of [
    [YESTERDAY, yesterday],
    [DAY, today],
  ] as const) {
    await knex('posture_history').insert({
      entity_ref: `component:default/${name}`,
      day,
      grade,
      score: null,
      checks: '{}',
      owner_ref: owner,
    });
  }
}

async function addExemption(
  knex: Knex,
  id: string,
  options: {
    entity: string;
    status?: string;
    expiresAt: string;
    justification?: string;
  },
) {
  await knex('posture_exemptions').insert({
    id,
    entity_ref: `component:default/${options.entity}`,
    check: 'fixable-vulnerabilities',
    finding_id: 'CVE-2026-0001',
    justification:
      options.justification ?? 'The vendor ships the fix next sprint',
    requester: 'user:default/alice',
    approver: 'user:default/bob',
    comment: null,
    status: options.status ?? 'approved',
    expires_at: options.expiresAt,
    created_at: '2026-12-01T00:00:00.000Z',
    decided_at: '2026-12-01T01:00:00.000Z',
  });
}

describe.each(databases.eachSupportedId())('PostureNotifier on %s', id => {
  async function setup() {
    const { knex } = await createTestStore(databases, id);
    const send = jest.fn<
      ReturnType<NotificationService['send']>,
      Parameters<NotificationService['send']>
    >(async () => {});
    const notifier = new PostureNotifier({
      store: new DatabaseNotificationStore(knex),
      notifications: { send },
      logger: mockServices.logger.mock(),
    });
    const run = (now = NOW, day = DAY) => notifier.afterSnapshot({ day, now });
    return { knex, send, run };
  }

  describe('grade drops', () => {
    it('notifies the owning group of a drop of one band, naming the entity with its old and new grade', async () => {
      const { knex, send, run } = await setup();
      await addHistory(knex, 'ledger', TEAM_A, 'B', 'C');

      expect(await run()).toMatchObject({ gradeDropBatches: 1, failed: 0 });
      expect(send).toHaveBeenCalledTimes(1);
      expect(send).toHaveBeenCalledWith({
        recipients: { type: 'entity', entityRef: TEAM_A },
        payload: expect.objectContaining({
          title: '1 service dropped a grade',
          description: expect.stringContaining('Ledger API: B -> C'),
          link: '/security?group=group%3Adefault%2Fteam-a',
          topic: 'posture-grade-drop',
        }),
      });
    });

    it('sends nothing for a grade that stayed, rose, became unknown or is new today', async () => {
      const { knex, send, run } = await setup();
      await addHistory(knex, 'same', TEAM_A, 'C', 'C');
      await addHistory(knex, 'rose', TEAM_A, 'D', 'B');
      await addHistory(knex, 'unknown-now', TEAM_A, 'A', null);
      await addHistory(knex, 'was-unknown', TEAM_A, null, 'F');
      await addEntity(knex, 'new-today', TEAM_A);
      await knex('posture_history').insert({
        entity_ref: 'component:default/new-today',
        day: DAY,
        grade: 'F',
        score: 10,
        checks: '{}',
        owner_ref: TEAM_A,
      });

      expect(await run()).toMatchObject({ gradeDropBatches: 0 });
      expect(send).not.toHaveBeenCalled();
    });

    it('sends one notification per owner, listing each of its entities that dropped', async () => {
      const { knex, send, run } = await setup();
      await addHistory(knex, 'ledger', TEAM_A, 'A', 'B');
      await addHistory(knex, 'checkout', TEAM_A, 'B', 'F');
      await addHistory(knex, 'steady', TEAM_A, 'B', 'B');
      await addHistory(knex, 'search', TEAM_B, 'C', 'D');

      await run();
      expect(send).toHaveBeenCalledTimes(2);
      const toTeamA = send.mock.calls
        .map(([options]) => options)
        .find(
          options =>
            options.recipients.type === 'entity' &&
            options.recipients.entityRef === TEAM_A,
        );
      expect(toTeamA?.payload.title).toBe('2 services dropped a grade');
      // Worst new grade first.
      expect(toTeamA?.payload.description).toMatch(
        /^checkout: B -> F; Ledger API: A -> B\./,
      );
      expect(toTeamA?.payload.description).not.toContain('steady');
    });

    it('sends nothing new when run a second time on the same day, nor when two runs race', async () => {
      const { knex, send, run } = await setup();
      await addHistory(knex, 'ledger', TEAM_A, 'B', 'C');
      await addHistory(knex, 'search', TEAM_B, 'C', 'D');

      await Promise.all([run(), run()]);
      expect(send).toHaveBeenCalledTimes(2);
      expect(await run(new Date(NOW.getTime() + 3_600_000))).toMatchObject({
        gradeDropBatches: 0,
      });
      expect(send).toHaveBeenCalledTimes(2);
    });

    it('retries an owner whose notification could not be sent on the next run that day', async () => {
      const { knex, send, run } = await setup();
      await addHistory(knex, 'ledger', TEAM_A, 'B', 'C');
      send.mockRejectedValueOnce(new Error('notifications backend is down'));

      expect(await run()).toMatchObject({ gradeDropBatches: 0, failed: 1 });
      expect(await run()).toMatchObject({ gradeDropBatches: 1, failed: 0 });
      expect(send).toHaveBeenCalledTimes(2);
    });

    it('rejects a day that is not YYYY-MM-DD', async () => {
      const { run } = await setup();
      await expect(run(NOW, '10/12/2026')).rejects.toThrow(
        "Snapshot day must be YYYY-MM-DD, got '10/12/2026'",
      );
    });
  });

  describe('expiring exemptions', () => {
    it('notifies the owner and the requester once of an approved exemption ending within 7 days', async () => {
      const { knex, send, run } = await setup();
      await addEntity(knex, 'ledger', TEAM_A);
      await addExemption(knex, 'ends-soon', {
        entity: 'ledger',
        expiresAt: '2026-12-13T00:00:00.000Z',
        justification: 'Rotating db password hunter2 next week',
      });

      expect(await run()).toMatchObject({ expiryNotices: 1 });
      expect(await run()).toMatchObject({ expiryNotices: 0 });
      expect(send).toHaveBeenCalledTimes(1);
      const [{ recipients, payload }] = send.mock.calls[0];
      expect(recipients).toEqual({
        type: 'entity',
        entityRef: [TEAM_A, 'user:default/alice'],
      });
      expect(payload).toMatchObject({
        title: 'Exemption for Ledger API expires on 2026-12-13',
        link: '/catalog/default/component/ledger/security',
        topic: 'posture-exemption-expiring',
      });
      expect(payload.description).toContain('CVE-2026-0001');
      // The justification is free text and may name anything: it never leaves the backend.
      expect(JSON.stringify(payload)).not.toContain('hunter2');
      const row = await knex('posture_exemptions')
        .where({ id: 'ends-soon' })
        .first();
      expect(row.expiry_notified_at).not.toBeNull();
    });

    it('leaves out exemptions ending later, already expired, or not approved', async () => {
      const { knex, send, run } = await setup();
      await addEntity(knex, 'ledger', TEAM_A);
      await addExemption(knex, 'in-ten-days', {
        entity: 'ledger',
        expiresAt: '2026-12-20T00:00:00.000Z',
      });
      await addExemption(knex, 'ended', {
        entity: 'ledger',
        expiresAt: '2026-12-09T00:00:00.000Z',
      });
      await addExemption(knex, 'pending', {
        entity: 'ledger',
        status: 'pending',
        expiresAt: '2026-12-12T00:00:00.000Z',
      });
      await addExemption(knex, 'rejected', {
        entity: 'ledger',
        status: 'rejected',
        expiresAt: '2026-12-12T00:00:00.000Z',
      });

      expect(await run()).toMatchObject({ expiryNotices: 0 });
      expect(send).not.toHaveBeenCalled();
    });

    it('tells only the requester when the entity has no known owner, and retries after a failed send', async () => {
      const { knex, send, run } = await setup();
      await addExemption(knex, 'orphan', {
        entity: 'unrecorded',
        expiresAt: '2026-12-12T00:00:00.000Z',
      });
      send.mockRejectedValueOnce(new Error('notifications backend is down'));

      expect(await run()).toMatchObject({ expiryNotices: 0, failed: 1 });
      expect(await run()).toMatchObject({ expiryNotices: 1, failed: 0 });
      expect(send).toHaveBeenLastCalledWith({
        recipients: { type: 'entity', entityRef: ['user:default/alice'] },
        payload: expect.objectContaining({
          title: 'Exemption for unrecorded expires on 2026-12-12',
        }),
      });
    });
  });
});

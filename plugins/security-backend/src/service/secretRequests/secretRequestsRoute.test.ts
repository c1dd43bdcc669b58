import { SecretProvisioningError } from '@posture/backstage-plugin-security-node';
import {
  ALICE,
  BOB,
  CAROL,
  DAVE,
  ERIN,
  HIDDEN,
  kvRequest,
  LOCKED,
  REVIEWERS,
  serviceToken,
  startSecretRequestBackend,
  TEAM_A,
  type SecretRequestBackend,
} from '../../__testUtils__/secretRequestBackend';
import { FakeSecretProvisioner } from '../../__testUtils__/secretRequestHarness';
import { createTestDatabases } from '../../__testUtils__/testDatabases';

/*
 * /v1/secret-requests through the whole plugin: who may ask, approve, reject and retry; that
 * approval provisions exactly once however many approve at once; failures and retries; the
 * expiry pass; and the auditor events and notifications of each step.
 */

const databases = createTestDatabases();
const DAY = 86_400_000;
const UUID =
  /^[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/;

describe.each(databases.eachSupportedId())('/v1/secret-requests on %s', id => {
  let current: SecretRequestBackend | undefined;
  let provisioner: FakeSecretProvisioner;
  afterEach(async () => {
    jest.useRealTimers();
    await current?.stop();
    current = undefined;
  });

  async function start(
    options: { withProvisioner?: boolean; config?: object } = {},
  ) {
    provisioner = new FakeSecretProvisioner();
    current = await startSecretRequestBackend({
      knex: await databases.init(id),
      provisioner: options.withProvisioner === false ? undefined : provisioner,
      config: options.config,
    });
    return current;
  }

  /** A pending request of Alice's for component:default/api; answers its id. */
  async function pending(b: SecretRequestBackend, overrides: object = {}) {
    const res = await b.api.ask(kvRequest(overrides));
    expect(res.status).toBe(201);
    return res.body.id as string;
  }

  it('stores a pending request (201) at the derived path, with its history, audited, and tells the approvers', async () => {
    const b = await start();
    const res = await b.api.ask(kvRequest());

    expect(res.status).toBe(201);
    expect(res.body).toEqual({
      id: expect.stringMatching(UUID),
      entityRef: 'component:default/api',
      kind: 'kv',
      name: 'stripe-key',
      rotationPeriodDays: 30,
      justification: 'The API calls the payment provider',
      status: 'pending',
      requester: ALICE,
      approver: null,
      reason: null,
      mount: 'secret',
      path: 'default/api/stripe-key',
      version: null,
      policyName: null,
      createdAt: expect.any(String),
      decidedAt: null,
      provisionedAt: null,
      expiresAt: expect.any(String),
    });
    // The default pending time is 7 days.
    expect(
      Date.parse(res.body.expiresAt) - Date.parse(res.body.createdAt),
    ).toBe(7 * DAY);

    const detail = await b.api.get(res.body.id);
    expect(detail.status).toBe(200);
    expect(detail.body.events).toEqual([
      { at: res.body.createdAt, type: 'created', actor: ALICE, detail: null },
    ]);
    expect(b.auditor.outcomes()).toEqual([
      ['secret-request-create', 'success'],
    ]);
    expect(b.notifications).toEqual([
      {
        recipients: {
          type: 'entity',
          entityRef: [TEAM_A, REVIEWERS],
          excludeEntityRef: ALICE,
        },
        payload: expect.objectContaining({
          title: 'Secret request to review: KV secret "stripe-key" for api',
          link: `/security/secret-requests/requests/${res.body.id}`,
          topic: 'posture-secret-request',
        }),
      },
    ]);
    expect(provisioner.calls).toEqual([]);
  });

  it('refuses bad requests with 400 naming the field, and stores nothing', async () => {
    const b = await start();
    const cases: Array<[object, RegExp]> = [
      [{ name: '../other-team/db' }, /^name must be 1 to 64 letters/],
      [{ name: 'a/b' }, /^name must be/],
      // Bounds the OpenAPI validator knows are refused before the service, also naming the field.
      [{ rotationPeriodDays: 0 }, /rotationPeriodDays must be >= 1/],
      [{ rotationPeriodDays: 1.5 }, /rotationPeriodDays must be integer/],
      // 13 characters, 5 once trimmed: only the shared schema, which trims, refuses it.
      [{ justification: '    short    ' }, /^justification must be 10 to 2000/],
      [{ entityRef: 'api' }, /^entityRef must be a full entity ref/],
      [
        { kind: 'pki' },
        /kind must be equal to one of the allowed values: kv, database-role/,
      ],
      [{ value: 'my-own-password' }, /unknown field\(s\) value/],
    ];
    for (const [overrides, message] of cases) {
      const res = await b.api.ask(kvRequest(overrides));
      expect({ overrides, status: res.status }).toEqual({
        overrides,
        status: 400,
      });
      expect(res.body.error.message).toMatch(message);
    }
    expect((await b.api.list()).body.items).toEqual([]);
    expect(b.auditor.events.every(e => e.outcome === 'fail')).toBe(true);
  });

  it('answers 404 for an unknown service, 403 without security.secret-request.create, 403 for a service credential', async () => {
    const b = await start();
    const unknown = await b.api.ask(
      kvRequest({ entityRef: 'component:default/nope' }),
    );
    expect(unknown.status).toBe(404);
    const locked = await b.api.ask(kvRequest({ entityRef: LOCKED }));
    expect(locked.status).toBe(403);
    expect(locked.body.error.message).toBe(
      `Not allowed to ask for secrets for ${LOCKED} (security.secret-request.create)`,
    );
    const service = await b.api.askAs(kvRequest(), serviceToken());
    expect(service.status).toBe(403);
    expect(service.body.error.message).toMatch(/Only a signed-in user/);
    expect(b.notifications).toEqual([]);
  });

  it('answers 409 for a second live request of the same secret, also through another entity deriving the same path', async () => {
    const b = await start();
    const first = await pending(b);
    const again = await b.api.ask(kvRequest(), DAVE);
    expect(again.status).toBe(409);
    expect(again.body.error.message).toContain(`Secret request ${first}`);
    const samePath = await b.api.ask(
      kvRequest({ entityRef: 'api:default/api' }),
    );
    expect(samePath.status).toBe(409);
    expect(samePath.body.error.message).toContain(
      'secret/default/api/stripe-key',
    );
    // A database role of the same name is another secret.
    const role = await b.api.ask(kvRequest({ kind: 'database-role' }));
    expect(role.status).toBe(201);
    expect([role.body.mount, role.body.path]).toEqual([
      'database',
      'api-stripe-key',
    ]);
  });

  it('lets another approver approve: provisioned once, history, audit and notifications', async () => {
    const b = await start();
    const requestId = await pending(b);
    b.notifications.length = 0;

    const res = await b.api.act(requestId, 'approve', BOB, {
      comment: 'For the checkout launch',
    });

    expect(res.status).toBe(200);
    expect(res.body).toEqual(
      expect.objectContaining({
        status: 'provisioned',
        approver: BOB,
        reason: null,
        mount: 'secret',
        path: 'default/api/stripe-key',
        version: 1,
        policyName: 'posture-secret-default-api-stripe-key',
        decidedAt: expect.any(String),
        provisionedAt: expect.any(String),
      }),
    );
    expect(res.body.events.map((e: { type: string }) => e.type)).toEqual([
      'created',
      'approved',
      'provisioned',
    ]);
    expect(res.body.events[1]).toEqual(
      expect.objectContaining({
        actor: BOB,
        detail: 'For the checkout launch',
      }),
    );
    expect(provisioner.calls).toEqual([
      {
        requestId,
        entityRef: 'component:default/api',
        ownerRef: TEAM_A,
        kind: 'kv',
        name: 'stripe-key',
        rotationPeriodDays: 30,
        serviceRole: 'api',
      },
    ]);
    expect(b.auditor.outcomes().slice(1)).toEqual([
      ['secret-request-approve', 'success'],
      ['secret-request-provision', 'success'],
    ]);
    expect(b.notifications.map(n => [n.recipients, n.payload.title])).toEqual([
      [
        { type: 'entity', entityRef: ALICE },
        'Your KV secret "stripe-key" for api is approved',
      ],
      [
        { type: 'entity', entityRef: ALICE },
        'Your KV secret "stripe-key" for api is ready',
      ],
    ]);

    // Approving again changes nothing and provisions nothing.
    const again = await b.api.act(requestId, 'approve', ERIN);
    expect(again.status).toBe(409);
    expect(again.body.error.message).toBe(
      `Secret request ${requestId} is already provisioned (decided by ${BOB})`,
    );
    expect(provisioner.calls).toHaveLength(1);
  });

  it('never lets the requester approve, reject or retry their own request (403), whatever their permission', async () => {
    const b = await start();
    const requestId = await pending(b, {}); // Alice's
    const bobs = (await b.api.ask(kvRequest({ name: 'bobs' }), BOB)).body.id;
    for (const action of ['approve', 'reject'] as const) {
      const res = await b.api.act(bobs, action, BOB, { reason: 'mine' });
      expect(res.status).toBe(403);
      expect(res.body.error.message).toBe(
        `You cannot ${action} your own secret request; another approver must`,
      );
    }
    expect((await b.api.get(bobs)).body.status).toBe('pending');
    expect((await b.api.get(requestId)).body.status).toBe('pending');
    expect(provisioner.calls).toEqual([]);
    expect(b.auditor.outcomes('secret-request-approve')).toEqual([
      ['secret-request-approve', 'fail'],
    ]);
  });

  it('answers 403 on approve, reject and retry without security.secret-request.approve on the service', async () => {
    const b = await start();
    const requestId = await pending(b);
    // Dave may approve nothing; Carol only for component:default/other.
    for (const user of [DAVE, CAROL]) {
      for (const action of ['approve', 'reject', 'retry'] as const) {
        const res = await b.api.act(requestId, action, user, { reason: 'x' });
        expect({ user, action, status: res.status }).toEqual({
          user,
          action,
          status: 403,
        });
        expect(res.body.error.message).toBe(
          `Not allowed to ${action} secret requests for component:default/api (security.secret-request.approve)`,
        );
      }
    }
    expect((await b.api.get(requestId)).body.status).toBe('pending');
    expect(provisioner.calls).toEqual([]);
  });

  it('rejects with a required reason; a rejected request cannot be approved', async () => {
    const b = await start();
    const requestId = await pending(b);
    const noReason = await b.api.act(requestId, 'reject', BOB, {});
    expect(noReason.status).toBe(400);
    expect(noReason.body.error.message).toMatch(/required property 'reason'/);
    const blank = await b.api.act(requestId, 'reject', BOB, { reason: '   ' });
    expect(blank.status).toBe(400);
    expect(blank.body.error.message).toBe(
      'reason must be 1 to 2000 characters (not counting surrounding spaces); it has 0',
    );

    b.notifications.length = 0;
    const res = await b.api.act(requestId, 'reject', BOB, {
      reason: '  Use the shared payment key  ',
    });
    expect(res.status).toBe(200);
    expect(res.body).toEqual(
      expect.objectContaining({
        status: 'rejected',
        approver: BOB,
        reason: 'Use the shared payment key',
      }),
    );
    expect(res.body.events.map((e: { type: string }) => e.type)).toEqual([
      'created',
      'rejected',
    ]);
    expect(b.notifications.map(n => n.payload.title)).toEqual([
      'Your KV secret "stripe-key" for api was rejected',
    ]);
    expect(b.auditor.outcomes('secret-request-reject')).toEqual([
      ['secret-request-reject', 'fail'],
      ['secret-request-reject', 'success'],
    ]);
    const approve = await b.api.act(requestId, 'approve', ERIN);
    expect(approve.status).toBe(409);
    expect(provisioner.calls).toEqual([]);
    // The name is free again.
    expect((await b.api.ask(kvRequest())).status).toBe(201);
  });

  it('leaves a request failed with the reason when provisioning fails; an approver retries it after recovery', async () => {
    const b = await start();
    const requestId = await pending(b);
    provisioner.failWith(
      new SecretProvisioningError(
        'Vault answered 503 Service Unavailable',
        true,
      ),
    );
    b.notifications.length = 0;

    const failed = await b.api.act(requestId, 'approve', BOB);
    expect(failed.status).toBe(200);
    expect(failed.body).toEqual(
      expect.objectContaining({
        status: 'failed',
        reason: 'Vault answered 503 Service Unavailable',
        version: null,
        provisionedAt: null,
      }),
    );
    expect(provisioner.written.size).toBe(0);
    const failure = b.auditor.events.find(
      e => e.eventId === 'secret-request-provision',
    );
    expect(failure).toEqual(
      expect.objectContaining({
        outcome: 'fail',
        error: expect.objectContaining({
          message: 'Vault answered 503 Service Unavailable',
        }),
      }),
    );
    expect(b.notifications.map(n => n.payload.title)).toEqual([
      'Your KV secret "stripe-key" for api is approved',
      'Your KV secret "stripe-key" for api could not be provisioned',
    ]);
    expect(b.notifications[1].payload.severity).toBe('high');

    // The requester cannot retry; an approver can.
    expect((await b.api.act(requestId, 'retry', ALICE)).status).toBe(403);
    const retried = await b.api.act(requestId, 'retry', ERIN);
    expect(retried.status).toBe(200);
    expect(retried.body).toEqual(
      expect.objectContaining({
        status: 'provisioned',
        reason: null,
        version: 1,
        approver: BOB,
      }),
    );
    expect(retried.body.events.map((e: { type: string }) => e.type)).toEqual([
      'created',
      'approved',
      'failed',
      'retried',
      'provisioned',
    ]);
    expect(provisioner.calls).toHaveLength(2);
    expect(provisioner.written.size).toBe(1);
    expect(b.auditor.outcomes('secret-request-provision')).toEqual([
      ['secret-request-provision', 'fail'],
      ['secret-request-provision', 'success'],
    ]);

    const again = await b.api.act(requestId, 'retry', ERIN);
    expect(again.status).toBe(409);
    expect(again.body.error.message).toBe(
      `Secret request ${requestId} is provisioned; only a failed request can be retried`,
    );
  });

  it('says when retrying unchanged cannot help', async () => {
    const b = await start();
    const requestId = await pending(b);
    provisioner.failWith(
      new SecretProvisioningError(
        'secret/default/api/stripe-key is outside security.vault.provisioner.pathPrefixes',
        false,
      ),
    );
    const res = await b.api.act(requestId, 'approve', BOB);
    expect(res.body.reason).toBe(
      'secret/default/api/stripe-key is outside security.vault.provisioner.pathPrefixes (retrying will not help until this is fixed)',
    );
  });

  it('without a provisioner, approve and retry answer 503 naming the missing config and the request stays as it was', async () => {
    const b = await start({ withProvisioner: false });
    const requestId = await pending(b);
    expect(requestId).toMatch(UUID);

    const res = await b.api.act(requestId, 'approve', BOB);
    expect(res.status).toBe(503);
    expect(res.body.error.message).toMatch(/security\.vault\.provisioner/);
    const after = await b.api.get(requestId);
    expect(after.body).toEqual(
      expect.objectContaining({ status: 'pending', approver: null }),
    );
    expect(after.body.events.map((e: { type: string }) => e.type)).toEqual([
      'created',
    ]);
    expect((await b.api.act(requestId, 'retry', BOB)).status).toBe(503);
    // Rejecting needs no provisioner.
    expect(
      (await b.api.act(requestId, 'reject', BOB, { reason: 'Not now' })).status,
    ).toBe(200);
  });

  it('of several approvers at once, one approves and provisions once; each call is one auditor event', async () => {
    const b = await start();
    const requestId = await pending(b);
    provisioner.hold();
    const approvers = [BOB, ERIN, BOB, ERIN, BOB, ERIN];
    const calls = approvers.map(user => b.api.act(requestId, 'approve', user));
    // Let every losing call finish while the winner's provisioning waits.
    const settled = await Promise.race([
      Promise.all(calls.map(c => c.then(() => undefined))),
      (async () => {
        for (;;) {
          const conflicts = b.auditor.events.filter(
            e => e.eventId === 'secret-request-approve' && e.outcome === 'fail',
          ).length;
          if (
            conflicts === approvers.length - 1 &&
            provisioner.calls.length === 1
          ) {
            return 'losers done';
          }
          await new Promise(resolve => setImmediate(resolve));
        }
      })(),
    ]);
    expect(settled).toBe('losers done');
    provisioner.releaseAll();
    const responses = await Promise.all(calls);

    expect(responses.map(r => r.status).sort()).toEqual([
      200, 409, 409, 409, 409, 409,
    ]);
    expect(responses.find(r => r.status === 200)!.body.status).toBe(
      'provisioned',
    );
    expect(provisioner.calls).toHaveLength(1);
    expect(provisioner.written.size).toBe(1);
    expect(b.auditor.outcomes('secret-request-approve').sort()).toEqual([
      ['secret-request-approve', 'fail'],
      ['secret-request-approve', 'fail'],
      ['secret-request-approve', 'fail'],
      ['secret-request-approve', 'fail'],
      ['secret-request-approve', 'fail'],
      ['secret-request-approve', 'success'],
    ]);
    expect(b.auditor.outcomes('secret-request-provision')).toEqual([
      ['secret-request-provision', 'success'],
    ]);
    const { events } = (await b.api.get(requestId)).body;
    expect(events.map((e: { type: string }) => e.type)).toEqual([
      'created',
      'approved',
      'provisioned',
    ]);
  });

  it("lists the requests the caller may read, newest first, with filters; hides other services' requests as 404", async () => {
    const b = await start();
    const api = await pending(b);
    const hidden = await pending(b, { entityRef: HIDDEN });
    const other = (
      await b.api.ask(
        kvRequest({ entityRef: 'component:default/other', name: 'x' }),
        DAVE,
      )
    ).body.id;
    await b.api.act(other, 'reject', CAROL, { reason: 'Not needed' });

    const ids = async (query: Record<string, string>, user = ALICE) => {
      const res = await b.api.list(query, user);
      expect(res.status).toBe(200);
      return res.body.items.map((r: { id: string }) => r.id);
    };
    expect(await ids({})).toEqual([other, hidden, api]);
    expect(await ids({}, BOB)).toEqual([other, api]);
    expect(await ids({ status: 'pending' })).toEqual([hidden, api]);
    expect(await ids({ entityRef: 'component:default/other' })).toEqual([
      other,
    ]);
    expect(await ids({ owner: 'team-b' })).toEqual([other]);
    expect(await ids({ requester: DAVE })).toEqual([other]);
    expect(await ids({ mine: 'true' }, DAVE)).toEqual([other]);
    expect(await ids({ mine: 'true', status: 'pending' })).toEqual([
      hidden,
      api,
    ]);

    expect((await b.api.get(hidden, BOB)).status).toBe(404);
    expect((await b.api.act(hidden, 'approve', BOB)).status).toBe(404);
    expect((await b.api.list({ entityRef: HIDDEN }, BOB)).status).toBe(403);
    expect((await b.api.list({ status: 'lost' })).status).toBe(400);
    expect((await b.api.get('no-such-id')).status).toBe(404);
  });

  it('expires a request nobody decided on in time (fixed clock): history, audit, requester told; the name is free again', async () => {
    const t0 = new Date('2026-12-30T09:00:00.000Z');
    // Only Date is faked: the server, the database and the test run on real timers.
    jest.useFakeTimers({
      now: t0,
      doNotFake: [
        'hrtime',
        'nextTick',
        'performance',
        'queueMicrotask',
        'setImmediate',
        'clearImmediate',
        'setInterval',
        'clearInterval',
        'setTimeout',
        'clearTimeout',
      ],
    });
    const b = await start({
      config: { secretRequests: { pendingTtl: { days: 2 }, approvers: [] } },
    });
    const requestId = await pending(b);
    const created = await b.api.get(requestId);
    expect(created.body.expiresAt).toBe('2027-01-01T09:00:00.000Z');

    jest.setSystemTime(new Date('2027-01-01T08:59:59.000Z'));
    await b.runExpiry();
    expect((await b.api.get(requestId)).body.status).toBe('pending');

    jest.setSystemTime(new Date('2027-01-01T09:00:00.000Z'));
    // Undecided past its expiry: already expired for readers and approvers.
    expect((await b.api.get(requestId)).body.status).toBe('expired');
    const late = await b.api.act(requestId, 'approve', BOB);
    expect(late.status).toBe(409);
    expect(late.body.error.message).toBe(
      `Secret request ${requestId} expired at 2027-01-01T09:00:00.000Z, undecided; it can no longer be approved`,
    );
    b.notifications.length = 0;

    await b.runExpiry();
    const expired = (await b.api.get(requestId)).body;
    expect(expired.status).toBe('expired');
    expect(expired.events.slice(1)).toEqual([
      {
        at: '2027-01-01T09:00:00.000Z',
        type: 'expired',
        actor: null,
        detail: 'Nobody decided before 2027-01-01T09:00:00.000Z',
      },
    ]);
    expect(b.auditor.outcomes('secret-request-expire')).toEqual([
      ['secret-request-expire', 'success'],
    ]);
    expect(b.notifications.map(n => [n.recipients, n.payload.title])).toEqual([
      [
        { type: 'entity', entityRef: ALICE },
        'Your KV secret "stripe-key" for api expired undecided',
      ],
    ]);
    // A second pass finds nothing; the secret can be asked for again.
    await b.runExpiry();
    expect(b.auditor.outcomes('secret-request-expire')).toHaveLength(1);
    expect((await b.api.ask(kvRequest())).status).toBe(201);
    expect(provisioner.calls).toEqual([]);
  });

  it('lets a new request replace an expired one the expiry pass has not marked yet', async () => {
    const t0 = new Date('2026-12-30T09:00:00.000Z');
    jest.useFakeTimers({
      now: t0,
      doNotFake: [
        'hrtime',
        'nextTick',
        'performance',
        'queueMicrotask',
        'setImmediate',
        'clearImmediate',
        'setInterval',
        'clearInterval',
        'setTimeout',
        'clearTimeout',
      ],
    });
    const b = await start();
    const first = await pending(b);
    jest.setSystemTime(new Date(t0.getTime() + 8 * DAY));
    const second = await b.api.ask(kvRequest());
    expect(second.status).toBe(201);
    const old = (await b.api.get(first)).body;
    expect(old.status).toBe('expired');
    expect(old.events.map((e: { type: string }) => e.type)).toEqual([
      'created',
      'expired',
    ]);
    expect(b.auditor.outcomes('secret-request-expire')).toEqual([
      ['secret-request-expire', 'success'],
    ]);
  });

  it('schedules the expiry pass once for the whole deployment', async () => {
    const b = await start();
    expect(await b.scheduledTasks()).toContainEqual(
      expect.objectContaining({
        id: 'security-secret-request-expiry',
        scope: 'global',
      }),
    );
  });
});

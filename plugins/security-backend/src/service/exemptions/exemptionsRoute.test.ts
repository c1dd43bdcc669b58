import {
  coreServices,
  createServiceFactory,
  type BackstageCredentials,
  type BackstageUserPrincipal,
  type PermissionsService,
} from '@backstage/backend-plugin-api';
import {
  mockCredentials,
  mockServices,
  startTestBackend,
} from '@backstage/backend-test-utils';
import type { Entity } from '@backstage/catalog-model';
import { AuthorizeResult } from '@backstage/plugin-permission-common';
import { catalogServiceMock } from '@backstage/plugin-catalog-node/testUtils';
import trivyModule from '@posture/backstage-plugin-security-backend-module-trivy';
import request from 'supertest';
import { securityPlugin } from '../../plugin';
import { createTestDatabases } from '../../__testUtils__/testDatabases';

/*
 * POST/GET /v1/exemptions and the approve/reject routes through the whole plugin: owners ask,
 * someone else holding security.exemption.approve decides, an approval regrades the entity.
 */

const databases = createTestDatabases();
const DAY = 86_400_000;

const ALICE = 'user:default/alice'; // team-a, may approve
const BOB = 'user:default/bob'; // team-b, may approve
const CAROL = 'user:default/carol'; // team-b, may approve
const DAVE = 'user:default/dave'; // team-a, may not approve
const TEAMS: Record<string, string[]> = {
  [ALICE]: ['group:default/team-a'],
  [BOB]: ['group:default/team-b'],
  [CAROL]: ['group:default/team-b'],
  [DAVE]: ['group:default/team-a'],
};
const APPROVERS = new Set([ALICE, BOB, CAROL]);
/** Bob may not read this one's posture; everyone may read the others. */
const BOB_CANNOT_READ = 'component:default/hidden';

const as = (user: string) => mockCredentials.user.header(user);
const ci = mockCredentials.service.header();

const component = (name: string, owner: string): Entity => ({
  apiVersion: 'backstage.io/v1alpha1',
  kind: 'Component',
  metadata: {
    name,
    namespace: 'default',
    annotations: { 'posture.dev/image': `ghcr.io/acme/${name}` },
  },
  spec: { type: 'service', owner, lifecycle: 'production' },
});

/** A scan made `ageDays` ago with two fixable findings. */
const trivy = (ageDays: number) =>
  JSON.stringify({
    SchemaVersion: 2,
    CreatedAt: new Date(Date.now() - ageDays * DAY).toISOString(),
    ArtifactName: 'ghcr.io/acme/api:1.0',
    ArtifactType: 'container_image',
    Results: [
      {
        Target: 'ghcr.io/acme/api:1.0 (debian 12.5)',
        Class: 'os-pkgs',
        Vulnerabilities: ['CVE-2026-1000', 'CVE-2026-1001'].map(id => ({
          VulnerabilityID: id,
          PkgName: 'openssl',
          InstalledVersion: '3.0.0',
          FixedVersion: '3.0.13',
          Severity: 'CRITICAL',
        })),
      },
    ],
  });

const inDays = (days: number) =>
  new Date(Date.now() + days * DAY).toISOString();

function userOf(credentials: BackstageCredentials): string | undefined {
  return (credentials.principal as Partial<BackstageUserPrincipal>)
    .userEntityRef;
}

/** Approve for the approvers; posture reads for everyone, except Bob on the hidden one. */
const permissions = createServiceFactory({
  service: coreServices.permissions,
  deps: {},
  factory: (): PermissionsService => ({
    authorize: async (requests, { credentials }) =>
      requests.map(r => {
        const user = userOf(credentials);
        if (r.permission.name === 'security.exemption.approve') {
          return {
            result:
              user && APPROVERS.has(user)
                ? AuthorizeResult.ALLOW
                : AuthorizeResult.DENY,
          };
        }
        const resourceRef = (r as { resourceRef?: string }).resourceRef;
        return {
          result:
            user === BOB && resourceRef === BOB_CANNOT_READ
              ? AuthorizeResult.DENY
              : AuthorizeResult.ALLOW,
        };
      }),
    authorizeConditional: async requests =>
      requests.map(() => ({ result: AuthorizeResult.ALLOW })),
  }),
});

const userInfo = createServiceFactory({
  service: coreServices.userInfo,
  deps: {},
  factory: () => ({
    getUserInfo: async (credentials: BackstageCredentials) => {
      const user = userOf(credentials)!;
      return {
        userEntityRef: user,
        ownershipEntityRefs: [user, ...(TEAMS[user] ?? [])],
      };
    },
  }),
});

describe.each(databases.eachSupportedId())('/v1/exemptions on %s', id => {
  // Each test's backend stops when it ends: left running, their schedulers keep polling the
  // database until the end of the file, and PostgreSQL's teardown outlasts its hook timeout.
  let stop: (() => Promise<void>) | undefined;
  afterEach(async () => {
    await stop?.();
    stop = undefined;
  });

  async function start() {
    const knex = await databases.init(id);
    const auditor = mockServices.auditor.mock();
    const backend = await startTestBackend({
      features: [
        securityPlugin,
        trivyModule,
        auditor.factory,
        permissions,
        userInfo,
        mockServices.database.factory({ knex }),
        catalogServiceMock.factory({
          entities: [
            component('api', 'team-a'),
            component('other', 'team-b'),
            component('hidden', 'group:default/team-a'),
            component('orphan', ''),
          ],
        }),
        mockServices.httpAuth.factory({
          defaultCredentials: mockCredentials.none(),
        }),
      ],
    });
    stop = () => backend.stop();
    const { server } = backend;
    const ask = (body: object, auth = as(ALICE)) =>
      request(server)
        .post('/api/security/v1/exemptions')
        .set('Authorization', auth)
        .send(body);
    const decide = (
      exemptionId: string,
      decision: 'approve' | 'reject',
      auth: string,
      body: object = {},
    ) =>
      request(server)
        .post(
          `/api/security/v1/exemptions/${encodeURIComponent(
            exemptionId,
          )}/${decision}`,
        )
        .set('Authorization', auth)
        .send(body);
    const list = (query: Record<string, string> = {}, auth = as(ALICE)) =>
      request(server)
        .get('/api/security/v1/exemptions')
        .query(query)
        .set('Authorization', auth);
    const upload = (body: string, name = 'api') =>
      request(server)
        .post(`/api/security/v1/reports?entityRef=component:default/${name}`)
        .set('Authorization', ci)
        .set('Content-Type', 'application/json')
        .send(body);
    const checks = async (name = 'api') => {
      const res = await request(server)
        .get(`/api/security/v1/entities/component/default/${name}/posture`)
        .set('Authorization', as(ALICE));
      return Object.fromEntries(
        (res.body.checks as Array<{ check: string; status: string }>).map(c => [
          c.check,
          c.status,
        ]),
      );
    };
    /** The auditor event of that id the test made last, with how it ended. */
    const audited = async (eventId: string) => {
      const index = auditor.createEvent.mock.calls
        .map(([event]) => event.eventId)
        .lastIndexOf(eventId);
      expect(index).toBeGreaterThanOrEqual(0);
      const event = await auditor.createEvent.mock.results[index].value;
      return {
        created: auditor.createEvent.mock.calls[index][0],
        success: event.success.mock.calls[0]?.[0],
        fail: event.fail.mock.calls[0]?.[0],
      };
    };
    return { knex, ask, decide, list, upload, checks, audited };
  }

  const scanAge = (overrides: object = {}) => ({
    entityRef: 'component:default/api',
    check: 'scan-age',
    justification: '  The scanner moves to the new cluster this week  ',
    expiresAt: inDays(14),
    ...overrides,
  });

  it('stores a pending request from a member of the owning team (201), trimmed, with a UUID, audited', async () => {
    const { ask, audited } = await start();
    const expiresAt = inDays(14);

    const res = await ask(scanAge({ expiresAt }));

    expect(res.status).toBe(201);
    expect(res.body).toEqual({
      id: expect.stringMatching(
        /^[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/,
      ),
      entityRef: 'component:default/api',
      check: 'scan-age',
      findingId: null,
      justification: 'The scanner moves to the new cluster this week',
      requester: ALICE,
      approver: null,
      comment: null,
      status: 'pending',
      expiresAt,
      createdAt: expect.any(String),
      decidedAt: null,
    });
    const event = await audited('exemption-request');
    expect(event.success).toEqual({
      meta: {
        exemptionId: res.body.id,
        entityRef: 'component:default/api',
        check: 'scan-age',
        findingId: null,
        status: 'pending',
        expiresAt,
        actor: ALICE,
      },
    });
    // The justification is the team's own text; it stays out of the audit log.
    expect(JSON.stringify(event)).not.toContain('scanner moves');
  });

  it('refuses a service credential (403), audited as a failure, and stores nothing', async () => {
    const { ask, list, audited } = await start();
    const res = await ask(scanAge(), ci);
    expect(res.status).toBe(403);
    expect(res.body.error.message).toMatch(/signed-in user/);
    expect((await audited('exemption-request')).fail).toMatchObject({
      error: expect.objectContaining({ name: 'NotAllowedError' }),
    });
    expect((await list()).body.items).toEqual([]);
  });

  it('refuses someone outside the owning team with a 403 naming the owner', async () => {
    const { ask } = await start();
    const res = await ask(scanAge(), as(BOB));
    expect(res.status).toBe(403);
    expect(res.body.error.message).toBe(
      'Only members of group:default/team-a, which owns component:default/api, may ask for its exemptions',
    );
    const orphan = await ask(
      scanAge({ entityRef: 'component:default/orphan' }),
    );
    expect(orphan.status).toBe(403);
    expect(orphan.body.error.message).toMatch(/has no owner/);
  });

  it('answers 404 for an entity the catalog does not have', async () => {
    const { ask } = await start();
    const res = await ask(scanAge({ entityRef: 'component:default/nope' }));
    expect(res.status).toBe(404);
  });

  const invalid: Array<[field: string, why: string, body: object]> = [
    ['entityRef', 'not an entity ref', { entityRef: 'not a ref' }],
    ['check', 'an unknown check', { check: 'no-such-check' }],
    [
      'justification',
      'under 10 characters once trimmed',
      { justification: '   too short    ' },
    ],
    [
      'justification',
      'over 2000 characters',
      { justification: 'x'.repeat(2001) },
    ],
    [
      'justification',
      'a NUL byte',
      { justification: 'has a NUL \u0000 in the middle' },
    ],
    ['expiresAt', 'not a date', { expiresAt: 'next tuesday' }],
    ['expiresAt', 'a date without a time', { expiresAt: '2027-01-31' }],
    [
      'expiresAt',
      'a time without a zone',
      { expiresAt: '2027-01-31T17:00:00' },
    ],
    ['expiresAt', 'in the past', { expiresAt: inDays(-1) }],
    ['expiresAt', 'beyond maxExemptionDays (90)', { expiresAt: inDays(91) }],
    ['findingId', 'a finding of another check', { findingId: 'CVE-2026-1000' }],
    [
      'findingId',
      'a finding the entity does not have',
      { check: 'fixable-vulnerabilities', findingId: 'CVE-2099-9999' },
    ],
  ];

  // One backend for every case: each test starts a plugin, slow to tear down on PostgreSQL.
  it('answers 400 naming the field for each invalid request, storing nothing', async () => {
    const { ask, upload, list } = await start();
    expect((await upload(trivy(1))).status).toBe(201);
    for (const [field, why, bad] of invalid) {
      const res = await ask(scanAge(bad));
      expect({
        why,
        status: res.status,
        message: res.body.error?.message,
      }).toEqual({ why, status: 400, message: expect.stringContaining(field) });
    }
    expect((await list()).body.items).toEqual([]);
  });

  it('exempts one current finding by id, stored as the scanner spells it', async () => {
    const { ask, upload } = await start();
    expect((await upload(trivy(1))).status).toBe(201);
    const res = await ask(
      scanAge({ check: 'fixable-vulnerabilities', findingId: 'cve-2026-1001' }),
    );
    expect(res.status).toBe(201);
    expect(res.body.findingId).toBe('CVE-2026-1001');
  });

  it('answers 409 to a second open request for the same check', async () => {
    const { ask } = await start();
    const first = await ask(scanAge());
    const second = await ask(scanAge({ expiresAt: inDays(20) }), as(DAVE));
    expect(second.status).toBe(409);
    expect(second.body.error.message).toContain(first.body.id);
  });

  it('approves: 200, the approver recorded, the entity regraded at once, audited', async () => {
    const { ask, decide, upload, checks, audited } = await start();
    expect((await upload(trivy(40))).status).toBe(201);
    expect((await checks())['scan-age']).toBe('fail');
    const asked = await ask(scanAge());

    const res = await decide(asked.body.id, 'approve', as(BOB), {
      comment: ' Agreed, until the migration ',
    });

    expect(res.status).toBe(200);
    expect(res.body).toMatchObject({
      id: asked.body.id,
      status: 'approved',
      approver: BOB,
      comment: 'Agreed, until the migration',
      decidedAt: expect.any(String),
    });
    expect((await checks())['scan-age']).toBe('exempt');
    expect((await audited('exemption-approve')).success).toEqual({
      meta: expect.objectContaining({
        exemptionId: asked.body.id,
        entityRef: 'component:default/api',
        check: 'scan-age',
        status: 'approved',
        actor: BOB,
      }),
    });
  });

  it('refuses the requester approving or rejecting their own (403), even holding the permission', async () => {
    const { ask, decide, audited } = await start();
    const asked = await ask(scanAge());
    const approve = await decide(asked.body.id, 'approve', as(ALICE));
    expect(approve.status).toBe(403);
    expect(approve.body.error.message).toBe(
      'You cannot approve your own exemption',
    );
    expect((await audited('exemption-approve')).fail).toMatchObject({
      meta: expect.objectContaining({
        exemptionId: asked.body.id,
        check: 'scan-age',
        actor: ALICE,
      }),
    });
    const reject = await decide(asked.body.id, 'reject', as(ALICE));
    expect(reject.status).toBe(403);
    expect(reject.body.error.message).toBe(
      'You cannot reject your own exemption',
    );
  });

  it('refuses a user without security.exemption.approve (403) and a service (403)', async () => {
    const { ask, decide, list } = await start();
    const asked = await ask(scanAge());
    const res = await decide(asked.body.id, 'approve', as(DAVE));
    expect(res.status).toBe(403);
    expect(res.body.error.message).toContain('security.exemption.approve');
    expect((await decide(asked.body.id, 'approve', ci)).status).toBe(403);
    expect((await list()).body.items[0].status).toBe('pending');
  });

  it('answers 409 to a decision on a decided exemption and 404 to an unknown id', async () => {
    const { ask, decide } = await start();
    const asked = await ask(scanAge());
    expect((await decide(asked.body.id, 'reject', as(BOB))).status).toBe(200);
    const again = await decide(asked.body.id, 'approve', as(CAROL));
    expect(again.status).toBe(409);
    expect(again.body.error.message).toBe(
      `Exemption ${asked.body.id} is already rejected by ${BOB}`,
    );
    expect((await decide('no-such-id', 'approve', as(BOB))).status).toBe(404);
  });

  it('lets exactly one of two approvers racing win; the other gets 409', async () => {
    const { ask, decide } = await start();
    const asked = await ask(scanAge());
    const results = await Promise.all([
      decide(asked.body.id, 'approve', as(BOB)),
      decide(asked.body.id, 'approve', as(CAROL)),
    ]);
    expect(results.map(r => r.status).sort()).toEqual([200, 409]);
  });

  it('refuses to approve a request whose expiry has passed (409)', async () => {
    const { ask, decide, knex } = await start();
    const asked = await ask(scanAge());
    await knex('posture_exemptions')
      .where({ id: asked.body.id })
      .update({ expires_at: new Date(Date.now() - 1000).toISOString() });
    const res = await decide(asked.body.id, 'approve', as(BOB));
    expect(res.status).toBe(409);
    expect(res.body.error.message).toMatch(
      /expired at .* no longer be approved/,
    );
  });

  it('lists newest first, per entity or across what the caller may read, by status', async () => {
    const { ask, decide, list } = await start();
    const first = await ask(scanAge());
    const second = await ask(scanAge({ check: 'sbom' }));
    const hidden = await ask(
      scanAge({ entityRef: 'component:default/hidden' }),
    );
    const other = await ask(
      scanAge({ entityRef: 'component:default/other' }),
      as(BOB),
    );
    await decide(first.body.id, 'approve', as(BOB));
    const ids = (res: request.Response) =>
      res.body.items.map((e: { id: string }) => e.id);

    const all = await list({}, as(ALICE));
    expect(all.status).toBe(200);
    // Created within the same millisecond at worst: the set, then the order by time.
    expect(new Set(ids(all))).toEqual(
      new Set([other.body.id, hidden.body.id, second.body.id, first.body.id]),
    );
    const createdAt = all.body.items.map((e: { createdAt: string }) =>
      Date.parse(e.createdAt),
    );
    expect(createdAt).toEqual([...createdAt].sort((a, b) => b - a));

    expect(
      new Set(ids(await list({ entityRef: 'component:default/api' }))),
    ).toEqual(new Set([first.body.id, second.body.id]));
    expect(ids(await list({ status: 'approved' }))).toEqual([first.body.id]);
    // Bob may not read the hidden service: its exemptions are left out of his lists.
    expect(ids(await list({}, as(BOB)))).not.toContain(hidden.body.id);
    expect(ids(await list({ status: 'pending' }, as(BOB)))).toHaveLength(2);
    expect(
      (await list({ entityRef: 'component:default/hidden' }, as(BOB))).status,
    ).toBe(403);
    // And he cannot decide on it either: it is answered like an unknown id.
    expect((await decide(hidden.body.id, 'approve', as(BOB))).status).toBe(404);
  });

  it('answers 400 to an unknown status or a malformed entityRef filter', async () => {
    const { list } = await start();
    expect((await list({ status: 'nope' })).status).toBe(400);
    const res = await list({ entityRef: 'not a ref' });
    expect(res.status).toBe(400);
    expect(res.body.error.message).toContain('entityRef');
  });
});

import {
  mockCredentials,
  mockServices,
  startTestBackend,
} from '@backstage/backend-test-utils';
import type { Entity } from '@backstage/catalog-model';
import { catalogServiceMock } from '@backstage/plugin-catalog-node/testUtils';
import {
  AuthorizeResult,
  type PolicyDecision,
} from '@backstage/plugin-permission-common';
import request from 'supertest';
import { securityPlugin } from '../plugin';
import { fakeFormatModule } from '../__testUtils__/fakeFormat';
import { createTestDatabases } from '../__testUtils__/testDatabases';

const databases = createTestDatabases();

type ConfigData = NonNullable<
  NonNullable<Parameters<typeof mockServices.rootConfig.factory>[0]>['data']
>;

function entity(
  kind: string,
  name: string,
  options: { owner?: string; image?: string; subjects?: string } = {},
): Entity {
  const annotations: Record<string, string> = {};
  if (options.image) annotations['posture.dev/image'] = options.image;
  if (options.subjects)
    annotations['posture.dev/upload-subjects'] = options.subjects;
  return {
    apiVersion: 'backstage.io/v1alpha1',
    kind,
    metadata: { name, namespace: 'default', annotations },
    spec: { type: 'service', owner: options.owner ?? 'team-a' },
  };
}

const entities = [
  entity('Component', 'payments-api', {
    owner: 'payments',
    image: 'ghcr.io/acme/payments-api',
  }),
  entity('Component', 'web', { owner: 'storefront' }),
  entity('Component', 'locked', { subjects: 'ci-locked, ci-other' }),
  entity('User', 'guest', { image: 'ghcr.io/acme/guest' }),
  entity('Group', 'payments'),
  entity('Resource', 'bucket', { image: 'ghcr.io/acme/bucket' }),
];

// Each upload its own artifact by default, so every accepted one is stored (201).
let artifacts = 0;
const scan = (image = `ghcr.io/acme/artifact-${++artifacts}:1`) =>
  JSON.stringify({
    fakeScan: { image, findings: 3, at: '2026-11-20T00:00:00Z' },
  });

/** A service token whose subject is `subject`, as an external access token gives. */
const serviceHeader = (subject: string) =>
  mockCredentials.service.header({
    onBehalfOf: mockCredentials.service(subject),
    targetPluginId: 'security',
  });

describe.each(databases.eachSupportedId())(
  'who may upload where, on %s',
  id => {
    async function startBackend(
      options: {
        security?: ConfigData;
        permissions?: ReturnType<typeof mockServices.permissions.mock>;
      } = {},
    ) {
      const knex = await databases.init(id);
      const { server } = await startTestBackend({
        features: [
          securityPlugin,
          fakeFormatModule,
          mockServices.database.factory({ knex }),
          catalogServiceMock.factory({ entities }),
          options.permissions?.factory ??
            mockServices.permissions.factory({ result: AuthorizeResult.ALLOW }),
          mockServices.httpAuth.factory({
            defaultCredentials: mockCredentials.none(),
          }),
          mockServices.rootConfig.factory({
            data: { security: options.security ?? {} },
          }),
        ],
      });
      const upload = (query: string, auth: string, body = scan()) =>
        request(server)
          .post(`/api/security/v1/reports${query}`)
          .set('Authorization', auth)
          .set('Content-Type', 'application/json')
          .send(body);
      /** What is stored for the entity, read as a platform user. */
      const stored = async (ref: string) => {
        const [kind, rest] = ref.split(':');
        const res = await request(server)
          .get(`/api/security/v1/entities/${kind}/${rest}/reports`)
          .set('Authorization', mockCredentials.user.header());
        return res.body.items?.length ?? 0;
      };
      return { upload, stored, knex };
    }

    describe('entity kinds', () => {
      it('refuses an explicit entityRef of another kind, naming the kind and the key, and stores nothing', async () => {
        const { upload, stored } = await startBackend();
        const res = await upload(
          '?entityRef=user:default/guest',
          mockCredentials.service.header(),
        );
        expect(res.status).toBe(400);
        expect(res.body.error.message).toContain('user:default/guest');
        expect(res.body.error.message).toContain('its kind user');
        expect(res.body.error.message).toContain(
          'security.reports.entityKinds',
        );
        expect(await stored('user:default/guest')).toBe(0);
      });

      it('refuses an image claimed only by an entity of another kind', async () => {
        const { upload, stored } = await startBackend();
        const res = await upload(
          '',
          mockCredentials.service.header(),
          scan('ghcr.io/acme/guest:2'),
        );
        expect(res.status).toBe(400);
        expect(res.body.error.message).toContain('user:default/guest');
        expect(res.body.error.message).toContain(
          'security.reports.entityKinds',
        );
        expect(await stored('user:default/guest')).toBe(0);
      });

      it('takes the kinds from config', async () => {
        const { upload } = await startBackend({
          security: { reports: { entityKinds: ['Component', 'Resource'] } },
        });
        const explicit = await upload(
          '?entityRef=resource:default/bucket',
          mockCredentials.service.header(),
        );
        expect(explicit.status).toBe(201);
        const byImage = await upload(
          '',
          mockCredentials.service.header(),
          scan('ghcr.io/acme/bucket:3'),
        );
        expect(byImage.status).toBe(201);
        expect(byImage.body.entityRef).toBe('resource:default/bucket');
        const group = await upload(
          '?entityRef=group:default/payments',
          mockCredentials.service.header(),
        );
        expect(group.status).toBe(400);
      });
    });

    describe('users: security.report.create on the entity', () => {
      // An "owners only" policy: the permission framework answers a conditional decision
      // without a resource, and, given the entity, allows only the one the user owns.
      function ownersOnly() {
        const permissions = mockServices.permissions.mock();
        permissions.authorizeConditional.mockImplementation(async requests =>
          requests.map(
            (): PolicyDecision => ({
              result: AuthorizeResult.CONDITIONAL,
              pluginId: 'catalog',
              resourceType: 'catalog-entity',
              conditions: {
                rule: 'IS_ENTITY_OWNER',
                resourceType: 'catalog-entity',
                params: { claims: ['group:default/payments'] },
              },
            }),
          ),
        );
        permissions.authorize.mockImplementation(async requests =>
          requests.map(r => ({
            result:
              'resourceRef' in r &&
              r.resourceRef === 'component:default/payments-api'
                ? AuthorizeResult.ALLOW
                : AuthorizeResult.DENY,
          })),
        );
        return permissions;
      }

      it('lets an owner upload to their entity and refuses another, naming it', async () => {
        const permissions = ownersOnly();
        const { upload, stored } = await startBackend({ permissions });
        const own = await upload(
          '?entityRef=component:default/payments-api',
          mockCredentials.user.header(),
        );
        expect(own.status).toBe(201);
        const other = await upload(
          '?entityRef=component:default/web',
          mockCredentials.user.header(),
        );
        expect(other.status).toBe(403);
        expect(other.body.error.message).toContain('component:default/web');
        expect(other.body.error.message).toContain('security.report.create');
        expect(await stored('component:default/web')).toBe(0);
        // The decision was asked about the resolved entity, not in general.
        expect(permissions.authorize).toHaveBeenCalledWith(
          [
            expect.objectContaining({
              resourceRef: 'component:default/web',
              permission: expect.objectContaining({
                name: 'security.report.create',
                resourceType: 'catalog-entity',
              }),
            }),
          ],
          expect.anything(),
        );
      });

      it('checks the entity an image resolves to, too', async () => {
        const { upload } = await startBackend({ permissions: ownersOnly() });
        const res = await upload(
          '',
          mockCredentials.user.header(),
          scan('ghcr.io/acme/payments-api:9'),
        );
        expect(res.status).toBe(201);
        expect(res.body.entityRef).toBe('component:default/payments-api');
      });
    });

    describe('service tokens', () => {
      it('are unrestricted by default, except where an entity names its upload subjects', async () => {
        const { upload, stored } = await startBackend();
        const ci = serviceHeader('ci-anything');
        expect(
          (await upload('?entityRef=component:default/web', ci)).status,
        ).toBe(201);
        const refused = await upload('?entityRef=component:default/locked', ci);
        expect(refused.status).toBe(403);
        expect(refused.body.error.message).toContain('ci-anything');
        expect(refused.body.error.message).toContain(
          'component:default/locked',
        );
        expect(refused.body.error.message).toContain(
          'posture.dev/upload-subjects',
        );
        expect(await stored('component:default/locked')).toBe(0);
        expect(
          (
            await upload(
              '?entityRef=component:default/locked',
              serviceHeader('ci-locked'),
            )
          ).status,
        ).toBe(201);
      });

      it('with security.reports.serviceAccess, upload only where a rule or the annotation lets them', async () => {
        const { upload, stored } = await startBackend({
          security: {
            reports: {
              serviceAccess: [
                { subject: 'ci-payments', owners: ['group:default/payments'] },
                { subject: 'ci-web', entities: ['component:default/web'] },
                { subject: 'ci-platform' },
              ],
            },
          },
        });
        const payments = serviceHeader('ci-payments');
        expect(
          (await upload('?entityRef=component:default/payments-api', payments))
            .status,
        ).toBe(201);
        // By image, too: the rule is checked on the entity the report resolves to.
        expect(
          (await upload('', payments, scan('ghcr.io/acme/payments-api:2')))
            .status,
        ).toBe(201);
        const refused = await upload(
          '?entityRef=component:default/web',
          payments,
        );
        expect(refused.status).toBe(403);
        expect(refused.body.error.message).toContain(
          'Service ci-payments may not upload reports for component:default/web',
        );
        expect(refused.body.error.message).toContain(
          'security.reports.serviceAccess',
        );
        expect(await stored('component:default/web')).toBe(0);

        const web = serviceHeader('ci-web');
        expect(
          (await upload('?entityRef=component:default/web', web)).status,
        ).toBe(201);
        expect(
          (await upload('?entityRef=component:default/payments-api', web))
            .status,
        ).toBe(403);
        // Not listed at all: refused, unless the entity names it.
        const stranger = serviceHeader('ci-stranger');
        expect(
          (await upload('?entityRef=component:default/payments-api', stranger))
            .status,
        ).toBe(403);
        expect(
          (
            await upload(
              '?entityRef=component:default/locked',
              serviceHeader('ci-other'),
            )
          ).status,
        ).toBe(201);
        // A rule without owners or entities covers every entity.
        expect(
          (
            await upload(
              '?entityRef=component:default/payments-api',
              serviceHeader('ci-platform'),
            )
          ).status,
        ).toBe(201);
      });

      it("let the plugin's own credentials (the report seeder) upload anywhere", async () => {
        const { upload } = await startBackend({
          security: {
            reports: {
              serviceAccess: [{ subject: 'ci-web', entities: ['web'] }],
            },
          },
        });
        const res = await upload(
          '?entityRef=component:default/locked',
          serviceHeader('plugin:security'),
        );
        expect(res.status).toBe(201);
      });
    });
  },
);

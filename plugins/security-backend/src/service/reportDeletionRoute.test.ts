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
import { securityPlugin } from '../plugin';
import { createTestDatabases } from '../__testUtils__/testDatabases';

/*
 * A report's own date cannot freeze a posture: dates from the future are refused, and a wrong
 * report can be deleted (audited), after which its slot takes any upload.
 */

const databases = createTestDatabases();
const user = mockCredentials.user.header();
const ci = mockCredentials.service.header();

const component = (name: string, annotations: Record<string, string> = {}) =>
  ({
    apiVersion: 'backstage.io/v1alpha1',
    kind: 'Component',
    metadata: {
      name,
      namespace: 'default',
      annotations: {
        'posture.dev/image': `ghcr.io/acme/${name}`,
        ...annotations,
      },
    },
    spec: { type: 'service', owner: 'team-a', lifecycle: 'production' },
  } as Entity);

const trivy = (createdAt: string, findings = 0) =>
  JSON.stringify({
    SchemaVersion: 2,
    CreatedAt: createdAt,
    ArtifactName: 'ghcr.io/acme/api:1.0',
    ArtifactType: 'container_image',
    Results: [
      {
        Target: 'ghcr.io/acme/api:1.0 (debian 12.5)',
        Class: 'os-pkgs',
        Vulnerabilities: Array.from({ length: findings }, (_, i) => ({
          VulnerabilityID: `CVE-2026-${1000 + i}`,
          PkgName: 'openssl',
          InstalledVersion: '3.0.0',
          Severity: 'CRITICAL',
        })),
      },
    ],
  });

const minutesFromNow = (minutes: number) =>
  new Date(Date.now() + minutes * 60_000).toISOString();

describe.each(databases.eachSupportedId())(
  'report dates and DELETE on %s',
  id => {
    async function start(
      permission:
        | AuthorizeResult.ALLOW
        | AuthorizeResult.DENY = AuthorizeResult.ALLOW,
    ) {
      const knex = await databases.init(id);
      const auditor = mockServices.auditor.mock();
      const { server } = await startTestBackend({
        features: [
          securityPlugin,
          trivyModule,
          auditor.factory,
          mockServices.database.factory({ knex }),
          catalogServiceMock.factory({
            entities: [
              component('api'),
              component('locked', {
                'posture.dev/upload-subjects': 'external:release-bot',
              }),
            ],
          }),
          mockServices.permissions.factory({ result: permission }),
          mockServices.httpAuth.factory({
            defaultCredentials: mockCredentials.none(),
          }),
        ],
      });
      const entity = (name = 'api') =>
        `/api/security/v1/entities/component/default/${name}`;
      const upload = (body: string, name = 'api', auth = ci) =>
        request(server)
          .post(`/api/security/v1/reports?entityRef=component:default/${name}`)
          .set('Authorization', auth)
          .set('Content-Type', 'application/json')
          .send(body);
      const reports = async (name = 'api') =>
        (
          await request(server)
            .get(`${entity(name)}/reports`)
            .set('Authorization', user)
        ).body.items;
      const posture = async () =>
        (
          await request(server)
            .get(`${entity()}/posture`)
            .set('Authorization', user)
        ).body;
      const remove = (reportId: string, auth = user, name = 'api') =>
        request(server)
          .delete(`${entity(name)}/reports/${encodeURIComponent(reportId)}`)
          .set('Authorization', auth);
      return { upload, reports, posture, remove, auditor };
    }

    it('refuses a report dated beyond the clock skew with a 400 naming the field, and stores nothing', async () => {
      const { upload, reports } = await start();
      const res = await upload(trivy('9999-12-31T23:59:59Z'));
      expect(res.status).toBe(400);
      expect(res.body.error.message).toMatch(
        /^CreatedAt "9999-12-31T23:59:59Z" is in the future \(allowed clock skew: 300 s\)/,
      );
      expect(await reports()).toEqual([]);
      expect((await upload(trivy(minutesFromNow(1)))).status).toBe(201);
    });

    it('lets a report dated far in the past in only where no newer report is current', async () => {
      const { upload } = await start();
      expect((await upload(trivy('1971-01-01T00:00:00Z'))).status).toBe(201);
      expect((await upload(trivy(minutesFromNow(-60), 1))).status).toBe(201);
      const late = await upload(trivy('1971-01-01T00:00:01Z'));
      expect(late.status).toBe(409);
    });

    it('deletes a report (204, audited), recomputes the posture, and the slot then takes an older report', async () => {
      const { upload, reports, posture, remove, auditor } = await start();
      const wrong = await upload(trivy(minutesFromNow(4), 2));
      expect(wrong.status).toBe(201);
      expect((await upload(trivy(minutesFromNow(-10), 1))).status).toBe(409);

      const res = await remove(wrong.body.reportId);

      expect(res.status).toBe(204);
      expect(await reports()).toEqual([]);
      expect((await posture()).vulnerabilities).toBeNull();
      expect(auditor.createEvent).toHaveBeenCalledWith(
        expect.objectContaining({
          eventId: 'report-delete',
          meta: {
            entityRef: 'component:default/api',
            reportId: wrong.body.reportId,
          },
        }),
      );
      const deletion = auditor.createEvent.mock.calls.findIndex(
        ([event]) => event.eventId === 'report-delete',
      );
      const event = await auditor.createEvent.mock.results[deletion].value;
      expect(event.success).toHaveBeenCalledWith({
        meta: {
          entityRef: 'component:default/api',
          reportId: wrong.body.reportId,
          format: 'trivy',
          artifact: 'ghcr.io/acme/api',
        },
      });
      const genuine = await upload(trivy(minutesFromNow(-10), 1));
      expect(genuine.status).toBe(201);
      expect((await posture()).vulnerabilities.critical).toBe(1);
    });

    it('answers 404 for an unknown or hostile report id, and for another entity’s report', async () => {
      const { upload, remove, reports } = await start();
      const stored = await upload(trivy(minutesFromNow(-1)));
      for (const reportId of [
        '00000000-0000-4000-8000-000000000000',
        'x'.repeat(300),
        'nul\u0000byte',
      ]) {
        const res = await remove(reportId);
        expect(res.status).toBe(404);
      }
      expect((await remove(stored.body.reportId, user, 'locked')).status).toBe(
        404,
      );
      expect(await reports()).toHaveLength(1);
    });

    it('answers 403 to a user without security.report.delete and keeps the report', async () => {
      const { upload, remove } = await start(AuthorizeResult.DENY);
      const body = trivy(minutesFromNow(-1));
      const stored = await upload(body);
      expect(stored.status).toBe(201);
      const res = await remove(stored.body.reportId);
      expect(res.status).toBe(403);
      expect(res.body.error.message).toContain('security.report.delete');
      // Reads are denied too under this policy: the same upload again finds it still current.
      const again = await upload(body);
      expect(again.status).toBe(200);
      expect(again.body).toMatchObject({
        unchanged: true,
        reportId: stored.body.reportId,
      });
    });

    it('lets a service delete only where it may upload', async () => {
      const { upload, remove } = await start();
      const stored = await upload(trivy(minutesFromNow(-1)));
      expect((await remove(stored.body.reportId, ci)).status).toBe(204);

      const bot = mockCredentials.service.header({
        onBehalfOf: mockCredentials.service('external:release-bot'),
        targetPluginId: 'security',
      });
      const locked = await upload(trivy(minutesFromNow(-1)), 'locked', bot);
      expect(locked.status).toBe(201);
      const refused = await remove(locked.body.reportId, ci, 'locked');
      expect(refused.status).toBe(403);
      expect((await remove(locked.body.reportId, bot, 'locked')).status).toBe(
        204,
      );
    });
  },
);

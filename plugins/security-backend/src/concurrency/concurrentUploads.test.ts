import {
  mockCredentials,
  mockServices,
  startTestBackend,
} from '@backstage/backend-test-utils';
import { catalogServiceMock } from '@backstage/plugin-catalog-node/testUtils';
import trivyModule from '@posture/backstage-plugin-security-backend-module-trivy';
import type { Knex } from 'knex';
import request from 'supertest';
import { createTestDatabases } from '../__testUtils__/testDatabases';
import { summarizeReports } from '../database/summarize';
import { securityPlugin } from '../plugin';

/*
 * Racing CI jobs: many uploads for one entity at once, through the real router, on each
 * database. Every answer is 2xx or 409, the newest report of a slot is the one kept, and the
 * summary equals a fresh recomputation from the rows.
 */

const databases = createTestDatabases();
const entityRef = 'component:default/api';
const ci = mockCredentials.service.header();
const severities = ['CRITICAL', 'HIGH', 'MEDIUM', 'LOW'];

function trivyReport(options: {
  repository: string;
  createdAt: string;
  findings: number;
}): string {
  return JSON.stringify({
    SchemaVersion: 2,
    CreatedAt: options.createdAt,
    ArtifactName: `${options.repository}:1.0`,
    ArtifactType: 'container_image',
    Metadata: {
      RepoDigests: [`${options.repository}@sha256:${'c'.repeat(64)}`],
    },
    Results: [
      {
        Target: 'app',
        Class: 'lang-pkgs',
        Type: 'npm',
        Vulnerabilities: Array.from({ length: options.findings }, (_, i) => ({
          VulnerabilityID: `CVE-2026-${10000 + i}`,
          PkgName: `pkg-${i}`,
          InstalledVersion: '1.0.0',
          FixedVersion: i % 2 ? '1.0.1' : undefined,
          Severity: severities[i % severities.length],
        })),
      },
    ],
  });
}

async function startBackend(knex: Knex) {
  const { server } = await startTestBackend({
    features: [
      securityPlugin,
      trivyModule,
      catalogServiceMock.factory({
        entities: [
          {
            apiVersion: 'backstage.io/v1alpha1',
            kind: 'Component',
            metadata: { name: 'api', namespace: 'default' },
            spec: { type: 'service', owner: 'team-a', lifecycle: 'production' },
          },
        ],
      }),
      mockServices.database.factory({ knex }),
    ],
  });
  return (body: string) =>
    request(server)
      .post(`/api/security/v1/reports?entityRef=${entityRef}`)
      .set('Authorization', ci)
      .set('Content-Type', 'application/json')
      .send(body);
}

async function expectSummaryMatchesRows(knex: Knex) {
  const row = await knex('entity_posture')
    .where({ entity_ref: entityRef })
    .first();
  const recomputed = await knex.transaction(trx =>
    summarizeReports(trx, entityRef),
  );
  expect(JSON.parse(row.vulnerabilities)).toEqual(recomputed.vulnerabilities);
  expect(row.sbom === null ? null : JSON.parse(row.sbom)).toEqual(
    recomputed.sbom,
  );
}

describe.each(databases.eachSupportedId())(
  'concurrent uploads on %s',
  databaseId => {
    it('keeps the newest of 20 racing reports for one slot and answers no 500', async () => {
      const knex = await databases.init(databaseId);
      const upload = await startBackend(knex);
      // Report i was generated at minute i; they arrive in a shuffled order, all at once.
      const order = [
        7, 19, 3, 12, 0, 15, 9, 1, 18, 5, 11, 14, 2, 17, 6, 10, 4, 16, 8, 13,
      ];
      const responses = await Promise.all(
        order.map(i =>
          upload(
            trivyReport({
              repository: 'ghcr.io/acme/api',
              createdAt: new Date(Date.UTC(2026, 10, 20, 10, i)).toISOString(),
              findings: i + 1,
            }),
          ),
        ),
      );

      const statuses = responses.map(r => r.status);
      expect(statuses.filter(s => s !== 201 && s !== 409)).toEqual([]);
      const reports = await knex('reports').where({ entity_ref: entityRef });
      expect(reports).toHaveLength(1);
      // The report generated last (minute 19, 20 findings) wins, whatever the arrival order.
      expect(reports[0].finding_count).toBe(20);
      const [{ n }] = await knex('vulnerabilities')
        .where({ entity_ref: entityRef })
        .count({ n: '*' });
      expect(Number(n)).toBe(20);
      await expectSummaryMatchesRows(knex);
    });

    it('counts every finding of 20 racing reports for different artifacts of one entity', async () => {
      const knex = await databases.init(databaseId);
      const upload = await startBackend(knex);
      const responses = await Promise.all(
        Array.from({ length: 20 }, (_, i) =>
          upload(
            trivyReport({
              repository: `ghcr.io/acme/api-part-${i}`,
              createdAt: '2026-11-20T10:00:00Z',
              findings: 100 + i,
            }),
          ),
        ),
      );

      expect(responses.map(r => r.status)).toEqual(Array(20).fill(201));
      const [{ n }] = await knex('vulnerabilities')
        .where({ entity_ref: entityRef })
        .count({ n: '*' });
      // 100 + 101 + ... + 119
      expect(Number(n)).toBe(2190);
      const summary = JSON.parse(
        (await knex('entity_posture').where({ entity_ref: entityRef }).first())
          .vulnerabilities,
      );
      expect(
        summary.critical +
          summary.high +
          summary.medium +
          summary.low +
          summary.unknown,
      ).toBe(2190);
      await expectSummaryMatchesRows(knex);
    });
  },
);

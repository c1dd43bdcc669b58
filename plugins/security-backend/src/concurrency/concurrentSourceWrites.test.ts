import { mockServices } from '@backstage/backend-test-utils';
import {
  summarizeSecrets,
  verdictWithoutSignature,
} from '@posture/backstage-plugin-security-common';
import { createTestDatabases } from '../__testUtils__/testDatabases';
import { makeScan } from '../__testUtils__/parsedReports';
import { DatabasePostureStore } from '../database/DatabasePostureStore';

/*
 * The Vault and Rekor writers rewrite the same summary row as uploads do. Racing all three for
 * one entity must leave every section in the summary, as a fresh recomputation would.
 */

const databases = createTestDatabases();
const entityRef = 'component:default/api';
const now = new Date('2026-11-23T12:00:00Z');

describe.each(databases.eachSupportedId())(
  'concurrent source writes on %s',
  databaseId => {
    it('loses no section when uploads, secret passes and signature passes race', async () => {
      const knex = await databases.init(databaseId);
      const store = await DatabasePostureStore.create({
        database: mockServices.database({ knex, migrations: { skip: false } }),
      });
      const secret = (i: number) => ({
        path: `api/secret-${i}`,
        engine: 'secret',
        kind: 'kv' as const,
        currentVersion: 1,
        createdTime: '2026-11-01T00:00:00Z',
        updatedTime: null,
        maxAgeDays: 90,
        state: 'active' as const,
        error: null,
      });

      await Promise.all(
        Array.from({ length: 10 }, (_, i) => [
          store.reports.replaceReport({
            write: {
              entityRef,
              artifact: `ghcr.io/acme/api-${i}`,
              report: makeScan(10 + i),
              sha256: String(i).repeat(64).slice(0, 64),
              document: '{}',
              uploadedBy: null,
            },
            now,
          }),
          store.secrets.applyObservations({
            entityRef,
            source: 'vault',
            observations: Array.from({ length: i + 1 }, (__, j) => secret(j)),
            now,
          }),
          store.signatures.applyObservations({
            entityRef,
            source: 'rekor',
            observations: [
              verdictWithoutSignature('sha256:aaaa', 'unsigned', 'none'),
            ],
            now,
          }),
        ]).flat(),
      );

      const posture = await store.summaries.get({ entityRef });
      const [{ n }] = await knex('vulnerabilities')
        .where({ entity_ref: entityRef })
        .count({ n: '*' });
      const v = posture!.vulnerabilities!;
      expect(v.critical + v.high + v.medium + v.low + v.unknown).toBe(
        Number(n),
      );
      expect(Number(n)).toBe(145); // 10 + 11 + ... + 19
      expect(posture!.secrets).toEqual(
        summarizeSecrets(
          await store.secrets.list({ entityRef }),
          {
            succeededAt: now.toISOString(),
            error: null,
          },
          now,
        ),
      );
      expect(posture!.signature).toMatchObject({
        status: 'unsigned',
        digest: 'sha256:aaaa',
      });
    });
  },
);

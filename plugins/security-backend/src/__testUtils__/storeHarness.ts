import {
  mockServices,
  type TestDatabases,
} from '@backstage/backend-test-utils';
import { DatabasePostureStore } from '../database/DatabasePostureStore';
import type { ReportWrite } from '../database/PostureStore';
import type { TestDatabaseId } from './testDatabases';
import { makeScan } from './parsedReports';

/** The entity the store tests write for. */
export const TEST_ENTITY_REF = 'component:default/api';

/** A scan of `ghcr.io/acme/api` with 10 findings, as an upload would store it. */
export function reportWrite(overrides: Partial<ReportWrite> = {}): ReportWrite {
  return {
    entityRef: TEST_ENTITY_REF,
    artifact: 'ghcr.io/acme/api',
    report: makeScan(10),
    sha256: 'a'.repeat(64),
    document: '{"SchemaVersion":2}',
    uploadedBy: 'external:ci',
    ...overrides,
  };
}

/** A migrated store on a fresh database of the engine, and a row counter for its tables. */
export async function createTestStore(
  databases: TestDatabases,
  id: TestDatabaseId,
) {
  const knex = await databases.init(id);
  const store = await DatabasePostureStore.create({
    database: mockServices.database({ knex, migrations: { skip: false } }),
  });
  const count = async (table: string) =>
    Number((await knex(table).count({ n: '*' }))[0].n);
  return { knex, store, count };
}

import {
  TestDatabases,
  type TestDatabaseId,
} from '@backstage/backend-test-utils';

/**
 * The engines every store test runs on: SQLite always, PostgreSQL whenever
 * BACKSTAGE_TEST_DATABASE_POSTGRES15_CONNECTION_STRING names a server. With
 * POSTURE_REQUIRE_POSTGRES set (CI does), a missing PostgreSQL fails instead of being skipped.
 */
export function createTestDatabases(): TestDatabases {
  const databases = TestDatabases.create({
    ids: ['SQLITE_3', 'POSTGRES_15'],
    disableDocker: true,
  });
  if (
    process.env.POSTURE_REQUIRE_POSTGRES &&
    !databases.supports('POSTGRES_15')
  ) {
    throw new Error(
      'POSTURE_REQUIRE_POSTGRES is set but BACKSTAGE_TEST_DATABASE_POSTGRES15_CONNECTION_STRING is not',
    );
  }
  return databases;
}

export type { TestDatabaseId };

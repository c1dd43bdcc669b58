import {
  resolvePackagePath,
  type DatabaseService,
} from '@backstage/backend-plugin-api';
import { gradePosture } from '@posture/backstage-plugin-security-common';
import { DatabaseReportStore } from './DatabaseReportStore';
import { DatabaseSecretStore } from './DatabaseSecretStore';
import { DatabaseSignatureStore } from './DatabaseSignatureStore';
import { DatabaseSummaryStore } from './DatabaseSummaryStore';
import type { Grader, PostureStore } from './PostureStore';

const migrationsDir = resolvePackagePath(
  '@posture/backstage-plugin-security-backend',
  'migrations',
);

/** {@link PostureStore} over knex, on PostgreSQL or SQLite. */
export class DatabasePostureStore {
  /**
   * Runs the migrations (unless the database service skips them) and builds the stores over
   * one client. Every write regrades with `grader` (default: security-common's rules).
   */
  static async create(options: {
    database: DatabaseService;
    skipMigrations?: boolean;
    grader?: Grader;
  }): Promise<PostureStore> {
    const client = await options.database.getClient();
    if (!options.database.migrations?.skip && !options.skipMigrations) {
      await client.migrate.latest({ directory: migrationsDir });
    }
    const summaries = new DatabaseSummaryStore(
      client,
      options.grader ?? gradePosture,
    );
    return {
      reports: new DatabaseReportStore(client, summaries),
      signatures: new DatabaseSignatureStore(client, summaries),
      secrets: new DatabaseSecretStore(client, summaries),
      summaries,
    };
  }
}

import {
  resolvePackagePath,
  type DatabaseService,
} from '@backstage/backend-plugin-api';
import {
  DEFAULT_POLICY_SET,
  type PolicySet,
} from '@posture/backstage-plugin-security-common';
import { migrateTogether } from './migrateTogether';
import { epssFloorOf, gradeSections } from './gradingInputs';
import { DatabaseReportStore } from './DatabaseReportStore';
import { DatabaseSecretStore } from './DatabaseSecretStore';
import { DatabaseSignatureStore } from './DatabaseSignatureStore';
import { DatabaseSummaryStore } from './DatabaseSummaryStore';
import { DatabaseExploitStore } from './DatabaseExploitStore';
import { DatabaseVexStore } from './DatabaseVexStore';
import type { Grader, PostureStore } from './PostureStore';

const migrationsDir = resolvePackagePath(
  '@posture/backstage-plugin-security-backend',
  'migrations',
);

/** {@link PostureStore} over knex, on PostgreSQL or SQLite. */
export class DatabasePostureStore {
  /**
   * Runs the migrations (unless the database service skips them) and builds the stores over
   * one client. Every write grades the entity under its policy from `policies` (default:
   * security-common's DEFAULT_POLICY_SET); tests may give a `grader` instead.
   */
  static async create(options: {
    database: DatabaseService;
    skipMigrations?: boolean;
    policies?: PolicySet;
    grader?: Grader;
  }): Promise<PostureStore> {
    const client = await options.database.getClient();
    if (!options.database.migrations?.skip && !options.skipMigrations) {
      // Replicas starting together against one database migrate one after the other.
      await migrateTogether(client, migrationsDir);
    }
    // Rows stored before the impact columns get them after start-up, in the background
    // (scheduleImpactBackfill), not here.
    const policies = options.policies ?? DEFAULT_POLICY_SET;
    const summaries = new DatabaseSummaryStore(
      client,
      options.grader ??
        ((sections, inputs, now) =>
          gradeSections(policies, sections, inputs, now)),
      { highEpss: policies.highEpss, epssFloor: epssFloorOf(policies) },
    );
    return {
      reports: new DatabaseReportStore(client, summaries),
      signatures: new DatabaseSignatureStore(client, summaries),
      secrets: new DatabaseSecretStore(client, summaries),
      summaries,
      exploits: new DatabaseExploitStore(client),
      vex: new DatabaseVexStore(client, summaries),
    };
  }
}

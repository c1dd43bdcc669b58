import {
  resolvePackagePath,
  type DatabaseService,
} from '@backstage/backend-plugin-api';
import type { Knex } from 'knex';
import { DateTime } from 'luxon';
import type {
  EntityPosture,
  Grade,
} from '@posture/backstage-plugin-security-common';
import type { PostureStore, PostureSummaryWrite } from './PostureStore';

const migrationsDir = resolvePackagePath(
  '@posture/backstage-plugin-security-backend',
  'migrations',
);

interface EntityPostureRow {
  entity_ref: string;
  grade: string | null;
  score: number | null;
  reasons: string;
  vulnerabilities: string | null;
  sbom: string | null;
  signature: string | null;
  secrets: string | null;
  updated_at: Date | string | number;
}

function parseJson<T>(value: string | null): T | null {
  return value === null ? null : (JSON.parse(value) as T);
}

function toJson(value: unknown): string | null {
  return value === null || value === undefined ? null : JSON.stringify(value);
}

/**
 * PostgreSQL hands back Date objects, SQLite the ISO string we wrote or, for rows written by
 * other tools, an SQL timestamp or epoch milliseconds: normalise all to ISO 8601 UTC.
 */
export function toIsoTimestamp(value: Date | string | number): string {
  let parsed: DateTime;
  if (value instanceof Date) {
    parsed = DateTime.fromJSDate(value);
  } else if (typeof value === 'number') {
    parsed = DateTime.fromMillis(value);
  } else {
    parsed = DateTime.fromISO(value, { zone: 'utc' });
    if (!parsed.isValid) {
      parsed = DateTime.fromSQL(value, { zone: 'utc' });
    }
  }
  return parsed.toUTC().toISO()!;
}

/** {@link PostureStore} over knex, on PostgreSQL or SQLite. */
export class DatabasePostureStore implements PostureStore {
  static async create(options: {
    database: DatabaseService;
    skipMigrations?: boolean;
  }): Promise<DatabasePostureStore> {
    const client = await options.database.getClient();
    if (!options.database.migrations?.skip && !options.skipMigrations) {
      await client.migrate.latest({ directory: migrationsDir });
    }
    return new DatabasePostureStore(client);
  }

  private constructor(private readonly db: Knex) {}

  async getPosture(entityRef: string): Promise<EntityPosture | undefined> {
    const row = await this.db<EntityPostureRow>('entity_posture')
      .where({ entity_ref: entityRef })
      .first();
    if (!row) {
      return undefined;
    }
    return {
      entityRef: row.entity_ref,
      grade: (row.grade as Grade | null) ?? null,
      score: row.score ?? null,
      reasons: JSON.parse(row.reasons),
      vulnerabilities: parseJson(row.vulnerabilities),
      sbom: parseJson(row.sbom),
      signature: parseJson(row.signature),
      secrets: parseJson(row.secrets),
      updatedAt: toIsoTimestamp(row.updated_at),
    };
  }

  async putPosture(
    entityRef: string,
    summary: PostureSummaryWrite,
  ): Promise<void> {
    const row: EntityPostureRow = {
      entity_ref: entityRef,
      grade: summary.grade,
      score: summary.score,
      reasons: JSON.stringify(summary.reasons),
      vulnerabilities: toJson(summary.vulnerabilities),
      sbom: toJson(summary.sbom),
      signature: toJson(summary.signature),
      secrets: toJson(summary.secrets),
      // An ISO string stores identically on both engines; a Date would become epoch ms in SQLite.
      updated_at: new Date().toISOString(),
    };
    await this.db<EntityPostureRow>('entity_posture')
      .insert(row)
      .onConflict('entity_ref')
      .merge();
  }
}

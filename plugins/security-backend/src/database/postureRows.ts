import type {
  EntityPosture,
  Grade,
} from '@posture/backstage-plugin-security-common';
import type { Knex } from 'knex';
import type { PostureSummaryWrite } from './PostureStore';
import { toIsoTimestamp } from './rows';

/** A row of entity_posture as stored: the sections, reasons and checks are JSON text. */
export interface EntityPostureRow {
  entity_ref: string;
  grade: string | null;
  score: number | null;
  reasons: string;
  vulnerabilities: string | null;
  sbom: string | null;
  signature: string | null;
  secrets: string | null;
  policy: string | null;
  checks: string;
  /** Typed copies of the vulnerabilities section's counts, for the scorecards' sums. */
  kev_count?: number;
  high_epss_count?: number;
  version: number;
  updated_at: Date | string | number;
}

export function parseJson<T>(value: string | null): T | null {
  return value === null ? null : (JSON.parse(value) as T);
}

function toJson(value: unknown): string | null {
  return value === null || value === undefined ? null : JSON.stringify(value);
}

export async function readPostureRow(
  db: Knex | Knex.Transaction,
  entityRef: string,
): Promise<EntityPosture | undefined> {
  const row: EntityPostureRow | undefined = await db('entity_posture')
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
    policy: row.policy ?? null,
    checks: JSON.parse(row.checks ?? '[]'),
  };
}

export async function writePostureRow(
  db: Knex | Knex.Transaction,
  entityRef: string,
  summary: PostureSummaryWrite,
): Promise<void> {
  const row = {
    entity_ref: entityRef,
    grade: summary.grade,
    score: summary.score,
    reasons: JSON.stringify(summary.reasons),
    vulnerabilities: toJson(summary.vulnerabilities),
    sbom: toJson(summary.sbom),
    signature: toJson(summary.signature),
    secrets: toJson(summary.secrets),
    policy: summary.policy,
    checks: JSON.stringify(summary.checks),
    kev_count: summary.vulnerabilities?.kev ?? 0,
    high_epss_count: summary.vulnerabilities?.highEpss ?? 0,
    // An ISO string stores identically on both engines; a Date would become epoch ms in SQLite.
    updated_at: new Date().toISOString(),
  };
  await db('entity_posture')
    .insert({ ...row, version: 1 })
    .onConflict('entity_ref')
    // Every write bumps the version, so the batch regrade can tell the row changed under it.
    .merge({ ...row, version: db.raw('?? + 1', ['entity_posture.version']) });
  await writeCheckRows(db, entityRef, summary.checks);
}

/** The typed copy of the entity's check statuses that fleet queries count and filter on. */
export async function writeCheckRows(
  db: Knex | Knex.Transaction,
  entityRef: string,
  checks: PostureSummaryWrite['checks'],
): Promise<void> {
  await db('posture_checks').where({ entity_ref: entityRef }).delete();
  if (checks.length) {
    await db('posture_checks').insert(
      checks.map(c => ({
        entity_ref: entityRef,
        check: c.check,
        status: c.status,
      })),
    );
  }
}

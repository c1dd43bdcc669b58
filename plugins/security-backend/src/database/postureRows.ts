import type {
  EntityPosture,
  Grade,
} from '@posture/backstage-plugin-security-common';
import type { Knex } from 'knex';
import type { PostureSummaryWrite } from './PostureStore';
import { toIsoTimestamp } from './rows';

interface EntityPostureRow {
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
  updated_at: Date | string | number;
}

function parseJson<T>(value: string | null): T | null {
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
  await db('entity_posture').insert(row).onConflict('entity_ref').merge();
}

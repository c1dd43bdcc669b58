import {
  summarizeSecrets,
  type SecretKind,
  type SecretState,
  type SecretsSummary,
  type StoredSecret,
} from '@posture/backstage-plugin-security-common';
import type { Knex } from 'knex';
import { storableRow } from './storableText';

export interface SecretRow {
  entity_ref: string;
  engine: string;
  path: string;
  kind: string;
  current_version: number | null;
  created_time: string | null;
  updated_time: string | null;
  max_age_days: number | null;
  state: string;
  error: string | null;
  checked_at: string | null;
  stale: boolean | number;
}

function fromRow(row: SecretRow): StoredSecret {
  return {
    path: row.path,
    engine: row.engine,
    kind: row.kind as SecretKind,
    currentVersion: row.current_version,
    createdTime: row.created_time,
    updatedTime: row.updated_time,
    maxAgeDays: row.max_age_days === null ? null : Number(row.max_age_days),
    state: row.state as SecretState,
    error: row.error,
    checkedAt: row.checked_at,
    stale: Boolean(row.stale),
  };
}

export function toRow(entityRef: string, secret: StoredSecret): SecretRow {
  // Paths come from catalog annotations, errors and times from Vault's answers.
  return storableRow({
    entity_ref: entityRef,
    engine: secret.engine,
    path: secret.path,
    kind: secret.kind,
    current_version: secret.currentVersion,
    created_time: secret.createdTime,
    updated_time: secret.updatedTime,
    max_age_days: secret.maxAgeDays,
    state: secret.state,
    error: secret.error,
    checked_at: secret.checkedAt,
    stale: secret.stale,
  });
}

export async function readSecrets(
  db: Knex | Knex.Transaction,
  entityRef: string,
): Promise<StoredSecret[]> {
  return (await readSecretsOf(db, [entityRef])).get(entityRef) ?? [];
}

/** The stored secrets of each entity (absent: none), for regrading many at once. */
export async function readSecretsOf(
  db: Knex | Knex.Transaction,
  entityRefs: readonly string[],
): Promise<Map<string, StoredSecret[]>> {
  const rows: SecretRow[] = await db('secrets').whereIn(
    'entity_ref',
    entityRefs,
  );
  const byEntity = new Map<string, StoredSecret[]>();
  for (const row of rows) {
    byEntity.set(row.entity_ref, [
      ...(byEntity.get(row.entity_ref) ?? []),
      fromRow(row),
    ]);
  }
  return byEntity;
}

/**
 * The secrets section recounted at `now` from the stored facts, keeping when the source last
 * succeeded and whether it was stale: ages move with time, what Vault said does not.
 */
export function secretsSectionAt(
  previous: SecretsSummary | null,
  secrets: readonly StoredSecret[],
  now: Date,
): SecretsSummary | null {
  if (!previous) {
    return null;
  }
  const recounted = summarizeSecrets(
    secrets,
    { succeededAt: previous.checkedAt, error: null },
    now,
  );
  return { ...recounted, stale: previous.stale || recounted.stale };
}

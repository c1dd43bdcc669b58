import {
  secretAgeDays,
  secretStatus,
  type SecretItem,
  type SecretKind,
  type SecretState,
  type SecretStatus,
  type SecretsSummary,
} from '@posture/backstage-plugin-security-common';
import type { SecretObservation } from '@posture/backstage-plugin-security-node';
import type { Knex } from 'knex';
import type { Grader } from './PostureStore';
import { readSourceStatus, recordSourceAttempt } from './sourceStatus';
import { updatePostureSummary } from './summaryWrite';

interface SecretRow {
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

/** A stored secret: the facts last read, when, and whether they are still current. */
export type StoredSecret = SecretObservation & {
  checkedAt: string | null;
  stale: boolean;
};

const STATUS_ORDER: SecretStatus[] = [
  'overdue',
  'due-soon',
  'unknown',
  'deleted',
  'ok',
];

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

/** Age and status at `now`, sorted the way people triage: overdue first, oldest first. */
export function toSecretItems(
  secrets: StoredSecret[],
  now: Date,
): SecretItem[] {
  const items = secrets.map(secret => ({
    path: secret.path,
    engine: secret.engine,
    kind: secret.kind,
    currentVersion: secret.currentVersion,
    createdTime: secret.createdTime,
    updatedTime: secret.updatedTime,
    ageDays: secretAgeDays(secret.createdTime, now),
    maxAgeDays: secret.maxAgeDays,
    status: secretStatus(secret, now),
    checkedAt: secret.checkedAt,
    stale: secret.stale,
    error: secret.error,
  }));
  return items.sort(
    (a, b) =>
      STATUS_ORDER.indexOf(a.status) - STATUS_ORDER.indexOf(b.status) ||
      (b.ageDays ?? -1) - (a.ageDays ?? -1) ||
      a.path.localeCompare(b.path),
  );
}

export async function readSecrets(
  db: Knex | Knex.Transaction,
  entityRef: string,
): Promise<StoredSecret[]> {
  const rows: SecretRow[] = await db('secrets').where({
    entity_ref: entityRef,
  });
  return rows.map(fromRow);
}

async function summarizeSecrets(
  trx: Knex.Transaction,
  entityRef: string,
  source: string,
  now: Date,
): Promise<SecretsSummary> {
  const items = toSecretItems(await readSecrets(trx, entityRef), now);
  const status = await readSourceStatus(trx, entityRef, source);
  const ages = items
    .filter(i => i.status !== 'deleted' && i.ageDays !== null)
    .map(i => i.ageDays!);
  return {
    total: items.length,
    overdue: items.filter(i => i.status === 'overdue').length,
    dueSoon: items.filter(i => i.status === 'due-soon').length,
    oldestAgeDays: ages.length ? Math.max(...ages) : null,
    checkedAt: status?.succeeded_at ?? null,
    stale: Boolean(status?.error) || items.some(i => i.stale),
  };
}

async function writeSummary(
  trx: Knex.Transaction,
  entityRef: string,
  source: string,
  grade: Grader,
  now: Date,
): Promise<void> {
  await updatePostureSummary(trx, entityRef, grade, {
    secrets: await summarizeSecrets(trx, entityRef, source, now),
  });
}

function key(secret: { engine: string; path: string }): string {
  return `${secret.engine}\u0000${secret.path}`;
}

/**
 * A source's successful pass over an entity. Secrets it no longer reports are removed; one it
 * could not read keeps its last known facts, marked stale with the error, rather than being
 * replaced by an empty row.
 */
export async function applySecretObservations(
  db: Knex,
  entityRef: string,
  source: string,
  observations: SecretObservation[],
  grade: Grader,
  now: Date,
): Promise<void> {
  const at = now.toISOString();
  await db.transaction(async trx => {
    const previous = new Map(
      (await readSecrets(trx, entityRef)).map(secret => [key(secret), secret]),
    );
    const rows: SecretRow[] = observations.map(observation => {
      const known = previous.get(key(observation));
      if (observation.state === 'error' && known && known.state !== 'error') {
        return {
          ...toRow(entityRef, known),
          error: observation.error,
          stale: true,
        };
      }
      return {
        entity_ref: entityRef,
        engine: observation.engine,
        path: observation.path,
        kind: observation.kind,
        current_version: observation.currentVersion,
        created_time: observation.createdTime,
        updated_time: observation.updatedTime,
        max_age_days: observation.maxAgeDays,
        state: observation.state,
        error: observation.error,
        checked_at:
          observation.state === 'error' ? known?.checkedAt ?? null : at,
        stale: false,
      };
    });
    await trx('secrets').where({ entity_ref: entityRef }).delete();
    // One entity has a handful of secrets: a single multi-row insert.
    if (rows.length) {
      await trx('secrets').insert(rows);
    }
    await recordSourceAttempt(trx, entityRef, source, at, null);
    await writeSummary(trx, entityRef, source, grade, now);
  });
}

/** The source failed for the entity as a whole: keep every fact, mark all of it stale. */
export async function markSecretsStale(
  db: Knex,
  entityRef: string,
  source: string,
  error: string,
  grade: Grader,
  now: Date,
): Promise<void> {
  const at = now.toISOString();
  await db.transaction(async trx => {
    await trx('secrets')
      .where({ entity_ref: entityRef })
      .update({ stale: true, error });
    await recordSourceAttempt(trx, entityRef, source, at, error);
    await writeSummary(trx, entityRef, source, grade, now);
  });
}

function toRow(entityRef: string, secret: StoredSecret): SecretRow {
  return {
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
  };
}

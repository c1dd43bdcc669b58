import {
  nextSecrets,
  summarizeSecrets,
  type SecretKind,
  type SecretObservation,
  type SecretState,
  type StoredSecret,
} from '@posture/backstage-plugin-security-common';
import type { Knex } from 'knex';
import { entityTransaction } from './entityTransaction';
import type { DatabaseSummaryStore } from './DatabaseSummaryStore';
import type { SecretStore, SourceFailure, SourcePass } from './PostureStore';
import { readSourceStatus, recordSourceAttempt } from './sourceStatus';
import { storableRow } from './storableText';

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

function toRow(entityRef: string, secret: StoredSecret): SecretRow {
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

async function readSecrets(
  db: Knex | Knex.Transaction,
  entityRef: string,
): Promise<StoredSecret[]> {
  const rows: SecretRow[] = await db('secrets').where({
    entity_ref: entityRef,
  });
  return rows.map(fromRow);
}

/**
 * Secret metadata per entity. What a pass keeps of earlier facts and how the section is
 * counted are rules of security-common; this applies them inside one transaction per write.
 */
export class DatabaseSecretStore implements SecretStore {
  constructor(
    private readonly db: Knex,
    private readonly summaries: DatabaseSummaryStore,
  ) {}

  list(options: { entityRef: string }): Promise<StoredSecret[]> {
    return readSecrets(this.db, options.entityRef);
  }

  async applyObservations(
    options: SourcePass<SecretObservation>,
  ): Promise<void> {
    const { entityRef, source, now } = options;
    const at = now.toISOString();
    await entityTransaction(this.db, entityRef, async trx => {
      const secrets = nextSecrets({
        previous: await readSecrets(trx, entityRef),
        observations: options.observations,
        at,
      });
      await trx('secrets').where({ entity_ref: entityRef }).delete();
      // One entity has a handful of secrets: a single multi-row insert.
      if (secrets.length) {
        await trx('secrets').insert(secrets.map(s => toRow(entityRef, s)));
      }
      await recordSourceAttempt(trx, entityRef, source, at, null);
      await this.writeSummary(trx, entityRef, source, now);
    });
  }

  async markStale(options: SourceFailure): Promise<void> {
    const { entityRef, source, error, now } = options;
    const at = now.toISOString();
    await entityTransaction(this.db, entityRef, async trx => {
      await trx('secrets')
        .where({ entity_ref: entityRef })
        .update({ stale: true, error });
      await recordSourceAttempt(trx, entityRef, source, at, error);
      await this.writeSummary(trx, entityRef, source, now);
    });
  }

  private async writeSummary(
    trx: Knex.Transaction,
    entityRef: string,
    source: string,
    now: Date,
  ): Promise<void> {
    const status = await readSourceStatus(trx, entityRef, source);
    await this.summaries.update(trx, {
      entityRef,
      changed: {
        secrets: summarizeSecrets(
          await readSecrets(trx, entityRef),
          status && { succeededAt: status.succeeded_at, error: status.error },
          now,
        ),
      },
      now,
    });
  }
}

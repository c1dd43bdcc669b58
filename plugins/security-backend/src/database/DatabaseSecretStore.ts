import {
  nextSecrets,
  summarizeSecrets,
  type SecretObservation,
  type StoredSecret,
} from '@posture/backstage-plugin-security-common';
import type { Knex } from 'knex';
import { entityTransaction } from './entityTransaction';
import type { DatabaseSummaryStore } from './DatabaseSummaryStore';
import type { SecretStore, SourceFailure, SourcePass } from './PostureStore';
import { readSourceStatus, recordSourceAttempt } from './sourceStatus';
import { readSecrets, toRow } from './secretRows';

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

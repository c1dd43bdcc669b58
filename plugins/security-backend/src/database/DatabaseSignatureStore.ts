import {
  nextSourceVerdicts,
  staleSourceVerdicts,
  UPLOADED_VERDICT_SOURCE,
  uploadedVerdictWins,
  verdictFromObservation,
  type SignatureItem,
  type SignatureObservation,
} from '@posture/backstage-plugin-security-common';
import type { Knex } from 'knex';
import { entityTransaction } from './entityTransaction';
import type { DatabaseSummaryStore } from './DatabaseSummaryStore';
import type { SignatureStore, SourceFailure, SourcePass } from './PostureStore';
import { reportDigests } from './reportDigests';
import {
  currentSignatureSummary,
  readSignatureItems,
  rowFromItem,
} from './signatureRows';
import { recordSourceAttempt } from './sourceStatus';

/**
 * Verdicts per (entity, digest, source). Which verdict wins, and what a failed pass keeps, are
 * rules of security-common; this applies them inside one transaction per write.
 */
export class DatabaseSignatureStore implements SignatureStore {
  constructor(
    private readonly db: Knex,
    private readonly summaries: DatabaseSummaryStore,
  ) {}

  list(options: { entityRef: string }): Promise<SignatureItem[]> {
    return readSignatureItems(this.db, options.entityRef);
  }

  async applyObservations(
    options: SourcePass<SignatureObservation>,
  ): Promise<void> {
    const { entityRef, source, now } = options;
    const at = now.toISOString();
    await entityTransaction(this.db, entityRef, async trx => {
      const verdicts = nextSourceVerdicts({
        previous: await readSignatureItems(trx, entityRef, source),
        observations: options.observations,
        source,
        at,
      });
      await this.replaceSourceVerdicts(trx, entityRef, source, verdicts);
      await recordSourceAttempt(trx, entityRef, source, at, null);
      await this.writeSummary(trx, entityRef, now);
    });
  }

  async markStale(options: SourceFailure): Promise<void> {
    const { entityRef, source, error, now } = options;
    const at = now.toISOString();
    await entityTransaction(this.db, entityRef, async trx => {
      const [currentDigest] = await reportDigests(trx, entityRef);
      const verdicts = staleSourceVerdicts({
        previous: await readSignatureItems(trx, entityRef, source),
        currentDigest,
        source,
        error,
        at,
      });
      await this.replaceSourceVerdicts(trx, entityRef, source, verdicts);
      await recordSourceAttempt(trx, entityRef, source, at, error);
      await this.writeSummary(trx, entityRef, now);
    });
  }

  async recordUpload(options: {
    entityRef: string;
    observation: SignatureObservation;
    now: Date;
  }): Promise<{ item: SignatureItem; replaced: boolean }> {
    const { entityRef, observation, now } = options;
    return entityTransaction(this.db, entityRef, async trx => {
      const key = {
        entity_ref: entityRef,
        digest: observation.digest,
        source: UPLOADED_VERDICT_SOURCE,
      };
      const [kept] = (
        await readSignatureItems(trx, entityRef, UPLOADED_VERDICT_SOURCE)
      ).filter(v => v.digest === observation.digest);
      if (!uploadedVerdictWins(observation, kept)) {
        return { item: kept, replaced: false };
      }
      const item = verdictFromObservation(
        observation,
        UPLOADED_VERDICT_SOURCE,
        now.toISOString(),
      );
      await trx('signatures').where(key).delete();
      await trx('signatures').insert(rowFromItem(entityRef, item));
      await this.writeSummary(trx, entityRef, now);
      return { item, replaced: true };
    });
  }

  private async replaceSourceVerdicts(
    trx: Knex.Transaction,
    entityRef: string,
    source: string,
    verdicts: SignatureItem[],
  ): Promise<void> {
    await trx('signatures').where({ entity_ref: entityRef, source }).delete();
    if (verdicts.length) {
      await trx('signatures').insert(
        verdicts.map(v => rowFromItem(entityRef, v)),
      );
    }
  }

  private async writeSummary(
    trx: Knex.Transaction,
    entityRef: string,
    now: Date,
  ): Promise<void> {
    await this.summaries.update(trx, {
      entityRef,
      changed: { signature: await currentSignatureSummary(trx, entityRef) },
      now,
    });
  }
}

import type {
  SignatureItem,
  SignatureStatus,
  SignatureSummary,
} from '@posture/backstage-plugin-security-common';
import {
  verdictWithoutSignature,
  type SignatureObservation,
} from '@posture/backstage-plugin-security-node';
import type { Knex } from 'knex';
import type { Grader } from './PostureStore';
import { reportDigests } from './reportDigests';
import { recordSourceAttempt } from './sourceStatus';
import { updatePostureSummary } from './summaryWrite';

/** Uploaded bundles are one source among the pull sources. */
export const UPLOAD_SOURCE = 'upload';

interface SignatureRow {
  entity_ref: string;
  digest: string;
  source: string;
  status: string;
  reason: string | null;
  signer_issuer: string | null;
  signer_subject: string | null;
  log_index: number | string | null;
  log_url: string | null;
  integrated_time: string | null;
  kind: string | null;
  predicate_type: string | null;
  entries: number;
  checked_at: string | null;
  stale: boolean | number;
  error: string | null;
}

/** Best first: one verified signature is enough, whatever else was found beside it. */
const RANK: SignatureStatus[] = [
  'verified',
  'unexpected-signer',
  'invalid',
  'unsigned',
  'unknown',
];
const rank = (status: string) => RANK.indexOf(status as SignatureStatus);

function toItem(row: SignatureRow): SignatureItem {
  return {
    digest: row.digest,
    status: row.status as SignatureStatus,
    reason: row.reason,
    signer:
      row.signer_issuer && row.signer_subject
        ? { issuer: row.signer_issuer, subject: row.signer_subject }
        : null,
    logIndex: row.log_index === null ? null : Number(row.log_index),
    logUrl: row.log_url,
    integratedTime: row.integrated_time,
    checkedAt: row.checked_at,
    stale: Boolean(row.stale),
    error: row.error,
    source: row.source,
    kind: (row.kind as SignatureItem['kind']) ?? null,
    predicateType: row.predicate_type,
    entries: Number(row.entries),
  };
}

function toRow(
  entityRef: string,
  source: string,
  observation: SignatureObservation,
  checkedAt: string,
): SignatureRow {
  return {
    entity_ref: entityRef,
    digest: observation.digest,
    source,
    status: observation.status,
    reason: observation.reason,
    signer_issuer: observation.signer?.issuer ?? null,
    signer_subject: observation.signer?.subject ?? null,
    log_index: observation.logIndex,
    log_url: observation.logUrl,
    integrated_time: observation.integratedTime,
    kind: observation.kind,
    predicate_type: observation.predicateType,
    entries: observation.entries,
    checked_at: checkedAt,
    stale: false,
    error: null,
  };
}

async function readRows(
  db: Knex | Knex.Transaction,
  entityRef: string,
): Promise<SignatureRow[]> {
  return db('signatures')
    .where({ entity_ref: entityRef })
    .orderBy([
      { column: 'checked_at', order: 'desc' },
      { column: 'digest' },
      { column: 'source' },
    ]);
}

/** Every verdict of the entity, newest check first. */
export async function readSignatures(
  db: Knex | Knex.Transaction,
  entityRef: string,
): Promise<SignatureItem[]> {
  return (await readRows(db, entityRef)).map(toItem);
}

/**
 * The verdict for the image the entity runs now: its newest report's digest (or, without
 * reports, the newest digest checked). A new digest nobody checked yet is `unknown`, not
 * the old image's verdict.
 */
export async function summarizeSignatures(
  trx: Knex.Transaction,
  entityRef: string,
): Promise<SignatureSummary | null> {
  const rows = await readRows(trx, entityRef);
  const [current = rows[0]?.digest] = await reportDigests(trx, entityRef);
  if (!rows.length || !current) {
    return null;
  }
  const forDigest = rows.filter(r => r.digest === current);
  if (!forDigest.length) {
    return {
      status: 'unknown',
      signer: null,
      checkedAt: null,
      stale: false,
      digest: current,
      reason: 'this image digest has not been checked yet',
      logIndex: null,
      logUrl: null,
      integratedTime: null,
    };
  }
  const best = forDigest.reduce((a, b) =>
    rank(b.status) < rank(a.status) ? b : a,
  );
  const item = toItem(best);
  return {
    status: item.status,
    signer: item.signer,
    // Rows come newest check first.
    checkedAt: forDigest[0].checked_at,
    stale: item.stale,
    digest: current,
    reason: item.reason ?? (item.stale ? item.error : null),
    logIndex: item.logIndex,
    logUrl: item.logUrl,
    integratedTime: item.integratedTime,
  };
}

async function writeSignatureSummary(
  trx: Knex.Transaction,
  entityRef: string,
  grade: Grader,
): Promise<void> {
  await updatePostureSummary(trx, entityRef, grade, {
    signature: await summarizeSignatures(trx, entityRef),
  });
}

/**
 * A pull source's pass over an entity: its verdicts replace its earlier ones. A digest it
 * could not check this time (`unknown`) keeps an earlier real verdict, marked stale.
 */
export async function applySignatureObservations(
  db: Knex,
  entityRef: string,
  source: string,
  observations: SignatureObservation[],
  grade: Grader,
  now: Date,
): Promise<void> {
  const at = now.toISOString();
  await db.transaction(async trx => {
    const previous = new Map(
      (await trx('signatures').where({ entity_ref: entityRef, source })).map(
        (row: SignatureRow) => [row.digest, row],
      ),
    );
    const rows = new Map<string, SignatureRow>();
    for (const observation of observations) {
      const known = previous.get(observation.digest);
      rows.set(
        observation.digest,
        observation.status === 'unknown' && known && known.status !== 'unknown'
          ? { ...known, stale: true, error: observation.reason }
          : toRow(entityRef, source, observation, at),
      );
    }
    await trx('signatures').where({ entity_ref: entityRef, source }).delete();
    if (rows.size) {
      await trx('signatures').insert([...rows.values()]);
    }
    await recordSourceAttempt(trx, entityRef, source, at, null);
    await writeSignatureSummary(trx, entityRef, grade);
  });
}

/**
 * The source could not be read for the entity: its verdicts stay, marked stale with the
 * error; digests it never judged become `unknown` so the tab says why nothing is known.
 */
export async function markSignaturesStale(
  db: Knex,
  entityRef: string,
  source: string,
  error: string,
  grade: Grader,
  now: Date,
): Promise<void> {
  const at = now.toISOString();
  await db.transaction(async trx => {
    await trx('signatures')
      .where({ entity_ref: entityRef, source })
      .update({ stale: true, error });
    const judged = new Set(
      (
        await trx('signatures')
          .where({ entity_ref: entityRef, source })
          .select('digest')
      ).map((r: { digest: string }) => r.digest),
    );
    const [current] = await reportDigests(trx, entityRef);
    if (current && !judged.has(current)) {
      await trx('signatures').insert({
        ...toRow(
          entityRef,
          source,
          verdictWithoutSignature(current, 'unknown', error),
          at,
        ),
        error,
      });
    }
    await recordSourceAttempt(trx, entityRef, source, at, error);
    await writeSignatureSummary(trx, entityRef, grade);
  });
}

/**
 * An uploaded bundle's verdict. Uploads for one digest keep the best verdict, so a broken
 * or foreign bundle uploaded later cannot demote a verified image (nor hide behind one: it
 * is audited, and the list shows what was kept).
 */
export async function recordUploadedSignature(
  db: Knex,
  entityRef: string,
  observation: SignatureObservation,
  grade: Grader,
  now: Date,
): Promise<{ item: SignatureItem; replaced: boolean }> {
  return db.transaction(async trx => {
    const key = {
      entity_ref: entityRef,
      digest: observation.digest,
      source: UPLOAD_SOURCE,
    };
    const existing: SignatureRow | undefined = await trx('signatures')
      .where(key)
      .first();
    const row = toRow(entityRef, UPLOAD_SOURCE, observation, now.toISOString());
    const replaced =
      !existing || rank(observation.status) <= rank(existing.status);
    if (replaced) {
      await trx('signatures').where(key).delete();
      await trx('signatures').insert(row);
      await writeSignatureSummary(trx, entityRef, grade);
    }
    return { item: toItem(replaced ? row : existing!), replaced };
  });
}

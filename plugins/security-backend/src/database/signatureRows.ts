import {
  summarizeSignatureVerdicts,
  type SignatureItem,
  type SignatureStatus,
  type SignatureSummary,
} from '@posture/backstage-plugin-security-common';
import type { Knex } from 'knex';
import { reportDigests } from './reportDigests';
import { storableRow } from './storableText';

export interface SignatureRow {
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

export function itemFromRow(row: SignatureRow): SignatureItem {
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

export function rowFromItem(
  entityRef: string,
  item: SignatureItem,
): SignatureRow {
  // Subjects, issuers and reasons come from uploaded bundles and the log.
  return storableRow({
    entity_ref: entityRef,
    digest: item.digest,
    source: item.source,
    status: item.status,
    reason: item.reason,
    signer_issuer: item.signer?.issuer ?? null,
    signer_subject: item.signer?.subject ?? null,
    log_index: item.logIndex,
    log_url: item.logUrl,
    integrated_time: item.integratedTime,
    kind: item.kind,
    predicate_type: item.predicateType,
    entries: item.entries,
    checked_at: item.checkedAt,
    stale: item.stale,
    error: item.error,
  });
}

/** Verdicts of the entity (or of one of its sources), newest check first. */
export async function readSignatureItems(
  db: Knex | Knex.Transaction,
  entityRef: string,
  source?: string,
): Promise<SignatureItem[]> {
  const rows: SignatureRow[] = await db('signatures')
    .where({ entity_ref: entityRef, ...(source ? { source } : {}) })
    .orderBy([
      { column: 'checked_at', order: 'desc' },
      { column: 'digest' },
      { column: 'source' },
    ]);
  return rows.map(itemFromRow);
}

/** The signature section of the entity's summary, from the rows as they are in `trx`. */
export async function currentSignatureSummary(
  trx: Knex.Transaction,
  entityRef: string,
): Promise<SignatureSummary | null> {
  return summarizeSignatureVerdicts(
    await readSignatureItems(trx, entityRef),
    await reportDigests(trx, entityRef),
  );
}

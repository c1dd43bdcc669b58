import type { Knex } from 'knex';
import { entityTransaction } from './entityTransaction';
import type { DatabaseSummaryStore } from './DatabaseSummaryStore';
import type { StoredReport } from './PostureStore';
import { type ReportRow, reportFromRow } from './rows';
import { currentSignatureSummary } from './signatureRows';
import { summarizeReports } from './summarize';

/**
 * Deletes a stored report's own rows (finding ids, findings, components, document, the
 * report); replacing a report in its slot removes the previous one with this too.
 */
export async function removeReportRows(
  trx: Knex.Transaction,
  reportId: string,
): Promise<void> {
  // Children first: SQLite connections do not always enforce ON DELETE CASCADE.
  for (const table of [
    'finding_ids',
    'vulnerabilities',
    'components',
    'report_documents',
  ]) {
    await trx(table).where('report_id', reportId).delete();
  }
  await trx('reports').where('id', reportId).delete();
}

/**
 * Removes one of the entity's reports and recomputes the summary in the same transaction.
 * Nothing else remembers the report, so the slot then takes any upload, as if it had never
 * been stored. Answers the deleted report, or undefined when the entity has no such report.
 */
export async function deleteReport(
  db: Knex,
  summaries: DatabaseSummaryStore,
  options: { entityRef: string; reportId: string; now: Date },
): Promise<StoredReport | undefined> {
  const { entityRef, reportId, now } = options;
  if (reportId.includes('\u0000')) {
    // No stored id has one, and PostgreSQL refuses to compare with it.
    return undefined;
  }
  return entityTransaction(db, entityRef, async trx => {
    const row: ReportRow | undefined = await trx('reports')
      .where({ entity_ref: entityRef, id: reportId })
      .first();
    if (!row) {
      return undefined;
    }
    await removeReportRows(trx, row.id);
    await summaries.update(trx, {
      entityRef,
      changed: {
        ...(await summarizeReports(trx, entityRef, summaries.options)),
        // The report may have named the current image digest.
        signature: await currentSignatureSummary(trx, entityRef),
      },
      now,
    });
    return reportFromRow(row);
  });
}

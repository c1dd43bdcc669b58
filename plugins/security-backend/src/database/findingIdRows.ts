import { cveIdOf } from '@posture/backstage-plugin-security-common';
import type { ParsedVulnerability } from '@posture/backstage-plugin-security-node';
import type { Knex } from 'knex';
import type { PostgresColumnTypes } from './bulkInsert';
import { findingIdsOf } from './impactColumns';
import { insertInTurns } from './insertInTurns';
import type { FindingIdRow } from './rows';

export const FINDING_ID_COLUMN_TYPES: PostgresColumnTypes<FindingIdRow> = {
  report_id: 'text',
  entity_ref: 'text',
  vulnerability_row_id: 'bigint',
  id: 'text',
};

/**
 * finding_ids rows for a report's findings, just inserted in `vulnerabilities`' order.
 *
 * The findings' row ids are read back in one query (index on report_id); rows inserted by one
 * statement, and statements run one after the other in this transaction, get ascending row
 * ids in the order given, so the n-th row id is the n-th finding. Each row's vuln_id is
 * checked against its finding's id: a mismatch fails the upload's transaction rather than
 * filing an alias under the wrong finding. Measured at 100,000 findings on PostgreSQL, the
 * read-back costs a few per cent of the findings' insert (docs/benchmarks.md).
 */
export async function insertFindingIds(
  trx: Knex.Transaction,
  reportId: string,
  entityRef: string,
  vulnerabilities: readonly ParsedVulnerability[],
): Promise<void> {
  if (vulnerabilities.length === 0) {
    return;
  }
  const stored: Array<{ row_id: number | string; vuln_id: string }> = await trx(
    'vulnerabilities',
  )
    .where('report_id', reportId)
    .orderBy('row_id')
    .select('row_id', 'vuln_id');
  if (stored.length !== vulnerabilities.length) {
    throw new Error(
      `Report ${reportId}: ${stored.length} findings read back, ${vulnerabilities.length} written`,
    );
  }
  const rows: FindingIdRow[] = [];
  for (let i = 0; i < vulnerabilities.length; i++) {
    const finding = vulnerabilities[i];
    const row = stored[i];
    if (row.vuln_id !== finding.id) {
      throw new Error(
        `Report ${reportId}: finding ${i} read back as ${row.vuln_id}, written as ${finding.id}`,
      );
    }
    const rowId = Number(row.row_id);
    for (const id of findingIdsOf(
      finding.id,
      finding.aliases,
      cveIdOf(finding.id, finding.aliases),
    )) {
      rows.push({
        report_id: reportId,
        entity_ref: entityRef,
        vulnerability_row_id: rowId,
        id,
      });
    }
  }
  await insertInTurns(
    trx,
    'finding_ids',
    rows,
    row => row,
    FINDING_ID_COLUMN_TYPES,
  );
}

import { cveIdOf } from '@posture/backstage-plugin-security-common';
import type { ParsedVulnerability } from '@posture/backstage-plugin-security-node';
import type { Knex } from 'knex';
import type { PostgresColumnTypes } from './bulkInsert';
import { aliasIdsOf, storableCveId } from './impactColumns';
import { insertInTurns } from './insertInTurns';
import type { FindingIdRow } from './rows';

export const FINDING_ID_COLUMN_TYPES: PostgresColumnTypes<FindingIdRow> = {
  report_id: 'text',
  entity_ref: 'text',
  vulnerability_row_id: 'bigint',
  id: 'text',
};

/**
 * The finding_ids rows of one finding stored as row `rowId` with `cveId` in its cve_id: its
 * ids and aliases but that CVE (aliasIdsOf).
 */
export function findingIdRowsOf(
  reportId: string,
  entityRef: string,
  finding: ParsedVulnerability,
  rowId: number,
  cveId: string | null,
): FindingIdRow[] {
  return aliasIdsOf(finding.id, finding.aliases, cveId).map(id => ({
    report_id: reportId,
    entity_ref: entityRef,
    vulnerability_row_id: rowId,
    id,
  }));
}

/**
 * finding_ids rows for a report's findings, just inserted in `vulnerabilities`' order (the
 * SQLite path; on PostgreSQL insertFindings knows the row ids beforehand).
 *
 * When a finding has an id to file, the findings' row ids are read back in one query (index
 * on report_id); rows inserted by one statement, and statements run one after the other in
 * this transaction, get ascending row ids in the order given, so the n-th row id is the n-th
 * finding. Each row's vuln_id is checked against its finding's id: a mismatch fails the
 * upload's transaction rather than filing an alias under the wrong finding.
 */
export async function insertFindingIds(
  trx: Knex.Transaction,
  reportId: string,
  entityRef: string,
  vulnerabilities: readonly ParsedVulnerability[],
): Promise<void> {
  const cveIds = vulnerabilities.map(v =>
    storableCveId(cveIdOf(v.id, v.aliases)),
  );
  if (
    vulnerabilities.every(
      (v, i) => aliasIdsOf(v.id, v.aliases, cveIds[i]).length === 0,
    )
  ) {
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
    rows.push(
      ...findingIdRowsOf(
        reportId,
        entityRef,
        finding,
        Number(row.row_id),
        cveIds[i],
      ),
    );
  }
  await insertInTurns(
    trx,
    'finding_ids',
    rows,
    row => row,
    FINDING_ID_COLUMN_TYPES,
  );
}

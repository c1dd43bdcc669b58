import { vexStatementApplies } from '@posture/backstage-plugin-security-common';
import type { Knex } from 'knex';
import { toIsoTimestamp } from './rows';

/** Rows per `UPDATE ... WHERE row_id IN (...)`, and ids per `IN (...)` when reading. */
const CHUNK = 500;

/** What applying an entity's statements did. */
export interface VexApplication {
  /** Findings whose statement (or status) changed. */
  changed: number;
  /** Each current finding (row_id) and the id of the statement that applies to it. */
  assigned: Map<number, number>;
}

interface StatementRow {
  id: number | string;
  vuln_id: string;
  product_repository: string | null;
  product_digest: string | null;
  subcomponent: string;
  status: string;
  statement_at: Date | string | number;
}

interface FindingRow {
  row_id: number | string;
  report_id: string;
  vuln_id: string;
  cve_id: string | null;
  purl: string | null;
  vex_statement_id: number | string | null;
  vex_status: string | null;
}

interface ReportRow {
  id: string;
  artifact: string;
  digest: string | null;
}

interface Candidate {
  id: number;
  status: string;
  at: number;
  target: Parameters<typeof vexStatementApplies>[0];
}

/**
 * Marks each current finding of the entity with the newest statement that applies to it (its
 * id or CVE is the statement's, and its report is for the statement's product; see
 * `vexStatementApplies`), and unmarks findings no statement applies to any more. On a tie in
 * time the statement stored last wins. Only rows whose mark changes are written. Runs in the
 * caller's transaction, which holds the entity's write lock; the caller recomputes the
 * summary.
 */
export async function applyVexStatements(
  trx: Knex.Transaction,
  entityRef: string,
): Promise<VexApplication> {
  const statements: StatementRow[] = await trx('vex_statements')
    .where({ entity_ref: entityRef })
    .select(
      'id',
      'vuln_id',
      'product_repository',
      'product_digest',
      'subcomponent',
      'status',
      'statement_at',
    );
  if (statements.length === 0) {
    // Statements are never deleted, so no finding of the entity is marked: nothing to do
    // (the common case of a report upload).
    return { changed: 0, assigned: new Map() };
  }
  const byVulnerability = new Map<string, Candidate[]>();
  for (const s of statements) {
    const candidates = byVulnerability.get(s.vuln_id) ?? [];
    candidates.push({
      id: Number(s.id),
      status: s.status,
      at: Date.parse(toIsoTimestamp(s.statement_at)),
      target: {
        repository: s.product_repository,
        digest: s.product_digest,
        subcomponent: s.subcomponent,
      },
    });
    byVulnerability.set(s.vuln_id, candidates);
  }

  const findings = await candidateFindings(trx, entityRef, [
    ...byVulnerability.keys(),
  ]);
  const reports = new Map<string, ReportRow>(
    (
      (await trx('reports')
        .where({ entity_ref: entityRef })
        .select('id', 'artifact', 'digest')) as ReportRow[]
    ).map(r => [r.id, r]),
  );

  const assigned = new Map<number, number>();
  // Findings to write, grouped by the mark they get, so one UPDATE sets one mark.
  const updates = new Map<string, number[]>();
  for (const finding of findings) {
    const report = reports.get(finding.report_id);
    const chosen = report
      ? newestApplying(finding, report, byVulnerability)
      : undefined;
    const rowId = Number(finding.row_id);
    if (chosen) {
      assigned.set(rowId, chosen.id);
    }
    const current =
      finding.vex_statement_id === null
        ? null
        : Number(finding.vex_statement_id);
    const wanted = chosen?.id ?? null;
    if (current === wanted && finding.vex_status === (chosen?.status ?? null)) {
      continue;
    }
    const key = JSON.stringify([wanted, chosen?.status ?? null]);
    updates.set(key, [...(updates.get(key) ?? []), rowId]);
  }

  let changed = 0;
  for (const [key, rowIds] of updates) {
    const [statementId, status] = JSON.parse(key) as [
      number | null,
      string | null,
    ];
    for (let start = 0; start < rowIds.length; start += CHUNK) {
      const chunk = rowIds.slice(start, start + CHUNK);
      await trx('vulnerabilities')
        .whereIn('row_id', chunk)
        .update({ vex_statement_id: statementId, vex_status: status });
      changed += chunk.length;
    }
  }
  return { changed, assigned };
}

function newestApplying(
  finding: FindingRow,
  report: ReportRow,
  byVulnerability: Map<string, Candidate[]>,
): Candidate | undefined {
  const ids = new Set([finding.vuln_id.toUpperCase()]);
  if (finding.cve_id) {
    ids.add(finding.cve_id.toUpperCase());
  }
  const target = {
    artifact: report.artifact,
    digest: report.digest,
    purl: finding.purl,
  };
  let best: Candidate | undefined;
  for (const id of ids) {
    for (const candidate of byVulnerability.get(id) ?? []) {
      if (
        vexStatementApplies(candidate.target, target) &&
        (!best ||
          candidate.at > best.at ||
          (candidate.at === best.at && candidate.id > best.id))
      ) {
        best = candidate;
      }
    }
  }
  return best;
}

/**
 * The entity's findings a statement may apply to (their id or CVE is one the statements
 * name), and those marked now (whose statement may no longer apply); not the others, so an
 * entity with thousands of findings and a few statements reads a few rows.
 */
async function candidateFindings(
  trx: Knex.Transaction,
  entityRef: string,
  vulnIds: string[],
): Promise<FindingRow[]> {
  const columns = [
    'row_id',
    'report_id',
    'vuln_id',
    'cve_id',
    'purl',
    'vex_statement_id',
    'vex_status',
  ];
  const byRow = new Map<string, FindingRow>();
  const add = (rows: FindingRow[]) => {
    for (const row of rows) byRow.set(String(row.row_id), row);
  };
  add(
    await trx('vulnerabilities')
      .where({ entity_ref: entityRef })
      .whereNotNull('vex_statement_id')
      .select(columns),
  );
  for (let start = 0; start < vulnIds.length; start += CHUNK) {
    const chunk = vulnIds.slice(start, start + CHUNK);
    add(
      await trx('vulnerabilities')
        .where({ entity_ref: entityRef })
        .where(q =>
          q
            .whereRaw(
              `UPPER(vuln_id) IN (${chunk.map(() => '?').join(', ')})`,
              chunk,
            )
            .orWhereIn('cve_id', chunk),
        )
        .select(columns),
    );
  }
  return [...byRow.values()];
}

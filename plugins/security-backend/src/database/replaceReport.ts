import { digestOf } from '@posture/backstage-plugin-security-common';
import { randomUUID } from 'crypto';
import type { Knex } from 'knex';
import { applyVexStatements } from './applyVexStatements';
import { removeReportRows } from './deleteReport';
import { entityTransaction } from './entityTransaction';
import { countLicenses } from './licenseFacets';
import type { DatabaseSummaryStore } from './DatabaseSummaryStore';
import type { ReplaceReportResult, ReportWrite } from './PostureStore';
import { insertComponents, insertFindings } from './reportRows';
import { type ReportRow, normaliseTimestamp, reportFromRow } from './rows';
import { summarizeReports } from './summarize';
import { currentSignatureSummary } from './signatureRows';

// Row builders, kept importable from here for bench/ingest.ts.
export {
  COMPONENT_COLUMN_TYPES,
  VULNERABILITY_COLUMN_TYPES,
  componentRow,
  vulnerabilityRow,
  vulnerabilityRows,
} from './reportRows';

function isScan(write: ReportWrite): boolean {
  return (
    write.report.format === 'trivy' || write.report.vulnerabilities.length > 0
  );
}

function reportDigest(write: ReportWrite): string | null {
  for (const candidate of write.report.artifact.digests) {
    const digest = digestOf(candidate);
    if (digest) return digest;
  }
  return write.report.artifact.name
    ? digestOf(write.report.artifact.name)
    : null;
}

/**
 * The whole upload as one transaction: a failure anywhere leaves the previous report, its rows
 * and the summary exactly as they were.
 */
export async function replaceReport(
  db: Knex,
  summaries: DatabaseSummaryStore,
  write: ReportWrite,
  now: Date,
): Promise<ReplaceReportResult> {
  return entityTransaction(db, write.entityRef, async trx => {
    const slot = {
      entity_ref: write.entityRef,
      artifact: write.artifact,
      format: write.report.format,
    };
    const currentRow: ReportRow | undefined = await trx('reports')
      .where(slot)
      .first();
    const current = currentRow ? reportFromRow(currentRow) : null;
    const generatedAt = normaliseTimestamp(write.report.generatedAt);

    if (current && current.sha256 === write.sha256) {
      return { outcome: 'unchanged', report: current };
    }
    if (
      current?.generatedAt &&
      generatedAt &&
      Date.parse(generatedAt) < Date.parse(current.generatedAt)
    ) {
      return { outcome: 'older', report: current };
    }

    if (current) {
      // Children first: SQLite connections do not always enforce ON DELETE CASCADE.
      await removeReportRows(trx, current.id);
    }

    const id = randomUUID();
    const row: ReportRow = {
      id,
      ...slot,
      artifact_name: write.report.artifact.name,
      digest: reportDigest(write),
      sha256: write.sha256,
      is_scan: isScan(write),
      generated_at: generatedAt,
      ingested_at: new Date().toISOString(),
      finding_count: write.report.vulnerabilities.length,
      component_count: write.report.components.length,
      other_findings: JSON.stringify(write.report.otherFindings),
      uploaded_by: write.uploadedBy,
      license_counts: JSON.stringify(countLicenses(write.report.components)),
    };
    await trx('reports').insert(row);
    await trx('report_documents').insert({
      report_id: id,
      content: write.document,
    });

    await insertFindings(
      trx,
      id,
      write.entityRef,
      write.report.vulnerabilities,
    );
    await insertComponents(trx, id, write.entityRef, write.report.components);
    // A new scan of an image keeps the VEX statements stored for it.
    await applyVexStatements(trx, write.entityRef);

    await summaries.update(trx, {
      entityRef: write.entityRef,
      changed: {
        ...(await summarizeReports(trx, write.entityRef, summaries.options)),
        // A new image digest has its own signature state.
        signature: await currentSignatureSummary(trx, write.entityRef),
      },
      now,
    });

    return { outcome: 'stored', report: reportFromRow(row), replaced: current };
  });
}
